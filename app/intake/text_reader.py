"""Plain text and markdown as converted from web pages → `Document`.

The converter leaves tables as markdown rows (`| a | b |`) or as cells separated by lines
holding a single `|` (rows separated by two such lines). Two-column tables are layout (the
header with the organ and the national motto, the Nơi nhận / signature block) and are read
cell by cell; wider tables carry data (task tables) and become one line per row.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from .builder import DocumentBuilder, clean_line
from .document import Document
from .legacy_encoding import fix_text, looks_tcvn3, looks_vni, mark_legacy
from .markup import split_br, strip_markup
from .paragraphs import Paragraph, is_caps, paragraphs_from_raw, rules

_PIPE = re.compile(r"^\s*\|\s*$")
_MD_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_RULE = re.compile(r"^\s*\**\s*(?:[-=_–—]\s*){3,}\**\s*$|^\s*(?:\*\s*){3,}$")
_MAX_CELL_LINES = 80


class DecodeError(ValueError):
    pass


def decode(data: bytes) -> str:
    """Bytes → str: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258 (the
    Vietnamese code page still found in old offices)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16").replace("\r\n", "\n").replace("\r", "\n")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        latin = data.decode("latin-1")
        ansi = _cp1252(data)
        if looks_tcvn3(latin):          # a TCVN3 (ABC) file: one byte per Vietnamese letter
            text = latin
        elif looks_vni(ansi):           # a VNI file: base letter + mark bytes, read as Windows-1252
            text = ansi
        else:
            try:
                text = data.decode("cp1258")
            except UnicodeDecodeError as e:
                raise DecodeError(str(e)) from e
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Windows-1252 differs from Latin-1 only in 0x80-0x9F (curly quotes, dashes); the five bytes it
# leaves undefined stay Latin-1
_CP1252 = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def _cp1252(data: bytes) -> str:
    return data.decode("latin-1").translate(_CP1252)


@dataclass
class Region:
    kind: str                       # "text" | "pipe_table" | "md_table"
    lines: list[str] = field(default_factory=list)
    rows: list[list[list[str]]] = field(default_factory=list)   # table: rows of cells of raw lines
    src: int = 0


def _is_pipe(s: str) -> bool:
    return bool(_PIPE.match(s))


def _looks_layout(cell: list[str], at_top: bool = False) -> bool:
    """First cell of a two-column layout table: the organ/motto header or Nơi nhận."""
    r = rules()
    texts = [clean_line(strip_markup(x)) for x in cell]
    joined = " ".join(t for t in texts if t)
    if r["_recipients"].match(joined):
        return True
    if any(r["_number"].match(t) or r["_place_date"].match(t) or r["_subject"].match(t) for t in texts):
        return True
    caps = [t for t in texts if t]
    return at_top and bool(caps) and all(is_caps(t) for t in caps) and len(caps) <= 6 \
        and sum(len(t.split()) for t in caps) >= 2


def _read_cell(lines: list[str], pos: int):
    """Lines up to the next lone '|': (cell, position after it, status) with status
    'pipe', 'eof' or 'blank' (a blank line: what was read is not a cell)."""
    cell = []
    while pos < len(lines) and not _is_pipe(lines[pos]):
        if not lines[pos].strip() or len(cell) > _MAX_CELL_LINES:
            return cell, pos, "blank"
        cell.append(lines[pos])
        pos += 1
    if pos >= len(lines):
        return cell, pos, "eof"
    return cell, pos + 1, "pipe"


