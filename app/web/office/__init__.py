"""Pages of the office product: dispatches (văn bản đến), tasks (nhiệm vụ), registers (sổ văn bản),
reports, search, notifications, administration; and each user's iCalendar feed.

Pages are server-rendered and work without JavaScript; static/office.js adds drag and drop,
live extraction progress, evidence highlighting and task split/merge on the review screen.
Form errors are shown beside their fields (status 422), refusals as a Vietnamese 403 page.
"""
from flask import Blueprint

bp = Blueprint("office", __name__, template_folder=None)

from . import (  # noqa: E402,F401  (each module adds its routes to bp)
    admin,
    books,
    common,
    dispatch_list,
    reminder_pages,
    reply,
    review,
    search_pages,
    task_pages,
)

__all__ = ["bp"]
