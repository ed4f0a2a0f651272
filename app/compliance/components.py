"""Recognise the layout components (the decree's "ô") in a DocModel.

Works by text patterns plus position, whether the header is a 2-column table, text boxes
or plain paragraphs: Quốc hiệu / Tiêu ngữ / separators, cơ quan chủ quản and ban hành,
Số, địa danh-ngày, V/v, tên loại + trích yếu, Kính gửi, căn cứ, body, Nơi nhận + Lưu line,
signature block, page numbers, marks, address block, appendices. Rules read the result.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..nd30 import doc_types
from ..nd30.text import clean, is_upper, strip_diacritics
from .model import DocModel, HeaderFooter, Paragraph, Section

HEADER_SCAN = 40


def key(text: str) -> str:
    """Loose comparison key: no diacritics, lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]+", "", strip_diacritics(clean(text)).lower())


def lkey(text: str) -> str:
    """Like key() but keeps single spaces between words."""
    return re.sub(r"[^a-z0-9]+", " ", strip_diacritics(clean(text)).lower()).strip()


QH_KEY = key("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
TN_KEY = key("Độc lập - Tự do - Hạnh phúc")
PARTY_KEY = key("ĐẢNG CỘNG SẢN VIỆT NAM")
_SO = re.compile(r"^\s*(s[ốoóồ]|SỐ|No)\b\.?\s*[:：]?\s*(\S*\d|/\s*[A-ZĐ])", re.IGNORECASE)  # blank number: a draft
_DATE_WORDS = re.compile(r"ng[àa]y\b.*th[áa]ng\b.*n[ăa]m\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}")
_VV = re.compile(r"^\s*(v/v|v\.v|về việc)\b", re.IGNORECASE)
_KINH_GUI = re.compile(r"^\s*kính\s*gửi", re.IGNORECASE)
_CAN_CU = re.compile(r"^\s*(căn cứ|theo đề nghị|xét đề nghị|theo đề xuất)", re.IGNORECASE)
_OPERATIVE = re.compile(r"^[A-ZĐÀ-Ỹ ]+:$")          # "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:"
_NOI_NHAN = re.compile(r"^\s*n[ơo]i\s*nh[ậa]n\b", re.IGNORECASE)
_NOI_NHAN_LABEL = re.compile(r"^\s*n[ơo]i\s*nh[ậa]n\s*:?\s*$", re.IGNORECASE)
_LUU = re.compile(r"^\s*[-–—+•]?\s*l[ưu]u\b", re.IGNORECASE)
_AUTH_FORM = re.compile(r"^\s*(TM|KT|TL|TUQ|Q|T/M|K/T|T/L|T\.M|K\.T|T\.L|T\.U\.Q)[\s.]", re.IGNORECASE)
_ADDRESS = re.compile(r"(\bĐT\b|điện thoại|\bfax\b|e-?mail|website|địa chỉ:)", re.IGNORECASE)
_APX = re.compile(r"^\s*ph[ụu]\s*l[ụu]c\b", re.IGNORECASE)
URGENCY = {"khan": "KHẨN", "thuongkhan": "THƯỢNG KHẨN", "hoatoc": "HỎA TỐC"}
SECRECY = {"mat": "MẬT", "toimat": "TỐI MẬT", "tuyetmat": "TUYỆT MẬT"}
CIRCULATION = {"xemxongtralai": "XEM XONG TRẢ LẠI", "luuhanhnoibo": "LƯU HÀNH NỘI BỘ"}


@dataclass
class Appendix:
    section: int
    label: Paragraph | None
    title: list[Paragraph]
    link: list[Paragraph]
    paragraphs: list[Paragraph]


@dataclass
class PageNumber:
    section: Section
    part: HeaderFooter
    paragraph: Paragraph


@dataclass
class Layout:
    model: DocModel
    quoc_hieu: Paragraph | None = None
    tieu_ngu: Paragraph | None = None
    tieu_ngu_sep: Paragraph | None = None
    party_header: Paragraph | None = None
    chu_quan: list[Paragraph] = field(default_factory=list)
    ban_hanh: list[Paragraph] = field(default_factory=list)
    organ_sep: Paragraph | None = None
    so: Paragraph | None = None
    date: Paragraph | None = None
    vv: list[Paragraph] = field(default_factory=list)
    ten_loai: Paragraph | None = None
    doc_type: object = None           # nd30.doc_types.DocType
    trich_yeu: list[Paragraph] = field(default_factory=list)
    trich_yeu_sep: Paragraph | None = None
    kinh_gui: list[Paragraph] = field(default_factory=list)
    can_cu: list[Paragraph] = field(default_factory=list)
    body: list[Paragraph] = field(default_factory=list)
    noi_nhan: Paragraph | None = None
    noi_nhan_items: list[Paragraph] = field(default_factory=list)
    luu: Paragraph | None = None
    signature: list[Paragraph] = field(default_factory=list)   # visible lines of the block
    authority: list[Paragraph] = field(default_factory=list)   # caps lines (7a + titles)
    signer: Paragraph | None = None
    signature_images: int = 0
    page_numbers: list[PageNumber] = field(default_factory=list)
    marks: list[tuple[str, str, Paragraph]] = field(default_factory=list)   # (kind, value, p)
    address: list[Paragraph] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)
    standalone_appendix: tuple | None = None   # (label paragraph, "Kèm theo" text) when the file IS an appendix
    header_end: int = -1
    body_start: int = 0
    body_end: int = 0
    main_sections: set[int] = field(default_factory=set)

    @property
    def is_cong_van(self) -> bool:
        return self.ten_loai is None and bool(self.vv or self.kinh_gui)

    @property
    def kind(self) -> str | None:
        if self.doc_type is not None:
            return self.doc_type.slug
        return "cong_van" if self.vv or (self.so and self.ten_loai is None) else None