def _parse_pipe_table(lines: list[str], pos: int, at_top: bool = False):
    """Parse a lone-pipe table whose first cell starts at `pos`. Returns (rows, next pos)."""
    rows: list[list[list[str]]] = []
    first: list[list[str]] = []
    n = 0
    while pos < len(lines):
        cell, nxt, status = _read_cell(lines, pos)
        if status == "blank" and cell and n and len(first) + 1 == n:
            first.append(cell)          # the last cell, closed by a blank line
            rows.append(first)
            return rows, nxt
        if status == "blank":
            break
        if not cell and first:          # two pipes in a row: end of the first row
            n = len(first)
            pos = nxt
            break
        if not cell and not first:      # leading empty cell
            if status == "eof" or nxt <= pos:
                break
            pos = nxt
            continue
        first.append(cell)
        pos = nxt
        if status == "eof":
            break
        if len(first) == 1 and _looks_layout(cell, at_top):
            n = 2
        if n and len(first) == n:
            if pos < len(lines) and _is_pipe(lines[pos]):
                pos += 1
            else:
                rows.append(first)
                return rows, pos
            break
    if not first:
        return [], pos
    rows.append(first)
    if not n:
        return rows, pos
    while pos < len(lines):
        row = []
        p = pos
        ok = True
        for _ in range(n):
            cell, p2, status = _read_cell(lines, p)
            if status == "blank" and cell and len(row) + 1 == n:
                row.append(cell)
                rows.append(row)
                return rows, p2
            if status == "blank":
                ok = False
                break
            row.append(cell)
            p = p2
            if status == "eof":
                break
        if not ok or not any(row):
            break
        while len(row) < n:
            row.append([])
        rows.append(row)
        pos = p
        if pos < len(lines) and _is_pipe(lines[pos]):
            pos += 1
            continue
        break
    return rows, pos


def split_regions(lines: list[str]) -> list[Region]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    regions: list[Region] = []
    cur = Region("text")

    def flush(at: int):
        nonlocal cur
        if cur.lines:
            regions.append(cur)
        cur = Region("text", src=at)

    # A header table at the very top sometimes lost its opening '|'.
    i = 0
    seen_text = False
    first_pipe = next((k for k, ln in enumerate(lines[:10]) if _is_pipe(ln)), None)
    if first_pipe and all(ln.strip() for ln in lines[:first_pipe]):
        rows, nxt = _parse_pipe_table(lines, 0, True)
        if rows and len(rows[0]) >= 2:
            regions.append(Region("pipe_table", rows=rows, src=0))
            i = nxt
            cur = Region("text", src=i)
    while i < len(lines):
        ln = lines[i]
        if _is_pipe(ln):
            top = not regions and not seen_text
            rows, nxt = _parse_pipe_table(lines, i + 1, top)
            if rows and (len(rows) > 1 or len(rows[0]) > 1) and nxt > i:
                flush(i)
                regions.append(Region("pipe_table", rows=rows, src=i))
                i = nxt
                cur.src = i
                continue
            while i < len(lines) and _is_pipe(lines[i]):
                i += 1                   # stray pipes: one break
            cur.lines.append("")
            continue
        if "<table" in ln.lower():
            end = next((k for k in range(i, min(len(lines), i + 5000)) if "</table>" in lines[k].lower()), None)
            rows = _html_table_rows("\n".join(lines[i:end + 1])) if end is not None else []
            if rows:
                flush(i)
                regions.append(Region("md_table", rows=rows, src=i))
                i = end + 1
                cur.src = i
                continue
        if _MD_ROW.match(ln) and ln.count("|") >= 2:
            flush(i)
            rows = []
            start = i
            while i < len(lines) and _MD_ROW.match(lines[i]) and not _is_pipe(lines[i]):
                if not _MD_SEP.match(lines[i]):
                    cells = _md_cells(lines[i])
                    rows.append([split_br(c) for c in cells])
                i += 1
            regions.append(Region("md_table", rows=rows, src=start))
            cur.src = i
            continue
        cur.lines.append("" if _RULE.match(ln) else ln)
        seen_text = seen_text or bool(ln.strip())
        i += 1
    flush(i)
    return regions


