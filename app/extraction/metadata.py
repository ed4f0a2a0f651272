"""Metadata of a received document: header (organ, số/ký hiệu, place and date, type, trích
yếu), Kính gửi, Nơi nhận, signature block, độ khẩn/mật and the received ("ĐẾN") stamp.

Works on the logical layout (`layout.Para`/`layout.Line`) so texts converted from web pages
(cells on their own lines, broken lines, markdown) and clean texts go through the same code.
Every value found records its evidence span in `spans`.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from . import untitled
from .layout import Line, Para, Table, lines_of

DATA = Path(__file__).parent / "data"


@cache
def _word_list(name: str) -> tuple[str, ...]:
    words = []
    for ln in (DATA / name).read_text(encoding="utf-8").splitlines():
        ln = ln.strip()
        if ln and not ln.startswith("#"):
            words.append(unicodedata.normalize("NFC", ln))
    return tuple(sorted(set(words), key=len, reverse=True))


@cache
def doc_titles() -> dict[str, str]:
    """Printed type title (upper case) -> slug, from the decree's type table."""
    titles: dict[str, str] = {}
    for p in (Path(__file__).parents[1] / "nd30" / "data" / "doc_types.json", DATA / "doc_titles.json"):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for t in data.get("types", []):
            if t.get("title") and t.get("slug"):
                titles.setdefault(_up(t["title"]), t["slug"])
            if t.get("abbr") and t.get("slug"):
                _ABBR_SLUG.setdefault(t["abbr"], t["slug"])
    return titles


_ABBR_SLUG: dict[str, str] = {}


def _up(s: str) -> str:
    s = unicodedata.normalize("NFC", s).upper()
    # old/new tone placement: UỶ/ỦY, HOÀ/HÒA
    return s.replace("UỶ", "ỦY").replace("OÀ", "ÒA").replace("OÁ", "ÓA").replace("OẢ", "ỎA").replace("OẠ", "ỌA")


def is_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@cache
def _up_heads(heads: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_up(h) for h in heads)


def _starts_with_head(s: str, heads: tuple[str, ...]) -> bool:
    u = _up(s)
    for hu in _up_heads(heads):
        if u == hu or u.startswith(hu + " ") or u.startswith(hu + ","):
            return True
    return False


_QUOC_HIEU = re.compile(r"^(CỘNG(\s|$)|ĐẢNG\s+CỘNG\s+SẢN|Độc\s+lập|ĐỘC\s+LẬP)", re.I)
_QH_INLINE = re.compile(r"\s(?:CỘNG\s+H(?:ÒA|OÀ)|ĐẢNG\s+CỘNG\s+SẢN|Độc\s+lập\s+-|ĐỘC\s+LẬP)")
_SO_LINE = re.compile(r"^Số\s*[:.]?\s*(?P<code>[0-9]*\s*[/\-][^\s]*|\d+[^\s]*)", re.I)
_DATE_LINE = re.compile(
    r"(?:(?P<place>[^,;:\n]{2,40}?)\s*,\s*)?ngày\s*(?:(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4}))",
    re.I)
_VV = re.compile(r"^(?:V/v|V/V|v/v|Về việc|VỀ VIỆC)\s*:?\s*", re.I)
_KINH_GUI = re.compile(r"^(?:Kính\s+gửi|KÍNH\s+GỬI)\s*:?\s*", re.I)
_DIEN = re.compile(r"\bđiện\s*:\s*$|\bĐIỆN\s*:\s*$")
_NOI_NHAN = re.compile(r"^(?:[-–]\s*)?Nơi\s+nhận\s*:?\s*", re.I)
_COMPETENCE = re.compile(r"^(?P<c>TM|KT|TL|TUQ|Q|T/M|K/T|T/L)\s*[.:]?\s+(?P<rest>\S.*)$")
_COMP_ONLY = re.compile(r"^(?:TM|KT|TL|TUQ|Q|T/M|K/T|T/L)\s*\.?$")
_PRIORITY = {"KHẨN": "Khẩn", "THƯỢNG KHẨN": "Thượng khẩn", "HỎA TỐC": "Hỏa tốc", "HOẢ TỐC": "Hỏa tốc"}
_SECRECY = {"MẬT": "Mật", "TỐI MẬT": "Tối mật", "TUYỆT MẬT": "Tuyệt mật"}
_DASH = re.compile(r"^[-–—+•]\s*")
_END_PUNCT = re.compile(r"[\s;.,:]+$")
_SIGNED = re.compile(r"^\(?\s*(đã ký|ký|ký tên|ký,? đóng dấu|đã ký và đóng dấu|signed)[^)]*\)?\.?$", re.I)


def strip_item(s: str) -> str:
    s = _DASH.sub("", s.strip())
    s = re.sub(r"[.;]?\s*\((?:Địa chỉ|Đ/c|đ/c|ĐC)\b[^)]*\)\s*$", "", s)
    return _END_PUNCT.sub("", s).strip()


@dataclass
class Meta:
    values: dict = field(default_factory=dict)
    spans: dict = field(default_factory=dict)
    header_end: int = 0       # index of the first body paragraph
    body_end: int | None = None   # index of the Nơi nhận / signature paragraph
    doc_date: str | None = None