def _visible(ps):
    return [p for p in ps if p.stripped]


def _same_box(a: Paragraph, b: Paragraph) -> bool:
    ca, cb = a.cell, b.cell
    if ca is None or cb is None:
        return ca is cb and a.in_textbox == b.in_textbox
    return (ca.table, ca.row, ca.col) == (cb.table, cb.row, cb.col)


def following(paras: list[Paragraph], p: Paragraph, limit: int = 12):
    """The paragraphs after p in the same column block: the same cell, then the same column of
    the next rows of that table (tables with one row per line), other columns skipped."""
    n = 0
    c = p.cell
    for q in paras[p.index + 1:]:
        if n >= limit:
            return
        d = q.cell
        if c is None:
            if not _same_box(p, q):
                return
        else:
            if d is None or d.table != c.table:
                return
            if d.col != c.col or d.row < c.row:
                continue
        n += 1
        yield q


def _sep_after(paras: list[Paragraph], p: Paragraph) -> Paragraph | None:
    """The separator right under p: p's own bottom border/line, or the next non-empty paragraph
    in the same box if it is a rule."""
    if p.border_bottom or any(d.kind == "line" for d in p.drawings):
        return p
    for q in following(paras, p, limit=3):
        if q.is_separator or any(d.kind == "line" for d in q.drawings):
            return q        # a rule paragraph, or a line shape anchored in the next paragraph
        if q.stripped:
            return None
    return None


