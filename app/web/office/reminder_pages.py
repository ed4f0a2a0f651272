"""In-app reminders (nhắc việc) and each user's iCalendar feed of deadlines."""
from __future__ import annotations

from datetime import datetime

from flask import (
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select

from ...store.db import db_session
from ...store.models.directory import User
from ...store.models.incoming import Notification
from ...tracking import reminders
from . import bp


@bp.get("/notifications")
def notification_list():
    s = db_session()
    rows = s.scalars(select(Notification).where(Notification.user_id == g.user.id)
                     .order_by(Notification.id.desc()).limit(200)).all()
    return render_template("office/notifications.html", rows=rows,
                           ics_url=url_for("office.ics_feed", token=g.user.ics_token, _external=True)
                           if g.user.ics_token else None)


@bp.post("/notifications/read")
def notification_read():
    s = db_session()
    ids = [int(x) for x in request.form.getlist("id") if x.isdigit()]
    q = select(Notification).where(Notification.user_id == g.user.id, Notification.read_at.is_(None))
    if ids:
        q = q.where(Notification.id.in_(ids))
    for n in s.scalars(q):
        n.read_at = datetime.now()
    s.commit()
    flash("Đã đánh dấu đã đọc.", "success")
    return redirect(url_for("office.notification_list"))



@bp.get("/ics/<token>.ics")
def ics_feed(token):
    """Personal deadline calendar; the unguessable token in the URL is the credential (calendar apps can't log in)."""
    user = db_session().scalar(select(User).where(User.ics_token == token, User.active.is_(True)))
    if user is None:
        abort(404)
    return Response(reminders.ics_feed(db_session(), user), mimetype="text/calendar",
                    headers={"Content-Disposition": "inline; filename=vanthu.ics"})


@bp.post("/notifications/send")
def notification_send():
    """Run today's reminder round now (normally a scheduled `vanthu reminders send`): leaders and admins."""
    from flask import current_app

    from ... import jobs
    from .common import require, today

    require("task.assign")
    jobs.submit(current_app.config, "send_reminders", today().isoformat())
    flash("Đã chạy đợt nhắc việc hôm nay: người được giao nhận thông báo trong ứng dụng và qua thư điện tử.", "success")
    return redirect(url_for("office.notification_list"))