def parse_code(text: str) -> dict:
    """'3508/VP-KGVX' -> number 3508, notation 'VP-KGVX'; Party '30-CT/TU' -> notation 'CT/TU'."""
    t = text.strip().rstrip(".,;")
    m = re.match(r"^(\d+)-([^/\s]+/.+)$", t)
    if m and "/" not in t.split("-")[0]:
        return {"number": int(m.group(1)), "notation": m.group(2), "text": t, "regime": "party"}
    m = re.match(r"^(\d*)\s*/\s*(.+)$", t)
    if m:
        notation = m.group(2).strip()
        regime = "legal_normative" if re.match(r"^\d{4}/", notation) else "administrative"
        return {"number": int(m.group(1)) if m.group(1) else None, "notation": notation, "text": t,
                "regime": regime}
    m = re.match(r"^(\d+)$", t)
    if m:
        return {"number": int(t), "notation": None, "text": t, "regime": None}
    return {"number": None, "notation": None, "text": t or None, "regime": None}


def iso(y, m, d=None) -> str | None:
    try:
        y, m = int(y), int(m)
        if not (1 <= m <= 12 and 1900 < y < 2200):
            return None
        if d in (None, ""):
            return f"{y:04d}-{m:02d}"
        d = int(d)
        import datetime as _dt
        _dt.date(y, m, d)
        return f"{y:04d}-{m:02d}-{d:02d}"
    except (ValueError, TypeError):
        return None


def _fragment(s: str, heads: tuple[str, ...], nxt: str | None) -> bool:
    """A line that cannot stand alone: one word, or the first half of a head broken over lines."""
    if len(s.split()) == 1:
        return True
    if nxt is None:
        return False
    joined = _up(s + " " + nxt)
    us = _up(s)
    return any(joined.startswith(_up(h)) and len(_up(h)) > len(us) for h in heads)


def _split_organs(lines: list[str], groups: list[list[int]] | None = None) -> list[str]:
    """Header lines -> organ names (a line not starting with an organ word continues the
    previous one); `groups` receives the line indexes of each name."""
    heads = _word_list("organ_heads.txt")
    units: list[str] = []
    idx: list[list[int]] = []
    glue = False
    for k, s in enumerate(lines):
        if units and (glue or not _starts_with_head(s, heads) or units[-1].endswith(("-", ","))):
            units[-1] = units[-1] + " " + s
            idx[-1].append(k)
        else:
            units.append(s)
            idx.append([k])
        glue = _fragment(units[-1], heads, lines[k + 1] if k + 1 < len(lines) else None)
    if groups is not None:
        groups.extend(idx)
    return [re.sub(r"\s+", " ", u).strip(" -") for u in units]


def extract_metadata(text: str, paras: list[Para], tables: Callable[[], list[Table]] | None = None) -> Meta:
    """`tables` returns the document's tables (called only for a type without trích yếu:
    a giấy mời may give the meeting's content in a time/place table)."""
    meta = Meta()
    v = meta.values
    sp = meta.spans
    v.update({"document_type": None, "regime": None, "organ": {"name": None, "in_charge": None},
              "code": {"number": None, "notation": None, "text": None},
              "promulgation": {"place": None, "date": None}, "subject": None, "to": [],
              "to_places": [], "signer": {"competence": None, "on_behalf_of": None, "position": None,
                                          "full_name": None},
              "priority": None, "secrecy": None, "received": None})
    lines = lines_of(text)
    _organ(lines, v, sp)
    _code_date(paras, v, sp, meta)
    _type_subject(paras, v, sp, meta)
    _kinh_gui(paras, v, sp, meta)
    _priority(lines, v, sp)
    _received(lines, v, sp)
    _noi_nhan(paras, v, sp, meta)
    _signer(lines, paras, v, sp, meta)
    if v["subject"] is None and untitled.handles(v["document_type"]):
        end = meta.body_end if meta.body_end is not None else len(paras)
        hit = untitled.find_subject(v["document_type"], paras, meta.header_end, end,
                                     tables() if tables else [])
        if hit:
            v["subject"], sp["subject"] = hit
    if v["code"]["text"] is None and v["document_type"] is None:
        _reported(paras, v, sp)
    if v["regime"] is None:
        v["regime"] = "administrative"
    return meta


_REPORTED = re.compile(
    r"ngày\s+(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4}),\s*(?P<org>[^.;]{3,120}?)\s+(?:đã\s+)?"
    r"(?:ban hành|có)\s+(?P<type>Công văn|Kế hoạch|Chỉ thị|Quyết định|Thông báo|Công điện|Hướng dẫn|Nghị quyết)"
    r"\s+số\s+(?P<code>\d+[^\s,;]*)")


def _reported(paras: list[Para], v, sp):
    """A news page that reports a document ('ngày 02/02/2020, X đã ban hành Công văn số 04/Y'):
    the reported document's type, number, date and issuer."""
    for p in paras[:8]:
        m = _REPORTED.search(p.text)
        if not m:
            continue
        code = m.group("code").rstrip(".")
        c = parse_code(code)
        v["code"] = {"number": c["number"], "notation": c["notation"], "text": c["text"]}
        v["regime"] = c["regime"]
        sp["code"] = p.span(m.start("code"), m.start("code") + len(code))
        v["promulgation"]["date"] = iso(m.group("y"), m.group("m"), m.group("d"))
        sp["promulgation.date"] = p.span(m.start("d"), m.end("y"))
        v["organ"]["name"] = m.group("org").strip()
        sp["organ.name"] = p.span(m.start("org"), m.end("org"))
        titles = doc_titles()
        v["document_type"] = titles.get(_up(m.group("type")))
        return


