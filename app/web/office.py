"""Pages of the office product: dispatches (văn bản đến), tasks (nhiệm vụ), registers (sổ văn bản),
reports, search, notifications, administration; and each user's iCalendar feed.

Pages are server-rendered and work without JavaScript; static/office.js adds drag and drop,
live extraction progress, evidence highlighting and task split/merge on the review screen.
Form errors are shown beside their fields (status 422), refusals as a Vietnamese 403 page.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import func, select

from .. import jobs
from ..errors import ValidationError, VanthuError
from ..store.db import db_session
from ..store.models.directory import ROLES, Unit, User
from ..store.models.incoming import DISPATCH_STATES, TASK_STATES, Dispatch, Notification, Task
from ..tracking import directory, dispatches, permissions, registers, reminders, reports, search, tasks
from ..tracking.tasks import RECURRENCE_LABELS, STATE_LABELS, TaskFilter

bp = Blueprint("office", __name__)

PER_PAGE = 25
DISPATCH_BADGE = {"uploaded": "info", "extracting": "info", "review": "warning", "registered": "ok", "failed": "error"}
TASK_BADGE = {"todo": "info", "in_progress": "warning", "done": "done"}
STATE_COLOURS = {"done_on_time": "#1f7a3a", "done_late": "#7aa33a", "open_on_time": "#1f5fa8", "open_overdue": "#b3261e"}
SORT_LABELS = {"due_date": "Hạn xử lý (sớm trước)", "-due_date": "Hạn xử lý (muộn trước)",
               "-created": "Mới giao trước", "created": "Cũ trước", "status": "Trạng thái"}


# ---------------------------------------------------------------- helpers

def today() -> date:
    return current_app.config.get("TODAY") or date.today()


def require(action: str) -> None:
    permissions.require(g.user, action)


def field_errors(e: ValidationError) -> dict[str, str]:
    """{field: message} for showing each message beside its field; the general message under '_'."""
    out = {"_": e.message}
    for d in e.details or []:
        if isinstance(d, dict) and d.get("field"):
            out.setdefault(d["field"], d.get("message", ""))
    return out


def form_date(name: str, errors: dict, *, label: str = "Ngày") -> date | None:
    value = (request.form.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = f"{label} phải có dạng năm-tháng-ngày (YYYY-MM-DD)."
        return None


def arg_date(name: str, errors: dict) -> date | None:
    value = (request.args.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = "Ngày không hợp lệ (YYYY-MM-DD)."
        return None


def arg_int(name: str) -> int | None:
    try:
        return int(request.args.get(name) or "")
    except ValueError:
        return None


def page_arg() -> int:
    return max(arg_int("page") or 1, 1)


def units_all(s) -> list[Unit]:
    return list(s.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.name)))


def users_all(s) -> list[User]:
    return list(s.scalars(select(User).where(User.active.is_(True)).order_by(User.full_name)))


def vn_date(value) -> str:
    return registers.vn_date(value)


def query_with(**changes) -> str:
    """The current query string with some arguments changed (pagination, sorting links)."""
    args = {k: v for k, v in request.args.items() if v not in ("", None)}
    for k, v in changes.items():
        if v in (None, ""):
            args.pop(k, None)
        else:
            args[k] = v
    return "?" + urlencode(args) if args else "?"


@bp.app_template_filter("vn_date")
def _vn_date_filter(value):
    return vn_date(value)


@bp.app_context_processor
def _office_globals():
    user = g.get("user")
    unread = 0
    if user is not None:
        try:
            unread = db_session().scalar(select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None))) or 0
        except Exception:  # the layout must render even if the store is unavailable (error pages)
            unread = 0
    return {"unread_notifications": unread, "query_with": query_with, "office_dashboard": dashboard, "DISPATCH_STATES": DISPATCH_STATES,
            "TASK_STATES": TASK_STATES, "DISPATCH_BADGE": DISPATCH_BADGE, "TASK_BADGE": TASK_BADGE,
            "STATE_LABELS": STATE_LABELS, "RECURRENCE_LABELS": RECURRENCE_LABELS, "ROLES": ROLES}


def dashboard() -> dict:
    """Numbers and lists for the home page of a signed-in user (called from the template)."""
    s, user = db_session(), g.user
    soon = current_app.config.get("REMINDER_DAYS", 3)
    out = {"counts": tasks.counts_by_urgency(s, user, today(), soon), "waiting": 0, "failed": 0, "urgent": []}
    if permissions.can(user, "dispatch.review"):
        out["waiting"] = s.scalar(select(func.count(Dispatch.id)).where(Dispatch.status == "review")) or 0
        out["failed"] = s.scalar(select(func.count(Dispatch.id)).where(Dispatch.status == "failed")) or 0
    rows, _ = tasks.list_tasks(s, user, TaskFilter(status="open", due_to=today() + timedelta(days=soon)),
                               today=today(), per_page=8)
    out["urgent"] = [task_view(t) for t in rows]
    return out


def task_view(t: Task) -> dict:
    soon = current_app.config.get("REMINDER_DAYS", 3)
    return {"t": t, "urgency": tasks.urgency(t, today(), soon), "state": tasks.tracking_state(t, today()),
            "days_left": (t.due_date - today()).days if t.due_date else None}


# ---------------------------------------------------------------- dispatches: list and upload

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
    start, end = arg_date("start", errors), arg_date("end", errors)
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
    from .auth import _safe_next

    nxt = request.form.get("next")
    return redirect(_safe_next(nxt) if nxt else url_for("office.dispatch_list"))


# ---------------------------------------------------------------- dispatches: review and confirm

def segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str | None]]:
    """The text cut into (piece, key) runs; non-overlapping spans are marked (first come, first kept)."""
    kept, last = [], -1
    for a, b, key in sorted((sp for sp in spans if sp[0] is not None and sp[1] is not None), key=lambda x: x[0]):
        if a >= last and 0 <= a < b <= len(text):
            kept.append((a, b, key))
            last = b
    out, pos = [], 0
    for a, b, key in kept:
        if a > pos:
            out.append((text[pos:a], None))
        out.append((text[a:b], key))
        pos = b
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def tasks_from_extraction(s, d: Dispatch) -> list[dict]:
    out = []
    for t in (d.extraction or {}).get("tasks") or []:
        units = t.get("units") or []
        match = directory.match_unit(s, units[0]) if units else None
        due = t.get("due_date") or ""
        out.append({"text": t.get("text") or "", "units": units, "unit_id": match.id if match else None,
                    "cooperating_units": t.get("cooperating_units") or [], "report_to": t.get("report_to") or "",
                    "due_date": due if len(due) == 10 else "", "due_text": t.get("due_text") or "",
                    "recurrence": t.get("recurrence") or "", "span": t.get("span")})
    return out


def split_lines(value: str | None) -> list[str]:
    return [x.strip() for x in (value or "").splitlines() if x.strip()]


def tasks_from_form() -> list[dict]:
    """The reviewed tasks, posted as t-<i>-<field> (rows may have been added, split, merged or deleted)."""
    idx = sorted({int(m.group(1)) for k in request.form if (m := re.match(r"t-(\d+)-text$", k))})
    out = []
    for i in idx:
        def get(f, i=i):
            return (request.form.get(f"t-{i}-{f}") or "").strip()
        span = None
        if re.fullmatch(r"\d+,\d+", get("span")):
            a, b = get("span").split(",")
            span = [int(a), int(b)]
        out.append({"text": get("text"), "units": split_lines(request.form.get(f"t-{i}-units")),
                    "unit_id": int(get("unit_id")) if get("unit_id").isdigit() else None,
                    "cooperating_units": split_lines(request.form.get(f"t-{i}-cooperating_units")),
                    "report_to": get("report_to"), "due_date": get("due_date"), "due_text": get("due_text"),
                    "recurrence": get("recurrence"), "span": span, "key": i})
    return out


def unit_names(task_rows: list[dict]) -> list[str]:
    seen: list[str] = []
    for t in task_rows:
        for name in t["units"] + t["cooperating_units"]:
            if name not in seen:
                seen.append(name)
    return seen


def dispatch_fields(d: Dispatch) -> dict:
    signer = d.signer or {}
    return {"organ_name": d.organ_name or "", "organ_in_charge": d.organ_in_charge or "", "code_text": d.code_text or "",
            "document_type": d.document_type or "", "promulgation_place": d.promulgation_place or "",
            "promulgation_date": d.promulgation_date or "", "subject": d.subject or "",
            "signer_position": signer.get("position") or "", "signer_full_name": signer.get("full_name") or "",
            "priority": d.priority or "", "secrecy": d.secrecy or "",
            "arrival_date": (d.arrival_date or today()).isoformat(),
            "recipient_unit_id": d.recipient_unit_id, "due_date": d.due_date.isoformat() if d.due_date else ""}


FIELD_SPANS = {"organ_name": "organ.name", "organ_in_charge": "organ.in_charge", "code_text": "code",
               "promulgation_place": "promulgation.place", "promulgation_date": "promulgation.date",
               "subject": "subject", "signer_position": "signer.position", "signer_full_name": "signer.full_name"}


def render_review(d: Dispatch, *, fields=None, task_rows=None, mapping=None, errors=None, status=200):
    s = db_session()
    extraction = d.extraction or {}
    if task_rows is None:
        task_rows = tasks_from_extraction(s, d) if d.status != "registered" else []
    names = unit_names(task_rows)
    if mapping is None:
        mapping = {}
        for name in names:
            m = directory.match_unit(s, name)
            mapping[name] = m.id if m else None
    spans = [(t["span"][0], t["span"][1], f"task-{i}") for i, t in enumerate(task_rows) if t.get("span")]
    if d.status == "registered":
        spans = [(t.span_start, t.span_end, f"task-{t.id}") for t in d.tasks]
    field_spans = {k: extraction.get("spans", {}).get(v) for k, v in FIELD_SPANS.items()}
    from ..nd30.doc_types import all_types

    return render_template(
        "office/dispatch.html", d=d, fields=fields or dispatch_fields(d), task_rows=task_rows, mapping=mapping,
        names=names, errors=errors or {}, segs=segments(d.text or "", spans), field_spans=field_spans,
        units=units_all(s), doc_types=all_types(), warnings=extraction.get("warnings") or [],
        duplicates=dispatches.find_duplicates(s, d) if d.status == "review" else [],
        task_views=[task_view(t) for t in d.tasks], users={u.id: u.full_name for u in users_all(s)}), status


@bp.get("/dispatches/<int:dispatch_id>")
def dispatch_view(dispatch_id):
    d = dispatches.get_dispatch(db_session(), g.user, dispatch_id)
    return render_review(d)


@bp.get("/dispatches/<int:dispatch_id>/status")
def dispatch_status(dispatch_id):
    """Small JSON for the progress poller (the page works with the full API too)."""
    d = dispatches.get_dispatch(db_session(), g.user, dispatch_id)
    return {"id": d.id, "status": d.status, "status_label": DISPATCH_STATES.get(d.status), "error": d.error}


def parse_code(text: str) -> tuple[int | None, str | None]:
    m = re.match(r"\s*(\d+)\s*/\s*(.+)", text or "")
    if not m:
        return None, (text or "").strip() or None
    return int(m.group(1)), m.group(2).strip()


@bp.post("/dispatches/<int:dispatch_id>/confirm")
def dispatch_confirm(dispatch_id):
    require("dispatch.review")
    s = db_session()
    d = dispatches.get_dispatch(s, g.user, dispatch_id)
    if d.status == "registered":
        flash("Văn bản này đã được vào sổ.", "error")
        return redirect(url_for("office.dispatch_view", dispatch_id=d.id))
    f = {k: (request.form.get(k) or "").strip() for k in dispatch_fields(d)}
    f["recipient_unit_id"] = int(f["recipient_unit_id"]) if f["recipient_unit_id"].isdigit() else None
    task_rows = tasks_from_form()
    mapping = {}
    for k in request.form:
        m = re.match(r"map-(\d+)-name$", k)
        if m:
            uid = request.form.get(f"map-{m.group(1)}-unit_id") or ""
            mapping[request.form[k]] = int(uid) if uid.isdigit() else None
    errors: dict = {}
    if not f["organ_name"]:
        errors["organ_name"] = "Nhập cơ quan, tổ chức ban hành (tác giả)."
    if not f["subject"]:
        errors["subject"] = "Nhập trích yếu nội dung."
    for name in ("arrival_date", "due_date"):
        form_date(name, errors)
    if f["promulgation_date"] and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", f["promulgation_date"]):
        errors["promulgation_date"] = "Ngày ban hành phải có dạng YYYY-MM-DD."
    for t in task_rows:
        i = t["key"]
        if not t["text"]:
            errors[f"t-{i}-text"] = "Nội dung nhiệm vụ không được để trống."
        if t["due_date"]:
            try:
                date.fromisoformat(t["due_date"])
            except ValueError:
                errors[f"t-{i}-due_date"] = "Hạn phải có dạng YYYY-MM-DD."
        if t["recurrence"] and t["recurrence"] not in RECURRENCE_LABELS:
            errors[f"t-{i}-recurrence"] = "Chọn một chu kỳ trong danh sách."
    if errors:
        errors["_"] = "Chưa thể vào sổ: kiểm tra các trường được đánh dấu."
        return render_review(d, fields=f, task_rows=task_rows, mapping=mapping, errors=errors, status=422)
    number, notation = parse_code(f["code_text"])
    base = dict(d.extraction or {})
    signer = dict(base.get("signer") or {})
    signer.update({"position": f["signer_position"] or None, "full_name": f["signer_full_name"] or None})
    reviewed = {
        **base,
        "organ": {"name": f["organ_name"], "in_charge": f["organ_in_charge"] or None},
        "code": {"number": number, "notation": notation, "text": f["code_text"] or None},
        "document_type": f["document_type"] or None,
        "promulgation": {"place": f["promulgation_place"] or None, "date": f["promulgation_date"] or None},
        "subject": f["subject"], "signer": signer, "priority": f["priority"] or None, "secrecy": f["secrecy"] or None,
        "arrival_date": f["arrival_date"] or today().isoformat(), "recipient_unit_id": f["recipient_unit_id"],
        "due_date": f["due_date"] or None, "unit_map": {k: v for k, v in mapping.items() if v},
        "tasks": [{**{k: v for k, v in t.items() if k != "key"}, "recurrence": t["recurrence"] or None,
                   "report_to": t["report_to"] or None, "due_text": t["due_text"] or None,
                   "unit_id": t["unit_id"] or (mapping.get(t["units"][0]) if t["units"] else None)}
                  for t in task_rows],
    }
    try:
        dispatches.confirm(s, g.user, d, reviewed, next_number=dispatches.number_source())
        s.commit()
    except ValidationError as e:
        s.rollback()
        d = dispatches.get_dispatch(s, g.user, dispatch_id)
        errs = field_errors(e)
        errs = {re.sub(r"tasks\[(\d+)\]\.(\w+)", lambda m: f"t-{task_rows[int(m.group(1))]['key']}-{m.group(2)}", k): v
                for k, v in errs.items()}
        return render_review(d, fields=f, task_rows=task_rows, mapping=mapping, errors=errs, status=422)
    flash(f"Đã vào sổ văn bản đến: số đến {d.arrival_number}, {len(d.tasks)} nhiệm vụ được tạo.", "success")
    return redirect(url_for("office.dispatch_view", dispatch_id=d.id))


@bp.get("/dispatches/<int:dispatch_id>/file")
def dispatch_file(dispatch_id):
    from flask import send_file

    from ..store import files

    d = dispatches.get_dispatch(db_session(), g.user, dispatch_id)
    if not d.file_path:
        abort(404)
    return send_file(files.path_of(current_app.config["STORAGE_DIR"], d.file_path), download_name=d.file_name,
                     as_attachment=True)


# ---------------------------------------------------------------- reply (Soạn văn bản trả lời)

REPLY_TYPE = "cong_van"


def drafting_modules():
    """The drafting engineer's form helpers and issue pipeline, when they are installed."""
    try:
        from ..drafting import form as dform
        from ..drafting.context import TYPES
        from ..drafting.validate import schema as type_schema
        from . import drafting as dpages
    except ImportError:
        return None
    return dform, TYPES, type_schema, dpages


