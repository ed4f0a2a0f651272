"""Registers of Phụ lục IV: sổ đăng ký văn bản đến, sổ theo dõi giải quyết văn bản đến, and the
report rows, exported to .xlsx with the decree's column titles."""
from __future__ import annotations

import io
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models.directory import Unit, User
from ..store.models.incoming import Dispatch

INCOMING_COLUMNS = ["Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu văn bản", "Ngày tháng văn bản",
                    "Tên loại và trích yếu nội dung văn bản", "Đơn vị hoặc người nhận", "Ngày chuyển",
                    "Ký nhận", "Ghi chú"]
TRACKING_COLUMNS = ["Số đến", "Tên loại, số, ký hiệu, ngày, tháng và tên cơ quan, tổ chức ban hành văn bản",
                    "Đơn vị hoặc người nhận", "Thời hạn giải quyết", "Tiến độ giải quyết",
                    "Số, ký hiệu văn bản trả lời", "Ghi chú"]


def vn_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        parts = value.split("-")
        return "/".join(reversed(parts))
    return value.strftime("%d/%m/%Y")


def type_and_subject(d: Dispatch) -> str:
    from ..nd30.doc_types import by_slug

    t = by_slug(d.document_type) if d.document_type else None
    name = t.short_name if t else "Văn bản"
    return f"{name}: {d.subject}" if d.subject else name


def incoming_query(*, year: int | None = None, start: date | None = None, end: date | None = None,
                   unit_id: int | None = None):
    q = select(Dispatch).where(Dispatch.status == "registered")
    if year:
        q = q.where(Dispatch.arrival_year == year)
    if start:
        q = q.where(Dispatch.arrival_date >= start)
    if end:
        q = q.where(Dispatch.arrival_date <= end)
    if unit_id:
        q = q.where(Dispatch.recipient_unit_id == unit_id)
    return q.order_by(Dispatch.arrival_year, Dispatch.arrival_number)


def incoming_rows(s: Session, **filters) -> list[list[str]]:
    units = {u.id: u.name for u in s.scalars(select(Unit))}
    rows = []
    for d in s.scalars(incoming_query(**filters)):
        rows.append([vn_date(d.arrival_date), str(d.arrival_number or ""), d.organ_name or "",
                     d.code_text or "", vn_date(d.promulgation_date), type_and_subject(d),
                     units.get(d.recipient_unit_id, ""), vn_date(d.handed_over_on), "", d.note or ""])
    return rows


def tracking_rows(s: Session, today: date, **filters) -> list[list[str]]:
    """Sổ theo dõi giải quyết văn bản đến: one row per registered dispatch, progress from its tasks."""
    units = {u.id: u.name for u in s.scalars(select(Unit))}
    rows = []
    for d in s.scalars(incoming_query(**filters)):
        done = sum(1 for t in d.tasks if t.status == "done")
        due = d.due_date or max((t.due_date for t in d.tasks if t.due_date), default=None)
        progress = f"{done}/{len(d.tasks)} nhiệm vụ hoàn thành" if d.tasks else "Không có nhiệm vụ"
        overdue = [t for t in d.tasks if t.status != "done" and t.due_date and t.due_date < today]
        if overdue:
            progress += f"; {len(overdue)} quá hạn"
        replies = sorted({t.reply_code for t in d.tasks if t.reply_code} | ({d.reply_code} if d.reply_code else set()))
        desc = ", ".join(filter(None, [type_and_subject(d).split(":")[0], f"số {d.code_text}" if d.code_text else "",
                                       f"ngày {vn_date(d.promulgation_date)}" if d.promulgation_date else "",
                                       d.organ_name or ""]))
        rows.append([str(d.arrival_number or ""), desc, units.get(d.recipient_unit_id, ""), vn_date(due),
                     progress, "; ".join(replies), d.note or ""])
    return rows


def to_xlsx(title: str, columns: list[str], rows: list[list], *, organ: str = "", period: str = "") -> bytes:
    """An .xlsx register: the cover lines of Phụ lục IV, a bold header row, wrapped cells, A4 landscape."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    font = "Times New Roman"
    ws.append([organ])
    ws.append([title.upper()])
    ws.append([period])
    ws.append([])
    ws["A1"].font = Font(name=font, size=12, bold=True)
    ws["A2"].font = Font(name=font, size=14, bold=True)
    ws["A3"].font = Font(name=font, size=12, italic=True)
    ws.append(columns)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for c in ws[5]:
        c.font = Font(name=font, size=11, bold=True)
        c.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        c.border = border
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=6, max_row=ws.max_row):
        for c in row:
            c.font = Font(name=font, size=11)
            c.alignment = Alignment(wrap_text=True, vertical="top")
            c.border = border
    widths = {len(columns): 14}
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 40 if ("trích yếu" in col or "Tên loại" in col) else widths.get(i, 16)
    ws.freeze_panes = "A6"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = "5:5"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def user_names(s: Session) -> dict[int, str]:
    return {u.id: u.full_name for u in s.scalars(select(User))}
