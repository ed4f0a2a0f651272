"""Positioned words (a PDF text layer or OCR output) → lines in reading order.

A printed dispatch puts two columns side by side at the top (organ and số/ký hiệu on the left,
the national motto and place/date on the right) and at the foot (Nơi nhận on the left, the
signature on the right). Words are grouped into visual lines, lines are cut where a wide gap
separates columns, and a run of such two-column lines is read column by column.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from .builder import DocumentBuilder, clean_line
from .paragraphs import Line, Paragraph, continues, is_caps, join_texts, rules, wrap_width


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool | None = None


@dataclass
class Segment:
    text: str
    x0: float
    x1: float
    bold: bool | None = None
    ocr: bool = False
    fill: float = 0.0           # share of its column's width (a wrapped header line fills it)


@dataclass
class VLine:
    segments: list[Segment]
    top: float
    bottom: float
    page: int = 1
    ocr: bool = False

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)


def visual_lines(words: list[Word], gap_factor: float = 2.2, page: int = 1, ocr: bool = False) -> list[VLine]:
    """Cluster words into lines by vertical overlap, then cut each line at wide gaps."""
    words = [w for w in words if w.text.strip()]
    if not words:
        return []
    heights = [w.bottom - w.top for w in words if w.bottom > w.top]
    h = statistics.median(heights) if heights else 10.0
    words.sort(key=lambda w: (w.top, w.x0))
    rows: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    for w in words:
        mid = (w.top + w.bottom) / 2
        for i in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            top, bottom = bands[i]
            if top - 0.15 * h <= mid <= bottom + 0.15 * h:
                rows[i].append(w)
                break
        else:
            rows.append([w])
            bands.append((w.top, w.bottom))
    out = []
    for row, (top, bottom) in zip(rows, bands, strict=True):
        row.sort(key=lambda w: w.x0)
        segs: list[list[Word]] = [[row[0]]]
        for w in row[1:]:
            if w.x0 - segs[-1][-1].x1 > gap_factor * h:
                segs.append([w])
            else:
                segs[-1].append(w)
        segments = [_segment(s) for s in segs]
        for sg in segments:
            sg.ocr = ocr
        out.append(VLine(segments, top, bottom, page, ocr))
    out.sort(key=lambda v: v.top)
    return out


def _segment(ws: list[Word]) -> Segment:
    bolds = [w.bold for w in ws if w.bold is not None]
    return Segment(" ".join(w.text for w in ws), ws[0].x0, ws[-1].x1,
                   (sum(bolds) / len(bolds) >= 0.9) if bolds else None)


@dataclass
class Zone:
    """Consecutive lines read as two columns."""

    left: list[Segment] = field(default_factory=list)
    right: list[Segment] = field(default_factory=list)
    header: bool = False
    page: int = 1


def layout(lines: list[VLine], page_x0: float, page_x1: float, first_page: bool) -> list:
    """Items in reading order: VLine (full width) or Zone (two columns)."""
    width = max(page_x1 - page_x0, 1.0)
    mid = page_x0 + width * 0.5

    def two_col(v: VLine) -> bool:
        return len(v.segments) == 2 and any(s.x0 >= page_x0 + 0.38 * width for s in v.segments[1:]) \
            and v.segments[0].x1 <= page_x0 + 0.62 * width

    def one_side(v: VLine) -> bool:
        return v.x1 <= mid + 0.05 * width or v.x0 >= mid - 0.12 * width

    items: list = []
    i = 0
    seen_full = False
    while i < len(lines):
        v = lines[i]
        if len(v.segments) >= 3:
            # three or more blocks of words on one line: a table without rules (a scanned task table)
            if items and isinstance(items[-1], RowsItem):
                items[-1].add(v)
            else:
                items.append(RowsItem(v))
            seen_full = True
            i += 1
            continue
        if two_col(v):
            j = i
            while j < len(lines) and (two_col(lines[j]) or one_side(lines[j])):
                if not two_col(lines[j]) and j > i:
                    prev = lines[j - 1]
                    gap = lines[j].top - prev.bottom
                    h = max(prev.bottom - prev.top, 1.0)
                    right_side = lines[j].x0 >= mid - 0.12 * width
                    if gap > (6.0 if right_side else 1.6) * h:
                        break           # a one-sided line after a blank band: body, not the zone
                j += 1
            # one-sided lines just before a two-column run at the top (e.g. the organ's first line)
            start = i
            if not seen_full:
                while items and isinstance(items[-1], VLine) and one_side(items[-1]):
                    items.pop()
                    start -= 1
            z = Zone(header=first_page and not seen_full, page=v.page)
            for k in range(start, j):
                for s in lines[k].segments:
                    split = page_x0 + 0.42 * width
                    (z.right if s.x0 >= split else z.left).append(s)
            items.append(z)
            i = j
            continue
        if not one_side(v):
            seen_full = True
        items.append(v)
        i += 1
    return items


def emit(b: DocumentBuilder, items: list, kind: str = "paragraph", fixer=None, role_of=None) -> None:
    """Write items to the builder: body lines joined into paragraphs (across pages too),
    zones column by column. `fixer` post-checks OCR'd lines."""
    body: list[VLine] = []

    def fix(t: str, ocr: bool) -> str:
        t = clean_line(t)
        return fixer(t) if (fixer and ocr) else t

    def flush_body():
        if not body:
            return
        texts = [fix(v.text, v.ocr) for v in body]
        _emit_joined(b, texts, [_bold(v.segments) for v in body], kind, [v.page for v in body], role_of)
        body.clear()

    for it in items:
        if isinstance(it, VLine):
            body.append(it)
            continue
        flush_body()
        if isinstance(it, RowsItem):
            it(b, fixer)
            continue
        if callable(it):            # a table or other pre-rendered item
            it(b)
            continue
        for col, segs in ((0, it.left), (1, it.right)):
            if not segs:
                continue
            texts = [fix(s.text, s.ocr) for s in segs]
            blocks = _emit_joined(b, texts, [s.bold for s in segs], kind, [it.page] * len(segs), role_of,
                                  cell=True, fills=[s.fill for s in segs])
            if not blocks:
                continue
            if it.header:
                ck = "header_left" if col == 0 else "header_right"
                role = None
            else:
                ck = "table_cell"
                first = b.text[blocks[0].start:blocks[0].end]
                role = "recipients" if rules()["_recipients"].match(first) else ("signature" if col == 1 else None)
                if role:
                    for x in blocks:
                        if x.role is None or role == "recipients":
                            x.role = role
            b.add_block(ck, blocks[0].start, blocks[-1].end, page=it.page, col=col, role=role)
    flush_body()


