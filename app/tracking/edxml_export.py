"""edXML export of an issued outgoing document (văn bản đi), for the national exchange axis.

The header comes from the outgoing register row and the drafting input (glossary names, see
ARCHITECTURE.md); the issued .docx is the attachment. `app.intake.read` of the package gives the
same metadata back (tests/test_edxml_export.py checks the round trip).
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from ..errors import Conflict, NotFound

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _signer(data: dict) -> dict:
    s = data.get("signer") or {}
    competence = " ".join(x for x in (s.get("competence"), s.get("on_behalf_of")) if x) or None
    return {k: v for k, v in (("competence", competence), ("position", s.get("position")),
                              ("full_name", s.get("full_name"))) if v}


def metadata_for(doc) -> dict:
    """The edXML MessageHeader of an OutgoingDocument, in the glossary names build_edxml takes."""
    from ..nd30.doc_types import by_slug

    data = doc.input_json or {}
    organ = data.get("organ") or {}
    prom = data.get("promulgation") or {}
    t = by_slug(doc.document_type)
    to = data.get("to")
    to = [to] if isinstance(to, str) else list(to or [])
    to_places = [p for p in (data.get("to_places") or []) if p]
    if doc.archive_holder:
        to_places.append(f"Lưu: {doc.archive_holder}")
    md = {
        "organ": {k: v for k, v in (("in_charge", organ.get("in_charge")), ("name", doc.organ_name)) if v},
        "to": [{"name": x} for x in to if x],
        # the number as printed ("05": ND30 writes numbers below 10 with a leading zero)
        "code": {"number": doc.code.split("/", 1)[0].strip() if "/" in doc.code else str(doc.number),
                 "notation": doc.notation, "text": doc.code},
        "promulgation": {k: v for k, v in (("place", prom.get("place")), ("date", doc.issued_date.isoformat())) if v},
        "document_type": t.short_name if t else doc.document_type,
        "subject": data.get("subject"),
        "signer": _signer(data),
        "due_date": data.get("due_date"),
        "to_places": to_places,
        "response_for": [{"code": data["response_for"]}] if data.get("response_for") else [],
        "document_id": doc.id,
    }
    return {k: v for k, v in md.items() if v not in (None, "", [], {})}


def file_name(doc, ext: str) -> str:
    return f"{(doc.code or doc.id).replace('/', '-').strip() or doc.id}.{ext}"


def export(s: Session, doc_id: str, storage_dir: str) -> tuple[bytes, str]:
    """(edXML package, download name) of an issued outgoing document."""
    from ..intake.edxml import build_edxml
    from ..store.models.outgoing import OutgoingDocument

    doc = s.get(OutgoingDocument, doc_id)
    if doc is None:
        raise NotFound("Không tìm thấy văn bản đi.", code="document_not_found")
    if doc.number is None or not doc.file_path:
        raise Conflict("Văn bản chưa được ban hành (chưa có số), chưa thể xuất gói edXML.", code="not_issued")
    path = Path(storage_dir) / doc.file_path
    if not path.is_file():
        raise NotFound("Không tìm thấy tệp của văn bản đi trong kho lưu trữ.", code="document_not_found")
    package = build_edxml(metadata_for(doc), [(file_name(doc, "docx"), path.read_bytes(), DOCX_MIME)])
    return package, file_name(doc, "edxml")
