"""PDF → `Document`: the text layer with pdfplumber (MIT), scanned pages through OCR.

pypdfium2 (Apache/BSD) opens the file first: it refuses encrypted files and counts pages
cheaply, so a PDF with thousands of pages is refused before any page is read. Pages without
a text layer are rendered at 300 dpi and OCR'd (`ocr`). Ruled tables become table rows;
two-column bands (the header, Nơi nhận / signature) are read column by column.
"""
from __future__ import annotations

import re
from io import BytesIO

from app.errors import Unavailable, UnreadableFile

from .builder import DocumentBuilder, clean_line
from .columns import VLine, Word, emit, header_zone, layout, visual_lines
from .document import Document
from .legacy_encoding import from_tcvn3, from_vni, looks_tcvn3, looks_vni
from .limits import Limits
from .ocr import OCR_DPI, Fixer, check_available, ocr_image, ocr_metadata, page_items
from .text_reader import is_group_label, role_of

MIN_TEXT_CHARS = 25          # fewer characters than this on a page: treat it as scanned
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?$", re.I)


def open_pdfium(data: bytes, limits: Limits):
    import pypdfium2 as pdfium
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e).lower()
        if "password" in msg or "security" in msg:
            raise UnreadableFile("Tệp PDF được bảo vệ bằng mật khẩu (mã hóa); vui lòng gỡ mật khẩu rồi tải lên lại.",
                                 code="encrypted_file") from e
        raise UnreadableFile("Tệp PDF bị hỏng hoặc không đúng định dạng; không đọc được.", code="corrupt_file") from e
    n = len(pdf)
    if n == 0:
        pdf.close()
        raise UnreadableFile("Tệp PDF không có trang nào.", code="empty_file")
    if n > limits.max_pdf_pages:
        pdf.close()
        raise UnreadableFile(
            f"Tệp PDF có {n} trang, vượt giới hạn {limits.max_pdf_pages} trang; từ chối xử lý.",
            code="too_many_pages", details={"pages": n, "limit": limits.max_pdf_pages})
    return pdf


def read_pdf(data: bytes, source: str = "", limits: Limits | None = None) -> Document:
    import pdfplumber
    limits = limits or Limits.from_env()
    pdf = open_pdfium(data, limits)
    b = DocumentBuilder(source, "pdf")
    items: list = []
    ocr_pages = []
    warnings: list[str] = []
    try:
        with pdfplumber.open(BytesIO(data)) as plumb:
            npages = len(plumb.pages)
            for i, page in enumerate(plumb.pages):
                words = _words(page)
                chars = sum(len(w.text) for w in words)
                if chars < MIN_TEXT_CHARS:
                    if len(ocr_pages) >= limits.max_ocr_pages:
                        raise UnreadableFile(
                            f"Tệp PDF có quá nhiều trang scan (hơn {limits.max_ocr_pages}) để nhận dạng chữ.",
                            code="too_many_pages")
                    try:
                        check_available()
                    except Unavailable:
                        if i == npages - 1 and not items and not ocr_pages:
                            raise
                        warnings.append(f"Trang {i + 1} là ảnh scan nhưng máy chưa cài OCR; bỏ qua trang này.")
                        continue
                    img = pdf[i].render(scale=OCR_DPI / 72).to_pil()
                    op = ocr_image(img, limits)
                    ocr_pages.append(op)
                    items += page_items(op, i + 1, i == 0)
                    continue
                items += _page_items(page, words, i + 1, i == 0)
    except UnreadableFile:
        raise
    except Unavailable:
        raise
    except Exception as e:
        msg = str(e).lower()
        if "password" in msg or "encrypt" in msg:
            raise UnreadableFile("Tệp PDF được bảo vệ bằng mật khẩu (mã hóa); vui lòng gỡ mật khẩu rồi tải lên lại.",
                                 code="encrypted_file") from e
        raise UnreadableFile("Tệp PDF bị hỏng; không đọc được.", code="corrupt_file",
                             details={"reason": type(e).__name__}) from e
    finally:
        pdf.close()
    items = merge_split_tables(items)
    fixer = Fixer()
    emit(b, items, kind="paragraph", fixer=fixer, role_of=role_of)
    doc = b.build(pages=npages)
    doc.format = "pdf"
    doc.warnings.extend(warnings)
    if ocr_pages:
        doc.metadata["ocr"] = ocr_metadata(ocr_pages, fixer.changed)
        doc.metadata["ocr"]["scanned_pages"] = len(ocr_pages)
        if len(ocr_pages) == npages:
            doc.format = "ocr"
    return doc