# ---------------------------------------------------------------- header

def _organ(lines: list[Line], v, sp):
    picked: list[Line] = []
    for ln in lines[:25]:
        cut = _QH_INLINE.search(ln.text)
        if cut and cut.start() > 0:
            # a PDF line with both header columns: "UBND TỈNH X   CỘNG HÒA XÃ HỘI ..."
            ln = Line(ln.text[: cut.start()].rstrip(), ln.offs[: len(ln.text[: cut.start()].rstrip())],
                      ln.raw_start, ln.raw_end)
        lead = re.match(r"^[\s\-–—•*:.,'\"|]+", ln.text)
        if lead and lead.end() < len(ln.text):   # OCR specks before the line ("- - ỦY BAN ...")
            ln = Line(ln.text[lead.end():], ln.offs[lead.end():], ln.raw_start, ln.raw_end)
        t = ln.text.strip()
        if not any(c.isalpha() for c in t):
            continue
        if _QUOC_HIEU.match(t):
            if picked:
                break
            continue
        if _SO_LINE.match(t) or _DATE_LINE.search(t) or _VV.match(t) or _KINH_GUI.match(t):
            break
        if t in {"*", "-"}:
            continue
        if not is_upper(t):
            break
        if _up(t) in doc_titles():
            break
        picked.append(ln)
    if not picked:
        return
    groups: list[list[int]] = []
    units = _split_organs([ln.text for ln in picked], groups)
    v["organ"]["name"] = units[-1]
    g = groups[-1]
    sp["organ.name"] = [picked[g[0]].offs[0], picked[g[-1]].offs[-1] + 1]
    if len(units) > 1:
        v["organ"]["in_charge"] = units[-2]
        g = groups[-2]
        sp["organ.in_charge"] = [picked[g[0]].offs[0], picked[g[-1]].offs[-1] + 1]


def _code_date(paras: list[Para], v, sp, meta: Meta):
    limit = min(len(paras), 40)
    for i in range(limit):
        p = paras[i]
        m = _SO_LINE.match(p.text)
        if m and v["code"]["text"] is None:
            raw = m.group("code")
            # cut at a following "Ngày:" / V/v glued on the same paragraph; "123 /UBND" -> "123/UBND"
            tail = p.text[m.start("code"):]
            tail = re.sub(r"^(\d*)\s*/\s*", r"\1/", tail)
            raw = re.split(r"\s|V/v", tail)[0]
            c = parse_code(raw)
            if c["text"] and ("/" in c["text"] or "-" in c["text"]):
                v["code"] = {"number": c["number"], "notation": c["notation"], "text": c["text"]}
                v["regime"] = c["regime"]
                om = re.match(r"\d*\s*/\s*\S+|\S+", p.text[m.start("code"):])
                sp["code"] = p.span(m.start("code"), m.start("code") + (om.end() if om else len(raw)))
                meta.header_end = max(meta.header_end, i + 1)
        if v["promulgation"]["date"] is None:
            ptext = p.text
            if re.search(r"ngày.{0,20}tháng.{0,12}năm\s*$", ptext) and i + 1 < len(paras) \
                    and re.match(r"^\d{4}\b", paras[i + 1].text):
                nxt = paras[i + 1]
                p = Para(ptext + " " + nxt.text, p.offs + [p.offs[-1]] + nxt.offs)
            if i > 0 and re.match(r"^[^\W\d][^,]{0,30},\s*ngày", p.text):
                prev = paras[i - 1]   # "Thành phố Hồ Chí" / "Minh, ngày ...": a place cut by the reader
                if len(prev.text) < 30 and not re.search(r"[\d/.:;,]| - ", prev.text) and not is_upper(prev.text) \
                        and not _QUOC_HIEU.match(prev.text):
                    p = Para(prev.text + " " + p.text, prev.offs + [prev.offs[-1]] + p.offs)
            dm = _DATE_LINE.search(p.text)
            if dm and (len(p.text) < 90 or dm.start("place") == 0) and dm.start() < 60 \
                    and not p.text.lower().startswith(("căn cứ", "thực hiện")):
                v["promulgation"]["date"] = iso(dm.group("y"), dm.group("m"), dm.group("d")) if dm.group("y") \
                    else iso(dm.group("y2"), dm.group("m2"), dm.group("d2"))
                meta.doc_date = v["promulgation"]["date"]
                first = "d" if dm.group("d") else ("d2" if dm.group("d2") else None)
                sp["promulgation.date"] = p.span(dm.start(first) if first else dm.start(), dm.end())
                if dm.group("place"):
                    place = dm.group("place").strip(" *|-")
                    place = re.sub(r"^.*?\b(?:ĐẾN|Số\s*:?\s*\S+)\s+", "", place)
                    place = re.sub(r"^(?:\S*[\d/]\S*\s+)+", "", place)   # "Số: 12/UBND Hà Nội, ngày"
                    if place and len(place) <= 40 and place[0].isupper():
                        v["promulgation"]["place"] = place
                        sp["promulgation.place"] = p.span(dm.start("place"), dm.end("place"))
                meta.header_end = max(meta.header_end, i + 1)
        if v["code"]["text"] and v["promulgation"]["date"]:
            break
    if any(_up(p.text).startswith("ĐẢNG CỘNG SẢN VIỆT NAM") for p in paras[:15]):
        v["regime"] = "party"