def reply_draft(reply: dict, d: Dispatch) -> dict:
    """The drafting input of the reply: reply_input, plus what the office wrote last time
    (organ, ký hiệu, địa danh, signer) so the officer does not retype them."""
    from ..store.models.outgoing import OutgoingDocument

    last = db_session().scalar(select(OutgoingDocument).where(OutgoingDocument.document_type == REPLY_TYPE)
                               .order_by(OutgoingDocument.created_at.desc()).limit(1))
    data: dict = {}
    if last is not None and isinstance(last.input_json, dict):
        prev = last.input_json
        data = {k: prev[k] for k in ("organ", "signer", "archive") if prev.get(k)}
        if (prev.get("code") or {}).get("notation"):
            data["code"] = {"notation": prev["code"]["notation"]}
        if (prev.get("promulgation") or {}).get("place"):
            data["promulgation"] = {"place": prev["promulgation"]["place"]}
    data.update({"document_type": REPLY_TYPE, "subject": reply["subject"], "to": reply["to"],
                 "content": reply["content"], "to_places": ["Như trên", "Lưu: VT"],
                 "response_for": (d.code_text or "")[:100] or None})
    return data


def reply_page(reply: dict, d: Dispatch, task: Task | None = None):
    """'Soạn văn bản trả lời': the drafting form for a công văn, pre-filled; issuing it records the
    reply's số/ký hiệu on the dispatch (the outgoing document records response_for)."""
    back = url_for("office.task_view_page", task_id=task.id) if task else url_for("office.dispatch_view", dispatch_id=d.id)
    mods = drafting_modules()
    if mods is None:
        return render_template("office/reply.html", reply=reply, back=back)
    dform, types, type_schema, dpages = mods
    from ..nd30 import doc_types

    sch = type_schema(REPLY_TYPE)
    errors, general = {}, None
    if request.method == "GET":
        values = dform.to_form(reply_draft(reply, d))
    else:
        values = request.form.to_dict()
        data = dform.from_form(REPLY_TYPE, sch, request.form)
        db_session().commit()   # end this request's read transaction: issuing writes through its own session
        try:
            result = dpages._issue(data)
        except ValidationError as e:
            errors = dform.errors_by_field(e.details if isinstance(e.details, list) else [], sch)
            general = e.message
        except VanthuError as e:
            general = e.message
        else:
            s = db_session()
            d = s.get(Dispatch, d.id)
            d.reply_code = result["code"]
            from ..tracking import audit
            audit.record(s, g.user, "dispatch.reply", "dispatch", d.id, result["code"])
            s.commit()
            flash(f"Đã tạo văn bản trả lời số {result['code']}.", "success")
            if task is not None:
                return redirect(url_for("office.task_view_page", task_id=task.id, reply_code=result["code"],
                                        reply_doc=result["id"]))
            return redirect(url_for("office.dispatch_view", dispatch_id=d.id, reply_doc=result["id"]))
    return render_template("drafting/form.html", t=doc_types.by_slug(REPLY_TYPE), slug=REPLY_TYPE,
                           groups=dform.fields_for(sch), values=values, errors=errors, result=None,
                           general=general, spec=types[REPLY_TYPE], reply_back=back), 422 if errors else 200


