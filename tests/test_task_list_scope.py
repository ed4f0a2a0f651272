"""The fast paths of the task list give the same answers as the plain queries, on both databases:
the officer's scope as disjoint parts (ids first), the counts, the API's Core-row serialisation,
and the bearer-token cache (a deactivated user or a revoked token is refused at once)."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app import create_app
from app.errors import NotFound
from app.store.db import migrate, session_scope
from app.store.models.directory import User
from app.store.models.incoming import Task
from app.tracking import directory, permissions, tasks
from app.tracking.tasks import SORTS, TaskFilter, task_query

TODAY = date(2025, 3, 10)


@pytest.fixture
def office(db_url):
    """Two units; an officer of unit A; tasks in A, in B (some owned by the officer), without unit."""
    with session_scope(db_url) as s:
        admin = directory.create_user(s, None, username="admin", full_name="Quản Trị", password="matkhau123", role="admin")
        a = directory.create_unit(s, admin, "Văn phòng", "VP")
        b = directory.create_unit(s, admin, "Phòng Nội vụ", "NV")
        officer = directory.create_user(s, admin, username="cv", full_name="Chuyên viên", password="matkhau123",
                                        role="officer", unit_id=a.id)
        other = directory.create_user(s, admin, username="cv2", full_name="Chuyên viên 2", password="matkhau123",
                                      role="officer", unit_id=b.id)
        states = ["todo", "in_progress", "done"]
        for i in range(90):
            unit = (a.id, b.id, None)[i % 3]
            owner = (officer.id, other.id, None)[(i // 3) % 3]
            due = TODAY + timedelta(days=(i * 7) % 41 - 20) if i % 5 else None
            t = tasks.create_task(s, admin, text=f"Nhiệm vụ {i} thi đua khen thưởng" if i % 2 else f"Việc {i}",
                                  unit_id=unit, owner_id=owner, due_date=due)
            t.status = states[i % 4 % 3]
        return {"db": db_url, "officer": officer.id, "admin": admin.id}


def reference(s, user, f, page, per):
    """The list as one plain query with task_scope's OR (the semantics)."""
    q = task_query(user, f, TODAY)
    total = s.scalar(select(func.count()).select_from(q.order_by(None).subquery()))
    ids = s.scalars(q.with_only_columns(Task.id).order_by(*SORTS[f.sort]).limit(per).offset((page - 1) * per)).all()
    return list(ids), total


@pytest.mark.parametrize("f", [TaskFilter(), TaskFilter(status="open", sort="-due_date"), TaskFilter(sort="status"),
                               TaskFilter(sort="-created", q="thi dua"), TaskFilter(overdue=True),
                               TaskFilter(status="done", sort="created")])
def test_officer_parts_give_the_same_pages_as_the_or_query(office, f):
    with session_scope(office["db"]) as s:
        officer = s.get(User, office["officer"])
        assert len(permissions.scope_parts(officer)) == 2
        seen_all = set()
        for page in (1, 2, 3, 4):
            rows, total = tasks.list_tasks(s, officer, f, today=TODAY, page=page, per_page=7)
            want, want_total = reference(s, officer, f, page, 7)
            assert [t.id for t in rows] == want and total == want_total
            seen_all |= set(want)
        # an officer sees his unit's tasks and the ones given to him elsewhere, nothing else
        assert all(permissions.can_see_task(officer, s.get(Task, i)) for i in seen_all)
        core, total = tasks.list_tasks(s, officer, f, today=TODAY, page=1, per_page=7, columns=(Task.id, Task.status))
        assert [r.id for r in core] == reference(s, officer, f, 1, 7)[0]


def test_officer_without_unit_keeps_the_scope_rule(office):
    with session_scope(office["db"]) as s:
        officer = s.get(User, office["officer"])
        officer.unit_id = None
        rows, total = tasks.list_tasks(s, officer, TaskFilter(), today=TODAY, page=1, per_page=100)
        want, want_total = reference(s, officer, TaskFilter(), 1, 100)
        assert [t.id for t in rows] == want and total == want_total > 0
        # without a unit he sees exactly what is assigned to him, and may open each of those
        assert all(t.owner_id == officer.id for t in rows)
        assert all(permissions.can_see_task(officer, t) for t in rows)


