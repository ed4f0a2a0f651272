"""The API's response cache is never stale: a write by any connection (another worker, a job, a
hand-run SQL statement) shows in the next response; a revoked token, a deactivated user or a
moved officer takes effect at once. On both backends."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import create_engine, event, text

from app.store import changes
from tests.conftest import api_client
from tests.test_office_pages import login


def other_connection(url: str):
    """A separate engine: what another gunicorn worker or a job would use."""
    return create_engine(url)


def add_task(client, **fields) -> dict:
    r = client.post("/api/v1/tasks", json={"text": "Báo cáo tình hình", **fields})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


@pytest.fixture
def statements(office_app):
    """Statements the app's engine runs (a cache hit runs none)."""
    from app.store.db import get_engine

    seen = []
    eng = get_engine(office_app.config["DATABASE_URL"])

    def _count(conn, cursor, statement, *args):
        seen.append(statement)
    event.listen(eng, "before_cursor_execute", _count)
    yield seen
    event.remove(eng, "before_cursor_execute", _count)


def test_change_token_moves_on_every_commit_by_another_connection(db_url):
    before = changes.version(db_url)
    assert before is not None and changes.version(db_url) == before     # nothing happened: same token
    eng = other_connection(db_url)
    with eng.begin() as c:
        c.execute(text("INSERT INTO units (name, internal, active) VALUES ('Phòng Mới', true, true)"))
    after = changes.version(db_url)
    assert after != before
    with eng.connect() as c:      # a read does not move it
        c.execute(text("SELECT count(*) FROM units")).scalar()
        c.commit()
    assert changes.version(db_url) == after
    eng.dispose()


def test_in_memory_sqlite_is_not_watched():
    assert changes.version("sqlite://") is None
    assert changes.version("sqlite:///:memory:") is None


def test_repeated_list_is_served_without_touching_the_database(office_app, statements):
    leader = api_client(office_app, "leader")
    add_task(leader, unit_id=office_app.config["UNITS"]["NV"], due_date="2025-03-20")
    url = "/api/v1/tasks?status=open"
    first = leader.get(url)
    assert first.status_code == 200 and first.get_json()["total"] == 1
    leader.get(url)     # resolves the token at the current change token
    statements.clear()
    again = leader.get(url)
    assert again.status_code == 200 and again.data == first.data
    assert statements == []
    assert again.headers["ETag"] and again.headers["Cache-Control"] == "private, no-cache"


def test_write_by_another_connection_shows_at_once(office_app):
    leader = api_client(office_app, "leader")
    task = add_task(leader, unit_id=office_app.config["UNITS"]["NV"], due_date="2025-03-20")
    url = "/api/v1/tasks?status=open"
    assert leader.get(url).get_json()["total"] == 1
    assert leader.get(url).get_json()["total"] == 1     # cached now
    eng = other_connection(office_app.config["DATABASE_URL"])
    with eng.begin() as c:
        c.execute(text("UPDATE tasks SET status = 'done', completed_on = :d WHERE id = :id"),
                  {"d": date(2025, 3, 9), "id": task["id"]})
    eng.dispose()
    assert leader.get(url).get_json()["total"] == 0
    assert leader.get(f"/api/v1/tasks/{task['id']}").get_json()["status"] == "done"


def test_write_through_the_api_shows_at_once(office_app):
    leader = api_client(office_app, "leader")
    url = "/api/v1/tasks"
    assert leader.get(url).get_json()["total"] == 0
    assert leader.get(url).get_json()["total"] == 0
    add_task(leader, unit_id=office_app.config["UNITS"]["VP"])
    assert leader.get(url).get_json()["total"] == 1


def test_revoked_token_stops_at_once_in_every_worker(office_app):
    """Revoked by another process (here: a plain SQL delete), the token is refused on the very
    next request, cached response or not."""
    leader = api_client(office_app, "leader")
    url = "/api/v1/tasks"
    assert leader.get(url).status_code == 200
    assert leader.get(url).status_code == 200
    eng = other_connection(office_app.config["DATABASE_URL"])
    with eng.begin() as c:
        c.execute(text("DELETE FROM api_tokens"))
    eng.dispose()
    r = leader.get(url)
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "unauthorized"
    assert leader.get("/api/v1/me").status_code == 401


def test_officer_moved_to_another_unit_sees_the_new_scope_at_once(office_app):
    units = office_app.config["UNITS"]
    leader = api_client(office_app, "leader")
    add_task(leader, text="Việc của Nội vụ", unit_id=units["NV"])
    add_task(leader, text="Việc của Văn phòng", unit_id=units["VP"])
    officer = api_client(office_app, "officer")      # in NV
    texts = lambda: [t["text"] for t in officer.get("/api/v1/tasks").get_json()["items"]]  # noqa: E731
    assert texts() == ["Việc của Nội vụ"] and texts() == ["Việc của Nội vụ"]
    eng = other_connection(office_app.config["DATABASE_URL"])
    with eng.begin() as c:
        c.execute(text("UPDATE users SET unit_id = :vp WHERE username = 'officer'"), {"vp": units["VP"]})
    assert texts() == ["Việc của Văn phòng"]
    with eng.begin() as c:
        c.execute(text("UPDATE users SET active = false WHERE username = 'officer'"))
    eng.dispose()
    assert officer.get("/api/v1/tasks").status_code == 401


