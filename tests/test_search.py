"""Search over dispatches and tasks: the indexed query (FTS5 trigram on SQLite, pg_trgm on
PostgreSQL) returns exactly what the plain LIKE query returns, on both backends; the indexes
are kept in sync and are actually used; the API's search and filters go through them."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from app.store.db import session_scope
from app.store.models.incoming import Dispatch, Task
from app.tracking import dispatches, search, tasks
from app.tracking.tasks import TaskFilter

from .conftest import api_client

DISPATCHES = [
    {"code": {"number": 3508, "notation": "VP-KGVX", "text": "3508/VP-KGVX"},
     "organ": {"name": "VĂN PHÒNG", "in_charge": "UBND TỈNH LẠNG SƠN"},
     "subject": "Triển khai công tác thi đua, khen thưởng năm 2019",
     "text": "Thực hiện Kế hoạch số 12/KH-UBND, Văn phòng đề nghị các sở, ban, ngành tổ chức phong trào thi đua."},
    {"code": {"number": 35, "notation": "QĐ-UBND", "text": "35/QĐ-UBND"},
     "organ": {"name": "ỦY BAN NHÂN DÂN", "in_charge": "TỈNH CAO BẰNG"},
     "subject": "Ban hành Quy chế làm việc của Ủy ban nhân dân tỉnh",
     "text": "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc. Tỷ lệ 100% đơn vị áp dụng."},
    {"code": {"number": 508, "notation": "SNV-TCBC", "text": "508/SNV-TCBC"},
     "organ": {"name": "SỞ NỘI VỤ", "in_charge": "UBND TỈNH LẠNG SƠN"},
     "subject": "Báo cáo tình hình tổ chức bộ máy, biên chế",
     "text": "Sở Nội vụ đề nghị các cơ quan gửi báo cáo trước ngày 20/10/2023 (mẫu số_01)."},
    {"code": {"number": 12, "notation": "CĐ-TTg", "text": "12/CĐ-TTg"},
     "organ": {"name": "THỦ TƯỚNG CHÍNH PHỦ", "in_charge": None},
     "subject": "Ứng phó khẩn cấp với bão số 3",
     "text": "Thủ tướng yêu cầu Bộ Nông nghiệp và Phát triển nông thôn chủ trì ứng phó; đường \"dây nóng\" 24/7."},
]

TASKS = [
    "Tổ chức tổng kết công tác thi đua, khen thưởng năm 2025",
    "Báo cáo UBND tỉnh kết quả thực hiện trước ngày 15/12/2025",
    "Rà soát, sắp xếp tổ chức bộ máy; đạt 100% đơn vị",
    "Đường dây nóng 24/7 ứng phó bão",
    "Thi đua yêu nước giai đoạn 2021–2025",
    "Xây dựng kế hoạch_chuyển đổi số",
]

QUERIES = [
    "thi dua khen thuong", "THI ĐUA", "Thi đua, khen thưởng", "khen thuong thi dua",   # accents, order
    "3508/VP", "3508/vp-kgvx", "508/snv", "35/qđ", "/cđ-ttg",                        # số/ký hiệu
    "sở nội vụ", "uy ban nhan dan", "lạng sơn", "văn phòng ubnd",                   # issuer
    "bao so 3", "bo may bien che", "quy che lam viec",                               # subject
    "24/7", "100%", "so_01", "so_", '"day nong"', "dây nóng",                         # LIKE specials
    "ub", "2", "ban", "nv", "a b",                                                    # short words
    "khong co trong van ban", "xyzxyz", "thi dua xyz",                               # no match
    "2021–2025", "ke hoach_chuyen",
]


@pytest.fixture
def corpus(db_url):
    with session_scope(db_url) as s:
        for i, data in enumerate(DISPATCHES):
            d = Dispatch(status="registered", text=data["text"], file_name=f"d{i}.txt")
            dispatches.apply_fields(d, data)
            s.add(d)
        s.flush()
        first = s.scalar(select(Dispatch).order_by(Dispatch.id))
        for i, t in enumerate(TASKS):
            tasks.create_task(s, None, text=t, dispatch=first if i == 0 else None,
                              due_date=date(2025, 3, 1 + i) if i % 2 else None)
    return db_url


class _Admin:
    role, active, id, unit_id = "admin", True, None, None


def _ids(s, model, cond):
    return [r for r in s.scalars(select(model.id).where(cond).order_by(model.id))]


@pytest.mark.parametrize("model", [Dispatch, Task])
def test_indexed_search_equals_like_and_reference(corpus, model):
    with session_scope(corpus) as s:
        rows = s.execute(select(model.id, model.search_text).order_by(model.id)).all()
        hits = 0
        for q in QUERIES:
            indexed = _ids(s, model, search.matches(model, q))
            like = _ids(s, model, search.like_reference(model, q))
            reference = [i for i, st in rows if search.reference_match(st, q)]
            assert indexed == like == reference, q
            hits += bool(indexed)
        assert hits >= 10   # the queries do find things: not a vacuous equality


def test_expected_hits(corpus):
    with session_scope(corpus) as s:
        def codes(q):
            return [d.code_text for d in s.scalars(select(Dispatch).where(search.matches(Dispatch, q))
                                                   .order_by(Dispatch.id))]
        assert codes("3508/VP") == ["3508/VP-KGVX"]
        assert codes("508/") == ["3508/VP-KGVX", "508/SNV-TCBC"]      # substring of a code
        assert codes("thi dua khen thuong") == ["3508/VP-KGVX"]
        assert codes("uy ban nhan dan cao bang") == ["35/QĐ-UBND"]     # issuer + in charge
        assert codes("mau so_01") == ["508/SNV-TCBC"]                  # full text, literal underscore
        assert codes("100%") == ["35/QĐ-UBND"]                         # literal percent
        assert codes("khong co") == []
        texts = [t.text for t in s.scalars(select(Task).where(search.matches(Task, "thi dua")).order_by(Task.id))]
        assert texts == [TASKS[0], TASKS[4]]
        # a task is also found by its source dispatch's số/ký hiệu
        assert [t.text for t in s.scalars(select(Task).where(search.matches(Task, "3508/vp")))] == [TASKS[0]]


def test_index_follows_updates_and_deletes(corpus):
    with session_scope(corpus) as s:
        t = s.scalar(select(Task).where(Task.text == TASKS[1]))
        t.search_text = "giao ban quy mot"
        s.flush()
        assert _ids(s, Task, search.matches(Task, "ket qua thuc hien")) == []
        assert _ids(s, Task, search.matches(Task, "giao ban")) == [t.id]
        d = s.scalar(select(Dispatch).where(Dispatch.code_text == "12/CĐ-TTg"))
        s.delete(d)
        s.flush()
        assert _ids(s, Dispatch, search.matches(Dispatch, "ung pho khan cap")) == []
        if s.get_bind().dialect.name == "sqlite":
            for fts in search.FTS_TABLES.values():   # raises if the index and the table disagree
                s.execute(text(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)"))


def test_search_and_list_use_indexes(corpus):
    with session_scope(corpus) as s:
        dialect = s.get_bind().dialect.name
        stmt = select(Task.id).where(search.matches(Task, "thi dua"))
        sql = str(stmt.compile(s.get_bind(), compile_kwargs={"literal_binds": True}))
        if dialect == "sqlite":
            plan = " ".join(r[-1] for r in s.execute(text("EXPLAIN QUERY PLAN " + sql)))
            assert "tasks_fts VIRTUAL TABLE INDEX" in plan, plan
            order = tasks.task_query(_Admin(), TaskFilter(), date(2025, 3, 10)).order_by(*tasks.SORTS["due_date"])
            osql = str(order.compile(s.get_bind(), compile_kwargs={"literal_binds": True}))
            plan = " ".join(r[-1] for r in s.execute(text("EXPLAIN QUERY PLAN " + osql)))
            assert "ix_tasks_due_order" in plan and "TEMP B-TREE" not in plan, plan
        else:
            s.execute(text("SET LOCAL enable_seqscan = off"))
            plan = " ".join(r[0] for r in s.execute(text("EXPLAIN " + sql)))
            assert "ix_tasks_search_trgm" in plan, plan


def test_task_filter_search_keeps_scope_and_filters(corpus):
    with session_scope(corpus) as s:
        rows, total = tasks.list_tasks(s, _Admin(), TaskFilter(q="thi dua", due_from=date(2025, 3, 1)),
                                       today=date(2025, 3, 10))
        assert total == 0   # both "thi đua" tasks have no due date, or one outside
        rows, total = tasks.list_tasks(s, _Admin(), TaskFilter(q="24/7"), today=date(2025, 3, 10))
        assert [t.text for t in rows] == [TASKS[3]] and total == 1


def test_api_search_and_dispatch_filter(office_app):
    db = office_app.config["DATABASE_URL"]
    with session_scope(db) as s:
        for i, data in enumerate(DISPATCHES):
            d = Dispatch(status="registered" if i % 2 == 0 else "review", text=data["text"])
            dispatches.apply_fields(d, data)
            s.add(d)
    leader = api_client(office_app, "leader")
    units = office_app.config["UNITS"]
    leader.post("/api/v1/tasks", json={"text": "Tổng kết thi đua, khen thưởng", "unit_id": units["NV"]})
    r = leader.get("/api/v1/dispatches?q=3508/vp")
    assert [d["code"]["text"] for d in r.get_json()["items"]] == ["3508/VP-KGVX"]
    r = leader.get("/api/v1/dispatches?q=ubnd tinh lang son&status=registered")
    assert [d["code"]["text"] for d in r.get_json()["items"]] == ["508/SNV-TCBC", "3508/VP-KGVX"]
    found = leader.get("/api/v1/search?q=Thi Dua").get_json()
    assert [d["code"]["text"] for d in found["dispatches"]] == ["3508/VP-KGVX"]
    assert [t["text"] for t in found["tasks"]] == ["Tổng kết thi đua, khen thưởng"]
    officer2 = api_client(office_app, "officer2")      # a task of another unit stays hidden
    assert officer2.get("/api/v1/search?q=thi dua").get_json()["tasks"] == []
    r = leader.get("/api/v1/search?q=%20")
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "empty_query"


@pytest.mark.parametrize("limit", [1, 2, 50])
@pytest.mark.parametrize("window", [None, 1, 3])
def test_newest_first_search_equals_reference(corpus, limit, window, monkeypatch):
    """search.search reads the index newest-first and stops early (SQLite), or scans a window of
    the newest rows then asks the index for older ones (PostgreSQL; small windows force both
    steps): same rows as the reference either way."""
    if window:
        monkeypatch.setattr(search, "RECENT_WINDOW", {"tasks": window, "dispatches": window})
    with session_scope(corpus) as s:
        d_rows = s.execute(select(Dispatch.id, Dispatch.search_text).order_by(Dispatch.id.desc())).all()
        t_rows = s.execute(select(Task.id, Task.search_text).order_by(Task.id.desc())).all()
        for q in QUERIES:
            got = search.search(s, _Admin(), q, limit=limit)
            assert [d.id for d in got.dispatches] == [i for i, st in d_rows if search.reference_match(st, q)][:limit], q
            assert [t.id for t in got.tasks] == [i for i, st in t_rows if search.reference_match(st, q)][:limit], q


def test_selective_filters_scan_instead_of_full_text(corpus):
    """With a unit/owner/dispatch filter the LIKE test runs on those rows only: same results."""
    with session_scope(corpus) as s:
        first = s.scalar(select(Dispatch.id).order_by(Dispatch.id))
        for q in QUERIES:
            via_index, _ = tasks.list_tasks(s, _Admin(), TaskFilter(q=q), today=date(2025, 3, 10))
            scoped, _ = tasks.list_tasks(s, _Admin(), TaskFilter(q=q, dispatch_id=first), today=date(2025, 3, 10))
            assert {t.id for t in scoped} == {t.id for t in via_index if t.dispatch_id == first}, q
        stmt = select(Task.id).where(search.matches(Task, "thi dua", scan=True))
        sql = str(stmt.compile(s.get_bind(), compile_kwargs={"literal_binds": True}))
        assert "tasks_fts" not in sql and "LIKE" in sql


def test_fts_syntax_in_queries_is_literal(db_url):
    """FTS5 operators and quotes in a query are searched as text, never parsed (no 500)."""
    text_ = 'Báo cáo "quý" AND (năm) NOT x* a:b ^c NEAR(d e) {f} -g +h'
    with session_scope(db_url) as s:
        t = tasks.create_task(s, None, text=text_)
        for q in ['"""', "'''", "AND OR NOT", "a*b", "(nam)", "NEAR(d", "x*", "a:b", "^c", "{f}", "-g", "+h",
                  '"quy"', "\\", "%_%", "NOT x*", "quý\" OR \"x"]:
            expected = [t.id] if search.reference_match(t.search_text, q) else []
            assert [r.id for r in search.search(s, _Admin(), q).tasks] == expected, q
            assert _ids(s, Task, search.matches(Task, q)) == expected, q