@bp.route("/dispatches/<int:dispatch_id>/reply", methods=["GET", "POST"])
def dispatch_reply(dispatch_id):
    require("draft")
    d = dispatches.get_dispatch(db_session(), g.user, dispatch_id)
    return reply_page(dispatches.reply_input(d), d)


@bp.route("/tasks/<int:task_id>/reply", methods=["GET", "POST"])
def task_reply(task_id):
    require("draft")
    t = tasks.get_task(db_session(), g.user, task_id)
    if t.dispatch is None:
        flash("Nhiệm vụ này không gắn với văn bản đến nào để trả lời.", "error")
        return redirect(url_for("office.task_view_page", task_id=t.id))
    return reply_page(dispatches.reply_input(t.dispatch, t), t.dispatch, task=t)


# ---------------------------------------------------------------- tasks

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
                   due_from=arg_date("due_from", errors), due_to=arg_date("due_to", errors),
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
    return render_template("office/tasks.html", rows=[task_view(t) for t in rows], total=total, page=page,
                           per_page=PER_PAGE, counts=counts, errors=errors, units=units_all(s), users=users_all(s),
                           sort=sort, sorts=SORT_LABELS, source=source,
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
            from ..store import files
            data = f.read()
            att_name = files.safe_name(f.filename)
            att_path = files.save(current_app.config["STORAGE_DIR"], "notes", f.filename, data)
        tasks.add_note(s, g.user, t, request.form.get("text", ""), percent=percent,
                       attachment_name=att_name, attachment_path=att_path)
    return _task_action(task_id, act, "Đã ghi nhận tiến độ.")


@bp.get("/tasks/<int:task_id>/notes/<int:note_id>/attachment")
def task_note_attachment(task_id, note_id):
    from flask import send_file

    from ..store import files
    from ..store.models.incoming import TaskNote

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


# ---------------------------------------------------------------- registers and reports

BOOKS = {"incoming": "Sổ đăng ký văn bản đến", "tracking": "Sổ theo dõi giải quyết văn bản đến"}


def outgoing_available() -> bool:
    try:
        from ..store.models import outgoing  # noqa: F401
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
    filters = {"year": arg_int("year"), "start": arg_date("start", errors), "end": arg_date("end", errors),
               "unit_id": arg_int("unit_id")}
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
    from ..store.models.outgoing import REGISTER_COLUMNS, OutgoingDocument

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
    start, end = arg_date("start", errors), arg_date("end", errors)
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
                           grand_total=sum(totals.values()))