def test_each_user_gets_his_own_list(office_app):
    units = office_app.config["UNITS"]
    leader = api_client(office_app, "leader")
    add_task(leader, unit_id=units["VP"])
    officer = api_client(office_app, "officer")      # NV: must not get the leader's cached list
    for _ in range(2):
        assert leader.get("/api/v1/tasks").get_json()["total"] == 1
        assert officer.get("/api/v1/tasks").get_json()["total"] == 0


def test_a_new_day_is_a_new_list(office_app):
    leader = api_client(office_app, "leader")
    add_task(leader, unit_id=office_app.config["UNITS"]["VP"], due_date="2025-03-11")
    url = "/api/v1/tasks?overdue=1"
    assert leader.get(url).get_json()["total"] == 0
    assert leader.get(url).get_json()["total"] == 0
    office_app.config["TODAY"] = date(2025, 3, 12)
    assert leader.get(url).get_json()["total"] == 1


def test_if_none_match_gives_304(office_app):
    leader = api_client(office_app, "leader")
    first = leader.get("/api/v1/tasks")
    etag = first.headers["ETag"]
    r = leader.get("/api/v1/tasks", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.data == b""
    add_task(leader, unit_id=office_app.config["UNITS"]["VP"])
    r = leader.get("/api/v1/tasks", headers={"If-None-Match": etag})
    assert r.status_code == 200 and r.get_json()["total"] == 1 and r.headers["ETag"] != etag


def test_session_users_are_cached_apart(office_app):
    """Pages' scripts call the API with the login cookie: each user his own entry."""
    units = office_app.config["UNITS"]
    add_task(api_client(office_app, "leader"), unit_id=units["NV"])
    for name, expected in (("leader", 1), ("officer2", 0), ("leader", 1), ("officer2", 0)):
        c = login(office_app, name)
        assert c.get("/api/v1/tasks").get_json()["total"] == expected


def test_cache_can_be_turned_off(office_app, statements):
    office_app.config["RESPONSE_CACHE_MB"] = 0
    leader = api_client(office_app, "leader")
    leader.get("/api/v1/tasks")
    leader.get("/api/v1/tasks")
    statements.clear()
    assert leader.get("/api/v1/tasks").status_code == 200
    assert statements      # computed again


def test_errors_are_not_cached(office_app):
    leader = api_client(office_app, "leader")
    assert leader.get("/api/v1/tasks?status=bogus").status_code == 422
    r = leader.get("/api/v1/tasks?status=bogus")
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "validation_failed"


def test_cache_keeps_to_its_memory_bound():
    from app.web.response_cache import ResponseCache

    cache = ResponseCache(max_bytes=8000)
    for i in range(50):
        cache.put("v1", ("k", i), b"x" * 900, "e")
    assert cache.size <= 8000 and cache.get("v1", ("k", 49)) is not None and cache.get("v1", ("k", 0)) is None
    assert cache.get("v2", ("k", 49)) is None        # another change token: nothing is served
    cache.put("v2", ("k", 1), b"y", "e")
    assert cache.size == 1 and len(cache.entries) == 1


def test_task_counters_follow_every_change(office_app):
    """The list's counters (open / overdue / due soon) are kept until the database changes."""
    from app.store.db import new_session, session_scope
    from app.store.models.directory import User
    from app.tracking import tasks

    url = office_app.config["DATABASE_URL"]
    leader = api_client(office_app, "leader")
    t = add_task(leader, unit_id=office_app.config["UNITS"]["VP"], due_date="2025-03-05")
    today = date(2025, 3, 10)

    def counts():
        s = new_session(url)
        try:
            user = s.query(User).filter_by(username="leader").one()
            return tasks.counts_by_urgency(s, user, today, 3)
        finally:
            s.close()
    assert counts() == counts() == {"open": 1, "overdue": 1, "due_soon": 0}
    eng = other_connection(url)
    with eng.begin() as c:
        c.execute(text("UPDATE tasks SET due_date = :d WHERE id = :id"), {"d": date(2025, 3, 12), "id": t["id"]})
    eng.dispose()
    assert counts() == {"open": 1, "overdue": 0, "due_soon": 1}
    # a session that has written but not committed must not leave its view behind
    with session_scope(url) as s:
        user = s.query(User).filter_by(username="leader").one()
        tasks.create_task(s, user, text="Chưa chốt", unit_id=office_app.config["UNITS"]["VP"],
                          due_date=date(2025, 3, 1))
        assert tasks.counts_by_urgency(s, user, today, 3)["open"] == 2
        s.rollback()
    assert counts() == {"open": 1, "overdue": 0, "due_soon": 1}