@pytest.mark.parametrize("window", [None, 1, 2])
def test_officer_search_keeps_his_scope_and_equals_reference(corpus, window, monkeypatch):
    """An officer's search walks his scope's parts (his unit; given to him outside it) newest
    first: the same rows as the reference restricted to what he may see, for any window."""
    from app.store.models.directory import Unit, User
    from app.tracking import permissions

    if window:
        monkeypatch.setattr(search, "RECENT_WINDOW", {"tasks": window, "dispatches": window})
    with session_scope(corpus) as s:
        mine, other = Unit(name="Phòng Nội vụ"), Unit(name="Văn phòng")
        s.add_all([mine, other])
        s.flush()
        officer = User(username="cv", full_name="Chuyên viên", password_hash="x", role="officer",
                       unit_id=mine.id, active=True)
        s.add(officer)
        s.flush()
        for i, t in enumerate(s.scalars(select(Task).order_by(Task.id))):
            t.unit_id = (mine.id, other.id, None)[i % 3]
            t.owner_id = officer.id if i in (1, 2) else None     # one in another unit, one unassigned
        s.flush()
        visible = [(t.id, t.search_text) for t in s.scalars(select(Task).order_by(Task.id.desc()))
                   if permissions.can_see_task(officer, t)]
        assert 0 < len(visible) < len(TASKS)
        found_any = False
        for q in QUERIES:
            for limit in (1, 50):
                got = [t.id for t in search.search(s, officer, q, limit=limit).tasks]
                assert got == [i for i, st in visible if search.reference_match(st, q)][:limit], (q, limit)
                found_any |= bool(got)
        assert found_any
