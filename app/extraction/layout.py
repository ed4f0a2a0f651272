"""Logical layout of a document's text: cleaned lines, paragraphs and table cells with offsets.

Texts converted from web pages break sentences across lines, keep markdown emphasis and put
table cells on their own lines between `|` lines. Extraction works on logical paragraphs;
every character of a paragraph maps back to its offset in `Document.text`, so any match in a
paragraph gives an evidence span. On text that readers already cleaned (one paragraph a
line, no residue) the same code is a near no-op.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# markup removed from a line; the characters it covers vanish from the cleaned text
_RESIDUE = re.compile(
    r"<sup>.*?</sup>|<br\s*/?>|</?(?:b|i|u|strong|em|span|p|sup|sub)\b[^>]*>|\*+|\\(?=[\[\]*_.\-#|()])|^\s*#{1,6}\s+"
)
_RULER = re.compile(r"^\s*[-_=–—.*]{3,}\s*$")
_PIPE_ONLY = re.compile(r"^\s*\|\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEP_ROW = re.compile(r"^\s*\|?(\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$")

# a line that starts a new item: "1.", "1.2.", "a)", "-", "+", "I.", "(1)", "Điều 3."
ITEM_LABEL = re.compile(
    r"^(?:(?P<num>\d{1,2}(?:\.\d{1,2})*)[.)]|(?P<num2>\d{1,2})\s*[-/](?=\s)|(?P<let>[a-zđ])(?:\)|\.(?=\s))"
    r"|(?P<roman>[IVXL]{1,5})(?:[.)]|\s*-(?=\s))|\((?P<par>\d{1,2}|[a-zđ]|[ivx]{1,4})\)|(?P<dash>[-–—+•])"
    r"|(?P<art>Điều\s+\d+[a-z]?\.?))\s*"
)
_TERMINAL = (".", ";", ":", "!", "?", "…")


@dataclass
class Line:
    text: str                 # cleaned: markup removed, whitespace collapsed
    offs: list[int]           # offset in Document.text of each character of `text`
    raw_start: int
    raw_end: int
    opens_emph: bool = False  # raw line starts with * or **
    closes_emph: bool = False  # raw line ends with * or **
    bold: bool = False
    blank_before: bool = False
    pipe_before: bool = False  # preceded by a `|` separator line
    pipe_row_before: bool = False  # preceded by two `|` lines (a table row boundary)


@dataclass
class Para:
    """A logical paragraph (or one table cell): cleaned text + per-character offsets."""

    text: str
    offs: list[int]
    bold: bool = False
    kind: str = "paragraph"   # "paragraph" | "cell"
    table: int | None = None
    row: int | None = None
    col: int | None = None
    lines: list[Line] = field(default_factory=list, repr=False)

    @property
    def start(self) -> int:
        return self.offs[0] if self.offs else 0

    @property
    def end(self) -> int:
        return self.offs[-1] + 1 if self.offs else 0

    def span(self, i: int = 0, j: int | None = None) -> list[int] | None:
        """Evidence span in Document.text of text[i:j]."""
        if j is None:
            j = len(self.text)
        i = max(0, min(i, len(self.text)))
        j = max(i, min(j, len(self.text)))
        while i < j and self.text[i] == " ":
            i += 1
        while j > i and self.text[j - 1] == " ":
            j -= 1
        if i >= j or not self.offs:
            return None
        return [self.offs[i], self.offs[j - 1] + 1]

    def sub(self, i: int, j: int | None = None) -> Para:
        j = len(self.text) if j is None else j
        return Para(self.text[i:j], self.offs[i:j], self.bold, self.kind, self.table, self.row, self.col)


_NEEDS_CLEAN = re.compile(r"[*<\\#|\t\r\u00a0\u200b\ufeff]|  ")


def clean_line(raw: str, base: int) -> tuple[str, list[int]]:
    """Remove markup from one physical line; keep the offset of each kept character."""
    if not _NEEDS_CLEAN.search(raw):
        a = len(raw) - len(raw.lstrip(" "))
        t = raw.strip(" ")
        return t, list(range(base + a, base + a + len(t)))
    chars, offs = _strip_residue(raw, base, " ")
    # collapse whitespace, strip
    out_c: list[str] = []
    out_o: list[int] = []
    for c, o in zip(chars, offs, strict=False):
        if c in " \t\u00a0\u200b\ufeff\r":
            if out_c and out_c[-1] != " ":
                out_c.append(" ")
                out_o.append(o)
            continue
        out_c.append(c)
        out_o.append(o)
    while out_c and out_c[-1] in " |":
        out_c.pop()
        out_o.pop()
    k = 0
    while k < len(out_c) and out_c[k] in " |":
        k += 1
    return "".join(out_c[k:]), out_o[k:]


def physical_lines(text: str) -> list[tuple[str, int]]:
    out = []
    pos = 0
    for raw in text.split("\n"):
        out.append((raw, pos))
        pos += len(raw) + 1
    return out


def _starts_item(s: str) -> bool:
    m = ITEM_LABEL.match(s)
    if not m:
        return False
    rest = s[m.end():]
    if m.group("dash"):
        return bool(rest) and not rest[0].isdigit()
    if m.group("roman") and not rest[:1].isupper():
        return False
    return bool(rest) or bool(m.group("art"))


_LOWER_START = re.compile(r"^[a-zàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]")
# sentence openers that start the body right after an unterminated "Kính gửi" line
_BODY_OPENER = re.compile(r"^(?:Xét|Thực hiện|Căn cứ|Triển khai|Trả lời|Sau khi|Tiếp theo|Theo|Ngày\s+\d|Vừa qua|Thời gian qua|Trong\s|Để\s|Nhằm|Tại\s)")
_KEY_START = re.compile(r"^(?:Số\s*[:.]?\s*\d|Số\s*:|V/v\b|Kính gửi|Nơi nhận|Căn cứ\b|Điều\s+\d|Chương\s+[IVXL\d]|PHỤ LỤC|Phụ lục"
                        r"|CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐẢNG CỘNG SẢN|(?:TM|KT|TL|TUQ|T/M|K/T|T/L)\.?\s"
                        r"|[^\W\d][^,;:]{1,30},\s*ngày\s*(?:\d|\s))", re.I)
_UPPER_HEAD = re.compile(r"^(?:ỦY BAN|UỶ BAN|UBND|HỘI ĐỒNG|CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|GIÁM ĐỐC|BỘ|SỞ|CỤC|"
                         r"BAN THƯỜNG VỤ|BAN CHẤP HÀNH|TỈNH ỦY|TỈNH UỶ|VĂN PHÒNG|NGHỊ QUYẾT|QUYẾT ĐỊNH|CHỈ THỊ)\b")


def _is_upper_line(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 1 and all(c.isupper() for c in letters)


_LINES_CACHE: dict[int, tuple[str, list]] = {}


def lines_of(text: str) -> list[Line]:
    """Cleaned non-empty lines, with separator flags (blank, `|`, ruler)."""
    hit = _LINES_CACHE.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    out = _lines_of(text)
    _LINES_CACHE.clear()
    _LINES_CACHE[id(text)] = (text, out)
    return out


def _lines_of(text: str) -> list[Line]:
    out: list[Line] = []
    blank = False
    pipes = 0
    for raw, base in physical_lines(text):
        if not raw.strip():
            blank = True
            continue
        if _PIPE_ONLY.match(raw):
            pipes += 1
            continue
        if _RULER.match(raw):
            blank = True
            continue
        t, o = clean_line(raw, base)
        if not t or t in {"|", "*"}:
            blank = True if not t else blank
            continue
        s = raw.strip()
        ln = Line(t, o, base, base + len(raw),
                  opens_emph=s.startswith("*"), closes_emph=s.endswith("*") and len(s) > 1,
                  bold="**" in raw or "<b>" in raw, blank_before=blank,
                  pipe_before=pipes > 0, pipe_row_before=pipes > 1)
        out.append(ln)
        blank = False
        pipes = 0
    return out


_KINH_GUI_START = re.compile(r"^Kính gửi", re.I)


def _join(prev: Line, nxt: Line, first: Line | None = None) -> bool:
    """Is `nxt` the continuation of the paragraph ending with `prev` (begun by `first`)?"""
    if nxt.pipe_before or _PIPE_ROW.match(nxt.text) or _PIPE_ROW.match(prev.text):
        return False
    p, n = prev.text, nxt.text
    lower = bool(_LOWER_START.match(n))
    if nxt.blank_before:
        return lower and not p.endswith(_TERMINAL) and not _starts_item(n)
    if prev.closes_emph and not prev.opens_emph and not lower:
        return False
    if prev.closes_emph and prev.opens_emph and not lower:
        return False
    if nxt.opens_emph and not lower:
        return False
    if _KEY_START.match(n) or _BARE_LABEL.match(n) or _BARE_LABEL.match(p):
        return False
    if re.match(r"^Số\s*[:.]?\s*[\d/]", p) and len(p) < 40:
        return False   # the "Số:" line stands alone
    if _starts_item(n):
        m = ITEM_LABEL.match(n)
        if m.group("dash") and p[-1:].isalnum() and not lower and not _KINH_GUI_START.match(p) \
                and len(p) > 50 and not _starts_item(p):
            return True   # "Ninh\n- Hải Phòng": a hyphen that wrapped
        return False
    if p.endswith(_TERMINAL):
        return lower and not _starts_item(n)
    if first is not None and _KINH_GUI_START.match(first.text) and _BODY_OPENER.match(n):
        return False
    if _is_upper_line(p) != _is_upper_line(n) and not lower:
        return False
    if _is_upper_line(p) and _UPPER_HEAD.match(n) and not re.search(r"(?:,|-|\bCỦA|\bVÀ|\bVỀ|\bCÁC)$", p):
        return False
    return True


_COLLAPSED_SPLIT = re.compile(
    r"\s+\|\s+|(?<=[.;:])\s+(?=(?:[-–+•]|\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|\(\d{1,2}\)|[IVX]{1,4}\.)\s+\S)"
    r"|\s+(?=-\s+(?:Tiếp tục|Khẩn trương|Chủ trì|Phối hợp|Tập trung|Thực hiện|Triển khai|Tham mưu|Theo dõi|"
    r"Rà soát|Chủ động|Đôn đốc|Tăng cường|Đẩy mạnh|Hoàn thành|Quán triệt|Chỉ đạo|Hướng dẫn|Nghiên cứu|Kiểm tra)\b)")


def _trim_pipes(q: Para) -> Para:
    a, b = 0, len(q.text)
    while a < b and q.text[a] in " |":
        a += 1
    while b > a and q.text[b - 1] in " |":
        b -= 1
    return q.sub(a, b) if (a, b) != (0, len(q.text)) else q


def _resplit(p: Para) -> list[Para]:
    """Split a long line where a reader collapsed a whole table cell (items, ' | ' cell marks)."""
    if len(p.text) < 250 or (" | " not in p.text and not re.search(r"[.;:]\s+(?:-|\d{1,2}\.)\s", p.text)):
        return [p]
    out: list[Para] = []
    pos = 0
    for m in _COLLAPSED_SPLIT.finditer(p.text):
        if m.start() > pos:
            out.append(p.sub(pos, m.start()))
        pos = m.end()
    if pos < len(p.text):
        out.append(p.sub(pos))
    out = [_trim_pipes(q) for q in out if q.text.strip(" |")]
    for q in out:
        q.bold = p.bold
        q.lines = p.lines
    return out or [p]


def paragraphs(text: str, *, join_lines: bool = True) -> list[Para]:
    """Logical paragraphs of `text`. With join_lines=False every line is one paragraph."""
    paras = [q for p in _paragraphs(text, join_lines=join_lines) for q in _resplit(p)]
    return _merge_bare_labels(paras)


_BARE_LABEL = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|[IVXL]{1,5}\.|\(\d{1,2}\)|Điều\s+\d+[a-z]?\.?)$")


_DANGLING = re.compile(r"(?:^|\s)(?:và|của|các|với|về|cho|trong|tại|theo|để|những|được|là|có|từ|đến|trên|"
                       r"Ban|Sở|Bộ|Ủy|Uỷ|Phòng|Cục|Văn|Trung|Hội|Liên|Công|Thuế|Chi)$")


def _merge_dangling(paras: list[Para]) -> list[Para]:
    out: list[Para] = []
    for p in paras:
        if out and _DANGLING.search(out[-1].text) and not _starts_item(p.text) and p.text[:1].isalpha() \
                and not _KEY_START.match(p.text):
            q = out[-1]
            out[-1] = Para(q.text + " " + p.text, q.offs + [q.offs[-1]] + p.offs, bold=q.bold or p.bold,
                           kind=q.kind, lines=q.lines + p.lines)
            continue
        out.append(p)
    return out


def _merge_bare_labels(paras: list[Para]) -> list[Para]:
    """'2.' on its own line followed by the item text -> one paragraph '2. text'; a line cut
    after a word that cannot end a sentence ('1. Ban' / 'Quản lý các khu ...') is rejoined."""
    paras = _merge_dangling(paras)
    out: list[Para] = []
    k = 0
    while k < len(paras):
        p = paras[k]
        nxt = paras[k + 1].text if k + 1 < len(paras) else ""
        if (_BARE_LABEL.match(p.text) and nxt and not _BARE_LABEL.match(nxt)) or \
                (p.text in ("Điều", "Chương", "Mục", "Phần") and re.match(r"^(?:\d+|[IVXL]+)\b", nxt)):
            q = paras[k + 1]
            merged = Para(p.text + " " + q.text, p.offs + [p.offs[-1]] + q.offs, bold=p.bold or q.bold,
                          kind=q.kind, lines=p.lines + q.lines)
            out.append(merged)
            k += 2
            continue
        out.append(p)
        k += 1
    return out


def _paragraphs(text: str, *, join_lines: bool = True) -> list[Para]:
    lines = lines_of(text)
    paras: list[Para] = []
    cur: list[Line] = []

    def flush():
        if not cur:
            return
        t_parts: list[str] = []
        o_parts: list[int] = []
        for k, ln in enumerate(cur):
            if k:
                t_parts.append(" ")
                o_parts.append(cur[k - 1].offs[-1])
            t_parts.append(ln.text)
            o_parts.extend(ln.offs)
        paras.append(Para("".join(t_parts), o_parts, bold=any(ln.bold for ln in cur), lines=list(cur)))
        cur.clear()

    for ln in lines:
        if cur and join_lines and _join(cur[-1], ln, cur[0]):
            cur.append(ln)
            continue
        flush()
        cur.append(ln)
    flush()
    return paras


# ---------------------------------------------------------------- tables

@dataclass
class Table:
    rows: list[list[Para]]


def _split_pipe_row(p: Para) -> list[Para]:
    t = p.text.strip()
    lead = p.text.index("|")
    cells: list[Para] = []
    i = lead + 1
    while i <= len(p.text):
        j = p.text.find("|", i)
        if j < 0:
            break
        cell = p.sub(i, j)
        # strip spaces
        a = 0
        while a < len(cell.text) and cell.text[a] == " ":
            a += 1
        b = len(cell.text)
        while b > a and cell.text[b - 1] == " ":
            b -= 1
        cells.append(cell.sub(a, b))
        i = j + 1
    del t
    return cells


def pipe_tables(text: str) -> list[Table]:
    """Markdown tables (`| a | b |` rows)."""
    tables: list[Table] = []
    cur: list[list[Para]] = []
    for raw, base in physical_lines(text):
        if _PIPE_ROW.match(raw) and raw.count("|") >= 3:
            if _PIPE_SEP_ROW.match(raw):
                continue
            t, o = _clean_keep_pipes(raw, base)
            cur.append(_split_pipe_row(Para(t, o)))
        else:
            if cur and raw.strip():
                tables.append(Table(cur))
                cur = []
    if cur:
        tables.append(Table(cur))
    return tables


def _strip_residue(raw: str, base: int, br: str) -> tuple[list[str], list[int]]:
    """Characters of `raw` without markup residue, each with its offset; a <br> becomes `br`."""
    chars: list[str] = []
    offs: list[int] = []
    pos = 0
    for m in _RESIDUE.finditer(raw):
        chars.extend(raw[pos:m.start()])
        offs.extend(range(base + pos, base + m.start()))
        if m.group(0).lower().startswith("<br"):
            chars.append(br)
            offs.append(base + m.start())
        pos = m.end()
    chars.extend(raw[pos:])
    offs.extend(range(base + pos, base + len(raw)))
    return chars, offs


def _clean_keep_pipes(raw: str, base: int) -> tuple[str, list[int]]:
    # <br> inside a cell separates items: keep it as " ; " marker "\n"
    chars, offs = _strip_residue(raw, base, "\n")
    out_c, out_o = [], []
    for c, o in zip(chars, offs, strict=False):
        if c in " \t\u00a0\r":
            if out_c and out_c[-1] not in " \n":
                out_c.append(" ")
                out_o.append(o)
            continue
        if c == "\n" and out_c and out_c[-1] == " ":
            out_c[-1] = "\n"
            out_o[-1] = o
            continue
        out_c.append(c)
        out_o.append(o)
    return "".join(out_c), out_o


def line_tables(text: str) -> list[Table]:
    """Tables written one cell per line block, cells separated by `|` lines and rows by `|\\n|`."""
    lines = lines_of(text)
    # group consecutive lines into cells (split at pipe_before)
    cells: list[tuple[list[Line], bool, bool]] = []   # (lines, pipe_before, row_before)
    for ln in lines:
        if ln.pipe_before or not cells:
            cells.append(([ln], ln.pipe_before, ln.pipe_row_before))
        else:
            cells[-1][0].append(ln)
    tables: list[Table] = []
    rows: list[list[Para]] = []
    row: list[Para] = []
    for lns, _pb, rb in cells:
        para = _cell_para(lns)
        if rb:
            if row:
                rows.append(row)
            row = [para]
        else:
            row.append(para)
    if row:
        rows.append(row)
    # keep runs of rows with >= 3 cells as tables
    cur: list[list[Para]] = []
    for r in rows:
        if len(r) >= 3:
            cur.append(r)
        else:
            if len(cur) >= 2:
                tables.append(Table(cur))
            cur = []
    if len(cur) >= 2:
        tables.append(Table(cur))
    return tables


def _cell_para(lns: list[Line]) -> Para:
    t_parts: list[str] = []
    o_parts: list[int] = []
    for k, ln in enumerate(lns):
        if k:
            sep = "\n" if _starts_item(ln.text) else " "
            t_parts.append(sep)
            o_parts.append(lns[k - 1].offs[-1])
        t_parts.append(ln.text)
        o_parts.extend(ln.offs)
    return Para("".join(t_parts), o_parts, bold=any(ln.bold for ln in lns), kind="cell", lines=list(lns))


def block_tables(text: str, blocks) -> list[Table]:
    """Tables from a reader's table_cell blocks (grouped by table, row; ordered by column)."""
    by_table: dict[int, dict[int, list]] = {}
    for b in blocks:
        if b.kind != "table_cell" or b.table is None:
            continue
        by_table.setdefault(b.table, {}).setdefault(b.row or 0, []).append(b)
    out: list[Table] = []
    for t in sorted(by_table):
        rows = []
        for r in sorted(by_table[t]):
            cells = sorted(by_table[t][r], key=lambda b: b.col or 0)
            width = max((b.col or 0) for b in cells) + 1
            row = [Para("", [], kind="cell") for _ in range(width)]   # empty cells may have no block
            for k, b in enumerate(cells):
                row[b.col if b.col is not None else k] = _span_para(text, b.start, b.end)
            rows.append(row)
        out.append(Table(rows))
    return out


def _span_para(text: str, start: int, end: int) -> Para:
    # trim spaces but keep offsets exact
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    return Para(text[start:end], list(range(start, end)), kind="cell")
