"""The results page of the header search box (diacritics-insensitive)."""
from __future__ import annotations

from flask import (
    g,
    render_template,
    request,
)

from ...store.db import db_session
from ...tracking import search
from . import bp
from .common import task_view, today


@bp.get("/search")
def search_page():
    q = (request.args.get("q") or "").strip()
    s = db_session()
    found, trows = [], []
    if q:
        result = search.search(s, g.user, q, today=today(), limit=50)
        found, trows = result.dispatches, result.tasks
    return render_template("office/search.html", q=q, dispatches=found, rows=[task_view(t) for t in trows])