def _title_of(text: str) -> tuple[str | None, str]:
    """('ke_hoach', rest) when the paragraph starts with a printed type title."""
    lead = re.match(r"^[-–•]\s+", text)
    if lead:
        text = text[lead.end():]
    u = _up(text)
    for title in sorted(doc_titles(), key=len, reverse=True):
        if u == title or u.startswith(title + " ") or u.startswith(title + ":"):
            rest = text[len(title):].lstrip(" :")
            if rest and not is_upper(title + " " + rest) and not rest[0].isupper():
                continue
            return doc_titles()[title], rest
    return None, text


def _type_subject(paras: list[Para], v, sp, meta: Meta):
    start = meta.header_end
    limit = min(len(paras), start + 12)
    vv = None    # a V/v line in the left column of a typed document (giấy mời): its trích yếu
    # công văn: V/v line
    for i in range(0, limit):
        p = paras[i]
        m = _VV.match(p.text)
        if not m and _SO_LINE.match(p.text):
            inline = re.search(r"\s(V/v|V/V)\s", p.text)     # "Số: 12/UBND-VP V/v triển khai ..."
            if inline:
                p = p.sub(inline.start(1))
                m = _VV.match(p.text)
        if m and v["subject"] is None and i < 30 and not _title_before(paras, i):
            subj = p.text[m.end():].strip().rstrip(".").strip()
            if subj and _title_after(paras, i):
                vv = (subj, p.span(m.end(), len(p.text.rstrip(". "))), i)
                break
            if subj:
                v["subject"] = subj
                sp["subject"] = p.span(m.end(), len(p.text.rstrip(". ")))
                v["document_type"] = "cong_van"
                meta.header_end = max(meta.header_end, i + 1)
                return
    for i in range(0, limit):
        p = paras[i]
        if i >= 3 and len(p.text) > 150:
            break
        slug, rest = _title_of(p.text)
        if not slug or len(p.text) > 250:
            continue
        if not (is_upper(p.text[: len(p.text) - len(rest)]) and (p.bold or is_upper(p.text) or True)):
            continue
        v["document_type"] = slug
        sp["document_type"] = p.span(0, len(p.text) - len(rest))
        parts = _subject_parts(paras, i, rest) if vv is None else []
        if vv is not None:
            v["subject"], sp["subject"] = vv[0], vv[1]
            meta.header_end = max(meta.header_end, vv[2] + 1)
        if parts:
            texts = []
            for q, a, b in parts:
                texts.append(q.text[a:b].strip())
            sub = " ".join(t for t in texts if t)
            m = _VV.match(sub)
            if m:
                sub = sub[m.end():]
                q0, a0, b0 = parts[0]
                lead = len(q0.text[a0:b0]) - len(q0.text[a0:b0].lstrip())
                parts[0] = (q0, min(b0, a0 + lead + m.end()), b0) if m.end() <= len(q0.text[a0:b0].strip()) \
                    else parts[0]
            sub = sub.strip().rstrip(".").strip()
            if sub and len(parts) == 1 and untitled.is_body(slug, sub):
                # a reader joined the printed trích yếu and the invitation: keep the first part
                q0, a0, b0 = parts[0]
                seg = q0.text[a0:b0]
                lead = len(seg) - len(seg.lstrip())
                cut = untitled.glued_subject_end(slug, seg.strip(), [v["organ"]["name"], v["organ"]["in_charge"]])
                if cut:
                    v["subject"] = seg.strip()[:cut]
                    sp["subject"] = q0.span(a0 + lead, a0 + lead + cut)
                    sub = None      # the invitation stays in the body
            if sub and not _KINH_GUI.match(sub) and not untitled.is_body(slug, sub):
                v["subject"] = sub
                q0, a0, _ = parts[0]
                q1, _, b1 = parts[-1]
                s0, s1 = q0.span(a0, len(q0.text)), q1.span(0, b1)
                if s0 and s1:
                    sp["subject"] = [s0[0], s1[1]]
                meta.header_end = max(meta.header_end, paras.index(parts[-1][0]) + 1)
        meta.header_end = max(meta.header_end, i + 1)
        return
    if vv is not None:    # no usable title after all: a công văn
        v["subject"], sp["subject"] = vv[0], vv[1]
        v["document_type"] = "cong_van"
        meta.header_end = max(meta.header_end, vv[2] + 1)
        return
    # fall back on the type abbreviation in the notation: '310/KH-UBND' -> ke_hoach
    nota = v["code"]["notation"] or ""
    head = re.split(r"[-/]", re.sub(r"^\d{4}/", "", nota))[0] if nota else ""
    doc_titles()
    if head in _ABBR_SLUG:
        v["document_type"] = _ABBR_SLUG[head]


def _upper_prefix_end(t: str) -> int:
    """End of the leading upper-case words of a paragraph a reader glued to the body text."""
    end = 0
    n = 0
    for m in re.finditer(r"\S+", t):
        w = m.group(0)
        if any(c.isalpha() and c.islower() for c in w):
            break
        end = m.end()
        n += 1
    return end if n >= 3 else len(t)


