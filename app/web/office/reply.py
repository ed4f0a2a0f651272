"""Soạn văn bản trả lời: the drafting form of a công văn pre-filled from a dispatch or a task."""
from __future__ import annotations

from flask import (
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select

from ...nd30 import doc_types
from ...nd30.dates import format_day, format_month
from ...store.db import db_session
from ...store.models.incoming import Dispatch, Task
from ...tracking import dispatches, permissions, tasks
from . import bp
from .common import require

REPLY_TYPE = "cong_van"


def drafting_modules():
    """The drafting engineer's form helpers and issue pipeline, when they are installed."""
    try:
        from ...drafting import form as dform
        from ...drafting.context import TYPES
        from ...drafting.validate import schema as type_schema
        from .. import drafting as dpages
    except ImportError:
        return None
    return dform, TYPES, type_schema, dpages


def reply_draft(reply: dict, d: Dispatch) -> dict:
    """The drafting input of the reply: reply_input, plus what the office wrote last time
    (organ, ký hiệu, địa danh, signer) so the officer does not retype them."""
    from ...store.models.outgoing import OutgoingDocument

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


def answered(d: Dispatch, reply: dict) -> str:
    """'Công văn số 123/UBND-VP ngày 05/3/2025 của Sở Nội vụ': what the reply answers, dated as
    Decree 30 writes dates (leading zero on days 1-9 and months 1-2 only)."""
    t = doc_types.by_slug(d.document_type) if d.document_type else None
    kind = t.short_name if t else "Văn bản"
    out = f"{kind} số {d.code_text}" if d.code_text else f"{kind} (chưa rõ số, ký hiệu)"
    parts = (d.promulgation_date or "").split("-")
    if len(parts) >= 2 and all(p.isdigit() for p in parts):
        month = format_month(int(parts[1]))
        out += f" ngày {format_day(int(parts[2]))}/{month}/{parts[0]}" if len(parts) == 3 else f" tháng {month}/{parts[0]}"
    if d.organ_name:
        out += f" của {(reply.get('to') or [d.organ_name])[0]}"
    return out


def banner(d: Dispatch, reply: dict, task: Task | None) -> dict:
    """The reply page's banner: what it answers, with links back to the dispatch and, for a user who
    may see it, the task the reply was started from."""
    visible = task is not None and permissions.can(g.user, "task.view") and permissions.can_see_task(g.user, task)
    return {"text": f"Trả lời {answered(d, reply)}", "subject": d.subject,
            "dispatch_url": url_for("office.dispatch_view", dispatch_id=d.id),
            "dispatch_label": (f"Văn bản đến số {d.arrival_number}/{d.arrival_year}" if d.arrival_number
                               else f"Văn bản đến #{d.id}") + (f" — {d.code_text}" if d.code_text else ""),
            "task": task if visible else None,
            "task_url": url_for("office.task_view_page", task_id=task.id) if visible else None}


def reply_page(reply: dict, d: Dispatch, task: Task | None = None):
    """'Soạn văn bản trả lời': the drafting form for a công văn, pre-filled; issuing it records the
    reply's số/ký hiệu on the dispatch (the outgoing document records response_for)."""
    back = url_for("office.task_view_page", task_id=task.id) if task else url_for("office.dispatch_view", dispatch_id=d.id)
    info = banner(d, reply, task)
    mods = drafting_modules()
    if mods is None:
        return render_template("office/reply.html", reply=reply, banner=info)
    dform, types, type_schema, dpages = mods
    sch = type_schema(REPLY_TYPE)
    errors, general, status = {}, None, 200
    if request.method == "GET":
        values = dform.to_form(reply_draft(reply, d), sch)
    else:
        values = dform.shown(request.form.to_dict(), sch)
        result, errors, general, status = dpages.submit(REPLY_TYPE, sch, request.form)
        if result is not None:
            s = db_session()
            d = s.get(Dispatch, d.id)
            d.reply_code = result["code"]
            from ...tracking import audit
            audit.record(s, g.user, "dispatch.reply", "dispatch", d.id, result["code"])
            s.commit()
            flash(f"Đã tạo văn bản trả lời số {result['code']}.", "success")
            if task is not None:
                return redirect(url_for("office.task_view_page", task_id=task.id, reply_code=result["code"],
                                        reply_doc=result["id"]))
            return redirect(url_for("office.dispatch_view", dispatch_id=d.id, reply_doc=result["id"]))
    return render_template("office/reply_form.html", t=doc_types.by_slug(REPLY_TYPE), slug=REPLY_TYPE,
                           groups=dform.fields_for(sch), values=values, errors=errors, result=None,
                           general=general, spec=types[REPLY_TYPE], reply_back=back, banner=info), status


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