def _merge_split_tables(regions: list[Region]) -> list[Region]:
    """A table cut by a page break comes back as two tables, the second repeating the header
    (and maybe starting with the rest of the last row): make it one table again."""
    out: list[Region] = []
    for reg in regions:
        if reg.kind == "text" and not any(x.strip() for x in reg.lines) and out and out[-1].kind == "md_table":
            continue
        if reg.kind == "md_table" and out and out[-1].kind == "md_table" and reg.rows and out[-1].rows:
            if _row_key(reg.rows[0]) == _row_key(out[-1].rows[0]):
                out[-1].rows.extend(reg.rows[1:])
                continue
        out.append(reg)
    return out


def _row_key(row: list[list[str]]) -> list[str]:
    return [clean_line(strip_markup(" ".join(c))) for c in row]


def _html_table_rows(fragment: str) -> list[list[list[str]]]:
    """An HTML table left in converted text: rows of cells, each cell as its printed lines."""
    import lxml.html
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:
        return []
    table = root.find(".//table")
    if table is None:
        return []
    rows = []
    for tr in table.iter("tr"):
        cells = []
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            for br in td.iter("br"):
                br.tail = "\n" + (br.tail or "")
            for blk in td.iter("p", "div", "li"):
                blk.tail = "\n" + (blk.tail or "")
            text = td.text_content()
            bold = td.tag == "th" or td.find(".//b") is not None or td.find(".//strong") is not None
            lines = [x for x in text.split("\n")]
            if bold and len([x for x in lines if x.strip()]) == 1:
                lines = [f"**{x.strip()}**" if x.strip() else x for x in lines]
            cells.append(lines)
            try:
                span = int(td.get("colspan", "1"))
            except ValueError:
                span = 1
            cells.extend([[]] * (min(span, 50) - 1))
        if cells:
            rows.append(cells)
    return rows


def raw_wrap_width(lines: list[str]) -> float:
    """The converter's line width from raw line lengths (markup adds a few characters only)."""
    lengths = sorted(len(x.strip()) for x in lines if x.strip())
    if len(lengths) < 5:
        return 10_000.0
    return float(lengths[int(len(lengths) * 0.8)])


def _md_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", s)]


def read_text(data: bytes | str, source: str = "") -> Document:
    text = data if isinstance(data, str) else decode(data)
    return TextLayout(text, source).build()