def _subject_parts(paras: list[Para], i: int, rest: str) -> list[tuple[Para, int, int]]:
    """The trích yếu under a printed title: the rest of the title line or the next paragraph,
    plus the upper-case lines that continue it (readers may keep the printed line breaks)."""
    p = paras[i]
    parts: list[tuple[Para, int, int]] = []
    j = i + 1
    if rest and not _up(rest).startswith("CỦA "):
        a = len(p.text) - len(rest)
        parts.append((p, a, a + _upper_prefix_end(rest) if is_upper(rest[:3]) else len(p.text)))
    else:
        while j < len(paras) and _up(paras[j].text).startswith("CỦA ") and len(paras[j].text) < 80:
            j += 1
        if j >= len(paras):
            return []
        q = paras[j]
        if q.text.startswith(("Căn cứ", "Thực hiện", "Kính gửi")) or len(q.text) > 700 or _DIEN.search(q.text):
            return []
        parts.append((q, 0, _upper_prefix_end(q.text) if is_upper(q.text[:3]) else len(q.text)))
        j += 1
    last = parts[-1]
    seg = last[0].text[last[1]:last[2]]
    if not (is_upper(seg) or (seg.isalpha() and seg.isupper())) or last[2] < len(last[0].text):
        return parts
    heads = _word_list("organ_heads.txt") + _word_list("position_heads.txt")
    while j < len(paras) and len(parts) < 6:
        q = paras[j]
        t = q.text
        if not (is_upper(t[:12]) or (len(t) < 30 and not any(c.isalpha() for c in t))) or _DIEN.search(t) or _starts_with_head(t, heads) or _QUOC_HIEU.match(t):
            break
        end = _upper_prefix_end(t)
        parts.append((q, 0, end))
        if end < len(t):
            break
        j += 1
    return parts


def _title_before(paras: list[Para], i: int) -> bool:
    """A 'V/V ...' / 'Về việc: ...' line under a printed title (right under it, or a few lines
    below as in a giấy giới thiệu) belongs to a typed document, not to a công văn."""
    return any(_title_of(paras[j].text)[0] is not None and len(paras[j].text) < 40
               for j in range(max(0, i - 8), i))


def _title_after(paras: list[Para], i: int) -> bool:
    """A printed type title (other than CÔNG VĂN) right after a 'V/v ...' line: a typed
    document (a giấy mời) that puts its trích yếu in the left column like a công văn."""
    for j in range(i + 1, min(len(paras), i + 4)):
        t = paras[j].text
        if _KINH_GUI.match(t):
            return False
        if len(t) < 40 and is_upper(t) and _title_of(t)[0] not in (None, "cong_van"):
            return True
    return False


_BODY_IN_TO = re.compile(r"(?<=[a-zđà-ỹ])\s+(?=(?:Xét|Thực hiện|Căn cứ|Triển khai|Trả lời|Sau khi|Tiếp theo|Theo|"
                         r"Ngày\s+\d|Vừa qua|Thời gian qua|Trong|Để|Nhằm|Tại)\s)")


_NOT_RECIPIENT = re.compile(r"^(?:Thực hiện|Căn cứ|Xét|Theo|Ngày\s+\d|Trả lời|Sau khi|Để|Nhằm|Tiếp theo|Vừa qua|"
                            r"Thời gian qua|Trong|Hiện nay|Qua|Năm|Ngày|Được|Về|Sáng|Chiều|Tại)\b")


def _recipient_like(t: str) -> bool:
    """An undashed Kính gửi line: a short name ending with ';' or '.', not the body's first sentence."""
    t = t.strip()
    return (0 < len(t) < 200 and t[0].isupper() and not _NOT_RECIPIENT.match(t)
            and (t.endswith((";", ".")) or len(t) < 120) and t.count(". ") == 0)


def _kinh_gui(paras: list[Para], v, sp, meta: Meta):
    limit = min(len(paras), meta.header_end + 12)
    for i in range(0, limit):
        p = paras[i]
        m = _KINH_GUI.match(p.text)
        is_dien = bool(_DIEN.search(p.text)) and len(p.text) < 80
        if not m and not is_dien:
            continue
        items: list[tuple[str, list[int] | None]] = []
        rest = p.text[m.end():] if m else ""
        bm = _BODY_IN_TO.search(rest)
        if bm:
            rest = rest[: bm.start()]
        if rest.strip():
            if re.match(r"^\s*[-–]\s", rest) or re.search(r"[;)]\s*[-–]\s+\S", rest):
                pieces = re.split(r"(?:^|(?<=[;.)]))\s*[-–]\s+", rest)
            else:
                pieces = re.split(r"(?<=;)\s*", rest)
            pos = m.end()
            for piece in pieces:
                k = p.text.find(piece, pos)
                s = strip_item(piece)
                if s:
                    a = k + (len(piece) - len(piece.lstrip(" -–")))
                    items.append((s, p.span(a, a + len(s))))
                pos = k + len(piece)
        j = i + 1
        if not items:
            prev_open = True    # an undashed list goes on while items end with ';'
            items_raw_end = ""
            while j < len(paras):
                q = paras[j]
                if _DASH.match(q.text):
                    pass
                elif q.text.startswith("("):
                    j += 1
                    continue
                elif prev_open and _recipient_like(q.text) and (not items or items_raw_end.endswith(";")):
                    pass
                else:
                    break
                items_raw_end = q.text.rstrip()
                prev_open = not _DASH.match(q.text)
                s = strip_item(q.text)
                a = len(q.text) - len(_DASH.sub("", q.text))
                if s:
                    items.append((s, q.span(a, a + len(s))))
                j += 1
        if items:
            v["to"] = [s for s, _ in items]
            for k, (_, spn) in enumerate(items):
                sp[f"to.{k}"] = spn
            meta.header_end = max(meta.header_end, j)
        return