def _words(page) -> list[Word]:
    try:
        raw = page.extract_words(extra_attrs=["fontname"], keep_blank_chars=False, use_text_flow=False)
    except Exception:
        return []
    out = []
    page_text = " ".join(w["text"] for w in raw)
    tcvn3 = looks_tcvn3(page_text)
    vni = not tcvn3 and looks_vni(page_text)      # per word is safe: no VNI sequence spans a space
    for w in raw:
        text = clean_line(from_tcvn3(w["text"]) if tcvn3 else from_vni(w["text"]) if vni else w["text"])
        if text:
            font = (w.get("fontname") or "").lower()
            out.append(Word(text, w["x0"], w["x1"], w["top"], w["bottom"],
                            ("bold" in font or font.endswith((",b", "-b", "bd")))))
    return out


def _page_items(page, words: list[Word], page_no: int, first_page: bool) -> list:
    """Lines, zones and ruled tables of one page in top-to-bottom order."""
    tables = []
    try:
        found = page.find_tables()
    except Exception:
        found = []
    for t in found:
        rows = t.extract()
        if rows and len(rows) >= 2 and max(len(r) for r in rows) >= 3:
            tables.append((t.bbox, rows))
    def inside(w: Word) -> bool:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        return any(x0 <= cx <= x1 and top <= cy <= bottom for (x0, top, x1, bottom), _ in tables)
    flow = [w for w in words if not inside(w)]
    zone = None
    if first_page:
        zone, flow = header_zone(flow, float(page.height), page=page_no)
    lines = [v for v in visual_lines(flow, page=page_no) if not _PAGE_NUMBER.match(v.text.strip())
             or (v.top > page.height * 0.12 and v.bottom < page.height * 0.9)]
    x0 = min((w.x0 for w in words), default=0.0)
    x1 = max((w.x1 for w in words), default=float(page.width))
    items: list = [zone] if zone else []
    remaining = sorted(tables, key=lambda t: t[0][1])
    chunk: list[VLine] = []
    first = first_page and zone is None
    for v in lines:
        while remaining and remaining[0][0][1] < v.top:
            if chunk:
                items += layout(chunk, x0, x1, first)
                first = False
                chunk = []
            items.append(_TableItem(remaining.pop(0)[1], page_no))
        chunk.append(v)
    if chunk:
        items += layout(chunk, x0, x1, first)
    for t in remaining:
        items.append(_TableItem(t[1], page_no))
    return items


def merge_split_tables(items: list) -> list:
    """A ruled table that runs over a page break comes back as two tables (the second maybe
    repeating the header, maybe starting with the rest of the cut row): make it one."""
    out: list = []
    for it in items:
        prev = out[-1] if out else None
        if isinstance(it, _TableItem) and isinstance(prev, _TableItem) and it.ncols == prev.ncols:
            rows = it.rows
            if _norm(rows[0]) == _norm(prev.rows[0]):
                rows = rows[1:]                       # the header printed again
            if rows and not (rows[0][0] or "").strip() and len(prev.rows) > 1:
                prev.rows[-1] = [f"{a or ''} {b or ''}".strip() for a, b in zip(prev.rows[-1], rows[0], strict=False)]
                rows = rows[1:]                       # the rest of the row cut by the page break
            prev.rows.extend(rows)
            continue
        out.append(it)
    return out


def _norm(row: list) -> list[str]:
    return [clean_line((c or "").replace("\n", " ")) for c in row]


class _TableItem:
    """A ruled table, written as one line per row when `columns.emit` reaches it."""

    counter = 0

    def __init__(self, rows: list[list[str | None]], page: int):
        self.rows = [list(r) for r in rows]
        self.page = page
        self.ncols = max(len(r) for r in rows)

    def __call__(self, b: DocumentBuilder) -> None:
        t = sum(1 for x in b.blocks if x.kind == "table_row" and x.row == 0)
        ncols = max(len(r) for r in self.rows)
        for ri, row in enumerate(self.rows):
            cells = [clean_line((c or "").replace("\n", " ")) for c in row] + [""] * (ncols - len(row))
            nonempty = [c for c in cells if c]
            role = "table_header" if ri == 0 else None
            if ri and len(nonempty) == 1 and ncols > 2 and \
                    is_group_label(nonempty[0], next(i for i, c in enumerate(cells) if c)):
                role, cells = "group", [nonempty[0]]
            blk = b.add_row(cells, table=t, row=ri, role=role, page=self.page)
            if blk is not None and role == "table_header":
                blk.bold = True
