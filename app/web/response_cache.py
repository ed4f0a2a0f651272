"""Cache of GET API responses that is never stale: entries are keyed by the database's change
token (app.store.changes), so any committed write, by any process, retires them all.

Integrations poll lists (`GET /api/v1/tasks?...`) far more often than the office changes them;
a repeated request is then served without authenticating against the database, counting or
serialising again. What a response depends on besides the data is in the key: who asks (token
or session user: a change to his role, unit or token is a write, so it is covered too), the
path with its query string, and the office's today. Views opt in with `@cacheable`.

Every cacheable response also carries an ETag, so a client may revalidate with If-None-Match
and get 304 Not Modified.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from datetime import date

from flask import Flask, Response, current_app, g, request, session

from ..store import changes
from ..store.db import has_uncommitted_writes

EXT = "vanthu_response_cache"


def cacheable(view):
    """Mark a GET view whose JSON depends only on the database, the user, the URL and today."""
    view.vanthu_cacheable = True
    return view


class ResponseCache:
    """Entries of one change token; a new token drops them all (they can never be served again)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.version = None
        self.entries: OrderedDict[tuple, tuple[bytes, str]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, version, key) -> tuple[bytes, str] | None:
        with self.lock:
            if version != self.version:
                return None
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, version, key, body: bytes, etag: str) -> None:
        if len(body) > self.max_bytes // 8:     # one huge export must not evict everything else
            return
        with self.lock:
            if version != self.version:
                self.entries.clear()
                self.size = 0
                self.version = version
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old[0])
            self.entries[key] = (body, etag)
            self.size += len(body)
            while self.size > self.max_bytes:
                _, (dropped, _) = self.entries.popitem(last=False)
                self.size -= len(dropped)


def _identity():
    """Who asks, as the cache sees it; None = not cacheable (anonymous, or LOGIN_DISABLED tests)."""
    from ..tracking import directory

    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return ("token", directory.token_hash(header[7:].strip()))
    user_id = session.get("user_id")
    return ("session", user_id) if user_id else None


def _today() -> date:
    return current_app.config.get("TODAY") or date.today()


def etag_of(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def _finish(resp: Response, etag: str) -> Response:
    """ETag and revalidation headers; 304 when the client already has this body."""
    resp.headers["ETag"] = f'"{etag}"'
    resp.headers["Cache-Control"] = "private, no-cache"
    if "If-None-Match" in request.headers and request.if_none_match.contains(etag):
        resp.status_code = 304
        resp.set_data(b"")
        del resp.headers["Content-Type"]
    return resp


def init_app(app: Flask) -> None:
    """Register before the authentication hook: a hit answers before the user is loaded."""
    app.config.setdefault("RESPONSE_CACHE_MB", 32)
    cache = app.extensions[EXT] = ResponseCache(int(app.config["RESPONSE_CACHE_MB"] * 1024 * 1024))

    @app.before_request
    def _serve_cached():
        if request.method != "GET" or not app.config["RESPONSE_CACHE_MB"]:
            return None
        view = app.view_functions.get(request.endpoint)
        if not getattr(view, "vanthu_cacheable", False):
            return None
        who = _identity()
        if who is None:
            return None
        version = changes.version(app.config["DATABASE_URL"])
        if version is None:
            return None
        g.change_version = version
        key = (who, request.full_path, _today())
        g.response_cache_key = key
        if who[0] == "token":
            from ..tracking import directory
            if directory.cached_token_user(who[1], version) is None:   # unknown here, or last_used_at due
                return None
        entry = cache.get(version, key)
        if entry is None:
            return None
        g.response_cache_hit = True
        body, etag = entry
        return _finish(Response(body, mimetype="application/json"), etag)

    @app.after_request
    def _store(resp: Response):
        key = g.get("response_cache_key")
        if key is None or g.get("response_cache_hit"):
            return resp
        if resp.status_code != 200 or resp.mimetype != "application/json" or resp.direct_passthrough:
            return resp
        if "db" in g and has_uncommitted_writes(g.db):    # the teardown may still roll it back
            return resp
        body = resp.get_data()
        etag = etag_of(body)
        cache.put(g.change_version, key, body, etag)
        return _finish(resp, etag)