def recognise(model: DocModel) -> Layout:
    lay = Layout(model)
    paras = model.paragraphs
    n = len(paras)
    scan = [p for p in paras[:HEADER_SCAN * 2] if p.part == "body"]
    # --- ô 1 and the Party header
    for p in scan[:HEADER_SCAN]:
        if not p.stripped or len(p.stripped) > 60:
            continue
        k = key(p.text)
        if lay.quoc_hieu is None and QH_KEY in k and len(k) < len(QH_KEY) + 12:
            lay.quoc_hieu = p
        elif lay.tieu_ngu is None and ("doclap" in k and "hanhphuc" in k):
            lay.tieu_ngu = p
        elif lay.party_header is None and k.startswith(PARTY_KEY) and len(k) < len(PARTY_KEY) + 4:
            lay.party_header = p
    if lay.tieu_ngu is not None:
        lay.tieu_ngu_sep = _sep_after(paras, lay.tieu_ngu)
    # --- Số, date, V/v: in the header table when there is one, else near the top
    anchor = lay.quoc_hieu or lay.tieu_ngu or lay.party_header
    header_table = anchor.cell.table if anchor is not None and anchor.cell is not None else None
    for p in scan[:HEADER_SCAN]:
        t = p.stripped
        if not t:
            continue
        in_zone = (p.cell is not None and p.cell.table == header_table) if header_table is not None else \
            (anchor is None or p.index <= anchor.index + 8)
        if lay.so is None and _SO.match(t) and not _KINH_GUI.match(t):
            lay.so = p
            continue
        if lay.date is None and in_zone and p is not lay.quoc_hieu and not t.startswith("(") \
                and not t.endswith(")") and not re.match(r"^[^,:]{2,40}:\s", t) and \
                (_DATE_WORDS.search(t) or (_NUMERIC_DATE.search(t) and "," in t)) and \
                not _CAN_CU.match(t) and len(t) < 90 and not _SO.match(t):
            lay.date = p
    if lay.so is not None:
        c = lay.so.cell
        if c is not None:
            # same cell, or the same column of the next rows (header tables of 3–4 rows)
            nxt = [q for q in paras[lay.so.index + 1: lay.so.index + 12]
                   if q.cell is not None and q.cell.table == c.table and q.cell.col == c.col and q.cell.row >= c.row]
        else:
            nxt = paras[lay.so.index + 1: lay.so.index + 4]
        for p in nxt[:4]:
            if p.stripped and _VV.match(p.stripped) and (p.cell is None) == (c is None):
                lay.vv.append(p)
                # continuation lines of the V/v in the same cell
                for q in (following(paras, p, 3) if p.cell is not None else paras[p.index + 1: p.index + 4]):
                    if q.stripped and _same_box(q, p) and not q.is_separator and not _DATE_WORDS.search(q.stripped) \
                            and not is_upper(q.stripped):
                        lay.vv.append(q)
                    else:
                        break
                break
            if p.stripped:
                break
    _organ(lay, paras)
    header_parts = [p for p in (lay.quoc_hieu, lay.tieu_ngu, lay.tieu_ngu_sep, lay.so, lay.date,
                                lay.organ_sep, lay.party_header) if p] + lay.vv + lay.chu_quan + lay.ban_hanh
    end = max((p.index for p in header_parts), default=-1)
    if header_parts:
        tables = {p.cell.table for p in header_parts if p.cell}
        for p in paras[end + 1:]:
            if p.cell and p.cell.table in tables:
                end = p.index
            else:
                break
    lay.header_end = end
    # --- marks (stamps) near the top, any container
    for p in paras[: min(n, end + 12)]:
        if not p.stripped or len(p.stripped) > 30:
            continue
        k = key(p.text)
        for table, kind in ((URGENCY, "urgency"), (SECRECY, "secrecy"), (CIRCULATION, "circulation")):
            if k in table and len(p.stripped) < 25:
                lay.marks.append((kind, table[k], p))
    vis = [p for p in paras[:12] if p.stripped]
    if vis and _APX.match(vis[0].stripped) and len(vis[0].stripped) < 20:
        link = " ".join(p.stripped for p in vis[1:7] if p.stripped.startswith("(") or "Kèm theo" in p.stripped
                        or p.stripped.endswith(")"))
        lay.standalone_appendix = (vis[0], link)
    _title_and_pre_body(lay, paras)
    _closing(lay, paras)
    _body(lay, paras)
    _appendices(lay, paras)
    _page_numbers(lay)
    _address(lay, paras)
    return lay