class RowsItem:
    """Lines cut in three or more columns, written as table rows (cells by column position)
    when `emit` reaches them."""

    def __init__(self, first: VLine):
        self.lines = [first]
        self.page = first.page

    def add(self, v: VLine) -> None:
        self.lines.append(v)

    def __call__(self, b: DocumentBuilder, fixer=None) -> None:
        # column starts: the x0 of the segments of the line with the most segments
        ref = max(self.lines, key=lambda v: len(v.segments))
        starts = [s.x0 for s in ref.segments]
        t = sum(1 for x in b.blocks if x.kind == "table_row" and x.row == 0)
        for ri, v in enumerate(self.lines):
            cells = [""] * len(starts)
            for sg in v.segments:
                col = max([k for k, x0 in enumerate(starts) if x0 <= sg.x0 + 5] or [0])
                text = clean_line(sg.text)
                if fixer and sg.ocr:
                    text = fixer(text)
                cells[col] = f"{cells[col]} {text}".strip()
            b.add_row(cells, table=t, row=ri, page=v.page)


def header_zone(words: list[Word], page_height: float, ocr: bool = False, page: int = 1):
    """The header band of a first page, split at the national motto's left edge (the two
    header cells often sit too close for a gap to show). Returns (Zone or None, other words)."""
    import re
    lines = visual_lines(words, page=page, ocr=ocr)
    motto = None
    for v in lines:
        if v.top > page_height * 0.4:
            break
        t = v.text.upper()
        if re.search(r"C[ỘO]NG\s+H[OÒ][AÀ]|ĐẢNG\s+C[ỘO]NG\s+SẢN", t):
            motto = v
            break
    if motto is None:
        return None, words
    mw = [w for w in words if motto.top - 2 <= (w.top + w.bottom) / 2 <= motto.bottom + 2]
    mw.sort(key=lambda w: w.x0)
    start = next((i for i, w in enumerate(mw) if w.text.upper().startswith(("CỘNG", "CONG", "ĐẢNG"))
                  and i + 1 < len(mw)), None)
    if start is None or start == 0 and not any(w.x1 < mw[0].x0 for w in words):
        return None, words
    h = max(motto.bottom - motto.top, 1.0)
    split_x = mw[start].x0 - 0.6 * h        # centred lines below may start a little to the left
    band_end = motto.bottom + 4 * h
    for v in lines:
        if v.top < motto.top or v.top > page_height * 0.45:
            continue
        right = " ".join(s.text for s in v.segments if s.x0 >= split_x - 2)
        if re.search(r"ngày\b.*\btháng\b.*\bnăm\b", right):
            band_end = v.bottom + 1.6 * h
            break
    band = [w for w in words if w.bottom <= band_end]
    rest = [w for w in words if w.bottom > band_end]
    left_lines = visual_lines([w for w in band if w.x0 < split_x], page=page, ocr=ocr)
    right_lines = visual_lines([w for w in band if w.x0 >= split_x], page=page, ocr=ocr)
    if not left_lines or not right_lines:
        return None, words
    z = Zone(header=True, page=page)
    col_width = max(split_x - min(v.x0 for v in left_lines), 1.0)     # the left header cell
    for v in left_lines:
        seg = Segment(v.text, v.x0, v.x1, _bold(v.segments), ocr)
        seg.fill = (v.x1 - v.x0) / col_width
        z.left.append(seg)
    for v in right_lines:
        z.right.append(Segment(v.text, v.x0, v.x1, _bold(v.segments), ocr))
    return z, rest


