"""Rebuild printed paragraphs from lines broken by a converter.

Web-page conversions break lines mid-sentence and often drop the blank line between
paragraphs. A line continues the previous one unless the previous one ends a sentence and
the next starts like a new paragraph, the next is a list item, or the two are separate
capitalised lines (organ names, titles, signature lines). Emphasis spans left open across a
line break and very long (wrapped) lines tell that a capitalised line continues.
The language knowledge (list markers, connective words, titles) is in data/text_layout.json.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .builder import clean_line
from .markup import emphasis_parity, is_fully_emphasised, strip_markup

DATA = Path(__file__).with_name("data")


@lru_cache(maxsize=1)
def rules() -> dict:
    d = json.loads((DATA / "text_layout.json").read_text(encoding="utf-8"))
    d["_marker"] = re.compile(d["list_marker"])
    d["_connective"] = set(d["connective_words"])
    d["_titles"] = set(d["document_titles"])
    d["_cont_words"] = set(d["continuation_words"])
    d["_openers"] = re.compile("^(?:" + "|".join(map(re.escape, d["paragraph_openers"])) + r")\b")
    d["_organ_heads"] = set(d["organ_heads"])
    d["_abbr"] = tuple(d["abbreviations_with_dot"])
    d["_motto"] = [re.compile(p) for p in d["motto_patterns"]]
    d["_place_date"] = re.compile(d["place_date_pattern"])
    d["_number"] = re.compile(d["number_pattern"])
    d["_subject"] = re.compile(d["subject_pattern"])
    d["_footnote"] = re.compile(d["footnote_pattern"])
    d["_recipients"] = re.compile(d["recipients_pattern"], re.I)
    d["_para_start"] = re.compile(d["paragraph_start_pattern"])
    d["_received"] = re.compile(d["received_pattern"])
    d["_positions"] = set(d["signature_positions"])
    d["_competence"] = re.compile(d["signature_competence_pattern"])
    return d


@dataclass
class Line:
    """One source line: its printed text and the layout clues of its raw form."""

    text: str
    raw: str = ""
    bold_open: bool = False       # a bold span is still open after this line
    italic_open: bool = False
    hard_break: bool = False      # markdown "two trailing spaces"
    emphasised: bool = False      # the whole line is one emphasis span
    src: int = -1                 # 0-based source line number
    indent: int = 0               # leading blanks of the raw line (first-line indentation)


@dataclass
class Paragraph:
    text: str
    lines: list[Line] = field(default_factory=list)
    emphasised: bool = False

    @property
    def src(self) -> int:
        return self.lines[0].src if self.lines else -1


def make_lines(raw_lines: list[str], first_src: int = 0) -> list[Line]:
    """Turn raw lines into Line objects, carrying emphasis state across lines.
    Empty results (blank lines, lines of bare markup) are kept as Line('') = a break."""
    out: list[Line] = []
    bold = italic = 0
    for i, raw in enumerate(raw_lines):
        text = clean_line(strip_markup(raw))
        if not text:
            out.append(Line("", raw, src=first_src + i))
            bold = italic = 0
            continue
        b, it = emphasis_parity(raw)
        bold ^= b
        italic ^= it
        lead = raw[:len(raw) - len(raw.lstrip(" \t\u00a0\u3000"))].replace("\t", "    ")
        out.append(Line(text, raw, bool(bold), bool(italic), raw.endswith("  ") or raw.endswith("\\"),
                        is_fully_emphasised(raw), first_src + i, len(lead)))
    return out


_STRUCTURE_WORD = re.compile(r"^(?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN|Điều|ĐIỀU|Phụ lục|PHỤ LỤC)$")


def is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return (len(letters) >= 2 or (len(letters) == 1 and len(s.strip()) == 1)) and \
        not any(c.islower() for c in letters)


def starts_lower(s: str) -> bool:
    for c in s:
        if c.isalpha():
            return c.islower()
        if c.isdigit():
            return False
    return False


def starts_upper(s: str) -> bool:
    s = s.lstrip("\"“‘'«([*")
    return bool(s) and (s[0].isupper() or s[0].isdigit())


def ends_sentence(s: str) -> bool:
    r = rules()
    t = s.rstrip(r["closing_chars"] + " ")
    if not t:
        return False
    if t.endswith(r["_abbr"]) and not t.endswith("./."):
        return False
    return t[-1] in r["terminators"]


def is_marker(s: str) -> bool:
    return bool(rules()["_marker"].match(s))


def is_bare_marker(s: str) -> bool:
    m = rules()["_marker"].match(s)
    return bool(m) and not s[m.end():].strip()


def wrap_width(lines: list[Line]) -> float:
    """The converter's line width: long lines near it were wrapped, short ones were not."""
    lengths = [len(ln.text) for ln in lines if ln.text]
    if len(lengths) < 5:
        return 10_000.0
    lengths.sort()
    return float(lengths[int(len(lengths) * 0.8)])


