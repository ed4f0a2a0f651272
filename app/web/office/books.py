"""Sổ văn bản (registers of Phụ lục IV) and the report per unit with its chart, both exported to .xlsx."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from flask import (
    Response,
    abort,
    g,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select

from ...store.db import db_session
from ...store.models.incoming import Dispatch
from ...tracking import registers, reports
from ...tracking.tasks import STATE_LABELS
from . import bp
from .common import STATE_COLOURS, arg_date, arg_int, require, today, units_all, vn_date

BOOKS = {"incoming": "Sổ đăng ký văn bản đến", "tracking": "Sổ theo dõi giải quyết văn bản đến"}


def outgoing_available() -> bool:
    try:
        from ...store.models import outgoing  # noqa: F401
    except ImportError:
        return False
    return True


@bp.get("/registers")
def register_page():
    require("register.view")
    s = db_session()
    errors: dict = {}
    books = dict(BOOKS)
    if outgoing_available():
        books["outgoing"] = "Sổ đăng ký văn bản đi"
    book = request.args.get("book") or "incoming"
    if book not in books:
        book = "incoming"
    filters = {"year": arg_int("year"), "start": arg_date("start", errors, label="Từ ngày"),
               "end": arg_date("end", errors, label="Đến ngày"), "unit_id": arg_int("unit_id")}
    if book == "incoming":
        columns, rows = registers.INCOMING_COLUMNS, registers.incoming_rows(s, **filters)
    elif book == "tracking":
        columns, rows = registers.TRACKING_COLUMNS, registers.tracking_rows(s, today(), **filters)
    else:
        columns, rows = outgoing_rows(s, **filters)
    export = None
    if book in ("incoming", "tracking"):
        args = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in filters.items() if v}
        export = f"/api/v1/registers/{book}?" + urlencode({**args, "format": "xlsx"})
    else:
        export = url_for("office.outgoing_xlsx", **{k: (v.isoformat() if isinstance(v, date) else v)
                                                   for k, v in filters.items() if v})
    years = sorted({y for (y,) in s.execute(select(Dispatch.arrival_year).where(Dispatch.arrival_year.is_not(None))
                                               .distinct())} | {today().year}, reverse=True)
    return render_template("office/registers.html", books=books, book=book, columns=columns, rows=rows,
                           filters=filters, errors=errors, units=units_all(s), export=export, years=years)


def outgoing_rows(s, *, year=None, start=None, end=None, unit_id=None):
    """Sổ đăng ký văn bản đi: the drafting pipeline's OutgoingDocument rows, Phụ lục IV columns."""
    from ...store.models.outgoing import REGISTER_COLUMNS, OutgoingDocument

    q = select(OutgoingDocument).where(OutgoingDocument.number.is_not(None))
    if year:
        q = q.where(OutgoingDocument.year == year)
    if start:
        q = q.where(OutgoingDocument.issued_date >= start)
    if end:
        q = q.where(OutgoingDocument.issued_date <= end)
    rows = []
    for o in s.scalars(q.order_by(OutgoingDocument.year, OutgoingDocument.number)):
        r = o.register_row()
        rows.append(["" if r[k] is None else (vn_date(r[k]) if isinstance(r[k], date) else str(r[k]))
                     for k, _ in REGISTER_COLUMNS])
    return [title for _, title in REGISTER_COLUMNS], rows


@bp.get("/registers/outgoing.xlsx")
def outgoing_xlsx():
    require("register.view")
    errors: dict = {}
    filters = {"year": arg_int("year"), "start": arg_date("start", errors), "end": arg_date("end", errors),
               "unit_id": arg_int("unit_id")}
    if not outgoing_available():
        abort(404)
    columns, rows = outgoing_rows(db_session(), **filters)
    data = registers.to_xlsx("Sổ đăng ký văn bản đi", columns, rows)
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": "attachment; filename=so-van-ban-di.xlsx"})


def bar_chart(rows, width: int = 760) -> dict:
    """Geometry of a horizontal stacked bar chart (one bar per unit, one colour per state), drawn as inline SVG."""
    label_w, bar_h, gap, top = 220, 26, 12, 10
    max_total = max((r.total for r in rows), default=0) or 1
    scale = (width - label_w - 60) / max_total
    bars = []
    for i, r in enumerate(rows):
        y = top + i * (bar_h + gap)
        x = label_w
        parts = []
        for k in STATE_LABELS:
            n = r.counts[k]
            if n:
                parts.append({"x": x, "w": max(n * scale, 2), "n": n, "state": k, "colour": STATE_COLOURS[k]})
                x += n * scale
        bars.append({"y": y, "label": r.unit_name, "parts": parts, "total": r.total, "end": x})
    return {"width": width, "height": top + len(rows) * (bar_h + gap) + 10, "bar_h": bar_h, "label_w": label_w,
            "bars": bars}


@bp.get("/reports")
def report_page():
    require("report.view")
    s = db_session()
    errors: dict = {}
    start, end = arg_date("start", errors, label="Hạn từ ngày"), arg_date("end", errors, label="Hạn đến ngày")
    if start and end and start > end:
        errors["end"] = "Ngày kết thúc phải sau ngày bắt đầu."
    unit_id = arg_int("unit_id")
    rows = reports.unit_report(s, g.user, start=start, end=end, today=today(), unit_id=unit_id)
    totals = reports.totals(rows)
    args = {k: v for k, v in {"start": start and start.isoformat(), "end": end and end.isoformat(),
                              "unit_id": unit_id}.items() if v}
    return render_template("office/reports.html", rows=rows, totals=totals, chart=bar_chart(rows), errors=errors,
                           units=units_all(s), start=start, end=end, unit_id=unit_id, colours=STATE_COLOURS,
                           export="/api/v1/reports/units?" + urlencode({**args, "format": "xlsx"}),
                           grand_total=sum(totals.values()), presets=period_presets(today()))


def period_presets(day: date) -> list[tuple[str, date, date]]:
    """Usual reporting periods around `day`: this month, this quarter, the first half or the year."""
    import calendar

    month_end = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    q = (day.month - 1) // 3
    q_end_month = 3 * q + 3
    quarter = (date(day.year, 3 * q + 1, 1), date(day.year, q_end_month, calendar.monthrange(day.year, q_end_month)[1]))
    return [(f"Tháng {day.month}/{day.year}", day.replace(day=1), month_end),
            (f"Quý {'I II III IV'.split()[q]}/{day.year}", *quarter),
            (f"6 tháng đầu năm {day.year}", date(day.year, 1, 1), date(day.year, 6, 30)),
            (f"Năm {day.year}", date(day.year, 1, 1), date(day.year, 12, 31))]