def _bold(segs: list[Segment]) -> bool | None:
    vals = [s.bold for s in segs if s.bold is not None]
    return all(vals) if vals else None


def _emit_joined(b, texts, bolds, kind, pages, role_of, cell=False, fills=None):
    fills = fills or [0.0] * len(texts)
    heads = rules()["organ_heads"]
    items = []
    for i, (t, bo, pg) in enumerate(zip(texts, bolds, pages, strict=False)):
        if not t:
            continue
        ln = Line(t, t)
        nxt = next((x for x in texts[i + 1:] if x), "")
        # a capitalised header line that fills its column was wrapped ("... HUYỆN ĐAN" / "PHƯỢNG")
        if fills[i] >= 0.85 and is_caps(t) and is_caps(nxt) and not nxt.startswith(tuple(heads)):
            ln.bold_open = True
        items.append((ln, bo, pg))
    if not items:
        return []
    lines = [x[0] for x in items]
    width = wrap_width(lines) if not cell else 10_000
    groups: list[list[int]] = []
    for i, ln in enumerate(lines):
        prev_bold = items[groups[-1][-1]][1] if groups else None
        bold_to_plain = prev_bold is True and items[i][1] is False     # a bold heading, then its text
        if groups and continues(lines[groups[-1][-1]], ln, width) and not bold_to_plain:
            groups[-1].append(i)
        else:
            groups.append([i])
    out = []
    for g in groups:
        text = join_texts([lines[i].text for i in g])
        bold_vals = [items[i][1] for i in g if items[i][1] is not None]
        blk = b.add_line(text, kind, page=items[g[0]][2], bold=(all(bold_vals) if bold_vals else None),
                         role=role_of(Paragraph(text)) if role_of else None)
        if blk is not None:
            out.append(blk)
    return out