_TITLE_NUMBER = re.compile(r"\s+(?:[IVXLC]{1,6}|[0-9]{1,3}[a-z]?)$")


def _title_line(s: str) -> bool:
    t = s.rstrip(":").strip()
    return t in rules()["_titles"] or _TITLE_NUMBER.sub("", t) in rules()["_titles"]


def _motto_prefix(prev: str, nxt: str) -> bool:
    joined = f"{prev} {nxt}"
    return any(p.match(joined) for p in rules()["_motto"]) or \
        any(p.match(joined.replace(" -", "-").replace("- ", "-").replace("-", " - ")) for p in rules()["_motto"])


def continues(prev: Line, nxt: Line, width: float, in_title: bool = False) -> bool:
    """Does `nxt` continue the printed line/paragraph ending with `prev`?"""
    p, n = prev.text, nxt.text
    r = rules()
    if is_bare_marker(p):
        return True
    if n.startswith(("- ", "– ")) and not is_marker(p) and not ends_sentence(p) \
            and not p.endswith(":") and len(p) >= 0.75 * width and not nxt.emphasised:
        return True                     # "Ninh Bình\n- Hải Phòng": a hyphen, not a list item
    if r["_place_date"].match(n) and not r["_place_date"].match(p) and len(p.split()) <= 5 \
            and not ends_sentence(p) and r["_place_date"].match(f"{p} {n}"):
        return True                     # "Hà" / "Nội, ngày 20 tháng 11 năm 2025"
    if is_marker(n) or r["_para_start"].match(n) or r["_place_date"].match(n):
        return False
    if any(m.match(p) for m in r["_motto"]):
        return False
    if (r["_number"].match(p) or r["_place_date"].match(p)) and not starts_lower(n) \
            and not (n[:1].isdigit() and p.rstrip().endswith(("năm", "tháng", "ngày"))):
        return False
    if _motto_prefix(p, n):
        return True
    if nxt.emphasised and not (prev.bold_open or prev.italic_open):
        return False
    if prev.emphasised and not (prev.bold_open or prev.italic_open) and not starts_lower(n):
        return False
    if r["_footnote"].match(n):
        return False
    if nxt.indent >= 2 and nxt.indent > prev.indent and not is_marker(p) and not starts_lower(n) \
            and not (prev.bold_open or prev.italic_open):
        return False                    # first-line indentation opens a paragraph
    pc, nc = is_caps(p), is_caps(n)
    if pc and nc:
        if prev.hard_break or _title_line(p):
            return False
        if r["_competence"].match(p) and not p.endswith(",") and (
                n.rstrip(",") in r["_positions"] or n.startswith("PHÓ ")):
            return False                # "T/M BAN THƯỜNG VỤ" / "BÍ THƯ": two signature lines
        if prev.bold_open or prev.italic_open or in_title:
            return True
        if p.strip() in r["_organ_heads"] or _STRUCTURE_WORD.match(p):
            return True                 # "BỘ" / "TÀI CHÍNH": one printed name
        last = p.rstrip(",;").split()[-1] if p.split() else ""
        return p.endswith(",") or last in r["_connective"] or len(p) >= 0.75 * width
    if starts_lower(n) or n[:1] in "/,;)]%":
        return not (p.endswith(("./.", "/.")))
    if ends_sentence(p):
        return False
    if pc and not nc:
        # A capitalised line (organ, title, signature) followed by mixed case: a new line,
        # unless the emphasis span or a trailing comma says otherwise.
        return (prev.bold_open or prev.italic_open) and not prev.hard_break or p.endswith(",")
    if nc and not pc:
        return (len(p) >= 0.75 * width or prev.bold_open or prev.italic_open or bool(_STRUCTURE_WORD.match(p))) \
            and not prev.hard_break
    # mixed -> mixed, previous line does not end a sentence: a heading "1. Mục đích" stands
    # alone, anything else is a broken line.
    if (prev.bold_open or prev.italic_open) and not prev.hard_break:
        return True
    last = p.split()[-1].lower() if p.split() else ""
    if last in r["_cont_words"]:
        return True                     # "... kèm theo" / "Quyết định này ...": a broken line
    if r["_openers"].match(n) and not p.endswith((",", "-", "–")):
        return False                    # "Xét đề nghị ...", "Thực hiện ...": a new paragraph
    m = r["_marker"].match(p)
    if m and _emphasis_prefix_only(prev.raw):
        return True                     # "**Điều 1.** Công bố ...": bold number, running text
    if m and not p.endswith(",") and p[:1] not in "-+•–—" and len(p[m.end():].split()) <= 5 and len(p) < 0.5 * width and starts_upper(n):
        return False
    return True


