"""Web layer: `ui` pages (Vietnamese, server-rendered) and the JSON `api` (/api/v1).

Each feature is its own blueprint module; BLUEPRINTS lists them in navigation order.
"""
from __future__ import annotations

import importlib

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from ..errors import VanthuError

# module path -> attribute holding the Blueprint
BLUEPRINTS = [
    "app.web.home:bp",
    "app.web.drafting:bp",
    "app.web.auth:bp",
    "app.web.office_api:bp",
    "app.web.office:bp",
    "app.web.openapi:bp",
    "app.web.edxml_api:bp",
    "app.web.extract_api:bp",
    "app.web.compliance:bp",
]

HTTP_MESSAGES = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    401: ("unauthorized", "Bạn cần đăng nhập."),
    403: ("forbidden", "Bạn không có quyền thực hiện thao tác này."),
    404: ("not_found", "Không tìm thấy trang hoặc tài nguyên yêu cầu."),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ."),
    413: ("file_too_large", "Tệp tải lên vượt quá dung lượng cho phép."),
    415: ("unsupported_media_type", "Định dạng dữ liệu không được hỗ trợ."),
    422: ("validation_failed", "Dữ liệu không hợp lệ."),
    500: ("internal_error", "Đã xảy ra lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị viên."),
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register(app: Flask) -> None:
    from . import auth, response_cache

    response_cache.init_app(app)    # first: a cached response is served before the user is loaded
    auth.init_app(app)
    for spec in BLUEPRINTS:
        mod, attr = spec.split(":")
        app.register_blueprint(getattr(importlib.import_module(mod), attr))

    @app.errorhandler(VanthuError)
    def _vanthu_error(e: VanthuError):
        if wants_json():
            return jsonify(e.to_dict()), e.status
        return render_template("error.html", status=e.status, message=e.message, details=e.details), e.status

    @app.errorhandler(HTTPException)
    def _http_error(e: HTTPException):
        code, msg = HTTP_MESSAGES.get(e.code or 500, ("http_error", e.description or ""))
        if wants_json():
            return jsonify({"error": {"code": code, "message": msg}}), e.code
        return render_template("error.html", status=e.code, message=msg, details=None), e.code

    @app.errorhandler(Exception)
    def _unexpected(e: Exception):
        app.logger.exception("unhandled error")
        code, msg = HTTP_MESSAGES[500]
        if wants_json():
            return jsonify({"error": {"code": code, "message": msg}}), 500
        return render_template("error.html", status=500, message=msg, details=None), 500
