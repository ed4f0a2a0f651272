"""Review of an extracted dispatch: text with evidence beside the fields and tasks, corrections, unit
mapping, and confirmation (vào sổ: số đến + tasks)."""
from __future__ import annotations

import re

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

from ...errors import ValidationError
from ...store.db import db_session
from ...store.models.incoming import DISPATCH_STATES, Dispatch
from ...tracking import directory, dispatches, permissions
from ...tracking.tasks import RECURRENCE_LABELS
from .. import dates
from . import bp
from .common import field_errors, form_date, require, task_view, today, units_all, users_all


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
    from ...nd30.doc_types import all_types

    return render_template(
        "office/dispatch.html", d=d, fields=fields or dispatch_fields(d), task_rows=task_rows, mapping=mapping,
        names=names, errors=errors or {}, segs=segments(d.text or "", spans), field_spans=field_spans,
        units=units_all(s), doc_types=all_types(), warnings=extraction.get("warnings") or [],
        duplicates=dispatches.find_duplicates(s, d) if d.status == "review" else [],
        task_views=[{**task_view(t), "visible": permissions.can_see_task(g.user, t)} for t in d.tasks], users={u.id: u.full_name for u in users_all(s)}), status


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
    # dates are typed dd/mm/yyyy (or ISO); the reviewed record and the store get ISO
    arrival = form_date("arrival_date", errors, label="Ngày đến")
    due = form_date("due_date", errors, label="Hạn giải quyết")
    try:
        promulgated = dates.parse_partial(f["promulgation_date"], "Ngày ban hành")
    except dates.DateError as e:
        errors["promulgation_date"], promulgated = e.message, None
    due_iso = {}
    for t in task_rows:
        i = t["key"]
        if not t["text"]:
            errors[f"t-{i}-text"] = "Nội dung nhiệm vụ không được để trống."
        try:
            d_due = dates.parse(t["due_date"], "Hạn xử lý")
            due_iso[i] = d_due.isoformat() if d_due else ""
        except dates.DateError as e:
            errors[f"t-{i}-due_date"] = e.message
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
        "promulgation": {"place": f["promulgation_place"] or None, "date": promulgated},
        "subject": f["subject"], "signer": signer, "priority": f["priority"] or None, "secrecy": f["secrecy"] or None,
        "arrival_date": (arrival or today()).isoformat(), "recipient_unit_id": f["recipient_unit_id"],
        "due_date": due.isoformat() if due else None, "unit_map": {k: v for k, v in mapping.items() if v},
        "tasks": [{**{k: v for k, v in t.items() if k != "key"}, "due_date": due_iso[t["key"]],
                   "recurrence": t["recurrence"] or None,
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

    from ...store import files

    d = dispatches.get_dispatch(db_session(), g.user, dispatch_id)
    if not d.file_path:
        abort(404)
    return send_file(files.path_of(current_app.config["STORAGE_DIR"], d.file_path), download_name=d.file_name,
                     as_attachment=True)
