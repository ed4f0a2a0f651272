"""Nhiệm vụ: list with filters, sorting and urgency; a task with its source, progress, extension, completion."""
from __future__ import annotations

from datetime import timedelta

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select

from ...errors import ValidationError
from ...store.db import db_session
from ...store.models.directory import User
from ...store.models.incoming import TASK_STATES, Dispatch, Task
from ...tracking import permissions, tasks
from ...tracking.tasks import TaskFilter
from . import bp
from .common import (
    PER_PAGE,
    SORT_LABELS,
    arg_date,
    arg_int,
    field_errors,
    form_date,
    page_arg,
    require,
    task_view,
    today,
    units_all,
    users_all,
)


@bp.get("/tasks")
def task_list():
    require("task.view")
    s = db_session()
    errors: dict = {}
    status = request.args.get("status") or ""
    if status and status not in TASK_STATES and status != "open":
        errors["status"] = "Trạng thái không hợp lệ."
        status = ""
    sort = request.args.get("sort") or "due_date"
    if sort not in SORT_LABELS:
        sort = "due_date"
    f = TaskFilter(unit_id=arg_int("unit_id"), owner_id=arg_int("owner_id"), status=status or None,
                   due_from=arg_date("due_from", errors, label="Hạn từ ngày"),
                   due_to=arg_date("due_to", errors, label="Hạn đến ngày"),
                   dispatch_id=arg_int("dispatch_id"), overdue=request.args.get("overdue") == "1",
                   q=(request.args.get("q") or "").strip() or None, sort=sort)
    urgency_filter = request.args.get("urgency") or ""
    if urgency_filter == "due_soon":
        f.status = f.status or "open"
        f.due_from = f.due_from or today()
        f.due_to = f.due_to or today() + timedelta(days=current_app.config.get("REMINDER_DAYS", 3))
    page = page_arg()
    rows, total = tasks.list_tasks(s, g.user, f, today=today(), page=page, per_page=PER_PAGE)
    counts = tasks.counts_by_urgency(s, g.user, today(), current_app.config.get("REMINDER_DAYS", 3))
    source = s.get(Dispatch, f.dispatch_id) if f.dispatch_id else None
    sources = s.execute(select(Dispatch.id, Dispatch.code_text, Dispatch.arrival_number, Dispatch.arrival_year)
                        .where(Dispatch.status == "registered")
                        .order_by(Dispatch.arrival_year.desc(), Dispatch.arrival_number.desc()).limit(300)).all()
    return render_template("office/tasks.html", rows=[task_view(t) for t in rows], total=total, page=page,
                           per_page=PER_PAGE, counts=counts, errors=errors, units=units_all(s), users=users_all(s),
                           sort=sort, sorts=SORT_LABELS, source=source, sources=sources,
                           unit_names={u.id: u.name for u in units_all(s)},
                           user_names={u.id: u.full_name for u in users_all(s)})


def render_task(t: Task, errors=None, status=200):
    s = db_session()
    d = t.dispatch
    excerpt = None
    if d is not None and d.text and t.span_start is not None:
        a, b = t.span_start, t.span_end
        pre_start = max(0, a - 200)
        excerpt = {"before": ("…" if pre_start else "") + d.text[pre_start:a], "evidence": d.text[a:b],
                   "after": d.text[b:b + 200] + ("…" if b + 200 < len(d.text) else "")}
    unit_names = {u.id: u.name for u in units_all(s)}
    return render_template("office/task.html", v=task_view(t), t=t, d=d, excerpt=excerpt, errors=errors or {},
                           units=units_all(s), users=users_all(s), unit_names=unit_names,
                           user_names={u.id: u.full_name for u in s.scalars(select(User))},
                           series=_series(s, t)), status


def _series(s, t: Task) -> list[Task]:
    """Other occurrences of a recurring task (previous and next)."""
    if not t.recurrence:
        return []
    out = []
    prev = s.get(Task, t.previous_id) if t.previous_id else None
    if prev:
        out.append(prev)
    out += list(s.scalars(select(Task).where(Task.previous_id == t.id)))
    return out


@bp.get("/tasks/<int:task_id>")
def task_view_page(task_id):
    return render_task(tasks.get_task(db_session(), g.user, task_id))


def _task_action(task_id, fn, success: str):
    """Run a form action on a task; a ValidationError re-renders the page with the messages beside the fields."""
    s = db_session()
    t = tasks.get_task(s, g.user, task_id)
    errors: dict = {}
    try:
        fn(s, t, errors)
        if errors:
            raise ValidationError("Dữ liệu chưa hợp lệ.", details=[{"field": k, "message": v} for k, v in errors.items()])
        s.commit()
    except ValidationError as e:
        s.rollback()
        t = tasks.get_task(s, g.user, task_id)
        return render_task(t, errors=field_errors(e), status=422)
    flash(success, "success")
    return redirect(url_for("office.task_view_page", task_id=task_id))