_MARK_TAIL = re.compile(r"\s(HỎA TỐC|HOẢ TỐC|THƯỢNG KHẨN|KHẨN|TUYỆT MẬT|TỐI MẬT|MẬT)\s*$")


def _priority(lines: list[Line], v, sp):
    """Độ khẩn / độ mật: a mark on its own line, or after the number ('Số: 12/UBND-VP   HỎA TỐC')."""
    for ln in lines[:40]:
        u = _up(ln.text.strip(" .:*"))
        tm = _MARK_TAIL.search(ln.text) if _SO_LINE.match(ln.text) else None
        if tm:
            u = tm.group(1)
            ln = Line(ln.text[tm.start(1):tm.end(1)], ln.offs[tm.start(1):tm.end(1)], ln.raw_start, ln.raw_end)
        if u in _PRIORITY and v["priority"] is None:
            v["priority"] = _PRIORITY[u]
            sp["priority"] = [ln.offs[0], ln.offs[-1] + 1]
        elif u in _SECRECY and v["secrecy"] is None:
            v["secrecy"] = _SECRECY[u]
            sp["secrecy"] = [ln.offs[0], ln.offs[-1] + 1]


_STAMP_SO = re.compile(r"Số(?:\s+đến)?\s*:?\s*(\d+)")
_STAMP_DATE = re.compile(r"Ngày(?:\s+đến)?\s*:?\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})", re.I)


def _received(lines: list[Line], v, sp):
    for k, ln in enumerate(lines[:60]):
        u = _up(ln.text.strip(" .:"))
        if u not in {"ĐẾN", "CÔNG VĂN ĐẾN", "VĂN BẢN ĐẾN"} and not re.match(r"^(?:CÔNG VĂN |VĂN BẢN )?ĐẾN\b\s*(?:SỐ|NGÀY)", u) \
                and not re.search(r"\bSố đến\s*:", ln.text):
            continue
        window = lines[max(0, k - 3): k + 4]
        num = date = organ = None
        for w in window:
            ms = _STAMP_SO.search(w.text)
            if ms and num is None and "/" not in w.text[ms.end(): ms.end() + 1]:
                num = int(ms.group(1))
            md = _STAMP_DATE.search(w.text)
            if md and date is None:
                y = md.group(3)
                y = int(y) + 2000 if len(y) == 2 else int(y)
                date = iso(y, md.group(2), md.group(1))
        for w in lines[max(0, k - 2): k]:
            if is_upper(w.text) and not _STAMP_SO.search(w.text) and w.text.strip() != (v["organ"]["name"] or ""):
                organ = w.text.strip()
        if num is not None or date is not None:
            v["received"] = {"organ": organ, "number": num, "date": date}
            sp["received"] = [window[0].offs[0], window[-1].offs[-1] + 1]
            return


# ---------------------------------------------------------------- closing

def _noi_nhan(paras: list[Para], v, sp, meta: Meta):
    for i in range(len(paras)):
        p = paras[i]
        m = _NOI_NHAN.match(p.text)
        if not m:
            continue
        meta.body_end = i
        # raw items: (text as printed, paragraph, start offset in the paragraph)
        raw: list[list] = []
        rest = p.text[m.end():]
        if rest.strip():
            pos = m.end()
            for piece in re.split(r"\s+(?=-\s)", rest):
                k = p.text.find(piece, pos)
                if piece.strip():
                    raw.append([piece, p, k, k + len(piece)])
                pos = k + len(piece)
        misses = 0
        for q in paras[i + 1:]:
            if raw and not _DASH.match(q.text) and misses == 0 and raw[-1][0].rstrip().endswith((":", ",")):
                raw[-1][0] = raw[-1][0].rstrip() + " " + q.text     # "các Phòng:" / "KG-VX, NC, TH;"
                raw[-1].append(q)
                continue
            undashed = (not _DASH.match(q.text) and misses == 0 and len(q.text) < 150 and q.text[:1].isupper()
                        and not is_upper(q.text) and not _COMPETENCE.match(q.text) and not _is_name(q.text)
                        and (not raw or raw[-1][0].rstrip().endswith(";")))
            if _DASH.match(q.text) or undashed:
                pos = 0
                for piece in re.split(r"(?<=[;.])\s+(?=-\s)", q.text):
                    k = q.text.find(piece, pos)
                    raw.append([piece, q, k, k + len(piece)])
                    pos = k + len(piece)
                misses = 0
                continue
            misses += 1
            if misses > 5 or len(q.text) > 120 or _title_of(q.text)[0]:
                break
        raw = _merge_noi_nhan(raw)
        items: list[tuple[str, list[int] | None]] = []
        for r in raw:
            s_ = strip_item(r[0])
            if not s_:
                continue
            q, a = r[1], r[2]
            lead = r[0].find(s_[:12])
            a += max(0, lead)
            first = q.span(a, min(r[3], a + len(s_)))
            last_p = r[-1] if len(r) > 4 and isinstance(r[-1], Para) else None
            span = [first[0], last_p.end] if first and last_p is not None else first
            items.append((s_, span))
        v["to_places"] = [s_ for s_, _ in items]
        for k, (_, spn) in enumerate(items):
            sp[f"to_places.{k}"] = spn
        return