class TextLayout:
    """Walks the regions of a converted text and emits lines and blocks."""

    def __init__(self, text: str, source: str = ""):
        self.lines = text.split("\n")
        self.b = DocumentBuilder(source, "txt")
        self.regions = _merge_split_tables(split_regions(self.lines))
        body = [ln for r in self.regions if r.kind == "text" for ln in r.lines]
        self.width = raw_wrap_width(body)
        self.table_index = 0
        self.seen_body = False
        self.last_table: tuple[int, list[str]] | None = None   # (index, header texts)
        self.warnings: list[str] = []
        self.last_row = -1

    def build(self) -> Document:
        for reg in self.regions:
            if reg.kind == "text":
                self._text(reg)
            elif reg.kind == "pipe_table":
                self._pipe_table(reg)
            else:
                if self._is_layout_md(reg):
                    self._pipe_table(reg, layout=True)
                else:
                    self._data_table(reg.rows, merge_with_previous=True)
        self._header_zone()
        doc = self.b.build()
        doc.warnings.extend(self.warnings)
        return doc

    # --- paragraphs -------------------------------------------------------------------------
    def _emit(self, paras: list[Paragraph], **hints):
        out = []
        for p in paras:
            blk = self.b.add_line(p.text, "paragraph", role=hints.get("role") or role_of(p), **{
                k: v for k, v in hints.items() if k != "role"})
            if blk is not None:
                if p.emphasised:
                    blk.bold = True
                out.append(blk)
        return out

    def _text(self, reg: Region):
        paras = paragraphs_from_raw(reg.lines, self.width, reg.src)
        if paras:
            self.last_table = None
        if sum(len(p.text) for p in paras) > 300:
            self.seen_body = True
        self._emit(paras)

    # --- tables -----------------------------------------------------------------------------
    def _cell_paras(self, cell: list[str]) -> list[Paragraph]:
        return paragraphs_from_raw(["" if _RULE.match(x) else x for x in cell], self.width)

    def _is_layout_md(self, reg: Region) -> bool:
        """A markdown table holding the header (organ | motto) or the Nơi nhận | signature block."""
        if max(len(r) for r in reg.rows) > 3:
            return False
        for row in reg.rows:
            for cell in row:
                for x in cell:
                    t = clean_line(strip_markup(x))
                    if role_of(Paragraph(t)) in ("motto", "number", "place_date", "recipients"):
                        return True
        return False

    def _pipe_table(self, reg: Region, layout: bool = False):
        ncols = max(len(r) for r in reg.rows)
        first = [clean_line(strip_markup(" ".join(c))) for c in reg.rows[0]]
        header_like = not self.seen_body and ncols <= 4 and any(
            role_of(Paragraph(clean_line(strip_markup(x)))) in ("motto", "place_date", "number")
            for row in reg.rows for cell in row for x in cell)
        if not layout and not header_like and ncols > 2 and all(len(c.split()) <= 8 for c in first) \
                and sum(1 for c in first if c) >= 2:
            self._data_table(reg.rows, merge_with_previous=False)
            return
        # not a data table (no header row): read it cell by cell like the layout tables
        paras_rows = [[self._cell_paras(c) for c in row] for row in reg.rows]
        r = rules()
        is_header = any(role_of(p) in ("motto", "place_date", "number")
                        for row in paras_rows for cell in row for p in cell) and not self.seen_body
        t = self.table_index
        self.table_index += 1
        for ri, row in enumerate(paras_rows):
            texts = [" ".join(p.text for p in cell) for cell in row]
            # "Kính gửi: | Chủ tịch ..." : a label cell and its value read as one line
            if len(row) == 2 and texts[0].endswith(":") and len(texts[0].split()) <= 3 and texts[1]:
                joined = Paragraph(clean_line(texts[0] + " " + texts[1]),
                                   [ln for p in row[0] + row[1] for ln in p.lines])
                self._emit([joined])
                continue
            for ci, cell in enumerate(row):
                blocks = self._emit(cell)
                if not blocks:
                    continue
                if is_header and ncols == 1:
                    # an empty middle column made the cells look like one column: go by content
                    right = any(role_of(p) in ("motto", "place_date") for p in cell)
                    kind = "header_right" if right else "header_left"
                elif is_header:
                    kind = "header_left" if ci == 0 or ci < len(row) - 1 else "header_right"
                else:
                    kind = "table_cell"
                role = None
                if not is_header:
                    role = "recipients" if r["_recipients"].match(cell[0].text) else (
                        "signature" if (ci == len(row) - 1 and ci > 0 and is_caps(cell[0].text))
                        or r["_competence"].match(cell[0].text) else None)
                    if role:
                        for blk in blocks:
                            if blk.role is None or role == "recipients":
                                blk.role = role
                self.b.add_block(kind, blocks[0].start, blocks[-1].end, table=t, row=ri, col=ci,
                                 role=role)
        self.last_table = None

    def _data_table(self, rows: list[list[list[str]]], merge_with_previous: bool):
        texts = [[clean_line(" ".join(p.text for p in self._cell_paras(c))) for c in row] for row in rows]
        if not texts:
            return
        header = texts[0]
        if merge_with_previous and self.last_table and self.last_table[1] == header:
            t = self.last_table[0]
            texts = texts[1:]
            row_index = self.last_row + 1
        else:
            t = self.table_index
            self.table_index += 1
            row_index = 0
        self.last_table = (t, header)
        is_header_row = True if row_index == 0 else False
        pending: list[str] | None = None

        def flush(cells: list[str], role: str | None):
            nonlocal row_index
            blk = self.b.add_row(cells, table=t, row=row_index, role=role)
            if blk is not None:
                if role == "table_header":
                    blk.bold = True
                row_index += 1

        for cells in texts:
            if is_header_row:
                is_header_row = False
                if all(len(c.split()) <= 8 for c in cells):
                    flush(cells, "table_header")
                    continue
            nonempty = [i for i, c in enumerate(cells) if c]
            if not nonempty:
                continue
            if len(nonempty) == 1 and len(cells) > 2 and is_group_label(cells[nonempty[0]], nonempty[0]):
                if pending:
                    flush(pending, None)
                    pending = None
                flush([c for c in cells if c][:1], "group")
                continue
            if not cells[0] and pending is not None:
                # a row split by a page break: its first column is empty
                pending = [f"{a} {b}".strip() for a, b in zip_longest(pending, cells)]
                continue
            if pending:
                flush(pending, None)
            pending = list(cells)
        if pending:
            flush(pending, None)
        self.last_row = row_index - 1

    # --- header zone of texts that lost their table ------------------------------------------
    def _header_zone(self):
        blocks = self.b.blocks
        if any(b.kind in ("header_left", "header_right") for b in blocks):
            return
        paras = [b for b in blocks if b.kind == "paragraph"][:14]
        last = -1
        for i, b in enumerate(paras):
            if b.role in ("motto", "place_date", "number") or (b.role == "subject" and last >= 0):
                last = i
        if last < 0:
            return
        for b in paras[:last + 1]:
            if b.role == "title":
                break
            kind = "header_right" if b.role in ("motto", "place_date") else "header_left"
            self.b.add_block(kind, b.start, b.end, role=b.role)


