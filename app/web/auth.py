"""Login, logout, the current user (session cookie or API bearer token), CSRF on forms.

Every page and API call needs a signed-in user, except the login page, static files, the
health check and the personal iCalendar feed (which carries its own secret token).
"""
from __future__ import annotations

from urllib.parse import urlparse

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from ..store import changes
from ..store.db import db_session
from ..store.models.directory import ApiToken, User
from ..tracking import audit, directory

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()

PUBLIC_ENDPOINTS = {"auth.login", "static", "home.healthz", "office.ics_feed"}


def init_app(app) -> None:
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)   # checked below, so bearer-token API calls are exempt
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)

    @app.before_request
    def _load_user():
        g.user = None
        g.via_token = False
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            version = g.get("change_version")
            if version is None:
                version = changes.version(app.config["DATABASE_URL"])
            g.user = directory.user_for_token(db_session(), header[7:].strip(), version)
            if g.user and db_session().dirty:   # last_used_at, at most every TOKEN_TOUCH
                try:
                    db_session().commit()
                except OperationalError:    # SQLite: a concurrent writer won; last_used_at is best effort
                    db_session().rollback()
            g.via_token = g.user is not None
        elif session.get("user_id"):
            user = db_session().get(User, session["user_id"])
            g.user = user if user and user.active else None

        if request.method not in ("GET", "HEAD", "OPTIONS") and not g.via_token \
                and app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()
        if app.config.get("LOGIN_DISABLED") or request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None
        if g.user is None:
            if request.path.startswith("/api/"):
                return jsonify({"error": {"code": "unauthorized", "message": "Bạn cần đăng nhập hoặc gửi mã truy cập API (Bearer token)."}}), 401
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return None

    @app.errorhandler(CSRFError)
    def _csrf_error(e):
        msg = "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại."
        if request.path.startswith("/api/"):
            return jsonify({"error": {"code": "csrf_failed", "message": msg}}), 400
        return render_template("error.html", status=400, message=msg, details=None), 400

    @app.context_processor
    def _inject():
        from ..tracking.permissions import can
        return {"current_user": g.get("user"), "can": lambda action: can(g.get("user"), action)}


def _safe_next(target: str | None) -> str:
    if not target:
        return "/"
    u = urlparse(target)
    return target if not u.scheme and not u.netloc and target.startswith("/") else "/"


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        user = directory.authenticate(db_session(), request.form.get("username", ""), request.form.get("password", ""))
        if user is None:
            error = "Tên đăng nhập hoặc mật khẩu không đúng."
        else:
            session.clear()
            session["user_id"] = user.id
            session.permanent = True
            audit.record(db_session(), user, "auth.login", "user", user.id)
            db_session().commit()
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", error=error), (401 if error else 200)


@bp.post("/logout")
def logout():
    session.clear()
    flash("Đã đăng xuất.", "success")
    return redirect(url_for("auth.login"))


@bp.post("/api/v1/tokens")
def api_issue_token():
    """Issue an API token for the signed-in user: {"name": "..."} -> {"token": "vt_..."} (shown once)."""
    name = (request.get_json(silent=True) or {}).get("name") or "api"
    token = directory.issue_token(db_session(), g.user, name)
    db_session().commit()
    current_app.logger.info("token issued for %s", g.user.username)
    tok = db_session().scalar(select(ApiToken).where(ApiToken.token_hash == directory.token_hash(token)))
    return jsonify({"id": tok.id, "token": token, "name": name}), 201


@bp.get("/api/v1/tokens")
def api_list_tokens():
    """The signed-in user's API tokens (never the secret itself)."""
    rows = db_session().scalars(select(ApiToken).where(ApiToken.user_id == g.user.id).order_by(ApiToken.id))
    return jsonify([{"id": t.id, "name": t.name, "created_at": t.created_at and t.created_at.isoformat(),
                     "last_used_at": t.last_used_at and t.last_used_at.isoformat()} for t in rows])


@bp.delete("/api/v1/tokens/<int:token_id>")
def api_revoke_token(token_id):
    """Revoke a token (its owner or an admin): it stops working at once."""
    directory.revoke_token(db_session(), g.user, token_id)
    db_session().commit()
    return "", 204