def _organ(lay: Layout, paras: list[Paragraph]):
    cands: list[Paragraph] = []
    if lay.so is not None and lay.so.cell is not None:
        c = lay.so.cell
        # same cell, or the same column of the rows above (header tables of 2 rows)
        cands = [p for p in paras[max(0, lay.so.index - 10): lay.so.index]
                 if p.cell is not None and p.cell.table == c.table and p.cell.col == c.col and p.cell.row <= c.row]
    elif lay.so is not None:
        cands = paras[max(0, lay.so.index - 6): lay.so.index]
    elif lay.quoc_hieu is not None and lay.quoc_hieu.cell is not None:
        # no Số line found: the organ is in the other column of the Quốc hiệu's row, above any rule
        q = lay.quoc_hieu.cell
        cands = []
        for p in paras[max(0, lay.quoc_hieu.index - 12): lay.quoc_hieu.index + 12]:
            c = p.cell
            if c is None or c.table != q.table or c.row != q.row or c.col == q.col:
                continue
            if _SO.match(p.stripped) or _VV.match(p.stripped):
                break
            cands.append(p)
        if any(p.is_separator for p in cands):
            cands = cands[: next(i for i, p in enumerate(cands) if p.is_separator) + 1]
    cands = [p for p in cands if p.stripped and p not in (lay.quoc_hieu, lay.tieu_ngu, lay.date, lay.party_header)
             and lay.tieu_ngu_sep is not p]
    seps = [p for p in cands if p.is_separator]
    if seps:
        lay.organ_sep = seps[-1]
        cands = [p for p in cands if p.index < seps[-1].index]
    lines = [p for p in cands if not p.is_separator]
    if lines and lay.organ_sep is None:
        lay.organ_sep = _sep_after(paras, lines[-1])
    if not lines:
        return
    if len(lines) == 1:
        lay.ban_hanh = lines
        return
    bold = [p.bold for p in lines]
    if any(bold) and not all(bold):
        first_bold = bold.index(True)
        lay.chu_quan, lay.ban_hanh = lines[:first_bold], lines[first_bold:]
    else:
        lay.chu_quan, lay.ban_hanh = lines[:-1], lines[-1:]


def _title_and_pre_body(lay: Layout, paras: list[Paragraph]):
    i = lay.header_end + 1
    last_pre = lay.header_end
    n = len(paras)
    # tên loại: the first visible paragraph after the header that names a document type
    for p in paras[i: i + 8]:
        if not p.stripped or p.cell is not None and p.cell.table == 0 and lay.header_end >= 0:
            continue
        t = p.stripped
        dt = doc_types.by_name(t) if not t.endswith(":") and len(t) < 40 else None
        if dt is not None and dt.title_printed:
            lay.ten_loai, lay.doc_type = p, dt
            last_pre = p.index
            j = p.index + 1
            while j < n and len(lay.trich_yeu) < 4:
                q = paras[j]
                if q.is_separator or (q.border_bottom and q.stripped):
                    if q.stripped and not q.is_separator:
                        lay.trich_yeu.append(q)
                    lay.trich_yeu_sep = q
                    last_pre = j
                    break
                if not q.stripped:
                    if lay.trich_yeu:
                        break
                    j += 1
                    continue
                if _KINH_GUI.match(q.stripped) or _CAN_CU.match(q.stripped):
                    break
                lay.trich_yeu.append(q)
                last_pre = j
                j += 1
            if lay.trich_yeu and lay.trich_yeu_sep is None:
                lay.trich_yeu_sep = _sep_after(paras, lay.trich_yeu[-1])
                if lay.trich_yeu_sep is not None:
                    last_pre = max(last_pre, lay.trich_yeu_sep.index)
            break
        break
    # Kính gửi, căn cứ, operative line ("QUYẾT ĐỊNH:") before the body
    operative = False
    before_basis = last_pre
    j = last_pre + 1
    limit = min(n, j + 40)
    while j < limit:
        p = paras[j]
        t = p.stripped
        if p.cell is not None and _NOI_NHAN.match(t):
            break
        if _KINH_GUI.match(t):
            lay.kinh_gui.append(p)
            k = j + 1
            open_list = not re.sub(r"^\s*kính\s*gửi\s*:?", "", t, flags=re.IGNORECASE).strip()
            while k < n and paras[k].stripped and len(lay.kinh_gui) < 30:
                q = paras[k].stripped
                prev = lay.kinh_gui[-1].stripped
                listy = paras[k].first_line < 300 and paras[k].align != "both"
                if re.match(r"^[-–—+•]", q) or open_list or (prev.endswith(";") and listy):
                    lay.kinh_gui.append(paras[k])
                    open_list = False
                    k += 1
                else:
                    break
            last_pre = k - 1
            j = k
            continue
        if _CAN_CU.match(t):
            lay.can_cu.append(p)
            last_pre = j
        elif (_OPERATIVE.match(t) and doc_types.by_name(t[:-1]) is not None) or \
                (t.endswith(":") and p.align == "center" and p.cell is None and len(t) < 120):
            operative = True
            last_pre = j
        elif t and not lay.can_cu and lay.ten_loai is not None and is_upper(t) and p.align == "center" \
                and j - last_pre <= 3 and not re.match(r"^(CHƯƠNG|PHẦN|MỤC|[IVXLC]+\.)", t):
            last_pre = j       # issuing authority line of a decision ("GIÁM ĐỐC SỞ ...")
        elif t:
            break              # running text: the body has begun
        j += 1
    basis_types = {"nghi_quyet", "quyet_dinh", "chi_thi", "quy_che", "quy_dinh", "huong_dan"}
    if lay.can_cu and not operative and (lay.doc_type is None or lay.doc_type.slug not in basis_types):
        # "Căn cứ …" sentences of a tờ trình / công văn are running text, not a basis section
        first = lay.can_cu[0].index
        lay.can_cu = []
        last_pre = max([before_basis] + [p.index for p in lay.kinh_gui if p.index < first])
    lay.body_start = last_pre + 1