def _emphasis_prefix_only(raw: str) -> bool:
    """The line starts with an emphasised label that closes before the text goes on."""
    s = raw.strip()
    if not s.startswith("*"):
        return False
    m = re.match(r"^(\*{1,3})(.+?)\1(?=\S|\s+\S)", s)
    return bool(m) and m.end() < len(s.rstrip("*").rstrip())


def join_lines(lines: list[Line], width: float) -> list[Paragraph]:
    """Group consecutive non-blank lines into paragraphs; blank lines end a paragraph, except
    a page break in mid-sentence (the next paragraph starts in lower case), which is healed,
    footnotes printed at the page foot are moved after the healed paragraph."""
    paras: list[Paragraph] = []
    cur: list[Line] = []
    in_title = False
    in_recipients = False

    def flush():
        nonlocal cur, in_title
        if cur:
            in_title = _title_line(cur[-1].text) and len(cur) == 1
        if cur and not (len(cur) == 1 and is_bare_marker(cur[0].text)
                        and not any(c.isalnum() for c in cur[0].text)):
            paras.append(_paragraph(cur))
        cur = []

    for ln in lines:
        if not ln.text:
            flush()
            continue
        if cur and continues(cur[-1], ln, width, in_title and is_caps(cur[-1].text)):
            cur.append(ln)
            continue
        if cur and in_recipients and cur[0].text[:1] in "-+•" and not is_marker(ln.text) \
                and (not is_caps(ln.text) or cur[-1].text.endswith((":", ","))) \
                and not cur[-1].text.endswith("."):
            cur.append(ln)              # Nơi nhận: an item goes on after a line break
            continue
        flush()
        if in_title and ln.emphasised:
            in_title = False
        cur = [ln]
        if rules()["_recipients"].match(ln.text):
            in_recipients = True
        elif ln.text[:1] not in "-+•":
            in_recipients = False
    flush()
    return _heal_page_breaks(paras)


_SYMBOL_CUT = re.compile(r"[A-ZĐ0-9][-/]$")
_SYMBOL_REST = re.compile(r"^[A-ZĐ0-9]")


def join_texts(parts: list[str]) -> str:
    """Join printed lines with a space, except inside a số/ký hiệu cut after '-' or '/'
    ("36/2018/QĐ-" + "UBND")."""
    out = ""
    for t in parts:
        if out and not (_SYMBOL_CUT.search(out) and _SYMBOL_REST.match(t)):
            out += " "
        out += t
    return out


def _paragraph(lines: list[Line]) -> Paragraph:
    text = clean_line(join_texts([ln.text for ln in lines]))
    return Paragraph(text, list(lines), is_fully_emphasised(" ".join(ln.raw.strip() for ln in lines)))


def _heal_page_breaks(paras: list[Paragraph]) -> list[Paragraph]:
    r = rules()
    out: list[Paragraph] = []
    n = len(paras)
    i = 0
    while i < n:
        group = [paras[i]]
        notes: list[Paragraph] = []
        i += 1
        while True:
            j = i
            while j < n and r["_footnote"].match(paras[j].text):
                j += 1
            tail = group[-1].text
            nxt = paras[j] if j < n else None
            # a bold heading cut in two by a blank line: "**... Hội Liên hiệp**" / "**Phụ nữ ...**"
            bold_cut = (nxt is not None and group[-1].emphasised and nxt.emphasised and j == i
                        and not is_caps(tail) and not is_caps(nxt.text) and not _title_line(tail)
                        and not r["_para_start"].match(nxt.text) and not r["_place_date"].match(tail)
                        and not r["_number"].match(tail))
            if (nxt is not None and not ends_sentence(tail) and not (len(group) == 1 and is_caps(tail))
                    and (starts_lower(nxt.text) or bold_cut) and not is_marker(nxt.text)
                    and not tail.endswith(":")):
                notes.extend(paras[i:j])
                group.append(paras[j])
                i = j + 1
                continue
            break
        if len(group) == 1:
            out.append(group[0])
        else:
            out.append(Paragraph(clean_line(" ".join(g.text for g in group)), [ln for g in group for ln in g.lines]))
        out.extend(notes)
    return out


def paragraphs_from_raw(raw_lines: list[str], width: float | None = None,
                        first_src: int = 0) -> list[Paragraph]:
    lines = make_lines(raw_lines, first_src)
    return join_lines(lines, width if width is not None else wrap_width(lines))
