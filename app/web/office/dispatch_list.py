"""Văn bản đến: the list with filters and live progress, the upload (several files, drag and drop), retry."""
from __future__ import annotations

from flask import (
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import func, select

from ... import jobs
from ...errors import ValidationError
from ...store.db import db_session
from ...store.models.incoming import DISPATCH_STATES, Dispatch
from ...tracking import dispatches, search
from . import bp
from .common import PER_PAGE, arg_date, page_arg, require


@bp.get("/dispatches")
def dispatch_list():
    require("dispatch.view")
    s = db_session()
    errors: dict = {}
    q = select(Dispatch)
    status = request.args.get("status") or ""
    if status in DISPATCH_STATES:
        q = q.where(Dispatch.status == status)
    if (request.args.get("q") or "").strip():
        q = q.where(search.matches(Dispatch, request.args["q"]))
    start, end = arg_date("start", errors, label="Từ ngày"), arg_date("end", errors, label="Đến ngày")
    if start:
        q = q.where(Dispatch.arrival_date >= start)
    if end:
        q = q.where(Dispatch.arrival_date <= end)
    total = s.scalar(select(func.count()).select_from(q.subquery()))
    page = page_arg()
    rows = s.scalars(q.order_by(Dispatch.id.desc()).limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    counts = dict(s.execute(select(Dispatch.status, func.count()).group_by(Dispatch.status)).all())
    return render_template("office/dispatches.html", rows=rows, total=total, page=page, per_page=PER_PAGE,
                           errors=errors, counts=counts, status=status)


@bp.post("/dispatches/upload")
def dispatch_upload():
    require("dispatch.upload")
    files = [f for f in request.files.getlist("file") if f and f.filename]
    if not files:
        flash("Chưa chọn tệp nào để tải lên.", "error")
        return redirect(url_for("office.dispatch_list"))
    s = db_session()
    created = []
    for f in files:
        try:
            created.append(dispatches.receive(s, g.user, f.filename, f.read(), current_app.config["STORAGE_DIR"]))
        except ValidationError as e:
            flash(f"{f.filename}: {e.message}", "error")
    s.commit()
    for d in created:
        jobs.submit(current_app.config, "process_dispatch", d.id)
    if created:
        flash(f"Đã tải lên {len(created)} tệp; hệ thống đang đọc và trích xuất.", "success")
    return redirect(url_for("office.dispatch_list"))


@bp.post("/dispatches/<int:dispatch_id>/retry")
def dispatch_retry(dispatch_id):
    require("dispatch.upload")
    s = db_session()
    d = dispatches.get_dispatch(s, g.user, dispatch_id)
    if d.status not in ("failed", "review", "uploaded"):
        flash("Chỉ xử lý lại được văn bản lỗi hoặc chưa vào sổ.", "error")
        return redirect(url_for("office.dispatch_view", dispatch_id=d.id))
    d.status, d.error = "uploaded", None
    s.commit()
    jobs.submit(current_app.config, "process_dispatch", d.id)
    flash("Đã gửi lại văn bản để xử lý.", "success")
    from ..auth import _safe_next

    nxt = request.form.get("next")
    return redirect(_safe_next(nxt) if nxt else url_for("office.dispatch_list"))