@bp.post("/tasks/<int:task_id>/notes")
def task_note(task_id):
    def act(s, t, errors):
        raw = (request.form.get("percent") or "").strip()
        percent = None
        if raw:
            if not raw.isdigit():
                errors["percent"] = "Nhập số từ 0 đến 100."
                return
            percent = int(raw)
        f = request.files.get("attachment")
        att_name = att_path = None
        permissions.require_task(g.user, t, "task.progress")
        if f and f.filename:
            from ...store import files
            data = f.read()
            att_name = files.safe_name(f.filename)
            att_path = files.save(current_app.config["STORAGE_DIR"], "notes", f.filename, data)
        tasks.add_note(s, g.user, t, request.form.get("text", ""), percent=percent,
                       attachment_name=att_name, attachment_path=att_path)
    return _task_action(task_id, act, "Đã ghi nhận tiến độ.")


@bp.get("/tasks/<int:task_id>/notes/<int:note_id>/attachment")
def task_note_attachment(task_id, note_id):
    from flask import send_file

    from ...store import files
    from ...store.models.incoming import TaskNote

    s = db_session()
    t = tasks.get_task(s, g.user, task_id)
    note = s.get(TaskNote, note_id)
    if note is None or note.task_id != t.id or not note.attachment_path:
        abort(404)
    return send_file(files.path_of(current_app.config["STORAGE_DIR"], note.attachment_path),
                     download_name=note.attachment_name, as_attachment=True)


@bp.post("/tasks/<int:task_id>/extend")
def task_extend(task_id):
    def act(s, t, errors):
        permissions.require_task(g.user, t, "task.extend")
        new = form_date("new_due_date", errors, label="Hạn mới")
        if "new_due_date" in errors:
            return
        tasks.extend(s, g.user, t, new, request.form.get("reason", ""))
    return _task_action(task_id, act, "Đã gia hạn nhiệm vụ.")


@bp.post("/tasks/<int:task_id>/complete")
def task_complete(task_id):
    def act(s, t, errors):
        permissions.require_task(g.user, t, "task.progress")
        on = form_date("completed_on", errors, label="Ngày hoàn thành")
        if errors:
            return
        if on and on > today():
            errors["completed_on"] = "Ngày hoàn thành không được sau hôm nay."
            return
        tasks.complete(s, g.user, t, completed_on=on or today(), reply_code=request.form.get("reply_code") or None)
    return _task_action(task_id, act, "Đã đánh dấu hoàn thành nhiệm vụ.")


@bp.post("/tasks/<int:task_id>/assign")
def task_assign(task_id):
    def act(s, t, errors):
        permissions.require_task(g.user, t, "task.assign")
        due = form_date("due_date", errors, label="Hạn xử lý")
        unit = request.form.get("unit_id") or ""
        owner = request.form.get("owner_id") or ""
        if errors:
            return
        tasks.assign(s, g.user, t, unit_id=int(unit) if unit.isdigit() else None,
                     owner_id=int(owner) if owner.isdigit() else None, due_date=due)
    return _task_action(task_id, act, "Đã cập nhật việc giao nhiệm vụ.")


@bp.post("/tasks/<int:task_id>/status")
def task_status(task_id):
    def act(s, t, errors):
        status = request.form.get("status") or ""
        if status == "done":
            errors["status"] = "Dùng mục «Hoàn thành» để kết thúc nhiệm vụ."
            return
        tasks.set_status(s, g.user, t, status)
    return _task_action(task_id, act, "Đã cập nhật trạng thái.")


@bp.post("/tasks/new")
def task_create():
    require("task.assign")
    s = db_session()
    errors: dict = {}
    due = form_date("due_date", errors, label="Hạn xử lý")
    unit = request.form.get("unit_id") or ""
    owner = request.form.get("owner_id") or ""
    try:
        if errors:
            raise ValidationError("Dữ liệu chưa hợp lệ.", details=[{"field": k, "message": v} for k, v in errors.items()])
        t = tasks.create_task(s, g.user, text=request.form.get("text", ""), unit_id=int(unit) if unit.isdigit() else None,
                              owner_id=int(owner) if owner.isdigit() else None, due_date=due,
                              recurrence=request.form.get("recurrence") or None)
        s.commit()
    except ValidationError as e:
        s.rollback()
        flash(e.message + " " + "; ".join(d.get("message", "") for d in e.details or []), "error")
        return redirect(url_for("office.task_list"))
    flash("Đã giao nhiệm vụ mới.", "success")
    return redirect(url_for("office.task_view_page", task_id=t.id))