# ---------------------------------------------------------------- search and notifications

@bp.get("/search")
def search_page():
    q = (request.args.get("q") or "").strip()
    s = db_session()
    found, trows = [], []
    if q:
        result = search.search(s, g.user, q, today=today(), limit=50)
        found, trows = result.dispatches, result.tasks
    return render_template("office/search.html", q=q, dispatches=found, rows=[task_view(t) for t in trows])


@bp.get("/notifications")
def notification_list():
    s = db_session()
    rows = s.scalars(select(Notification).where(Notification.user_id == g.user.id)
                     .order_by(Notification.id.desc()).limit(200)).all()
    return render_template("office/notifications.html", rows=rows,
                           ics_url=url_for("office.ics_feed", token=g.user.ics_token, _external=True)
                           if g.user.ics_token else None)


@bp.post("/notifications/read")
def notification_read():
    s = db_session()
    ids = [int(x) for x in request.form.getlist("id") if x.isdigit()]
    q = select(Notification).where(Notification.user_id == g.user.id, Notification.read_at.is_(None))
    if ids:
        q = q.where(Notification.id.in_(ids))
    for n in s.scalars(q):
        n.read_at = datetime.now()
    s.commit()
    flash("Đã đánh dấu đã đọc.", "success")
    return redirect(url_for("office.notification_list"))


