"""Vietnamese agency names: recognise, split, expand abbreviations, compare, and assign roles.

Agency knowledge (ministries before/after the 2025 reorganisation, provincial departments,
head words such as Bộ/Sở/Ủy ban nhân dân/Công an, administrative levels, collective
descriptions, abbreviations, stop words) lives in `data/agencies.yaml`; this module is generic.

Public API
    UnitMention                      text (as written), start/end (span), expanded (abbreviations
                                     written out), canonical (comparison key), kind ('ministry', 'province_dept', 'committee',
                                     'district', 'commune', 'people_council', 'office',
                                     'district_dept', 'agency', 'police', 'military', 'front',
                                     'union', 'enterprise', 'party', 'government', 'person',
                                     'collective', 'list', ...), items (a shared list "Các Bộ:
                                     Quốc phòng, Công an" → ["Bộ Quốc phòng", "Bộ Công an"])
    find_units(text) -> list[UnitMention]         every agency name / collective description
    split_units(phrase) -> list[str]              a list of units → one string per unit; named
                                                  agencies split, a collective description of
                                                  addressees stays one (corpus/README.md)
    expand_abbreviations(s) -> str                "UBND tỉnh" → "Ủy ban nhân dân tỉnh"
    canonical_unit(s) -> str                      key for unit F1: NFC, casefold, abbreviations
                                                  expanded, tone placement unified, "các"/"đối
                                                  với" and parentheses dropped, spaces collapsed
    roles(text) -> {"units", "cooperating_units", "report_to"}   who is in ONE directive
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from app.extraction.textfold import Spans

_DATA = Path(__file__).with_name("data") / "agencies.yaml"

# upper-case Latin letters with or without Vietnamese marks: where a name can start
_UPPER = "".join(sorted({c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha()}))
_UP = re.escape(_UPPER)


@dataclass
class UnitMention:
    text: str
    start: int
    end: int
    canonical: str
    kind: str
    items: list[str] = field(default_factory=list)
    collective: bool = False
    expanded: str = ""          # abbreviations written out ("UBND tỉnh" → "Ủy ban nhân dân tỉnh")


# --- data ----------------------------------------------------------------------------------------

def _alt(words) -> str:
    """Regex alternation of phrases, longest first, flexible whitespace."""
    ws = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws)


@lru_cache(maxsize=1)
def _kb() -> dict:
    with open(_DATA, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    abbr = {k: v for k, v in raw["abbreviations"].items()}
    known: dict[str, str] = {}
    for m in raw["ministries"]:
        known[m["name"]] = "ministry"
    for a in raw["agencies"]:
        known[a["name"]] = a["kind"]
    for d in raw["departments"]:
        known[f"Sở {d}"] = "province_dept"
        known[f"Phòng {d}"] = "district_dept"
    for short, full in abbr.items():
        if f"Sở {full}" in known:
            known[f"Sở {short}"] = "province_dept"
        if f"Bộ {full}" in known:
            known[f"Bộ {short}"] = "ministry"
    for phrase in raw["authority_phrases"]:
        known[phrase] = "authority"
    known_lower = {re.sub(r"\s+", " ", k).casefold(): v for k, v in known.items()}
    heads = {h["head"]: h for h in raw["heads"]}
    levels = raw["levels"]
    stop = sorted({s.lower() for s in raw["stop_words"]}, key=len, reverse=True)
    level_alt = _alt(levels)
    place_heads = _alt([h for h, v in heads.items() if v.get("place")])
    persons = _alt(raw["person_titles"])
    distributive = re.compile(
        rf"(?<!\w)(?:(?P<person>{persons})\s+)?"
        rf"(?:(?P<ph>{place_heads})\s+các\s+(?P<lvl>(?:{level_alt})(?:\s*(?:,|và)\s*(?:{level_alt}))*)"
        rf"(?:\s+trực\s+thuộc\s+Trung\s+ương)?"
        rf"|[Cc]ác\s+(?P<h>Bộ|Sở|Ban|Phòng|Cục|Vụ|Tập đoàn|Tổng công ty|Công ty|Trung tâm|Hội)"
        rf"(?:\s*,\s*(?:cơ quan|ngành|cơ quan ngang Bộ))?)"
        rf"\s*:\s*(?P<items>[{_UP}0-9][^;:.()]*)"
    )
    return {
        "abbr": abbr,
        "abbr_re": re.compile(r"(?<![\w&])(" + _alt(abbr) + r")(?![\w&])"),
        "known": known,
        "known_kind": lambda name: known_lower.get(re.sub(r"\s+", " ", name).casefold()),
        "known_re": re.compile(r"(?<!\w)(?:" + _alt(known) + r")(?!\w)", re.IGNORECASE),
        "heads": heads,
        "head_re": re.compile(r"(?<!\w)(?:" + _alt(heads) + r")(?!\w)"),
        "levels": levels,
        "level_re": re.compile(r"(?:" + level_alt + r")(?![\w])"),
        "stop_re": re.compile(r"(?:" + _alt(stop) + r")(?!\w)", re.IGNORECASE),
        "coll_type_re": re.compile(r"(?:" + _alt(raw["collective_types"]) + r")(?!\w)"),
        "coll_verbal": {v for v in raw.get("collective_types_verbal", [])},
        "coll_mod_re": re.compile(r"(?:" + _alt(raw["collective_modifiers"]) + r")(?!\w)"),
        "person_re": re.compile(r"(?:" + persons + r")\s+"),
        "coll_free_words": int(raw.get("collective_free_words", 6)),
        "bare_coll_before": re.compile(r"(?:phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?|với|cùng|giao|đề\s+nghị|yêu\s+cầu|"
                                       r"hướng\s+dẫn|đôn\s+đốc|chỉ\s+đạo)\s+$", re.IGNORECASE),
        "distributive": distributive,
        # candidate positions, found in one pass (zero-width: nested starts are kept)
        "unit_start_re": re.compile(r"(?<!\w)(?:(?=[" + _UP + r"])(?=(?:" + _alt(heads) + r")(?!\w)|(?i:"
                                    + _alt(known) + r")(?!\w))|(?=(?:" + _alt(k for k in known if not k[0].isupper())
                                    + r")(?!\w)))"),
        "coll_start_re": re.compile(r"(?<!\w)(?=(?:[Cc]ác|" + persons + r")\s|(?:Sở|Bộ|Ban|Ngành)\s*,\s*"
                                    r"(?:ban|ngành|sở|bộ|đoàn thể|địa phương|cơ quan)(?!\w))"),
        "type_list_re": re.compile(r"(?:Sở|Bộ|Ban|Ngành)\s*,\s*(?:ban|ngành|sở|bộ|đoàn thể|địa phương|cơ quan)(?!\w)"),
        "bare_coll_any": re.compile(r"(?<!\w)(?:phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?|với|cùng|giao|đề\s+nghị|"
                                    r"yêu\s+cầu|hướng\s+dẫn|đôn\s+đốc|chỉ\s+đạo)\s+", re.IGNORECASE),
        "central_cities": set(raw["central_cities"]),
        "place_head_end": re.compile(r"(?<!\w)(?:" + place_heads + r")\s*$"),
        "attached_raw": raw.get("attached_units", {}),
        "tones": raw["tone_variants"],
        # old-style tone placement only differs in open syllables: "hoá"/"hóa", "thuỷ"/"thủy"
        # ("Đoàn", "Ngoại" are the same in both styles)
        "tone_re": re.compile("(?:" + "|".join(map(re.escape, raw["tone_variants"])) + r")(?![^\W\d_])"),
        "max_lower": int(raw.get("max_lowercase_after_capital", 1)),
    }


@lru_cache(maxsize=1)
def _attached() -> dict[str, str]:
    """Comparison keys: a unit → the department it belongs to ("Ban TĐKT" → "Sở Nội vụ")."""
    return {canonical_unit(k): canonical_unit(v) for k, v in _kb()["attached_raw"].items()}


# --- text helpers --------------------------------------------------------------------------------

_TAG = re.compile(r"</?[A-Za-z]{1,6}\s*/?>")


def _clean(text: str) -> str:
    """Same length as `text`: markdown → spaces, table pipes and <br> → ';' (hard boundaries)."""
    text = _TAG.sub(lambda m: ";" + " " * (len(m.group(0)) - 1), text)
    text = _MD_CHARS.sub(" ", text).replace("|", ";")
    kb = _kb()
    return kb["tone_re"].sub(lambda m: kb["tones"][m.group(0)], text)   # "Tỉnh uỷ" reads "Tỉnh ủy"


_WORD = re.compile(r"[\w&]+(?:[&\-.'’][\w&]+)*")
_MD_CHARS = re.compile(r"[*#_`\\]")


def _is_cap(w: str) -> bool:
    return bool(w) and (w[0].isupper() or w[0].isdigit() and any(c.isupper() for c in w))


def _tidy(s: str) -> str:
    s = _TAG.sub(" ", s)
    s = re.sub(r"[*#`|\\]+", " ", s)
    return re.sub(r"\s+", " ", s).strip(" \t\n,;:.-–")


# --- the name parser ------------------------------------------------------------------------------

class _Parser:
    """Reads agency names on the cleaned text, from a head word to where the name ends."""

    def __init__(self, text: str):
        self.t = text
        self.kb = _kb()

    def _skip_ws(self, i: int) -> int:
        while i < len(self.t) and self.t[i] in " \t\n\r":
            i += 1
        return i

    def _name_goes_on(self, nxt: int, kb):
        """The capitalised word at `nxt` when the name continues past a connector ("Văn hóa, Thể thao",
        "Khoa học và Công nghệ"); None when a new unit, a stop word or "Các ..." starts there."""
        nw = self._word_at(nxt)
        if nw and _is_cap(nw.group(0)) and not self._starts_unit(nxt) \
                and not kb["stop_re"].match(self.t, nxt) and not nw.group(0).startswith("Các"):
            return nw
        return None

    def _word_at(self, i: int) -> re.Match | None:
        return _WORD.match(self.t, i)

    def _starts_unit(self, i: int) -> bool:
        return bool(self.kb["head_re"].match(self.t, i) or self.kb["known_re"].match(self.t, i))

    def _proper(self, i: int) -> int:
        """Place or proper name: capitalised words ("Lạng Sơn", "Hồ Chí Minh")."""
        end = i
        j = i
        while True:
            j = self._skip_ws(j)
            m = self._word_at(j)
            if not m or not _is_cap(m.group(0)) or self._starts_unit(j) or self.kb["stop_re"].match(self.t, j):
                break
            if self.kb["level_re"].match(self.t, j):
                break
            end = j = m.end()
        return end

    def _level(self, i: int) -> tuple[int, str | None]:
        """"tỉnh Lạng Sơn", "các huyện, thành phố", "cấp xã" after a name → (end, level)."""
        j = self._skip_ws(i)
        m = re.match(r"các\s+", self.t[j:])
        if m:
            k = j + m.end()
            lv = self.kb["level_re"].match(self.t, k)
            if not lv:
                lv = self.kb["level_re"].match(self.t, j)   # "các cấp" is itself a level
                return (lv.end(), lv.group(0)) if lv else (i, None)
            end = lv.end()
            while True:
                m2 = re.match(r"\s*(?:,|và)\s*(?:các\s+)?", self.t[end:])
                if not m2:
                    break
                lv2 = self.kb["level_re"].match(self.t, end + m2.end())
                if not lv2 or not re.match(r"[\s,;:.)]|$", self.t[lv2.end():lv2.end() + 1] or ""):
                    break
                end = lv2.end()
            tt = re.match(r"\s+trực\s+thuộc\s+[Tt]rung\s+ương(?![\w])", self.t[end:])
            if tt:
                end += tt.end()
            return end, "các " + lv.group(0)
        lv = self.kb["level_re"].match(self.t, j)
        if not lv:
            return i, None
        end = lv.end()
        if lv.group(0) == "TP" and self.t[end:end + 1] == ".":
            end += 1
        num = re.match(r"\s+(?:\d{1,3}|[IVXL]{1,5})(?![\w])", self.t[end:])   # "khu vực II", "cơ sở 3"
        if num:
            end += num.end()
            nxt = self.kb["level_re"].match(self.t, self._skip_ws(end))      # "... tỉnh Lạng Sơn"
            if nxt and nxt.group(0) != lv.group(0):
                end = nxt.end()
        end = max(end, self._proper(end))
        while True:   # "Thuế tỉnh, thành phố"; "UBND tỉnh, thành phố trực thuộc Trung ương"
            m2 = re.match(r"\s*(?:,|và)\s*", self.t[end:])
            lv2 = self.kb["level_re"].match(self.t, end + m2.end()) if m2 else None
            if not lv2 or lv2.group(0) == lv.group(0) or self._starts_unit(end + m2.end()):
                break
            nxt = self.t[lv2.end():lv2.end() + 1]
            if nxt and not re.match(r"[\s,;:.)]", nxt):
                break
            end = lv2.end()
        tt = re.match(r"\s+trực\s+thuộc\s+[Tt]rung\s+ương(?![\w])", self.t[end:])
        if tt:
            end += tt.end()
        return end, lv.group(0)

    def parse_at(self, i: int) -> tuple[int, str, bool] | None:
        """Name starting at `i` (a head or a known name) → (end, kind, collective)."""
        kb = self.kb
        known = kb["known_re"].match(self.t, i)
        head = kb["head_re"].match(self.t, i)
        if not known and not head:
            return None
        hinfo = kb["heads"].get(re.sub(r"\s+", " ", head.group(0))) if head else None
        lower_run = 0
        cap_run = 0
        if known and (not head or known.end() >= head.end()):
            end = known.end()
            kind = kb["known_kind"](known.group(0)) or (hinfo["kind"] if hinfo else "agency")
            has_name = True
            lower_run = kb["max_lower"]   # a known name is complete: no lowercase tail
        else:
            end = head.end()
            kind = hinfo["kind"]
            has_name = False
        if kind == "person":
            j = self._skip_ws(end)
            inner = self.parse_at(j) if self._starts_unit(j) else None
            if inner:
                return inner[0], "person", inner[2]
            coll = _collective_at(self.t, j, bare_ok=False)
            if coll:
                return coll, "person", True
            return None
        max_lower = (hinfo or {}).get("max_lower", kb["max_lower"]) if lower_run == 0 else lower_run
        if kind == "authority":
            return end, kind, True
        j = end
        while True:
            k = self._skip_ws(j)
            if k >= len(self.t):
                break
            lv_end, lv = self._level(j)
            if lv:
                collective = lv.startswith("các ") or lv.startswith("cấp ") or "," in self.t[j:lv_end] \
                    or " và " in self.t[j:lv_end]
                if kind == "committee":
                    kind = kb["levels"].get(lv.split()[-1], kb["levels"].get(lv, kind)) if not lv.startswith("các ") \
                        else kb["levels"].get(lv[4:], kind)
                return lv_end, kind, collective
            w = self._word_at(k)
            if not w:
                # connectors inside a name: "Văn hóa, Thể thao", "Lao động - Thương binh"
                m = re.match(r"\s*(,|-|–|&)\s*", self.t[j:])
                if m and has_name:
                    nw = self._name_goes_on(j + m.end(), kb)
                    if nw:
                        j = nw.end()
                        lower_run = 0
                        cap_run = 1
                        continue
                break
            word = w.group(0)
            if word == "và" and has_name:
                nw = self._name_goes_on(self._skip_ws(w.end()), kb)
                if nw:
                    j = nw.end()
                    lower_run = 0
                    cap_run = 1
                    continue
                break
            if kb["stop_re"].match(self.t, k) and (has_name or not _is_cap(word) or (hinfo and hinfo.get("place"))):
                break   # "Ban Chỉ đạo", "Ban Tổ chức": a capitalised first word is the name
            if _is_cap(word):
                if has_name and self._starts_unit(k):
                    break
                if not has_name and self._starts_unit(k) and not (hinfo and hinfo.get("place")):
                    inner = self.parse_at(k)   # "Văn phòng UBND tỉnh", "Ban Dân vận Tỉnh ủy"
                    if inner:
                        return inner[0], kind, False
                    break
                j = w.end()
                has_name = True
                lower_run = 0
                cap_run += 1
                continue
            if has_name and lower_run < max_lower and cap_run < 2:
                # "Nội vụ", "Khoa học": one lowercase syllable after a capital, not after a
                # personal or place name ("Trần Hồng Hà trực tiếp ...")
                j = w.end()
                lower_run += 1
                cap_run = 0
                continue
            break
        if not has_name:
            if hinfo and hinfo.get("standalone"):
                return end, kind, False
            return None
        return j, kind, False


_MAX_COLLECTIVE = 400   # characters: a description of addressees is never longer


def _names_follow(t: str, ty: re.Match) -> bool:
    """A capitalised type word followed by a name is an agency ("..., Sở Y tế"), not a type."""
    if not ty.group(0)[:1].isupper():
        return False
    w = _WORD.match(t, ty.end() + len(t[ty.end():]) - len(t[ty.end():].lstrip(" \t\n")))
    return bool(w) and _is_cap(w.group(0))


def _ends_list_item(t: str, k: int) -> bool:
    """After a word that is also a verb ("tổ chức"): is it a list item (followed by a comma, "và",
    a modifier, another collective word or the end) rather than a verb with an object?"""
    kb = _kb()
    m = re.match(r"[ \t\n]*", t[k:])
    j = k + m.end()
    if j >= len(t) or t[j] in ",;.:)" or re.match(r"và(?!\w)", t[j:]):
        return True
    return bool(kb["coll_mod_re"].match(t, j) or kb["coll_type_re"].match(t, j))


def _collective_at(t: str, i: int, bare_ok: bool) -> int | None:
    """End of a collective description starting at `i` ("các sở, ban, ngành có liên quan",
    "Thủ trưởng các cơ quan, đơn vị", "các đơn vị cấp nước thuộc phạm vi quản lý"), else None.

    After the type words it takes modifiers and up to a few free lowercase words, stopping at a
    stop word (a verb or preposition), a capitalised agency head, or punctuation other than ",".
    """
    kb = _kb()
    j = i
    pm = kb["person_re"].match(t, j)
    if pm:
        j = pm.end()
    m = re.match(r"[Cc]ác\s+", t[j:])
    if m:
        j += m.end()
    elif (not bare_ok or pm) and not (not pm and kb["type_list_re"].match(t, j)):
        return None
    ty = kb["coll_type_re"].match(t, j)
    if not ty or (not m and ty.group(0) in kb["coll_verbal"]):
        return None
    if not m and ty.group(0)[:1].isupper() and not kb["type_list_re"].match(t, j):
        return None     # without "các", "Ban", "Sở" are a named body unless a list follows ("Sở, ban, ngành")
    end = solid = ty.end()        # `solid`: the end after the last type word, modifier or unit
    free = 0
    limit = i + _MAX_COLLECTIVE
    while end < limit:
        sep = re.match(r"\s*(?:,|và|-|–)\s*(?:các\s+)?", t[end:])
        if sep and end == solid:
            nty = kb["coll_type_re"].match(t, end + sep.end())
            if nty and (nty.group(0) not in kb["coll_verbal"] or _ends_list_item(t, nty.end())) \
                    and not _names_follow(t, nty):
                end = solid = nty.end()
                continue
        ws = re.match(r"[ \t\n]+", t[end:])
        if not ws:
            break
        k = end + ws.end()
        cua = re.match(r"(?:của|trực\s+thuộc|thuộc)\s+", t[k:])
        if cua:   # "các tổ chức thành viên của Mặt trận", "các đảng ủy trực thuộc Tỉnh ủy"
            inner = _Parser(t).parse_at(k + cua.end())
            if inner:
                end = solid = inner[0]
                continue
        mod = kb["coll_mod_re"].match(t, k)
        if mod:
            end = solid = mod.end()
            continue
        cac = re.match(r"các\s+", t[k:])
        nty = kb["coll_type_re"].match(t, k + (cac.end() if cac else 0))
        if nty and nty.group(0) not in kb["coll_verbal"] and end == solid:
            end = solid = nty.end()     # "các bộ ngành", "sở ban ngành"
            continue
        stop = kb["stop_re"].match(t, k)
        if (stop and stop.group(0).lower() != "cấp") or kb["head_re"].match(t, k):
            break
        w = _WORD.match(t, k)
        if not w or _is_cap(w.group(0)) or free >= kb["coll_free_words"]:
            break
        end = w.end()
        free += 1
    # free words count only when a modifier or a unit closes them ("các đơn vị cấp nước thuộc
    # phạm vi quản lý"); otherwise they are the verb that follows ("các Bộ, cơ quan đổi mới ...")
    return solid


def _parenthetical(text: str, end: int) -> int:
    """Extend over "(Ban TĐKT)", "(qua Phòng Nội vụ)", "(các đơn vị tham gia cụm thi đua)" after a name."""
    m = re.match(r"\s*\([^()\d]{1,80}\)", text[end:])   # no digits: "(trước ngày 20/10)" is not part of it
    return end + m.end() if m else end


def find_units(text: str) -> list[UnitMention]:
    """Every agency name and collective description in `text`, in order, with spans."""
    if not text:
        return []
    kb = _kb()
    t = _clean(text)
    cands: list[tuple[int, int, str, bool, list[str]]] = []

    for m in kb["distributive"].finditer(t):
        items, end = _distributive_items(m)
        if items:
            cands.append((m.start(), end, "list", False, items))

    starts = {m.start() for m in kb["coll_start_re"].finditer(t)}
    starts |= {m.end() for m in kb["bare_coll_any"].finditer(t)}
    covered_until = -1
    for i in sorted(starts):
        if i < covered_until:
            continue   # inside a description already read from an earlier start: it would be shorter
        bare = bool(kb["bare_coll_before"].search(t[max(0, i - 30):i]))
        end = _collective_at(t, i, bare_ok=bare)
        if not end:
            continue
        if kb["place_head_end"].search(t[max(0, i - 40):i]):
            continue   # "UBND các huyện, thành phố": the head's level list, parsed below
        end = _parenthetical(t, end)
        covered_until = end
        cands.append((i, end, "collective", True, []))

    p = _Parser(t)
    for m in kb["unit_start_re"].finditer(t):
        i = m.start()
        r = p.parse_at(i)
        if r:
            end, kind, coll = r
            end = _parenthetical(t, end)
            cands.append((i, end, "collective" if coll and kind not in ("person",) else kind, coll, []))

    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    chosen: list[tuple[int, int, str, bool, list[str]]] = []
    taken = Spans()
    for c in cands:
        if not taken.overlaps(c[0], c[1]):
            taken.add(c[0], c[1])
            chosen.append(c)
    chosen.sort()
    # a collective written without "các" right after a listed unit: "UBND xã, phường và đơn vị có liên quan"
    extra = []
    for c in chosen:
        sep = re.match(r"\s*(?:,|và)\s*", t[c[1]:])
        if not sep:
            continue
        k = c[1] + sep.end()
        if taken.covers(k):
            continue
        end = _collective_at(t, k, bare_ok=True)
        if end and not taken.overlaps(k, end):
            extra.append((k, _parenthetical(t, end), "collective", True, []))
    chosen = sorted(chosen + extra)
    joined: list[tuple[int, int, str, bool, list[str]]] = []
    for c in chosen:
        if joined and not joined[-1][4] and not c[4] and not joined[-1][3] and not c[3] \
                and re.fullmatch(r"[ \t]+|[ \t]*[-–][ \t]*", t[joined[-1][1]:c[0]]) and c[2] in _SUBORDINATE_OF:
            p = joined[-1]
            joined[-1] = (p[0], c[1], p[2], p[3], p[4])
            continue
        joined.append(c)
    chosen = joined
    out = []
    for s, e, kind, coll, items in chosen:
        raw = _tidy(text[s:e])
        if not raw:
            continue
        out.append(UnitMention(raw, s, e, canonical_unit(raw), kind, items, coll, expand_abbreviations(raw)))
    return out


# a unit written right after another without a separator is its parent ("Phòng Nội vụ UBND huyện")
_SUBORDINATE_OF = {"committee", "district", "commune", "party", "ministry", "government", "people_council"}


def _trim_item(item: str) -> str:
    """A list item ends where the name ends: capitalised words, at most one lowercase syllable
    after a capital and none after a place name ("Tuyên Quang đẩy nhanh" → "Tuyên Quang")."""
    kb = _kb()
    out_end = 0
    lower_run = cap_run = 0
    for w in _WORD.finditer(item):
        word = w.group(0)
        if out_end and cap_run == 0 and kb["stop_re"].match(item, w.start()):
            break   # a stop word after a full word ends the item; "Đào tạo" keeps its second syllable
        if _is_cap(word):
            cap_run += 1
            lower_run = 0
        elif lower_run < 1 and cap_run == 1:
            lower_run += 1
            cap_run = 0
        else:
            break
        out_end = w.end()
    return item[:out_end].strip()


def _distributive_items(m: re.Match) -> tuple[list[str], int]:
    """Units of a shared list ("Các Bộ: Quốc phòng, Công an") and where the list ends in the text."""
    kb = _kb()
    head = re.sub(r"\s+", " ", m.group("h") or m.group("ph"))
    person = m.group("person")
    lvl = m.group("lvl")
    base = m.start("items")
    raw = re.split(r"\n\s*(?:[-+•*]|\n)", m.group("items"))[0]   # a list ends at the next bullet line
    spans, pos = [], 0
    for sm in re.finditer(r"\s*(?:,|;|\bvà\b)\s*", raw):
        spans.append((pos, sm.start()))
        pos = sm.end()
    spans.append((pos, len(raw)))
    items: list[str] = []
    end = base
    for a, b in spans:
        part = raw[a:b].strip()
        if not part:
            continue
        trimmed = _trim_item(part)
        if not trimmed:
            break
        h = kb["head_re"].match(trimmed)
        if h and h.end() < len(trimmed):
            break   # "..., Tập đoàn Điện lực Việt Nam": a named body of its own ends the shared list
        items.append(re.sub(r"\s+", " ", trimmed))
        end = base + a + (len(raw[a:b]) - len(raw[a:b].lstrip())) + len(trimmed)
        if trimmed != part:
            break
    # re-join pieces of one name split on its own comma/"và" ("Văn hóa, Thể thao và Du lịch")
    merged: list[str] = []
    i = 0
    while i < len(items):
        for k in range(min(len(items), i + 3), i + 1, -1):
            joined = ", ".join(items[i:k - 1]) + " và " + items[k - 1]
            if f"{head} {joined}" in kb["known"]:
                merged.append(joined)
                i = k
                break
        else:
            merged.append(items[i])
            i += 1
    prefix = f"{person} " if person else ""
    if lvl:
        levels = [x.strip() for x in re.split(r"\s*(?:,|và)\s*", lvl) if x.strip()]
        out = []
        for x in merged:
            level = levels[0]
            if len(levels) > 1 and x.removeprefix("Thành phố ").removeprefix("thành phố ") in kb["central_cities"]:
                level = next((lv for lv in levels if lv.lower() == "thành phố"), level)
            out.append(f"{prefix}{head} {level} {x}")
        return out, end
    return [f"{prefix}{head} {x}" for x in merged], end


# --- splitting, expanding, comparing --------------------------------------------------------------

_LEAD = re.compile(r"^\s*(?:[-+•]\s*)?(?:\(?[a-zđ0-9]{1,3}[.)]\s+)?(?:Đối với|đối với|Giao|Đề nghị|Yêu cầu)\s+", re.U)


def split_units(phrase: str) -> list[str]:
    """A list of units → one string per unit (corpus/README.md conventions).

    "Sở Tài chính, Sở Nội vụ" → 2; "Các Bộ: Quốc phòng, Công an" → ["Bộ Quốc phòng", "Bộ Công an"];
    "Sở Nội vụ và các cơ quan, đơn vị có liên quan" → 2; consecutive collective descriptions
    ("các sở, ban, ngành, UBND các huyện, thành phố và các cơ quan, đơn vị trên địa bàn") → 1.
    """
    if not phrase or not phrase.strip():
        return []
    phrase = _LEAD.sub("", phrase)
    mentions = find_units(phrase)
    if not mentions:
        s = _tidy(phrase)
        return [s] if s else []
    return _group(phrase, mentions)


def _group(phrase: str, mentions: list[UnitMention]) -> list[str]:
    """Mentions of one list (offsets into `phrase`) → one string per unit."""
    groups: list[list] = []   # [start, end, collective, items, opened by "các"]
    sep_only = re.compile(r"[\s,]*(?:và)?[\s,]*")
    for n, m in enumerate(mentions):
        if m.kind == "list":
            for it in m.items:
                groups.append([m.start, m.end, False, it, False])
            continue
        coll = m.collective or m.kind == "collective"
        person_led = bool(_kb()["person_re"].match(m.text))
        joined = groups and groups[-1][3] is None and not person_led \
            and sep_only.fullmatch(phrase[groups[-1][1]:m.start])
        # a collective joins the collective before it; a named body between two parts of a
        # description opened by "các ..." joins too ("các cấp ủy đảng, chính quyền, Mặt trận Tổ
        # quốc và các đoàn thể chính trị - xã hội")
        inside = n + 1 < len(mentions) and (mentions[n + 1].collective or mentions[n + 1].kind == "collective") \
            and sep_only.fullmatch(phrase[m.end:mentions[n + 1].start])
        if groups and groups[-1][3] is None and re.fullmatch(r"\s*,\s*", phrase[groups[-1][1]:m.start]) \
                and _attached().get(canonical_unit(phrase[groups[-1][0]:groups[-1][1]])) == m.canonical:
            groups[-1][1] = m.end        # "Ban TĐKT, Sở Nội vụ": the board and the department it belongs to
            continue
        if joined and groups[-1][2] and (coll or (groups[-1][4] and inside)):
            groups[-1][1] = m.end
            continue
        groups.append([m.start, m.end, coll, None, coll and m.text[:4].lower() == "các "])
    out = []
    for s, e, _, item, _ in groups:
        out.append(item if item is not None else _tidy(phrase[s:e]))
    return [o for o in out if o]


def expand_abbreviations(s: str) -> str:
    """Expand agency abbreviations (UBND, HĐND, MTTQ, SNV, TĐKT, KH&CN, ...) from the data file."""
    kb = _kb()
    return kb["abbr_re"].sub(lambda m: kb["abbr"][re.sub(r"\s+", " ", m.group(1))], s or "")


def canonical_unit(s: str) -> str:
    """Comparison key for unit F1: same agency written differently → same key."""
    kb = _kb()
    s = unicodedata.normalize("NFC", s or "")
    s = _TAG.sub(" ", s)
    s = re.sub(r"[*#`|\\_]+", " ", s)
    s = kb["tone_re"].sub(lambda m: kb["tones"][m.group(0)], s)
    s = re.sub(r"\([^()]*\)", " ", s)
    s = expand_abbreviations(s)
    s = s.casefold()
    s = re.sub(r"[“”\"'‘’]", "", s)
    s = re.sub(r"\s*[-–]\s*", " - ", s)
    s = re.sub(r"\s+", " ", s).strip(" ,;:.")
    s = re.sub(r"^(?:(?:đối với|giao|đề nghị|yêu cầu)\s+)?", "", s)
    s = re.sub(r"\bcác\s+", "", s)      # "UBND các xã, phường" = "UBND xã, phường"
    s = re.sub(r"\bcó liên quan\b", "liên quan", s)      # "có liên quan" = "liên quan"
    return s.strip(" ,;:.")


# --- roles in one directive -----------------------------------------------------------------------

_SEP = re.compile(r"[\s,;]*(?:và|cùng)?[\s,;]*")


def _run_from(text: str, mentions: list[UnitMention], idx: int) -> tuple[int, int, int]:
    """Units joined by separators from mentions[idx] → (start, end, index after the run)."""
    start, end = mentions[idx].start, mentions[idx].end
    k = idx + 1
    while k < len(mentions) and _SEP.fullmatch(text[end:mentions[k].start]):
        end = mentions[k].end
        k += 1
    return start, end, k


def _units_of(text: str, mentions: list[UnitMention], idx: int) -> list[str]:
    s, e, _ = _run_from(text, mentions, idx)
    return split_units(text[s:e])


_OPENERS = re.compile(r"(?:^|[\s:;.,(])(?P<kw>Giao|giao|Đề nghị|đề nghị|Yêu cầu|yêu cầu|Đối với|đối với|Phân công|phân công|"
                      r"Trách nhiệm của|trách nhiệm của|Nhiệm vụ của|nhiệm vụ của)(?:\s+cho)?\s+$")
_COOP = re.compile(r"(?:phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?|cùng\s+với|cùng)\s+$", re.I)
_REPORT = re.compile(
    r"(?:báo\s+cáo|gửi|trình|xin\s+ý\s+kiến)"
    r"(?:\s+(?:kết\s+quả(?:\s+thực\s+hiện)?|văn\s+bản|báo\s+cáo|về|lên|cho|đến|tới|ngay|lãnh\s+đạo))*\s+$", re.I)
_REPORT_TAIL = re.compile(r"(?:về|đến|tới|lên)\s+$", re.I)
_REPORT_VERB = re.compile(r"(?:báo\s+cáo|gửi|nộp|chuyển)", re.I)
_LABEL = re.compile(r"^\s*(?:[-+•–;]\s*)*(?:\(?(?:[a-zđ]|\d{1,2}(?:\.\d{1,2})*|[IVX]+)[.)/]\s*)?", re.I)


def _covered(t: str, start: int, end: int, mentions: list[UnitMention]) -> bool:
    """Is t[start:end] nothing but unit mentions and separators (a requester: "UBND tỉnh đề nghị")?"""
    rest = list(t[start:end])
    for m in mentions:
        for k in range(max(m.start, start), min(m.end, end)):
            rest[k - start] = " "
    return bool(t[start:end].strip()) and not "".join(rest).strip(" ,;:-–\n\t")


def roles(text: str) -> dict:
    """Who is in one directive: responsible units, cooperating units, the unit to report to.

    "X chủ trì, phối hợp với Y, Z ...", "Giao X ...", "Đề nghị/Yêu cầu X ...", "UBND tỉnh đề nghị
    X ...", "X: ..." (a unit heading), "Các cơ quan, đơn vị ... thực hiện ..." (the units that
    open the sentence); every "phối hợp (với) Y" gives cooperating units; the first unit after
    "báo cáo", "gửi ... về", "trình" is the one to report to ("tham mưu cho UBND tỉnh" is advice).
    """
    out = {"units": [], "cooperating_units": [], "report_to": None}
    if not text or not text.strip():
        return out
    t = _clean(text)
    mentions = find_units(text)
    if not mentions:
        return out
    label_end = _LABEL.match(t).end()
    used: set[int] = set()

    # responsible units
    resp_idx = None
    for i, m in enumerate(mentions):
        op = _OPENERS.search(t[:m.start])
        if not op:
            continue
        kw = op.start("kw")
        requester = any(p.end <= kw and not t[p.end:kw].strip() for p in mentions[:i])   # "..., UBND tỉnh yêu cầu X"
        if not t[label_end:kw].strip(" -+•–;(") or re.search(r"[.;:!?]\s*$", t[:kw]) \
                or _covered(t, label_end, kw, mentions) or requester:
            resp_idx = i
            break
    if resp_idx is None:
        m0 = mentions[0]
        if not t[label_end:m0.start].strip(" -+•–:(;") or re.fullmatch(r"\s*(?:Đối với|đối với)\s*", t[label_end:m0.start]):
            resp_idx = 0
    if resp_idx is None:
        for i in range(len(mentions)):
            _, e, _ = _run_from(t, mentions, i)
            if re.match(r"\s*(?:,\s*)?(?:là\s+(?:cơ quan|đơn vị)\s+)?chủ\s+trì", t[e:], re.I):
                resp_idx = i
                break
    if resp_idx is not None:
        _, _, k = _run_from(t, mentions, resp_idx)
        out["units"] = _group(text, mentions[resp_idx:k])
        used.update(range(resp_idx, k))

    # cooperating units: every "phối hợp (với) ..." run
    i = 0
    while i < len(mentions):
        if i not in used and _COOP.search(t[max(0, mentions[i].start - 40):mentions[i].start]):
            _, _, k = _run_from(t, mentions, i)
            for u in _group(text, mentions[i:k]):
                if u not in out["cooperating_units"]:
                    out["cooperating_units"].append(u)
            used.update(range(i, k))
            i = k
            continue
        i += 1

    # units written before "phối hợp" (not after "chủ trì"): "Công an tỉnh chủ trì; Sở Tư pháp phối hợp"
    i = 0
    while i < len(mentions):
        if i in used:
            i += 1
            continue
        _, e, k = _run_from(t, mentions, i)
        if re.match(r"\s*(?:cùng\s+)?phối\s+hợp(?!\s+với)(?:\s+thực\s+hiện)?\s*[;,.)]", t[e:], re.I) \
                or re.match(r"\s*(?:cùng\s+)?phối\s+hợp\s*$", t[e:], re.I):
            for u in _group(text, mentions[i:k]):
                if u not in out["cooperating_units"]:
                    out["cooperating_units"].append(u)
            used.update(range(i, k))
        i = k

    # report to
    for i, m in enumerate(mentions):
        if i in used:
            continue
        window = t[max(0, m.start - 45):m.start]
        clause = re.split(r"[.;]", t[max(0, m.start - 200):m.start])[-1]
        if _REPORT.search(window) or (_REPORT_TAIL.search(window) and _REPORT_VERB.search(clause)):
            out["report_to"] = m.text
            break
    return out
