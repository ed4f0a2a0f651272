"""Drafting: pages (/drafting) and API (/api/v1/documents, /api/v1/templates)."""
from __future__ import annotations

import json
import uuid
from pathlib import Path

from flask import Blueprint, current_app, jsonify, render_template, request, send_file, url_for

from ..drafting import form as dform
from ..drafting import templates as dtemplates
from ..drafting.context import TYPES
from ..drafting.pdf import docx_to_pdf
from ..drafting.pipeline import issue
from ..drafting.validate import schema as type_schema
from ..errors import NotFound, ValidationError, VanthuError
from ..nd30 import doc_types, text
from ..store.db import end_request_transaction

bp = Blueprint("drafting", __name__)

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXAMPLES = Path(__file__).resolve().parents[1] / "drafting" / "examples"


def _db_url() -> str:
    return current_app.config["DATABASE_URL"]


def _storage() -> str:
    return current_app.config["STORAGE_DIR"]


def _issue(data) -> dict:
    end_request_transaction()   # the register writes in a session of its own
    drafted = issue(data, database_url=_db_url(), storage_dir=_storage())
    return {"id": drafted.id, "code": drafted.code, "number": drafted.number,
            "document_type": drafted.document_type,
            "issued_date": drafted.context["promulgation"]["date"],
            "template": drafted.template,
            "findings": drafted.findings,
            "links": {"docx": url_for("drafting.api_file", doc_id=drafted.id, fmt="docx"),
                      "pdf": url_for("drafting.api_file", doc_id=drafted.id, fmt="pdf")}}


def _record(doc_id: str):
    from ..store.db import db_session
    from ..store.models.outgoing import OutgoingDocument
    row = db_session().get(OutgoingDocument, doc_id)
    if row is None or not row.file_path:
        raise NotFound("Không tìm thấy văn bản.", code="document_not_found")
    return row


def _pdf_path(row) -> Path:
    """The PDF beside the stored .docx, made on first request."""
    docx_path = Path(_storage()) / row.file_path
    pdf_path = docx_path.with_suffix(".pdf")
    if not pdf_path.exists():
        pdf = docx_to_pdf(docx_path.read_bytes(), soffice=current_app.config.get("SOFFICE", "soffice"))
        tmp = pdf_path.with_name(f"{pdf_path.stem}.{uuid.uuid4().hex}.tmp")   # concurrent requests: own temp file
        tmp.write_bytes(pdf)
        tmp.replace(pdf_path)
    return pdf_path


def _download_name(row, fmt: str) -> str:
    return f"{row.code.replace('/', '-').strip() or row.id}.{fmt}"


# --- API --------------------------------------------------------------------------------------

@bp.post("/api/v1/documents")
def api_create():
    data = request.get_json(silent=True)
    if data is None:
        raise ValidationError("Nội dung yêu cầu phải là JSON (Content-Type: application/json).",
                              details=[{"field": "", "message": "Không đọc được JSON."}])
    return jsonify(_issue(data)), 201


@bp.get("/api/v1/documents/<doc_id>")
def api_get(doc_id):
    row = _record(doc_id)
    body = {"id": row.id, "code": row.code, "number": row.number, "document_type": row.document_type,
            "register": row.register, "year": row.year, "input": row.input_json,
            "register_row": {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                             for k, v in row.register_row().items()},
            "links": {"docx": url_for("drafting.api_file", doc_id=row.id, fmt="docx"),
                      "pdf": url_for("drafting.api_file", doc_id=row.id, fmt="pdf")}}
    return jsonify(body)


@bp.get("/api/v1/documents/<doc_id>.<any(docx, pdf):fmt>")
def api_file(doc_id, fmt):
    row = _record(doc_id)
    if fmt == "docx":
        return send_file(Path(_storage()) / row.file_path, mimetype=DOCX_MIME, as_attachment=True,
                         download_name=_download_name(row, "docx"))
    return send_file(_pdf_path(row), mimetype="application/pdf", as_attachment=True,
                     download_name=_download_name(row, "pdf"))


@bp.get("/api/v1/document-types")
def api_types():
    return jsonify([{"slug": s, "name": doc_types.by_slug(s).short_name, "template": f"Mẫu {spec['label']}",
                     "schema": url_for("drafting.api_schema", slug=s)} for s, spec in TYPES.items()])


@bp.get("/api/v1/schemas/<slug>")
def api_schema(slug):
    if slug not in TYPES:
        raise NotFound(f"Không có lược đồ cho loại “{slug}”.")
    return jsonify(type_schema(slug))


