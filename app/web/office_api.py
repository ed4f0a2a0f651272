"""JSON API of the office product (/api/v1): dispatches, tasks, registers, reports, directory.

Errors: {"error": {"code", "message", "details"}} with a stable code. Auth: session cookie
(+ CSRF header) or `Authorization: Bearer <token>` (POST /api/v1/tokens).
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, current_app, g, jsonify, request, url_for
from sqlalchemy import func, select

from .. import jobs
from ..errors import NotFound, ValidationError
from ..store.db import db_session
from ..store.models.directory import ROLES, Unit, User
from ..store.models.incoming import DISPATCH_STATES, TASK_STATES, Dispatch, Notification, Task
from ..tracking import directory, dispatches, permissions, registers, reports, tasks
from ..tracking import search as search_service
from ..tracking.tasks import RECURRENCE_LABELS, STATE_LABELS, TaskFilter
from .response_cache import cacheable

bp = Blueprint("office_api", __name__, url_prefix="/api/v1")


def today() -> date:
    """The office's today; tests may pin it with app.config['TODAY']."""
    return current_app.config.get("TODAY") or date.today()


def parse_date(value: str | None, field: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError("Ngày không hợp lệ.", details=[{"field": field, "message": "Ngày phải có dạng YYYY-MM-DD."}])


def parse_int(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError("Giá trị không hợp lệ.", details=[{"field": field, "message": "Phải là một số nguyên."}])


def json_body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationError("Nội dung yêu cầu phải là một đối tượng JSON.", code="invalid_json")
    return data


# ---------------------------------------------------------------- serialisation

def task_json(t, *, brief: bool = False, on: date | None = None, soon: int | None = None) -> dict:
    """A task (ORM object, or a Core row of LIST_COLUMNS when brief) as JSON; `on`/`soon` are
    the day and the due-soon days, passed by the list so they are looked up once per page."""
    on = on or today()
    soon = current_app.config.get("REMINDER_DAYS", 3) if soon is None else soon
    out = {
        "id": t.id, "text": t.text, "dispatch_id": t.dispatch_id, "unit_id": t.unit_id,
        "units": t.units_text or [], "cooperating_units": t.cooperating_units or [],
        "report_to": t.report_to, "owner_id": t.owner_id,
        "due_date": t.due_date.isoformat() if t.due_date else None, "due_text": t.due_text,
        "recurrence": t.recurrence, "status": t.status, "status_label": TASK_STATES.get(t.status),
        "tracking_state": tasks.tracking_state(t, on), "urgency": tasks.urgency(t, on, soon),
        "completed_on": t.completed_on.isoformat() if t.completed_on else None, "reply_code": t.reply_code,
        "span": [t.span_start, t.span_end] if t.span_start is not None else None,
    }
    if not brief:
        out["notes"] = [{"id": n.id, "user_id": n.user_id, "text": n.text, "percent": n.percent,
                         "attachment": n.attachment_name, "created_at": n.created_at.isoformat() if n.created_at else None}
                        for n in t.notes]
        out["extensions"] = [{"old_due_date": e.old_due_date.isoformat() if e.old_due_date else None,
                              "new_due_date": e.new_due_date.isoformat(), "reason": e.reason,
                              "approver_id": e.approver_id} for e in t.extensions]
    return out


# what task_json(brief=True) reads: the list selects these columns as Core rows, no ORM objects
LIST_COLUMNS = tuple(getattr(Task, c) for c in (
    "id", "text", "dispatch_id", "unit_id", "units_text", "cooperating_units", "report_to", "owner_id",
    "due_date", "due_text", "recurrence", "status", "completed_on", "reply_code", "span_start", "span_end"))


def dispatch_json(d, *, full: bool = False) -> dict:
    out = {
        "id": d.id, "status": d.status, "status_label": DISPATCH_STATES.get(d.status), "error": d.error,
        "file_name": d.file_name, "arrival_number": d.arrival_number, "arrival_date": d.arrival_date and d.arrival_date.isoformat(),
        "organ": {"name": d.organ_name, "in_charge": d.organ_in_charge},
        "code": {"number": d.code_number, "notation": d.code_notation, "text": d.code_text},
        "document_type": d.document_type,
        "promulgation": {"place": d.promulgation_place, "date": d.promulgation_date},
        "subject": d.subject, "signer": d.signer, "priority": d.priority, "secrecy": d.secrecy,
        "to_places": d.to_places, "recipient_unit_id": d.recipient_unit_id,
        "due_date": d.due_date and d.due_date.isoformat(),
    }
    if full:
        out["text"] = d.text
        out["extraction"] = d.extraction
        out["tasks"] = [task_json(t, brief=True) for t in d.tasks]
    return out


# ---------------------------------------------------------------- dispatches

@bp.post("/dispatches")
def upload_dispatches():
    """Upload one or more received files (multipart field `file`, repeatable); extraction runs in the background."""
    files = request.files.getlist("file") or request.files.getlist("files")
    if not files:
        raise ValidationError("Chưa chọn tệp nào để tải lên.", code="no_file",
                              details=[{"field": "file", "message": "Chọn ít nhất một tệp."}])
    s = db_session()
    created = []
    for f in files:
        d = dispatches.receive(s, g.user, f.filename or "tep", f.read(), current_app.config["STORAGE_DIR"])
        created.append(d)
    s.commit()
    for d in created:
        jobs.submit(current_app.config, "process_dispatch", d.id)
    s.expire_all()
    return jsonify([dispatch_json(s.get(Dispatch, d.id)) for d in created]), 202


@bp.get("/dispatches")
@cacheable
def list_dispatches():
    permissions.require(g.user, "dispatch.view")
    s = db_session()
    q = select(Dispatch)
    if request.args.get("status"):
        q = q.where(Dispatch.status == request.args["status"])
    if request.args.get("q"):
        q = q.where(search_service.matches(Dispatch, request.args["q"]))
    page = max(parse_int(request.args.get("page"), "page") or 1, 1)
    per = min(max(parse_int(request.args.get("per_page"), "per_page") or 50, 1), 200)
    total = s.scalar(select(func.count()).select_from(q.subquery()))
    rows = s.scalars(q.order_by(Dispatch.id.desc()).limit(per).offset((page - 1) * per))
    return jsonify({"total": total, "page": page, "items": [dispatch_json(d) for d in rows]})


@bp.get("/dispatches/<int:dispatch_id>")
@cacheable
def get_dispatch(dispatch_id):
    d = dispatches.get_dispatch(db_session(), g.user, dispatch_id)
    return jsonify(dispatch_json(d, full=True))


@bp.post("/dispatches/<int:dispatch_id>/retry")
def retry_dispatch(dispatch_id):
    permissions.require(g.user, "dispatch.upload")
    s = db_session()
    d = dispatches.get_dispatch(s, g.user, dispatch_id)
    if d.status not in ("failed", "review", "uploaded"):
        raise ValidationError("Chỉ xử lý lại được văn bản lỗi hoặc chưa vào sổ.", code="not_retryable")
    d.status, d.error = "uploaded", None
    s.commit()
    jobs.submit(current_app.config, "process_dispatch", d.id)
    s.expire_all()
    return jsonify(dispatch_json(s.get(Dispatch, d.id))), 202


@bp.post("/dispatches/<int:dispatch_id>/confirm")
def confirm_dispatch(dispatch_id):
    """Register the reviewed dispatch (next số đến) and create its tasks."""
    from ..store.numbering import next_number

    s = db_session()
    d = dispatches.get_dispatch(s, g.user, dispatch_id)
    dispatches.confirm(s, g.user, d, json_body(), next_number=next_number)
    s.commit()
    return jsonify(dispatch_json(d, full=True))


@bp.get("/dispatches/<int:dispatch_id>/reply")
def reply_for_dispatch(dispatch_id):
    """The drafting input of a reply, pre-filled (Kính gửi the sender, 'Phúc đáp ...', response_for)."""
    d = dispatches.get_dispatch(db_session(), g.user, dispatch_id)
    return jsonify(dispatches.reply_input(d))


# ---------------------------------------------------------------- tasks

def task_filter_from_args(args) -> TaskFilter:
    status = args.get("status") or None
    if status and status not in TASK_STATES and status != "open":
        raise ValidationError("Trạng thái không hợp lệ.", details=[{"field": "status", "message": "Dùng todo, in_progress, done hoặc open."}])
    return TaskFilter(
        unit_id=parse_int(args.get("unit_id"), "unit_id"), owner_id=parse_int(args.get("owner_id"), "owner_id"),
        status=status, due_from=parse_date(args.get("due_from"), "due_from"),
        due_to=parse_date(args.get("due_to"), "due_to"), dispatch_id=parse_int(args.get("dispatch_id"), "dispatch_id"),
        overdue=args.get("overdue") in ("1", "true", "yes"), q=args.get("q") or None,
        sort=args.get("sort") or "due_date")


@bp.get("/tasks")
@cacheable
def list_tasks():
    permissions.require(g.user, "task.view")
    f = task_filter_from_args(request.args)
    page = max(parse_int(request.args.get("page"), "page") or 1, 1)
    per = min(max(parse_int(request.args.get("per_page"), "per_page") or 50, 1), 200)
    on, soon = today(), current_app.config.get("REMINDER_DAYS", 3)
    rows, total = tasks.list_tasks(db_session(), g.user, f, today=on, page=page, per_page=per, columns=LIST_COLUMNS)
    return jsonify({"total": total, "page": page, "items": [task_json(t, brief=True, on=on, soon=soon) for t in rows]})


@bp.post("/tasks")
def create_task():
    permissions.require(g.user, "task.assign")
    b = json_body()
    s = db_session()
    t = tasks.create_task(s, g.user, text=b.get("text", ""), unit_id=parse_int(b.get("unit_id"), "unit_id"),
                          owner_id=parse_int(b.get("owner_id"), "owner_id"),
                          due_date=parse_date(b.get("due_date"), "due_date"), recurrence=b.get("recurrence"),
                          units_text=b.get("units") or [], cooperating_units=b.get("cooperating_units") or [])
    s.commit()
    return jsonify(task_json(t)), 201


@bp.get("/tasks/<int:task_id>")
@cacheable
def get_task(task_id):
    return jsonify(task_json(tasks.get_task(db_session(), g.user, task_id)))


@bp.patch("/tasks/<int:task_id>")
def update_task(task_id):
    """Assign (unit_id, owner_id, due_date: leaders) and/or change status (who handles it)."""
    b = json_body()
    s = db_session()
    t = tasks.get_task(s, g.user, task_id)
    if any(k in b for k in ("unit_id", "owner_id", "due_date")):
        tasks.assign(s, g.user, t, unit_id=parse_int(b.get("unit_id"), "unit_id"),
                     owner_id=parse_int(b.get("owner_id"), "owner_id"), due_date=parse_date(b.get("due_date"), "due_date"))
    if "status" in b:
        tasks.set_status(s, g.user, t, b["status"])
    s.commit()
    return jsonify(task_json(t))


@bp.post("/tasks/<int:task_id>/notes")
def add_note(task_id):
    s = db_session()
    t = tasks.get_task(s, g.user, task_id)
    if request.mimetype == "multipart/form-data":
        text, percent = request.form.get("text", ""), parse_int(request.form.get("percent"), "percent")
        f = request.files.get("attachment")
    else:
        b = json_body()
        text, percent, f = b.get("text", ""), parse_int(b.get("percent"), "percent"), None
    att_name = att_path = None
    if f and f.filename:
        from ..store import files
        att_name, att_path = files.safe_name(f.filename), files.save(current_app.config["STORAGE_DIR"], "notes", f.filename, f.read())
    note = tasks.add_note(s, g.user, t, text, percent=percent, attachment_name=att_name, attachment_path=att_path)
    s.commit()
    return jsonify({"id": note.id, "task": task_json(t)}), 201


@bp.post("/tasks/<int:task_id>/extensions")
def extend_task(task_id):
    b = json_body()
    s = db_session()
    t = tasks.get_task(s, g.user, task_id)
    tasks.extend(s, g.user, t, parse_date(b.get("new_due_date"), "new_due_date"), b.get("reason", ""))
    s.commit()
    return jsonify(task_json(t)), 201


@bp.post("/tasks/<int:task_id>/complete")
def complete_task(task_id):
    b = request.get_json(silent=True) or {}
    s = db_session()
    t = tasks.get_task(s, g.user, task_id)
    tasks.complete(s, g.user, t, completed_on=parse_date(b.get("completed_on"), "completed_on") or today(),
                   reply_code=b.get("reply_code"))
    s.commit()
    return jsonify(task_json(t))


@bp.get("/tasks/<int:task_id>/reply")
def reply_for_task(task_id):
    s = db_session()
    t = tasks.get_task(s, g.user, task_id)
    if t.dispatch is None:
        raise NotFound("Nhiệm vụ này không gắn với văn bản đến nào để trả lời.", code="no_source_dispatch")
    return jsonify(dispatches.reply_input(t.dispatch, t))


# ---------------------------------------------------------------- registers and reports

def _xlsx(data: bytes, name: str) -> Response:
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename={name}"})


def register_filters(args) -> dict:
    return {"year": parse_int(args.get("year"), "year"), "start": parse_date(args.get("start"), "start"),
            "end": parse_date(args.get("end"), "end"), "unit_id": parse_int(args.get("unit_id"), "unit_id")}


@bp.get("/registers/incoming")
@cacheable
def incoming_register():
    permissions.require(g.user, "register.view")
    f = register_filters(request.args)
    rows = registers.incoming_rows(db_session(), **f)
    if request.args.get("format") == "xlsx":
        return _xlsx(registers.to_xlsx("Sổ đăng ký văn bản đến", registers.INCOMING_COLUMNS, rows,
                                       period=f"Năm: {f['year']}" if f["year"] else ""), "so-van-ban-den.xlsx")
    return jsonify({"columns": registers.INCOMING_COLUMNS, "rows": rows})


@bp.get("/registers/tracking")
@cacheable
def tracking_register():
    permissions.require(g.user, "register.view")
    f = register_filters(request.args)
    rows = registers.tracking_rows(db_session(), today(), **f)
    if request.args.get("format") == "xlsx":
        return _xlsx(registers.to_xlsx("Sổ theo dõi giải quyết văn bản đến", registers.TRACKING_COLUMNS, rows),
                     "so-theo-doi-giai-quyet.xlsx")
    return jsonify({"columns": registers.TRACKING_COLUMNS, "rows": rows})


@bp.get("/reports/units")
@cacheable
def units_report():
    permissions.require(g.user, "report.view")
    start, end = parse_date(request.args.get("start"), "start"), parse_date(request.args.get("end"), "end")
    rows = reports.unit_report(db_session(), g.user, start=start, end=end, today=today(),
                               unit_id=parse_int(request.args.get("unit_id"), "unit_id"))
    if request.args.get("format") == "xlsx":
        cols = ["Đơn vị", *STATE_LABELS.values(), "Tổng số"]
        data = [[r.unit_name, *[r.counts[k] for k in STATE_LABELS], r.total] for r in rows]
        period = f"Từ ngày {registers.vn_date(start)} đến ngày {registers.vn_date(end)}" if start or end else ""
        return _xlsx(registers.to_xlsx("Báo cáo tình hình thực hiện nhiệm vụ", cols, data, period=period),
                     "bao-cao-nhiem-vu.xlsx")
    return jsonify({"states": STATE_LABELS, "rows": [{"unit_id": r.unit_id, "unit": r.unit_name, **r.counts,
                                                      "total": r.total} for r in rows],
                    "totals": reports.totals(rows)})


# ---------------------------------------------------------------- search, notifications

@bp.get("/search")
@cacheable
def search():
    """Diacritics-insensitive search over dispatches (số/ký hiệu, issuer, subject, full text) and tasks."""
    q = (request.args.get("q") or "").strip()
    if not q:
        raise ValidationError("Nhập từ khóa tìm kiếm.", code="empty_query", details=[{"field": "q", "message": "Nhập từ khóa."}])
    found = search_service.search(db_session(), g.user, q, today=today(), limit=50)
    return jsonify({"dispatches": [dispatch_json(d) for d in found.dispatches],
                    "tasks": [task_json(t, brief=True) for t in found.tasks]})


@bp.get("/notifications")
@cacheable
def notifications():
    s = db_session()
    rows = s.scalars(select(Notification).where(Notification.user_id == g.user.id)
                     .order_by(Notification.id.desc()).limit(100))
    return jsonify([{"id": n.id, "task_id": n.task_id, "kind": n.kind, "message": n.message,
                     "day": n.day.isoformat(), "read": n.read_at is not None} for n in rows])


# ---------------------------------------------------------------- directory (admin)

@bp.get("/me")
def me():
    u = g.user
    return jsonify({"id": u.id, "username": u.username, "full_name": u.full_name, "role": u.role,
                    "role_label": ROLES[u.role], "unit_id": u.unit_id,
                    "ics_url": url_for("office.ics_feed", token=u.ics_token, _external=True) if u.ics_token else None})


@bp.get("/units")
@cacheable
def list_units():
    return jsonify([{"id": u.id, "name": u.name, "short_name": u.short_name, "parent_id": u.parent_id,
                     "aliases": [a.alias for a in u.aliases]}
                    for u in db_session().scalars(select(Unit).order_by(Unit.name))])


@bp.post("/units")
def create_unit():
    permissions.require(g.user, "admin")
    b = json_body()
    s = db_session()
    u = directory.create_unit(s, g.user, b.get("name", ""), b.get("short_name"), parse_int(b.get("parent_id"), "parent_id"))
    s.commit()
    return jsonify({"id": u.id, "name": u.name, "short_name": u.short_name}), 201


@bp.post("/units/<int:unit_id>/aliases")
def add_alias(unit_id):
    permissions.require(g.user, "dispatch.review")
    s = db_session()
    unit = directory.get_unit(s, unit_id)
    alias = (json_body().get("alias") or "").strip()
    if not alias:
        raise ValidationError("Nhập tên gọi khác của đơn vị.", details=[{"field": "alias", "message": "Không được để trống."}])
    directory.remember_alias(s, unit, alias)
    s.commit()
    return jsonify({"unit_id": unit.id, "alias": alias}), 201


@bp.get("/users")
@cacheable
def list_users():
    permissions.require(g.user, "task.assign" if g.user.role == "leader" else "admin")
    return jsonify([{"id": u.id, "username": u.username, "full_name": u.full_name, "role": u.role,
                     "unit_id": u.unit_id, "active": u.active}
                    for u in db_session().scalars(select(User).order_by(User.full_name))])


@bp.post("/users")
def create_user():
    permissions.require(g.user, "admin")
    b = json_body()
    s = db_session()
    u = directory.create_user(s, g.user, username=b.get("username", ""), full_name=b.get("full_name", ""),
                              password=b.get("password", ""), role=b.get("role", ""),
                              unit_id=parse_int(b.get("unit_id"), "unit_id"), email=b.get("email"))
    s.commit()
    return jsonify({"id": u.id, "username": u.username, "role": u.role}), 201


@bp.get("/meta")
def meta():
    """Labels the UI and integrations need: states, roles, recurrence words."""
    return jsonify({"dispatch_states": DISPATCH_STATES, "task_states": TASK_STATES, "tracking_states": STATE_LABELS,
                    "roles": ROLES, "recurrence": RECURRENCE_LABELS})