def _merge_noi_nhan(raw: list[list]) -> list[list]:
    """Items a reader cut in two: '- Cục X\n- Bộ Tư pháp;' when the list otherwise ends every item
    with ';' (joined with ' - '), and '+' sub-items of an item ending with ':' (the first joins it)."""
    if not raw:
        return raw
    ends = [r[0].rstrip().endswith((";", ".", ",")) for r in raw[:-1]]
    punctuated = len(ends) >= 3 and sum(ends) >= 0.7 * len(ends)
    out: list[list] = []
    for r in raw:
        t = r[0].strip()
        if out:
            prev = out[-1][0].rstrip()
            if t.startswith("+") and prev.endswith(":") and not re.match(r"^\+\s*Lưu\b", t):
                out[-1][0] = prev + " " + re.sub(r"^\+\s*", "", t)
                continue
            if punctuated and not prev.endswith((";", ".", ",", ":")) and t.startswith(("-", "–")) \
                    and not re.match(r"^[-–]\s*Lưu\b", t):
                out[-1][0] = prev + " - " + re.sub(r"^[-–]\s*", "", t)
                continue
        out.append(list(r))
    return out


def _is_name(s: str) -> bool:
    s = s.strip(" .")
    words = s.split()
    if not (2 <= len(words) <= 6) or any(ch.isdigit() for ch in s):
        return False
    if is_upper(s) and len(words) > 4:
        return False
    return all(w[0].isupper() for w in words) and not any(c in s for c in ":;/()")


def _signer(lines: list[Line], paras: list[Para], v, sp, meta: Meta):
    # the signature block: after the Nơi nhận heading when there is one, else after the
    # last paragraph ending the body ("./.")
    start_off = 0
    if meta.body_end is not None:
        start_off = paras[meta.body_end].start
        # the signature may precede the Nơi nhận cell: look a little before it too
        for back in range(meta.body_end - 1, max(meta.body_end - 6, -1), -1):
            if paras[back].text.endswith(("./.", "/.")):
                start_off = paras[back].end
                break
    else:
        for p in paras:
            if p.text.endswith(("./.", "/.")):
                start_off = p.end
                break
    cand = [q for p in paras if p.offs and p.offs[0] >= start_off for q in _explode_signature(p)]
    cand = [ln for ln in cand if not _DASH.match(ln.text) and not _NOI_NHAN.match(ln.text)]
    merged: list = []
    for ln in cand:   # "TL." alone on its line, the title on the next
        if merged and _COMP_ONLY.match(merged[-1].text.strip()) and is_upper(ln.text):
            q = merged[-1]
            merged[-1] = Para(q.text.strip() + " " + ln.text, q.offs[:len(q.text.strip())] + [q.offs[-1]] + ln.offs)
            continue
        merged.append(ln)
    cand = merged
    comp_idx = None
    for k, ln in enumerate(cand[:40]):
        m = _COMPETENCE.match(ln.text)
        if m and is_upper(m.group("rest")):
            comp_idx = k
            break
    s = v["signer"]
    upper_run: list[Line] = []
    k0 = None
    if comp_idx is not None:
        m = _COMPETENCE.match(cand[comp_idx].text)
        c = m.group("c")
        s["competence"] = c if "/" in c else c + "."
        sp["signer.competence"] = [cand[comp_idx].offs[0], cand[comp_idx].offs[0] + len(c)]
        k0 = comp_idx
    else:
        pos_heads = _word_list("position_heads.txt")
        for k, ln in enumerate(cand[:40]):
            if is_upper(ln.text) and _starts_with_head(ln.text, pos_heads) and len(ln.text) < 60:
                k0 = k
                break
    if k0 is None:
        return
    # upper-case lines of the block, then the name
    k = k0
    name_line = None
    while k < len(cand) and k < k0 + 10:
        t = cand[k].text
        if not any(c.isalpha() for c in t):
            k += 1
            continue      # OCR specks between the title and the name
        if is_upper(t):
            upper_run.append(cand[k])
        elif _SIGNED.match(t):
            pass
        elif _is_name(re.sub(r"^[^\w(]+", "", t)):
            lead = len(t) - len(re.sub(r"^[^\w(]+", "", t))
            name_line = cand[k].sub(lead) if lead and isinstance(cand[k], Para) else cand[k]
            break
        elif upper_run:
            break
        k += 1
    if not upper_run:
        return
    units = _signer_units(upper_run, comp_idx is not None)
    if name_line is None and units:
        units = _split_capital_name(units)
    heads = _word_list("position_heads.txt") + _word_list("organ_heads.txt")
    if name_line is None and len(units) >= 2 and not _starts_with_head(units[-1][0], heads) \
            and not _COMPETENCE.match(units[-1][0]) and 2 <= len(units[-1][0].split()) <= 5 \
            and not re.search(r"[\d,.:;]", units[-1][0]):
        s["full_name"] = units[-1][0]            # a name printed in capitals ("NGUYỄN VĂN AN")
        sp["signer.full_name"] = units[-1][1]
        units = units[:-1]
    if comp_idx is not None:
        first = units[0]
        mm = _COMPETENCE.match(first[0])
        s["on_behalf_of"] = mm.group("rest").strip(" ,") if mm else first[0]
        sp["signer.on_behalf_of"] = [first[1][0] + (mm.start("rest") if mm else 0), first[1][1]]
        pos_units = [u for u in units[1:] if not _COMPETENCE.match(u[0])]
        if pos_units:
            s["position"] = pos_units[-1][0]
            sp["signer.position"] = pos_units[-1][1]
        elif s["competence"] in ("TM.", "T/M"):
            s["position"] = None
    else:
        s["position"] = units[-1][0]
        sp["signer.position"] = units[-1][1]
    if name_line is not None:
        s["full_name"] = name_line.text.strip(" .")
        sp["signer.full_name"] = [name_line.offs[0], name_line.offs[-1] + 1]


