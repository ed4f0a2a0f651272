"""Reminders: due-soon and overdue notices in the app and by e-mail (SMTP), and iCalendar feeds."""
from __future__ import annotations

import smtplib
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from urllib.parse import unquote, urlparse

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..store.db import session_scope
from ..store.models.directory import User
from ..store.models.incoming import Notification, Task
from .tasks import urgency


def recipients(s: Session, task: Task) -> list[User]:
    """The owner; without one, the leaders and officers of the responsible unit."""
    if task.owner_id:
        u = s.get(User, task.owner_id)
        return [u] if u and u.active else []
    if task.unit_id:
        return list(s.scalars(select(User).where(User.unit_id == task.unit_id, User.active.is_(True),
                                                 User.role.in_(("leader", "officer")))))
    return []


def message_for(task: Task, kind: str, today: date) -> str:
    due = task.due_date.strftime("%d/%m/%Y")
    short = task.text if len(task.text) <= 160 else task.text[:157] + "…"
    if kind == "overdue":
        return f"Nhiệm vụ quá hạn {(today - task.due_date).days} ngày (hạn {due}): {short}"
    left = (task.due_date - today).days
    when = "hôm nay" if left == 0 else f"còn {left} ngày"
    return f"Nhiệm vụ sắp đến hạn ({when}, hạn {due}): {short}"


def collect(s: Session, today: date, soon_days: int) -> list[Notification]:
    """Create today's notifications (at most one per user, task and kind a day) and return the new ones."""
    q = select(Task).where(Task.status != "done", Task.due_date.is_not(None),
                           Task.due_date <= today + timedelta(days=soon_days))
    created = []
    for task in s.scalars(q):
        kind = urgency(task, today, soon_days)
        if kind is None:
            continue
        for user in recipients(s, task):
            exists = s.scalar(select(Notification.id).where(
                Notification.user_id == user.id, Notification.task_id == task.id,
                Notification.kind == kind, Notification.day == today))
            if exists:
                continue
            n = Notification(user_id=user.id, task_id=task.id, kind=kind, day=today,
                             message=message_for(task, kind, today))
            s.add(n)
            try:
                s.flush()
            except IntegrityError:   # a concurrent run made it first
                s.rollback()
                continue
            created.append(n)
    return created


def send_email(smtp_url: str, sender: str, to: str, subject: str, body: str) -> None:
    u = urlparse(smtp_url)
    cls = smtplib.SMTP_SSL if u.scheme == "smtps" else smtplib.SMTP
    with cls(u.hostname or "localhost", u.port or (465 if u.scheme == "smtps" else 25), timeout=20) as smtp:
        if u.scheme == "smtp+starttls":
            smtp.starttls()
        if u.username:
            smtp.login(unquote(u.username), unquote(u.password or ""))
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = sender, to, subject
        msg.set_content(body)
        smtp.send_message(msg)


def send(s: Session, today: date, soon_days: int, smtp_url: str | None, sender: str) -> dict:
    """Collect today's reminders and e-mail them, one message per user. Returns counts."""
    new = collect(s, today, soon_days)
    by_user: dict[int, list[Notification]] = {}
    for n in new:
        by_user.setdefault(n.user_id, []).append(n)
    emailed = 0
    if smtp_url:
        for user_id, items in by_user.items():
            user = s.get(User, user_id)
            if not user.email:
                continue
            lines = [f"Kính gửi {user.full_name},", "", "vanthu nhắc các nhiệm vụ sau:", ""]
            lines += [f"- {n.message}" for n in items]
            send_email(smtp_url, sender, user.email, f"[vanthu] {len(items)} nhiệm vụ cần chú ý", "\n".join(lines))
            for n in items:
                n.emailed = True
            emailed += 1
    return {"notifications": len(new), "emails": emailed}


def send_job(cfg: dict, today_iso: str | None = None) -> dict:
    today = date.fromisoformat(today_iso) if today_iso else date.today()
    with session_scope(cfg["DATABASE_URL"]) as s:
        return send(s, today, int(cfg.get("REMINDER_DAYS") or 3), cfg.get("SMTP_URL"), cfg.get("MAIL_FROM") or "vanthu@localhost")


def ics_feed(s: Session, user: User, base_url: str = "") -> bytes:
    """iCalendar of the user's open deadlines (his tasks and, for unit members, the unit's)."""
    from icalendar import Calendar, Event

    from . import permissions

    cal = Calendar()
    cal.add("prodid", "-//vanthu//Han xu ly nhiem vu//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Hạn xử lý nhiệm vụ – {user.full_name}")
    q = permissions.task_scope(select(Task), user) if user.role == "officer" else \
        select(Task).where(Task.owner_id == user.id)
    for t in s.scalars(q.where(Task.status != "done", Task.due_date.is_not(None))):
        ev = Event()
        ev.add("uid", f"task-{t.id}@vanthu")
        ev.add("summary", "Hạn: " + (t.text if len(t.text) <= 80 else t.text[:77] + "…"))
        ev.add("dtstart", t.due_date)
        ev.add("dtend", t.due_date + timedelta(days=1))
        ev.add("dtstamp", datetime.now())
        ev.add("description", t.text + (f"\n{base_url}/tasks/{t.id}" if base_url else ""))
        cal.add_component(ev)
    return cal.to_ical()
