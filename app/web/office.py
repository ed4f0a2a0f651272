"""Pages of the office product: dispatches (văn bản đến), tasks (nhiệm vụ), registers (sổ văn bản),
reports, search, administration; and each user's iCalendar feed."""
from __future__ import annotations

from flask import Blueprint, Response, abort
from sqlalchemy import select

from ..store.db import db_session
from ..store.models.directory import User
from ..tracking import reminders

bp = Blueprint("office", __name__)


@bp.get("/ics/<token>.ics")
def ics_feed(token):
    """Personal deadline calendar; the unguessable token in the URL is the credential (calendar apps can't log in)."""
    user = db_session().scalar(select(User).where(User.ics_token == token, User.active.is_(True)))
    if user is None:
        abort(404)
    return Response(reminders.ics_feed(db_session(), user), mimetype="text/calendar",
                    headers={"Content-Disposition": "inline; filename=vanthu.ics"})