_SPLIT_HEADS = ("PHÓ", "THỨ TRƯỞNG", "CHỦ TỊCH", "GIÁM ĐỐC", "BỘ TRƯỞNG", "CỤC TRƯỞNG", "VỤ TRƯỞNG",
                "CHÁNH VĂN PHÒNG", "TRƯỞNG BAN", "TRƯỞNG PHÒNG", "BÍ THƯ", "CHỦ NHIỆM", "THỦ TƯỚNG",
                "TỔNG GIÁM ĐỐC", "CHI CỤC TRƯỞNG", "TỔNG CỤC TRƯỞNG", "VIỆN TRƯỞNG", "HIỆU TRƯỞNG")
_NAME_TAIL = re.compile(r"\s+((?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+)(?:\s+[A-ZĐÀ-Ỹ][a-zđà-ỹ]+){1,5})\s*\.?$")


def _explode_signature(p: Para) -> list[Para]:
    """A signature block a reader put on one line ('KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A') ->
    one piece per title line and the name."""
    t = p.text
    if not (_COMPETENCE.match(t) or _starts_with_head(t, _word_list("position_heads.txt"))):
        return [p]
    name = None
    m = _NAME_TAIL.search(t)
    upper_end = len(t)
    if m and is_upper(t[: m.start()]):
        name = p.sub(m.start(1), m.end(1))
        upper_end = m.start()
    if not is_upper(t[:upper_end]):
        return [p]
    # token scan for unit starts
    starts = [0]
    toks = [(mm.start(), mm.group(0)) for mm in re.finditer(r"\S+", t[:upper_end])]
    for i, (pos, tok) in enumerate(toks):
        if i == 0:
            continue
        prev = toks[i - 1][1]
        rest = _up(t[pos:upper_end])
        if _COMP_ONLY.match(tok) or _COMP_ONLY.match(tok.rstrip(".") + "."):
            starts.append(pos)
            continue
        if prev.endswith(",") or prev in ("PHÓ", "TỔNG") or _COMP_ONLY.match(prev):
            continue
        if any(rest == h or rest.startswith(h + " ") for h in _SPLIT_HEADS):
            starts.append(pos)
    pieces = []
    bounds = starts + [upper_end]
    for a, b in zip(bounds, bounds[1:], strict=False):
        q = p.sub(a, b)
        q.text = q.text.rstrip()
        q.offs = q.offs[: len(q.text)]
        if q.text:
            pieces.append(q)
    if name is not None:
        pieces.append(name)
    return pieces or [p]


def _split_capital_name(units: list[tuple[str, list[int]]]) -> list[tuple[str, list[int]]]:
    """'PHÓ CHỦ TỊCH NGUYỄN VĂN AN' (a reader joined the title and the name in capitals): split
    before a family name when 2-5 words remain."""
    text, span = units[-1]
    words = text.split()
    surnames = {_up(w) for w in _word_list("surnames.txt")}
    for i in range(1, len(words) - 1):
        if _up(words[i]) in surnames and 2 <= len(words) - i <= 5 and not _COMPETENCE.match(text):
            head = " ".join(words[:i])
            cut = text.index(words[i], len(head))
            return units[:-1] + [(head, [span[0], span[0] + len(head)]),
                                 (text[cut:], [span[0] + cut, span[1]])]
    return units


def _signer_units(run: list[Line], with_comp: bool) -> list[tuple[str, list[int]]]:
    """Group the upper-case lines of a signature block: a line continues the previous one
    when that ends with ',' or does not start with a position/organ word."""
    heads = _word_list("position_heads.txt") + _word_list("organ_heads.txt")
    units: list[tuple[str, list[int]]] = []
    for ln in run:
        t = ln.text.strip()
        span = [ln.offs[0], ln.offs[-1] + 1]
        bare = _COMPETENCE.sub(r"\g<rest>", units[-1][0]) if units else ""
        if units and _COMP_ONLY.match(units[-1][0]):
            bare = "x"
        if units and len(bare.split()) == 1 and not _COMPETENCE.match(t) and not _COMP_ONLY.match(t):
            units[-1] = (units[-1][0] + " " + t, [units[-1][1][0], span[1]])
            continue
        new = (not units or _COMPETENCE.match(t) or _COMP_ONLY.match(t) or
               (_starts_with_head(t, heads) and not units[-1][0].endswith((",", "-", "và"))))
        if not new and units and _COMPETENCE.match(units[-1][0]) and _starts_with_head(t, heads) \
                and not units[-1][0].endswith(","):
            new = True
        if new:
            units.append((t, span))
        else:
            prev_t, prev_span = units[-1]
            units[-1] = (prev_t + " " + t, [prev_span[0], span[1]])
    return [(re.sub(r"\s+", " ", t).strip(" ,"), spn) for t, spn in units]