def _closing(lay: Layout, paras: list[Paragraph]):
    start = lay.body_start
    main_end = len(paras)
    for p in paras[start:]:
        if p.stripped and _NOI_NHAN_LABEL.match(p.stripped):
            lay.noi_nhan = p
            break
    if lay.noi_nhan is not None:
        nn = lay.noi_nhan
        for q in (following(paras, nn, 60) if nn.cell is not None else paras[nn.index + 1:]):
            if not q.stripped:
                if nn.cell is None and lay.noi_nhan_items:
                    break
                continue
            if nn.cell is None and not re.match(r"^[-–—+•*]|^\s*l[ưu]u\b", q.stripped, re.IGNORECASE):
                break
            lay.noi_nhan_items.append(q)
        for q in lay.noi_nhan_items:
            if _LUU.match(q.stripped):
                lay.luu = q
        # signature block: the other cells of that row
        if nn.cell is not None:
            c = nn.cell
            lay.signature = [p for p in paras if p.cell and p.cell.table == c.table and p.cell.row >= c.row
                             and p.cell.col != c.col]
    if not lay.signature and lay.noi_nhan is not None and lay.noi_nhan.cell is None:
        # biên bản style: signature table(s) right before a free-standing Nơi nhận
        prev = [p for p in paras[start: lay.noi_nhan.index] if p.cell is not None]
        if prev and prev[-1].cell.ncols >= 2:
            t = prev[-1].cell.table
            ncols = prev[-1].cell.ncols
            lay.signature = [p for p in prev if p.cell.table == t and p.cell.col == ncols - 1]
    if not lay.signature:
        # no closing table: caps / authority lines after the body
        region = paras[start: main_end]
        auth = [p for p in region if p.stripped and _AUTH_FORM.match(p.stripped) and len(p.stripped) < 80]
        if auth:
            a = auth[-1]
            lay.signature = [p for p in paras[a.index: a.index + 10] if p.section == a.section and
                             (not p.stripped or not _NOI_NHAN.match(p.stripped))
                             and p not in lay.noi_nhan_items and p is not lay.noi_nhan]
    if not lay.signature:
        lay.signature = _right_side_block(lay, paras, start)
    sig = _without_placeholders(_visible(lay.signature))
    lay.signature_images = sum(1 for p in lay.signature for d in p.drawings if d.kind == "image")
    if len(sig) == 1:
        lay.authority = sig
    elif sig:
        last = sig[-1]
        gap = any(not p.stripped for p in lay.signature if sig[-2].index < p.index < last.index)
        gap = gap or last.before >= 480
        if not is_upper(last.stripped) or gap or lay.signature_images:
            lay.signer, lay.authority = last, sig[:-1]
        else:
            lay.authority = sig   # no name under the titles


def _right_side(p: Paragraph) -> bool:
    return p.cell is None and (p.align in ("center", "right") or p.left >= 2500)