# ---------------------------------------------------------------- administration

def register_counters(s) -> list:
    """Numbering registers (sổ) and their last number this year, when the shared numbering store exists."""
    try:
        from ..store.models.outgoing import RegisterCounter
    except ImportError:
        return []
    return list(s.scalars(select(RegisterCounter).order_by(RegisterCounter.year.desc(), RegisterCounter.register)))


def render_admin(errors=None, form=None, status=200):
    s = db_session()
    users = list(s.scalars(select(User).order_by(User.full_name)))
    units = list(s.scalars(select(Unit).order_by(Unit.name)))
    has_templates = any(r.endpoint == "drafting.templates_page" for r in current_app.url_map.iter_rules())
    return render_template("office/admin.html", users=users, units=units, errors=errors or {}, form=form or {},
                           unit_names={u.id: u.name for u in units}, counters=register_counters(s),
                           has_templates=has_templates), status


@bp.get("/admin")
def admin_page():
    require("admin")
    return render_admin()


def _admin_action(fn, success: str, form_name: str):
    require("admin")
    s = db_session()
    try:
        fn(s)
        s.commit()
    except VanthuError as e:
        s.rollback()
        errs = field_errors(e) if isinstance(e, ValidationError) else {"_": e.message}
        errs = {f"{form_name}.{k}" if k != "_" else "_": v for k, v in errs.items()}
        errs[f"{form_name}._"] = e.message
        return render_admin(errors=errs, form={form_name: request.form}, status=422 if e.status < 500 else e.status)
    flash(success, "success")
    return redirect(url_for("office.admin_page"))


