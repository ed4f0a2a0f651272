"""Compliance checking over the web: upload page, report page, downloads, and the JSON API.

    POST /api/v1/compliance/check   (multipart `file`) → report JSON + download URLs
    GET  /api/v1/compliance/<id>/fixed | /annotated   → the generated .docx
    GET  /compliance                → upload page;   POST /compliance → report page

Files are kept under STORAGE_DIR/compliance/<id>/ (original, fixed, annotated, report.json).
"""
from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from ..compliance.annotate import annotate_bytes
from ..compliance.engine import COMPONENT_LABEL, REGIME_LABEL, check_bytes
from ..compliance.fix import SignedDocument, fix_bytes
from ..errors import NotFound, ValidationError, VanthuError

bp = Blueprint("compliance", __name__)

KINDS = {"fixed": "ban-da-sua.docx", "annotated": "ban-co-chu-thich.docx", "original": "ban-goc.docx"}
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ID = re.compile(r"^[0-9a-f]{32}$")
SEV_VN = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Gợi ý"}


def _root() -> Path:
    return Path(current_app.config["STORAGE_DIR"]) / "compliance"


def _dir(check_id: str) -> Path:
    if not _ID.match(check_id or ""):
        raise NotFound("Không tìm thấy kết quả kiểm tra.")
    d = _root() / check_id
    if not d.is_dir():
        raise NotFound("Không tìm thấy kết quả kiểm tra.")
    return d


def _upload() -> tuple[bytes, str]:
    f = request.files.get("file")
    if f is None or not f.filename:
        raise ValidationError("Chưa chọn tệp .docx để kiểm tra.", details=[{"field": "file",
                                                                             "message": "Bắt buộc."}])
    return f.read(), f.filename


def _regime() -> str | None:
    """Optional `regime` form field: force a regime instead of detecting it."""
    r = (request.form.get("regime") or "").strip()
    if r and r not in REGIME_LABEL:
        raise ValidationError("Chế độ kiểm tra không hợp lệ.", details=[
            {"field": "regime", "message": "Chọn một trong: " + ", ".join(sorted(REGIME_LABEL)) + "."}])
    return r or None


def run_check(data: bytes, filename: str, regime: str | None = None) -> dict:
    """Check, fix and annotate; store everything; return the report dict with download URLs."""
    report = check_bytes(data, regime=regime)
    check_id = uuid.uuid4().hex
    d = _root() / check_id
    d.mkdir(parents=True, exist_ok=True)
    (d / "original.docx").write_bytes(data)
    out = report.to_dict()
    out["id"] = check_id
    out["filename"] = filename
    downloads = {"fixed": None, "annotated": None}
    try:
        fixed, _, n = fix_bytes(data, regime)
        if n:
            (d / "fixed.docx").write_bytes(fixed)
            downloads["fixed"] = url_for("compliance.download", check_id=check_id, kind="fixed", _external=False)
        out["fix"] = {"applied": n}
    except SignedDocument as e:
        out["fix"] = {"applied": 0, "message": e.message}
    if report.findings:
        annotated, _, n = annotate_bytes(data, regime)
        (d / "annotated.docx").write_bytes(annotated)
        downloads["annotated"] = url_for("compliance.download", check_id=check_id, kind="annotated")
    out["downloads"] = downloads
    (d / "report.json").write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return out


@bp.post("/api/v1/compliance/check")
def api_check():
    data, name = _upload()
    return jsonify(run_check(data, name, _regime())), 200


@bp.get("/api/v1/compliance/<check_id>")
def api_report(check_id):
    return jsonify(json.loads((_dir(check_id) / "report.json").read_text(encoding="utf-8")))


@bp.get("/api/v1/compliance/<check_id>/<kind>")
def download(check_id, kind):
    if kind not in KINDS:
        raise NotFound("Không có loại tệp này.")
    path = _dir(check_id) / f"{kind}.docx"
    if not path.is_file():
        raise NotFound("Tệp này không được tạo cho lần kiểm tra này.")
    return send_file(path, mimetype=DOCX_MIME, as_attachment=True, download_name=KINDS[kind])


@bp.get("/compliance")
def index():
    return render_template("compliance/upload.html")


@bp.post("/compliance")
def upload():
    try:
        data, name = _upload()
        out = run_check(data, name, _regime())
    except VanthuError as e:
        flash(e.message, "error")
        return render_template("compliance/upload.html", error=e), e.status
    return redirect(url_for("compliance.report_page", check_id=out["id"]))


@bp.get("/compliance/<check_id>")
def report_page(check_id):
    rep = json.loads((_dir(check_id) / "report.json").read_text(encoding="utf-8"))
    groups: dict[str, list] = {}
    for f in rep["findings"]:
        groups.setdefault(f.get("component") or "", []).append(f)
    ordered = [(k, COMPONENT_LABEL.get(k, k), groups[k]) for k in COMPONENT_LABEL if k in groups]
    ordered += [(k, k, v) for k, v in groups.items() if k not in COMPONENT_LABEL]
    return render_template("compliance/report.html", rep=rep, groups=ordered, sev=SEV_VN,
                           regime_label=REGIME_LABEL.get(rep["regime"], rep["regime"]))