def _right_side_block(lay: Layout, paras: list[Paragraph], start: int) -> list[Paragraph]:
    """Signature typed as plain paragraphs: the caps lines centred (or indented) in the right
    half after the last running-text paragraph, down to the signer's name."""
    main = [p for p in paras[start:] if p.part == "body" and p.cell is None and not p.in_textbox
            and p.section == (paras[start].section if start < len(paras) else 0)]
    running = [p.index for p in main if p.stripped and (p.align in ("both", "distribute") or p.first_line > 0)]
    after = max(running, default=start - 1)
    skip = {id(p) for p in lay.noi_nhan_items} | ({id(lay.noi_nhan)} if lay.noi_nhan else set())
    block: list[Paragraph] = []
    for p in main:
        if p.index <= after or id(p) in skip:
            if block and id(p) in skip:
                break
            continue
        if not block:
            if p.stripped and _right_side(p) and is_upper(p.stripped) and len(p.stripped) < 80:
                block.append(p)
            continue
        if p.stripped and not _right_side(p):
            break
        block.append(p)
    while block and not block[-1].stripped:
        block.pop()
    return block


def _without_placeholders(ps: list[Paragraph]) -> list[Paragraph]:
    """Drop "(Đã ký)", "(Chữ ký, dấu)" and such parenthesised notes, even over several lines."""
    out, inside = [], False
    for p in ps:
        t = p.stripped
        if inside or t.startswith("("):
            inside = not t.endswith(")")
            continue
        out.append(p)
    return out


def _body(lay: Layout, paras: list[Paragraph]):
    closing_start = len(paras)
    first_closing = [p.index for p in ([lay.noi_nhan] if lay.noi_nhan else []) + lay.signature]
    if first_closing:
        closing_start = min(first_closing)
        # the closing table: stop at its first paragraph
        anchor = paras[closing_start]
        if anchor.cell is not None:
            closing_start = min(p.index for p in paras if p.cell and p.cell.table == anchor.cell.table)
    main_sections = {0}
    if closing_start < len(paras):
        main_sections = set(range(paras[closing_start].section + 1))
    lay.main_sections = main_sections
    lay.body_end = closing_start
    lay.body = [p for p in paras[lay.body_start: closing_start]
                if p.stripped and p.part == "body" and p.section in main_sections and not p.is_separator
                and p.cell is None        # data tables inside the body are not running text
                and p not in lay.can_cu and p not in lay.kinh_gui
                and not any(p is m[2] for m in lay.marks)]


def _appendices(lay: Layout, paras: list[Paragraph]):
    last_main = max(lay.main_sections) if lay.main_sections else 0
    by_section: dict[int, list[Paragraph]] = {}
    for p in paras[lay.body_end:]:
        if p.section > last_main:
            by_section.setdefault(p.section, []).append(p)
    for s, ps in sorted(by_section.items()):
        vis = _visible(ps)
        if not vis:
            continue
        label = vis[0] if _APX.match(vis[0].stripped) and len(vis[0].stripped) < 20 else None
        if label is None:
            continue
        title, link = [], []
        for p in vis[1:6]:
            if p.stripped.startswith("(") or link and not link[-1].stripped.endswith(")"):
                link.append(p)
            elif not link and is_upper(p.stripped) and not p.is_separator:
                title.append(p)
            else:
                break
        lay.appendices.append(Appendix(s, label, title, link, ps))


def _page_numbers(lay: Layout):
    seen = set()
    for s in lay.model.sections:
        for hf in list(s.headers.values()) + list(s.footers.values()):
            for p in hf.paragraphs:
                if "PAGE" in p.fields and (s.index, hf.name, p.index) not in seen:
                    seen.add((s.index, hf.name, p.index))
                    lay.page_numbers.append(PageNumber(s, hf, p))


def _address(lay: Layout, paras: list[Paragraph]):
    s0 = lay.model.sections[0] if lay.model.sections else None
    cands = []
    if s0 is not None:
        for kind in ("first", "default"):
            hf = s0.footers.get(kind)
            if hf is not None:
                cands += [p for p in hf.paragraphs if p.stripped and _ADDRESS.search(p.stripped)]
            if cands:
                break
    tail_start = max([lay.body_end] + [p.index + 1 for p in lay.signature])
    cands += [p for p in paras[tail_start:] if p.section in lay.main_sections and p.stripped
              and _ADDRESS.search(p.stripped) and len(p.stripped) < 200]
    lay.address = cands