def _uploaded_template() -> tuple[str, bytes, str]:
    slug = request.form.get("document_type") or request.args.get("document_type") or ""
    f = request.files.get("file")
    if f is None:
        raise ValidationError("Thiếu tệp mẫu .docx (trường “file”).", code="template_invalid",
                              details=[{"field": "file", "message": "Chọn tệp .docx."}])
    return slug, f.read(), f.filename or "mau.docx"


@bp.post("/api/v1/templates/check")
def api_template_check():
    from ..drafting.lint import lint_template
    slug, data, _ = _uploaded_template()
    problems = lint_template(data, slug)
    if problems:
        raise ValidationError(f"Mẫu văn bản không dùng được: {len(problems)} lỗi.", code="template_invalid",
                              details=problems)
    return jsonify({"ok": True})


@bp.post("/api/v1/templates")
def api_template_add():
    from ..store.db import db_session
    slug, data, filename = _uploaded_template()
    organ = request.form.get("organ")
    s = db_session()
    row = dtemplates.register(s, _storage(), slug, data, request.form.get("name") or filename,
                              text.fold(organ)[:200] if organ else None)
    s.commit()
    return jsonify({"id": row.id, "document_type": row.document_type, "name": row.name}), 201


# --- pages ------------------------------------------------------------------------------------

@bp.get("/drafting")
def index():
    from sqlalchemy import select

    from ..store.db import db_session
    from ..store.models.outgoing import OutgoingDocument
    types = [(s, doc_types.by_slug(s), spec) for s, spec in TYPES.items()]
    recent = db_session().execute(select(OutgoingDocument).order_by(OutgoingDocument.created_at.desc())
                                  .limit(20)).scalars().all()
    return render_template("drafting/index.html", types=types, recent=recent)


def _type_or_404(slug):
    if slug not in TYPES:
        raise NotFound(f"Không có mẫu soạn thảo cho loại “{slug}”.")
    return doc_types.by_slug(slug)


def submit(slug: str, sch: dict, form) -> tuple[dict | None, dict, str | None, int]:
    """Issue the document typed in a drafting form: (result, errors by field, general message, status).
    An error's details name fields (a taken number: code.number; an impossible date), so each message
    sits beside its field, and the page answers with the error's status (422, 409)."""
    try:
        return _issue(dform.from_form(slug, sch, form)), {}, None, 200
    except VanthuError as e:
        details = [d for d in e.details if isinstance(d, dict)] if isinstance(e.details, list) else []
        return None, dform.errors_by_field(details, sch), e.message, e.status


@bp.route("/drafting/<slug>", methods=["GET", "POST"])
def form_page(slug):
    t = _type_or_404(slug)
    sch = type_schema(slug)
    groups = dform.fields_for(sch)
    values, errors, result, general, status = {}, {}, None, None, 200
    if request.method == "GET" and request.args.get("example"):
        path = EXAMPLES / f"{slug}.json"
        if path.exists():
            values = dform.to_form(json.loads(path.read_text(encoding="utf-8")), sch)
    if request.method == "POST":
        values = dform.shown(request.form.to_dict(), sch)
        result, errors, general, status = submit(slug, sch, request.form)
    return render_template("drafting/form.html", t=t, slug=slug, groups=groups, values=values, errors=errors,
                           result=result, general=general, spec=TYPES[slug]), status


@bp.route("/drafting/templates", methods=["GET", "POST"])
def templates_page():
    """Register an agency's own .docx template for a type (linted first)."""
    from sqlalchemy import select

    from ..store.db import db_session
    from ..store.models.outgoing import AgencyTemplate
    s = db_session()
    problems, saved, general = [], None, None
    if request.method == "POST":
        try:
            slug, data, filename = _uploaded_template()
            organ = request.form.get("organ") or None
            saved = dtemplates.register(s, _storage(), slug, data, request.form.get("name") or filename,
                                        text.fold(organ)[:200] if organ else None)
            s.commit()
        except ValidationError as e:
            general, problems = e.message, e.details if isinstance(e.details, list) else []
    rows = s.execute(select(AgencyTemplate).order_by(AgencyTemplate.created_at.desc())).scalars().all()
    types = [(slug, doc_types.by_slug(slug).short_name) for slug in TYPES]
    return render_template("drafting/templates.html", rows=rows, types=types, problems=problems, saved=saved,
                           general=general), (422 if general else 200)
