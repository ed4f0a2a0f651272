"""POST /api/v1/dispatches/extract: a received file (multipart `file`) -> the dispatch JSON of
schemas/dispatch.schema.json (metadata, references, tasks, evidence spans). Nothing is stored.

Errors: {"error": {"code", "message"}} — missing_file (400), file_too_large (413),
empty_file / unreadable_file / unsupported_format (422), unavailable (503, e.g. no OCR engine).
"""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from ..errors import UnreadableFile, VanthuError

bp = Blueprint("extract_api", __name__, url_prefix="/api/v1")


@bp.post("/dispatches/extract")
def extract_dispatch():
    upload = request.files.get("file")
    if upload is None or not upload.filename and not upload.content_length:
        raise VanthuError("Chưa chọn tệp văn bản (trường 'file' trong biểu mẫu multipart).",
                          code="missing_file", status=400)
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 50 * 1024 * 1024
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise VanthuError("Tệp tải lên vượt quá dung lượng cho phép.", code="file_too_large", status=413)
    if not data.strip():
        raise UnreadableFile("Tệp rỗng, không có nội dung để trích xuất.", code="empty_file")
    from ..extraction import extract
    from ..intake import read

    doc = read(data, filename=upload.filename or None)
    result = extract(doc)
    if upload.filename:
        result["source"] = upload.filename
    return jsonify(result)
