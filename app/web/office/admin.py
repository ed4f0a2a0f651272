"""Quản trị: units and their aliases, users (role, unit, active), numbering registers."""
from __future__ import annotations

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
from sqlalchemy import select

from ...errors import ValidationError, VanthuError
from ...store.db import db_session
from ...store.models.directory import AuditLog, Unit, User
from ...tracking import directory
from . import bp
from .common import field_errors, require


def register_counters(s) -> list:
    """Numbering registers (sổ) and their last number this year, when the shared numbering store exists."""
    try:
        from ...store.models.outgoing import RegisterCounter
    except ImportError:
        return []
    return list(s.scalars(select(RegisterCounter).order_by(RegisterCounter.year.desc(), RegisterCounter.register)))


def render_admin(errors=None, form=None, status=200):
    s = db_session()
    users = list(s.scalars(select(User).order_by(User.full_name)))
    units = list(s.scalars(select(Unit).order_by(Unit.name)))
    has_templates = any(r.endpoint == "drafting.templates_page" for r in current_app.url_map.iter_rules())
    audit_rows = list(s.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(50)))
    return render_template("office/admin.html", users=users, units=units, errors=errors or {}, form=form or {},
                           unit_names={u.id: u.name for u in units}, counters=register_counters(s),
                           has_templates=has_templates, audit_rows=audit_rows,
                           user_names={u.id: u.full_name for u in users}), status


@bp.get("/admin")
def admin_page():
    require("admin")
    return render_admin()


def _admin_action(fn, success: str, form_name: str):
    require("admin")
    s = db_session()
    try:
        fn(s)
        s.commit()
    except VanthuError as e:
        s.rollback()
        errs = field_errors(e) if isinstance(e, ValidationError) else {"_": e.message}
        errs = {f"{form_name}.{k}" if k != "_" else "_": v for k, v in errs.items()}
        errs[f"{form_name}._"] = e.message
        return render_admin(errors=errs, form={form_name: request.form}, status=422 if e.status < 500 else e.status)
    flash(success, "success")
    return redirect(url_for("office.admin_page"))


@bp.post("/admin/units")
def admin_unit_create():
    def act(s):
        parent = request.form.get("parent_id") or ""
        directory.create_unit(s, g.user, request.form.get("name", ""), request.form.get("short_name"),
                              int(parent) if parent.isdigit() else None)
    return _admin_action(act, "Đã thêm đơn vị.", "unit")


@bp.post("/admin/units/<int:unit_id>/aliases")
def admin_alias_add(unit_id):
    def act(s):
        alias = (request.form.get("alias") or "").strip()
        if not alias:
            raise ValidationError("Nhập tên gọi khác của đơn vị.", details=[{"field": "alias", "message": "Không được để trống."}])
        directory.remember_alias(s, directory.get_unit(s, unit_id), alias)
    return _admin_action(act, "Đã thêm tên gọi khác.", f"alias{unit_id}")


@bp.post("/admin/aliases/<int:alias_id>/delete")
def admin_alias_delete(alias_id):
    def act(s):
        from ...store.models.directory import UnitAlias
        a = s.get(UnitAlias, alias_id)
        if a is None:
            abort(404)
        s.delete(a)
    return _admin_action(act, "Đã xóa tên gọi khác.", "alias")


@bp.post("/admin/users")
def admin_user_create():
    def act(s):
        unit = request.form.get("unit_id") or ""
        directory.create_user(s, g.user, username=request.form.get("username", ""),
                              full_name=request.form.get("full_name", ""), password=request.form.get("password", ""),
                              role=request.form.get("role", ""), unit_id=int(unit) if unit.isdigit() else None,
                              email=(request.form.get("email") or "").strip() or None)
    return _admin_action(act, "Đã tạo người dùng.", "user")


@bp.post("/admin/users/<int:user_id>")
def admin_user_update(user_id):
    def act(s):
        unit = request.form.get("unit_id") or ""
        directory.update_user(s, g.user, user_id, role=request.form.get("role", ""),
                              unit_id=int(unit) if unit.isdigit() else None,
                              active=request.form.get("active") == "1")
    return _admin_action(act, "Đã cập nhật người dùng.", f"u{user_id}")
