"""Received dispatches: upload → read + extract (a background job) → review → register (số đến) + tasks."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import Conflict, NotFound, ValidationError, VanthuError
from ..store import files
from ..store.db import session_scope
from ..store.models.incoming import Dispatch
from . import audit, directory, permissions, tasks
from .textfold import fold

INCOMING_REGISTER = "den"   # numbering register key for số đến


def receive(s: Session, user, file_name: str, data: bytes, storage_dir: str) -> Dispatch:
    """Keep the uploaded file and create the dispatch in state 'uploaded' (nothing is lost on failure)."""
    permissions.require(user, "dispatch.upload")
    if not data:
        raise ValidationError("Tệp tải lên rỗng.", details=[{"field": "file", "message": "Chọn một tệp có nội dung."}])
    rel = files.save(storage_dir, "incoming", file_name, data)
    d = Dispatch(status="uploaded", file_name=files.safe_name(file_name), file_path=rel, created_by_id=user.id)
    s.add(d)
    s.flush()
    audit.record(s, user, "dispatch.upload", "dispatch", d.id, file_name)
    return d


def process_job(cfg: dict, dispatch_id: int) -> None:
    """Read and extract one dispatch; failures are recorded on the dispatch (retryable), never raised."""
    with session_scope(cfg["DATABASE_URL"]) as s:
        d = s.get(Dispatch, dispatch_id)
        if d is None:
            return
        d.status, d.error = "extracting", None
    try:
        from ..extraction import extract
        from ..intake import read

        path = files.path_of(cfg["STORAGE_DIR"], d.file_path)
        doc = read(path, filename=d.file_name)
        result = extract(doc)
        with session_scope(cfg["DATABASE_URL"]) as s:
            d = s.get(Dispatch, dispatch_id)
            d.text = doc.text
            d.extraction = result
            apply_fields(d, result)
            d.status = "review"
    except VanthuError as e:
        _fail(cfg, dispatch_id, e.message)
    except Exception as e:  # a bug in a reader must not lose the upload: keep it retryable
        import logging
        logging.getLogger(__name__).exception("processing dispatch %s failed", dispatch_id)
        _fail(cfg, dispatch_id, f"Lỗi khi đọc hoặc trích xuất văn bản ({type(e).__name__}). Có thể thử lại.")


def _fail(cfg, dispatch_id, message):
    with session_scope(cfg["DATABASE_URL"]) as s:
        d = s.get(Dispatch, dispatch_id)
        d.status, d.error = "failed", message[:1000]


def apply_fields(d: Dispatch, data: dict) -> None:
    """Copy the metadata fields of an extraction (or of the reviewer's corrections) onto the dispatch."""
    organ = data.get("organ") or {}
    code = data.get("code") or {}
    prom = data.get("promulgation") or {}
    d.organ_name = organ.get("name")
    d.organ_in_charge = organ.get("in_charge")
    d.code_number = code.get("number")
    d.code_notation = code.get("notation")
    d.code_text = code.get("text")
    d.document_type = data.get("document_type")
    d.promulgation_place = prom.get("place")
    d.promulgation_date = prom.get("date")
    d.subject = data.get("subject")
    d.signer = data.get("signer")
    d.priority = data.get("priority")
    d.secrecy = data.get("secrecy")
    d.to_places = data.get("to_places")
    d.search_text = fold(" ".join(filter(None, [d.code_text, d.organ_name, d.organ_in_charge, d.subject,
                                                (d.text or "")[:20000]])))


def get_dispatch(s: Session, user, dispatch_id: int) -> Dispatch:
    permissions.require(user, "dispatch.view")
    d = s.get(Dispatch, dispatch_id)
    if d is None:
        raise NotFound("Không tìm thấy văn bản đến.")
    return d


def _parse_date(value, field):
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError("Ngày không hợp lệ.", details=[{"field": field, "message": "Ngày phải có dạng YYYY-MM-DD."}])


def confirm(s: Session, user, d: Dispatch, reviewed: dict, *, next_number) -> Dispatch:
    """Register a reviewed dispatch: its fields and tasks as corrected by the reviewer.

    `reviewed` has the dispatch JSON fields plus `tasks` = [{text, units, unit_id?, owner_id?,
    cooperating_units, report_to, due_date, due_text, recurrence, span}], `recipient_unit_id`,
    `due_date` and `arrival_date`. Names mapped to a unit are remembered as aliases.
    `next_number(session, organ, year, register)` gives the next số đến atomically.
    `unit_map` = {name as written: unit id} is remembered as aliases; a task's `unit_id` maps its
    lead unit (the first of `units`), so only that name becomes an alias of it.
    """
    permissions.require(user, "dispatch.review")
    if d.status == "registered":
        raise Conflict("Văn bản này đã được vào sổ.", code="already_registered")
    errors = []
    task_inputs = reviewed.get("tasks") or []
    for i, t in enumerate(task_inputs):
        if not (t.get("text") or "").strip():
            errors.append({"field": f"tasks[{i}].text", "message": "Nội dung nhiệm vụ không được để trống."})
    if errors:
        raise ValidationError("Chưa thể vào sổ: còn trường chưa hợp lệ.", details=errors)
    apply_fields(d, reviewed)
    arrival = _parse_date(reviewed.get("arrival_date"), "arrival_date") or date.today()
    d.arrival_date = arrival
    d.arrival_year = arrival.year
    d.recipient_unit_id = reviewed.get("recipient_unit_id") or None
    d.due_date = _parse_date(reviewed.get("due_date"), "due_date")
    d.handed_over_on = arrival
    d.arrival_number = next_number(s, "office", arrival.year, INCOMING_REGISTER)
    for written, mapped in (reviewed.get("unit_map") or {}).items():
        if mapped:
            directory.remember_alias(s, directory.get_unit(s, int(mapped)), written)
    d.status = "registered"
    d.registered_at = datetime.now()
    for i, t in enumerate(task_inputs):
        unit_id = t.get("unit_id") or None
        units_text = t.get("units") or []
        if unit_id:
            unit = directory.get_unit(s, int(unit_id))
            if units_text:
                directory.remember_alias(s, unit, units_text[0])
        elif units_text:
            match = directory.match_unit(s, units_text[0])
            unit_id = match.id if match else None
        span = t.get("span")
        tasks.create_task(s, user, text=t["text"], dispatch=d, unit_id=unit_id, units_text=units_text,
                          cooperating_units=t.get("cooperating_units") or [], report_to=t.get("report_to"),
                          owner_id=t.get("owner_id") or None,
                          due_date=_parse_date(t.get("due_date") if len(str(t.get("due_date") or "")) == 10 else None,
                                               f"tasks[{i}].due_date"),
                          due_text=t.get("due_text"), recurrence=t.get("recurrence"),
                          span=tuple(span) if span else None)
    audit.record(s, user, "dispatch.register", "dispatch", d.id, f"số đến {d.arrival_number}/{d.arrival_year}")
    return d


def next_arrival_number(s: Session, organ: str, year: int, register: str = INCOMING_REGISTER) -> int:
    """Next số đến of the year (max + 1), for when no shared numbering store is installed; the unique
    constraint (arrival_year, arrival_number) refuses a duplicate if two clerks confirm at once."""
    return (s.scalar(select(func.max(Dispatch.arrival_number)).where(Dispatch.arrival_year == year)) or 0) + 1


def number_source():
    """The shared numbering store's next_number when it exists, else next_arrival_number."""
    try:
        from ..store.numbering import next_number
    except ImportError:
        return next_arrival_number
    return next_number


def find_duplicates(s: Session, d: Dispatch) -> list[Dispatch]:
    """Registered dispatches with the same (số/ký hiệu, cơ quan ban hành): Phụ lục VI §III.1.h."""
    if not d.code_text:
        return []
    q = select(Dispatch).where(Dispatch.code_text == d.code_text, Dispatch.id != d.id,
                               Dispatch.status == "registered")
    return [x for x in s.scalars(q) if fold(x.organ_name) == fold(d.organ_name)]


def reply_input(d: Dispatch, task=None) -> dict:
    """A drafting input for the reply (văn bản trả lời): Kính gửi the sender, a 'Phúc đáp' opening,
    response_for recorded so that issuing the reply links both ways."""
    date_txt = ""
    if d.promulgation_date and len(d.promulgation_date) == 10:
        y, m, dd = d.promulgation_date.split("-")
        date_txt = f" ngày {int(dd):02d}/{int(m):02d}/{y}"
    kind = "Công văn" if (d.document_type in (None, "cong_van")) else _type_name(d.document_type)
    sender = _sentence_case_organ(d.organ_name) if d.organ_name else "..."
    opening = f"Phúc đáp {kind} số {d.code_text or '...'}{date_txt} của {sender}"
    opening += f" về việc {d.subject}" if d.subject else ""
    opening += ", "
    subject = f"trả lời {kind[0].lower() + kind[1:]} số {d.code_text}" if d.code_text else "trả lời văn bản"
    content = [opening + "..."]
    if task is not None:
        content.append(f"Về nội dung: {task.text}")
    return {
        "document_type": "cong_van",
        "subject": subject,
        "to": [sender],
        "content": content,
        "response_for": {"dispatch_id": d.id, "code": d.code_text, "date": d.promulgation_date,
                         "organ": d.organ_name, "task_id": getattr(task, "id", None)},
    }


def _type_name(slug: str) -> str:
    from ..nd30.doc_types import by_slug

    t = by_slug(slug)
    return t.short_name if t else "Văn bản"


def _organ_case_data() -> dict:
    import json
    from pathlib import Path

    return json.loads((Path(__file__).parent / "data" / "organ_case.json").read_text(encoding="utf-8"))


def _sentence_case_organ(name: str) -> str:
    """'VĂN PHÒNG UBND TỈNH LẠNG SƠN' -> 'Văn phòng UBND tỉnh Lạng Sơn': an all-caps name written in a
    sentence (abbreviations and the place after tỉnh/huyện/xã... kept capitalised); mixed case as written."""
    if not name.isupper():
        return name
    data = _organ_case_data()
    abbreviations = set(data["abbreviations"])
    levels = sorted((lv.split() for lv in data["place_levels"]), key=len, reverse=True)
    words = name.split()
    low_all = [w.lower() for w in words]
    head = next((h.split() for h in sorted(data["name_heads"], key=len, reverse=True)
                 if low_all[:len(h.split())] == h.split()), None)
    capital_at = len(head) if head else -1      # the first word of the specific name (Sở *Nội* vụ)
    out, place, i = [], False, 0
    while i < len(words):
        w = words[i]
        low = [x.lower() for x in words[i:]]
        level = next((lv for lv in levels if low[:len(lv)] == lv), None)
        if level and not place and i > 0:
            out += level
            i += len(level)
            place = True
            continue
        if w in abbreviations:
            out.append(w)
        elif place or i in (0, capital_at):
            out.append(w[:1] + w[1:].lower())
        else:
            out.append(w.lower())
        i += 1
    return " ".join(out)