def test_dashboard_counts_match_the_or_query(office):
    with session_scope(office["db"]) as s:
        officer = s.get(User, office["officer"])
        got = tasks.counts_by_urgency(s, officer, TODAY, 3)
        base = permissions.task_scope(select(func.count(Task.id)), officer).where(Task.status != "done")
        assert got == {"open": s.scalar(base), "overdue": s.scalar(base.where(Task.due_date < TODAY)),
                       "due_soon": s.scalar(base.where(Task.due_date >= TODAY, Task.due_date <= TODAY + timedelta(days=3)))}
        assert got["open"] > got["overdue"] > 0


@pytest.fixture
def api(db_url, tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "t", "TODAY": TODAY,
                      "STORAGE_DIR": str(tmp_path), "JOBS_EAGER": True})
    migrate(db_url)
    return app


def test_api_list_items_equal_the_single_task_json(office, api):
    with session_scope(office["db"]) as s:
        token = directory.issue_token(s, s.get(User, office["officer"]), "t")
    c = api.test_client()
    c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    body = c.get("/api/v1/tasks?status=open&sort=-due_date&per_page=200").get_json()
    assert body["total"] == len(body["items"]) > 10
    assert {i["urgency"] for i in body["items"]} >= {"overdue", "due_soon", None}
    for item in body["items"][:12]:
        one = c.get(f"/api/v1/tasks/{item['id']}").get_json()
        assert {k: one[k] for k in item} == item


def test_cached_token_refused_once_user_deactivated_or_token_revoked(office, api):
    with session_scope(office["db"]) as s:
        token = directory.issue_token(s, s.get(User, office["officer"]), "t")
        tok_id = s.scalar(select(directory.ApiToken.id).where(directory.ApiToken.token_hash == directory.token_hash(token)))
    c = api.test_client()
    c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    assert c.get("/api/v1/tasks").status_code == 200     # now cached
    with session_scope(office["db"]) as s:
        directory.update_user(s, s.get(User, office["admin"]), office["officer"], role="officer", unit_id=None, active=False)
    assert c.get("/api/v1/tasks").status_code == 401
    with session_scope(office["db"]) as s:
        directory.update_user(s, s.get(User, office["admin"]), office["officer"], role="officer", unit_id=None, active=True)
    assert c.get("/api/v1/tasks").status_code == 200
    with session_scope(office["db"]) as s:
        stranger = directory.create_user(s, None, username="nguoila", full_name="Người lạ", password="matkhau123",
                                         role="officer")
        with pytest.raises(NotFound):     # someone else's token
            directory.revoke_token(s, stranger, tok_id)
        directory.revoke_token(s, s.get(User, office["officer"]), tok_id)
    r = c.get("/api/v1/tasks")
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "unauthorized"



def test_api_search_list_total_on_every_page(office, api):
    """A search list takes its total from the page query (count over the matches); past the last
    page the total is still the number of matches."""
    with session_scope(office["db"]) as s:
        leader = directory.create_user(s, None, username="ld", full_name="Lãnh đạo", password="matkhau123", role="leader")
        token = directory.issue_token(s, leader, "t")
        _, want = tasks.list_tasks(s, leader, TaskFilter(q="thi dua"), today=TODAY, per_page=10)
    c = api.test_client()
    c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    seen = []
    for page in (1, 2, 3, 4, 5, 9):
        body = c.get(f"/api/v1/tasks?q=thi%20dua&per_page=10&page={page}").get_json()
        assert body["total"] == want == 45
        seen += [i["id"] for i in body["items"]]
        assert all("thi đua" in i["text"] for i in body["items"])
    assert len(seen) == len(set(seen)) == 45
    assert c.get("/api/v1/tasks?q=khong%20co%20dau&per_page=10").get_json() == {"total": 0, "page": 1, "items": []}


def test_service_search_list_total_on_every_page(office):
    with session_scope(office["db"]) as s:
        admin = s.get(User, office["admin"])
        f = TaskFilter(q="thi dua", sort="-due_date")
        seen = []
        for page in (1, 2, 3, 4, 5, 7):
            rows, total = tasks.list_tasks(s, admin, f, today=TODAY, page=page, per_page=10)
            want, want_total = reference(s, admin, f, page, 10)
            assert [t.id for t in rows] == want and total == want_total == 45
            assert all(isinstance(t, Task) for t in rows)
            seen += want
        assert len(set(seen)) == 45
