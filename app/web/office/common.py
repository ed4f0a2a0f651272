"""Helpers shared by the office pages: dates and form parsing, lists for selects, the template globals."""
from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from flask import (
    current_app,
    g,
    request,
)
from sqlalchemy import func, select

from ...errors import ValidationError
from ...store.db import db_session
from ...store.models.directory import ROLES, Unit, User
from ...store.models.incoming import DISPATCH_STATES, TASK_STATES, Dispatch, Notification, Task
from ...tracking import permissions, registers, tasks
from ...tracking.tasks import RECURRENCE_LABELS, STATE_LABELS, TaskFilter
from .. import dates
from . import bp

PER_PAGE = 25
DISPATCH_BADGE = {"uploaded": "info", "extracting": "info", "review": "warning", "registered": "ok", "failed": "error"}
TASK_BADGE = {"todo": "info", "in_progress": "warning", "done": "done"}
STATE_COLOURS = {"done_on_time": "#1f7a3a", "done_late": "#7aa33a", "open_on_time": "#1f5fa8", "open_overdue": "#b3261e"}
SORT_LABELS = {"due_date": "Hạn xử lý (sớm trước)", "-due_date": "Hạn xử lý (muộn trước)",
               "-created": "Mới giao trước", "created": "Cũ trước", "status": "Trạng thái"}



def today() -> date:
    return current_app.config.get("TODAY") or date.today()


def require(action: str) -> None:
    permissions.require(g.user, action)


def field_errors(e: ValidationError) -> dict[str, str]:
    """{field: message} for showing each message beside its field; the general message under '_'."""
    out = {"_": e.message}
    for d in e.details or []:
        if isinstance(d, dict) and d.get("field"):
            out.setdefault(d["field"], d.get("message", ""))
    return out


def form_date(name: str, errors: dict, *, label: str = "Ngày") -> date | None:
    """The date posted in field `name` (dd/mm/yyyy or ISO); a bad one goes to errors[name]."""
    try:
        return dates.parse(request.form.get(name), label)
    except dates.DateError as e:
        errors[name] = e.message
        return None


def arg_date(name: str, errors: dict, *, label: str = "Ngày") -> date | None:
    """The date of query argument `name` (filters); a bad one goes to errors[name] and is not applied."""
    try:
        return dates.parse(request.args.get(name), label)
    except dates.DateError as e:
        errors[name] = e.message
        return None


def arg_int(name: str) -> int | None:
    try:
        return int(request.args.get(name) or "")
    except ValueError:
        return None


def page_arg() -> int:
    return max(arg_int("page") or 1, 1)


def units_all(s) -> list[Unit]:
    return list(s.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.name)))


def users_all(s) -> list[User]:
    return list(s.scalars(select(User).where(User.active.is_(True)).order_by(User.full_name)))


def vn_date(value) -> str:
    return registers.vn_date(value)


def query_with(**changes) -> str:
    """The current query string with some arguments changed (pagination, sorting links)."""
    args = {k: v for k, v in request.args.items() if v not in ("", None)}
    for k, v in changes.items():
        if v in (None, ""):
            args.pop(k, None)
        else:
            args[k] = v
    return "?" + urlencode(args) if args else "?"


@bp.app_template_filter("vn_date")
def _vn_date_filter(value):
    return vn_date(value)


@bp.app_template_filter("date_input")
def _date_input_filter(value):
    """The value of a date field: dd/mm/yyyy (what was typed, when it cannot be read)."""
    return dates.shown(value)


@bp.app_context_processor
def _office_globals():
    user = g.get("user")
    unread = 0
    if user is not None:
        try:
            unread = db_session().scalar(select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None))) or 0
        except Exception:  # the layout must render even if the store is unavailable (error pages)
            unread = 0
    return {"unread_notifications": unread, "query_with": query_with, "office_dashboard": dashboard, "DISPATCH_STATES": DISPATCH_STATES,
            "TASK_STATES": TASK_STATES, "DISPATCH_BADGE": DISPATCH_BADGE, "TASK_BADGE": TASK_BADGE,
            "STATE_LABELS": STATE_LABELS, "RECURRENCE_LABELS": RECURRENCE_LABELS, "ROLES": ROLES,
            "DATE_FIELD": {"placeholder": dates.PLACEHOLDER, "pattern": dates.PATTERN, "title": dates.TITLE,
                           "partial_pattern": dates.PARTIAL_PATTERN, "partial_title": dates.PARTIAL_TITLE}}


def dashboard() -> dict:
    """Numbers and lists for the home page of a signed-in user (called from the template)."""
    s, user = db_session(), g.user
    soon = current_app.config.get("REMINDER_DAYS", 3)
    out = {"counts": tasks.counts_by_urgency(s, user, today(), soon), "waiting": 0, "failed": 0, "urgent": []}
    if permissions.can(user, "dispatch.review"):
        out["waiting"] = s.scalar(select(func.count(Dispatch.id)).where(Dispatch.status == "review")) or 0
        out["failed"] = s.scalar(select(func.count(Dispatch.id)).where(Dispatch.status == "failed")) or 0
    rows, _ = tasks.list_tasks(s, user, TaskFilter(status="open", due_to=today() + timedelta(days=soon)),
                               today=today(), per_page=8)
    out["urgent"] = [task_view(t) for t in rows]
    return out


def task_view(t: Task) -> dict:
    soon = current_app.config.get("REMINDER_DAYS", 3)
    return {"t": t, "urgency": tasks.urgency(t, today(), soon), "state": tasks.tracking_state(t, today()),
            "days_left": (t.due_date - today()).days if t.due_date else None}