@bp.post("/admin/units")
def admin_unit_create():
    def act(s):
        parent = request.form.get("parent_id") or ""
        directory.create_unit(s, g.user, request.form.get("name", ""), request.form.get("short_name"),
                              int(parent) if parent.isdigit() else None)
    return _admin_action(act, "Đã thêm đơn vị.", "unit")


@bp.post("/admin/units/<int:unit_id>/aliases")
def admin_alias_add(unit_id):
    def act(s):
        alias = (request.form.get("alias") or "").strip()
        if not alias:
            raise ValidationError("Nhập tên gọi khác của đơn vị.", details=[{"field": "alias", "message": "Không được để trống."}])
        directory.remember_alias(s, directory.get_unit(s, unit_id), alias)
    return _admin_action(act, "Đã thêm tên gọi khác.", f"alias{unit_id}")


@bp.post("/admin/aliases/<int:alias_id>/delete")
def admin_alias_delete(alias_id):
    def act(s):
        from ..store.models.directory import UnitAlias
        a = s.get(UnitAlias, alias_id)
        if a is None:
            abort(404)
        s.delete(a)
    return _admin_action(act, "Đã xóa tên gọi khác.", "alias")


@bp.post("/admin/users")
def admin_user_create():
    def act(s):
        unit = request.form.get("unit_id") or ""
        directory.create_user(s, g.user, username=request.form.get("username", ""),
                              full_name=request.form.get("full_name", ""), password=request.form.get("password", ""),
                              role=request.form.get("role", ""), unit_id=int(unit) if unit.isdigit() else None,
                              email=(request.form.get("email") or "").strip() or None)
    return _admin_action(act, "Đã tạo người dùng.", "user")


@bp.post("/admin/users/<int:user_id>")
def admin_user_update(user_id):
    def act(s):
        unit = request.form.get("unit_id") or ""
        directory.update_user(s, g.user, user_id, role=request.form.get("role", ""),
                              unit_id=int(unit) if unit.isdigit() else None,
                              active=request.form.get("active") == "1")
    return _admin_action(act, "Đã cập nhật người dùng.", f"u{user_id}")


# ---------------------------------------------------------------- calendar feed

@bp.get("/ics/<token>.ics")
def ics_feed(token):
    """Personal deadline calendar; the unguessable token in the URL is the credential (calendar apps can't log in)."""
    user = db_session().scalar(select(User).where(User.ics_token == token, User.active.is_(True)))
    if user is None:
        abort(404)
    return Response(reminders.ics_feed(db_session(), user), mimetype="text/calendar",
                    headers={"Content-Disposition": "inline; filename=vanthu.ics"})


__all__ = ["bp"]