def zip_longest(a: list[str], b: list[str]):
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else "", b[i] if i < len(b) else "") for i in range(n)]


_GROUP = re.compile(r"^(?:[IVXLC]{1,6}[.)]|[A-ZĐ][.)]|Qu[ýí]\b|QU[ÝÍ]\b|Giai đoạn|GIAI ĐOẠN|Năm\s+\d{4}$|NĂM\s+\d{4})")


def is_group_label(text: str, col: int) -> bool:
    """A row holding only a section label ("QUÍ I/2019", "I. Kinh tế số") groups the rows below."""
    t = text.strip()
    if not t or _is_index(t) or t.startswith(("-", "+", "•")):
        return False
    return col == 0 or bool(_GROUP.match(t)) or (is_caps(t) and len(t.split()) <= 12)


def _is_index(s: str) -> bool:
    return bool(re.match(r"^[0-9IVXivx]{1,4}[.)]?$", s.strip()))


def role_of(p: Paragraph) -> str | None:
    r = rules()
    t = p.text
    if any(m.match(t) for m in r["_motto"]):
        return "motto"
    if r["_number"].match(t):
        return "number"
    if r["_place_date"].match(t):
        return "place_date"
    if r["_subject"].match(t):
        return "subject"
    if r["_recipients"].match(t):
        return "recipients"
    if t.rstrip(":").strip() in r["_titles"]:
        return "title"
    if r["_footnote"].match(t):
        return "footnote"
    if r["_received"].match(t):
        return "received"
    return None


def read_text_bytes(data: bytes, source: str = "", limits=None) -> Document:
    """Reader entry point used by `app.intake.read`."""
    from app.errors import UnreadableFile
    try:
        text = decode(data)
    except DecodeError as e:
        raise UnreadableFile("Không giải mã được tệp văn bản (không phải UTF-8 hay Windows-1258).",
                             code="bad_encoding") from e
    if "\x00" in text:
        raise UnreadableFile("Tệp văn bản chứa dữ liệu nhị phân; không đọc được.", code="corrupt_file")
    if limits is not None and len(text) > limits.max_text_chars:
        raise UnreadableFile(f"Văn bản quá dài ({len(text):,} ký tự; giới hạn {limits.max_text_chars:,}).",
                             code="too_large")
    text, converted = fix_text(text)
    doc = TextLayout(text, source).build()
    doc.format = "txt"
    if converted:
        mark_legacy(doc, converted)
    return doc
