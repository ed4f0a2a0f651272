"""Drafting pipeline: validate → normalise → render → self-check → register → .docx / .pdf.

`render_document` is pure (no database): it renders with the number given in the input or a
blank one. `issue` is the full pipeline: the number comes from the outgoing register in the
same transaction that records the document, so a failed render or store leaves no gap.

A number typed in the input (`code.number`) is checked against the register first: a number
already issued in the same (organ, register, year) is refused with Conflict `number_taken`
(ND30-NUM-02), and the unique index behind it settles two issues that race. A typed number
does not move the counter; the counter steps over typed numbers when it reaches them.
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from app.errors import Conflict, ValidationError
from app.nd30 import doc_types, text

from . import normalise, selfcheck, templates
from .engine import CACHE
from .validate import validate


@dataclass
class Drafted:
    docx: bytes
    input: dict
    context: dict
    number: int | None
    code: str
    id: str | None = None
    template: str = ""
    findings: list = field(default_factory=list)

    @property
    def document_type(self) -> str:
        return self.input["document_type"]


def organ_key(data: dict) -> str:
    """Counter key of the issuing organ: its name, folded (case, spaces, tone placement)."""
    return text.fold(data["organ"]["name"])[:200]


def _render(data: dict, number: int | None, template_path: Path, today: dt.date | None) -> tuple[bytes, dict]:
    context = normalise.build_context(data, number, today=today)
    t = doc_types.by_slug(data["document_type"])
    subject = context["subject_line"] or context.get("subject") or ""
    props = {"title": f"{t.short_name} số {context['code']['text'].strip()}", "subject": subject,
             "creator": context["organ"]["name_original"],
             "description": "Soạn theo thể thức Nghị định 30/2020/NĐ-CP bằng vanthu."}
    return CACHE.get(template_path).render(context, props), context


def _check(docx: bytes) -> list:
    findings = [f if isinstance(f, dict) else f.to_dict() for f in selfcheck.self_check(docx)]
    errors = [f for f in findings if f.get("severity") == "error"]
    if errors:
        raise ValidationError("Văn bản tạo ra chưa đúng thể thức Nghị định 30; chưa cấp số.", code="self_check_failed",
                              details=errors)
    return findings


def render_document(data: dict, *, number: int | None = None, template_path: Path | None = None,
                    today: dt.date | None = None) -> Drafted:
    """Validate and render without the register: number = the argument, else the input's, else blank."""
    data = validate(data)
    if number is None:
        number = (data.get("code") or {}).get("number")
    path = template_path or templates.builtin_path(data["document_type"])
    docx, context = _render(data, number, path, today)
    findings = _check(docx)
    return Drafted(docx, data, context, number, context["code"]["text"], template=str(path), findings=findings)


def _register_fields(data: dict, context: dict) -> dict:
    t = doc_types.by_slug(data["document_type"])
    subj = context["subject_line"] or context.get("subject") or ""
    to = data.get("to")
    to = [to] if isinstance(to, str) else list(to or [])
    others = [x for x in (data.get("to_places") or []) if text.fold(x).strip(" -;.") not in ("như trên",)
              and not text.fold(x).lstrip("- ").startswith("lưu")]
    archive_line = context["to_places"][-1] if context["to_places"] else ""
    holder = archive_line.removeprefix("- Lưu:").strip().rstrip(".") or None
    units = [u for u in (holder or "").split(",") if u.strip()]
    copies = data.get("issued_copies") or (len(to) + len(others) + max(1, len(units))) or None
    signer = data["signer"]
    return {
        "code": context["code"]["text"].strip(),
        "issued_date": dt.date.fromisoformat(context["promulgation"]["date"]),
        "type_and_subject": f"{t.short_name} {subj}".strip(),
        "signer": text.clean(signer["full_name"]),
        "recipients": "; ".join(text.clean(x) for x in to + others) or None,
        "archive_holder": holder,
        "copies": copies,
    }


def _register_label(register: str) -> str:
    from app.store.numbering import OUTGOING
    return "sổ văn bản đi" if register == OUTGOING else f"sổ “{register}”"


def number_taken(number: int, register: str, year: int, holder=None) -> Conflict:
    """The Conflict for a typed number the register already issued, naming the document holding it."""
    held = ""
    if holder is not None:
        held = f" (văn bản {holder.code} ngày {holder.issued_date:%d/%m/%Y})"
    short = f"Số {number:02d} đã được cấp{held}. Để trống ô Số để lấy số tiếp theo."
    message = (f"Số {number:02d} đã được cấp trong {_register_label(register)} năm {year}{held}. "
               "Để trống ô Số để lấy số tiếp theo.")
    detail = {"field": "code.number", "message": short}
    if holder is not None:
        detail.update(document_id=holder.id, code=holder.code)
    return Conflict(message, code="number_taken", details=[detail])


def _is_number_clash(e: IntegrityError) -> bool:
    """The unique index on (organ_key, register, year, number) refused the row (not another constraint)."""
    from app.store.models.outgoing import NUMBER_INDEX
    msg = str(e.orig)
    return NUMBER_INDEX in msg or "outgoing_documents.number" in msg    # PostgreSQL names it; SQLite lists columns


def issue(data: dict, *, database_url: str, storage_dir: str, register: bool = True,
          template_id: str | None = None, today: dt.date | None = None) -> Drafted:
    """The full pipeline; the document is recorded in the outgoing register and stored on disk.

    register=False renders a draft: the input's number if any, else a blank number, nothing stored.
    """
    from app.store import numbering as nb
    from app.store.db import session_scope
    from app.store.models.outgoing import OutgoingDocument

    data = validate(data)
    slug = data["document_type"]
    given = (data.get("code") or {}).get("number")
    if not register:
        return render_document(data, number=given, today=today)
    key = organ_key(data)
    year = normalise.issue_date(data, today).year
    reg = text.clean(data.get("register") or "") or nb.OUTGOING
    doc_id = uuid.uuid4().hex
    rel = Path("outgoing") / str(year) / f"{doc_id}.docx"
    path = Path(storage_dir) / rel
    number = given
    try:
        with nb.numbering_session(database_url) as s:
            if given:
                # Hold the register so a concurrent issue of it waits; then the check sees its row.
                nb.lock_register(s, key, year, reg)
                holder = nb.number_holder(s, key, year, given, reg)
                if holder is not None:
                    raise number_taken(given, reg, year, holder)
            else:
                number = nb.next_outgoing_number(s, key, year, reg)
            tpl_path, tpl_name = templates.resolve(slug, s, key, storage_dir, template_id)
            docx, context = _render(data, number, tpl_path, today)
            findings = _check(docx)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(docx)
            s.add(OutgoingDocument(
                id=doc_id, organ_key=key, organ_name=text.clean(data["organ"]["name"]), register=reg, year=year,
                number=number, number_source="input" if given else "register",
                notation=context["code"]["notation"], document_type=slug, input_json=data, file_path=str(rel),
                template=tpl_name, **_register_fields(data, context)))
            s.flush()
    except BaseException as e:
        path.unlink(missing_ok=True)     # nothing stored unless the row is committed
        if isinstance(e, IntegrityError) and _is_number_clash(e):
            # Lost a race the lock did not cover (a writer outside this pipeline): same answer.
            with session_scope(database_url, write=False) as s:
                holder = nb.number_holder(s, key, year, number, reg)
            raise number_taken(number, reg, year, holder) from None
        raise
    return Drafted(docx, data, context, number, context["code"]["text"], id=doc_id, template=tpl_name,
                   findings=findings)
