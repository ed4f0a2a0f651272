"""Task tracking services on both databases: permissions, progress, extensions, completion,
recurrence, the four report states, reminders and registers."""
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from app.errors import Forbidden, ValidationError
from app.store.db import session_scope
from app.store.models.incoming import Dispatch, Notification, Task
from app.tracking import directory, registers, reminders, reports, tasks
from app.tracking.tasks import TaskFilter

TODAY = date(2025, 3, 10)


@pytest.fixture
def office(db_url):
    """Two units, one user per role; returns ids."""
    with session_scope(db_url) as s:
        admin = directory.create_user(s, None, username="admin", full_name="Quản Trị", password="matkhau123", role="admin")
        vp = directory.create_unit(s, admin, "Văn phòng", "VP")
        nv = directory.create_unit(s, admin, "Phòng Nội vụ", "NV")
        ids = {"db": db_url, "vp": vp.id, "nv": nv.id, "admin": admin.id}
        for role, unit in (("clerk", vp), ("leader", vp), ("officer", nv)):
            u = directory.create_user(s, admin, username=role, full_name=f"Người {role}", password="matkhau123",
                                      role=role, unit_id=unit.id, email=f"{role}@example.vn")
            ids[role] = u.id
        other = directory.create_user(s, admin, username="officer2", full_name="Chuyên viên VP",
                                      password="matkhau123", role="officer", unit_id=vp.id)
        ids["officer2"] = other.id
    return ids


def _user(s, ids, role):
    from app.store.models.directory import User
    return s.get(User, ids[role])


def test_officer_sees_only_his_unit_and_his_tasks(office):
    with session_scope(office["db"]) as s:
        leader = _user(s, office, "leader")
        t1 = tasks.create_task(s, leader, text="Rà soát thủ tục hành chính", unit_id=office["nv"])
        tasks.create_task(s, leader, text="Chuẩn bị hội nghị", unit_id=office["vp"])
        t3 = tasks.create_task(s, leader, text="Báo cáo riêng", unit_id=office["vp"], owner_id=office["officer"])
        officer = _user(s, office, "officer")
        seen, total = tasks.list_tasks(s, officer, TaskFilter(), today=TODAY)
        assert {t.id for t in seen} == {t1.id, t3.id} and total == 2
        other = _user(s, office, "officer2")
        with pytest.raises(Forbidden):
            tasks.get_task(s, other, t1.id)
        all_seen, total = tasks.list_tasks(s, leader, TaskFilter(), today=TODAY)
        assert total == 3


def test_filters_sort_and_diacritics_insensitive_search(office):
    with session_scope(office["db"]) as s:
        leader = _user(s, office, "leader")
        a = tasks.create_task(s, leader, text="Tổ chức công tác thi đua, khen thưởng năm 2025",
                              unit_id=office["nv"], due_date=date(2025, 3, 31))
        b = tasks.create_task(s, leader, text="Báo cáo tình hình kinh tế", unit_id=office["vp"],
                              due_date=date(2025, 3, 1))
        c = tasks.create_task(s, leader, text="Việc không có hạn", unit_id=office["vp"])
        rows, _ = tasks.list_tasks(s, leader, TaskFilter(q="thi dua khen thuong"), today=TODAY)
        assert [t.id for t in rows] == [a.id]
        rows, _ = tasks.list_tasks(s, leader, TaskFilter(overdue=True), today=TODAY)
        assert [t.id for t in rows] == [b.id]
        rows, _ = tasks.list_tasks(s, leader, TaskFilter(sort="due_date"), today=TODAY)
        assert [t.id for t in rows] == [b.id, a.id, c.id]  # undated last
        rows, _ = tasks.list_tasks(s, leader, TaskFilter(unit_id=office["vp"], due_to=date(2025, 3, 5)), today=TODAY)
        assert [t.id for t in rows] == [b.id]


def test_progress_extension_and_completion(office):
    with session_scope(office["db"]) as s:
        leader = _user(s, office, "leader")
        officer = _user(s, office, "officer")
        t = tasks.create_task(s, leader, text="Xây dựng kế hoạch", unit_id=office["nv"], due_date=date(2025, 3, 15))
        tasks.add_note(s, officer, t, "Đã có dự thảo", percent=50)
        assert t.status == "in_progress"
        with pytest.raises(Forbidden):
            tasks.extend(s, officer, t, date(2025, 4, 1), "Cần thêm thời gian")
        with pytest.raises(ValidationError) as e:
            tasks.extend(s, leader, t, date(2025, 3, 1), "")
        assert {d["field"] for d in e.value.details} == {"reason", "new_due_date"}
        ext = tasks.extend(s, leader, t, date(2025, 4, 1), "Chờ ý kiến các sở")
        assert (ext.old_due_date, t.due_date) == (date(2025, 3, 15), date(2025, 4, 1))
        tasks.complete(s, officer, t, completed_on=date(2025, 3, 20), reply_code="12/NV-VP")
        assert t.status == "done" and t.reply_code == "12/NV-VP"
        assert tasks.tracking_state(t, TODAY) == "done_on_time"


@pytest.mark.parametrize("recurrence,due,expected", [
    ("monthly", date(2025, 1, 31), date(2025, 2, 28)),
    ("monthly", date(2025, 2, 28), date(2025, 3, 31)),   # end-of-month stays end-of-month
    ("quarterly", date(2025, 3, 31), date(2025, 6, 30)),
    ("monthly", date(2025, 1, 20), date(2025, 2, 20)),
    ("yearly", date(2024, 2, 29), date(2025, 2, 28)),
    ("weekly", date(2025, 3, 10), date(2025, 3, 17)),
])
def test_next_due(recurrence, due, expected):
    assert tasks.next_due(due, recurrence) == expected


def test_completing_a_recurring_task_creates_the_next(office):
    with session_scope(office["db"]) as s:
        leader = _user(s, office, "leader")
        t = tasks.create_task(s, leader, text="Báo cáo định kỳ hằng quý", unit_id=office["nv"],
                              due_date=date(2025, 3, 31), recurrence="quarterly")
        tasks.complete(s, leader, t, completed_on=date(2025, 3, 30))
        nxt = s.query(Task).filter(Task.previous_id == t.id).one()
        assert nxt.due_date == date(2025, 6, 30) and nxt.status == "todo" and nxt.unit_id == office["nv"]


def test_unit_report_four_states(office):
    with session_scope(office["db"]) as s:
        leader = _user(s, office, "leader")
        mk = lambda due, **kw: tasks.create_task(s, leader, text="Việc", unit_id=office["nv"], due_date=due, **kw)  # noqa: E731
        tasks.complete(s, leader, mk(date(2025, 3, 5)), completed_on=date(2025, 3, 4))     # done on time
        tasks.complete(s, leader, mk(date(2025, 3, 5)), completed_on=date(2025, 3, 8))     # done late
        mk(date(2025, 3, 20))                                                              # open, on time
        mk(date(2025, 3, 1))                                                               # open, overdue
        mk(date(2025, 3, 2))                                                               # open, overdue
        rows = reports.unit_report(s, leader, start=date(2025, 3, 1), end=date(2025, 3, 31), today=TODAY)
        assert len(rows) == 1 and rows[0].unit_name == "Phòng Nội vụ"
        assert rows[0].counts == {"done_on_time": 1, "done_late": 1, "open_on_time": 1, "open_overdue": 2}


def test_reminders_once_a_day_and_emailed(office, smtp_server):
    with session_scope(office["db"]) as s:
        leader = _user(s, office, "leader")
        tasks.create_task(s, leader, text="Sắp đến hạn", unit_id=office["nv"], owner_id=office["officer"],
                          due_date=TODAY + timedelta(days=2))
        tasks.create_task(s, leader, text="Đã quá hạn", unit_id=office["nv"], due_date=TODAY - timedelta(days=1))
        tasks.create_task(s, leader, text="Còn xa", unit_id=office["nv"], due_date=TODAY + timedelta(days=30))
        out = reminders.send(s, TODAY, 3, smtp_server.url, "vanthu@test")
    # due soon -> owner; overdue without owner -> the unit's officer (leader is in another unit)
    assert out == {"notifications": 2, "emails": 1}
    with session_scope(office["db"]) as s:
        kinds = sorted(n.kind for n in s.query(Notification))
        assert kinds == ["due_soon", "overdue"]
        assert reminders.send(s, TODAY, 3, None, "x")["notifications"] == 0   # not twice the same day
    assert len(smtp_server.messages) == 1
    msg = smtp_server.messages[0]
    assert msg["To"] == "officer@example.vn" and "quá hạn" in msg.get_content() and "sắp đến hạn" in msg.get_content()


def test_ics_feed_lists_open_deadlines(office):
    from icalendar import Calendar
    with session_scope(office["db"]) as s:
        leader = _user(s, office, "leader")
        tasks.create_task(s, leader, text="Nộp báo cáo quý", unit_id=office["nv"], owner_id=office["officer"],
                          due_date=date(2025, 3, 31))
        done = tasks.create_task(s, leader, text="Đã xong", unit_id=office["nv"], owner_id=office["officer"],
                                 due_date=date(2025, 3, 1))
        tasks.complete(s, leader, done)
        cal = Calendar.from_ical(reminders.ics_feed(s, _user(s, office, "officer")))
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 1 and events[0]["dtstart"].dt == date(2025, 3, 31)
    assert "Nộp báo cáo quý" in str(events[0]["summary"])


def test_incoming_register_xlsx(office):
    with session_scope(office["db"]) as s:
        s.add(Dispatch(status="registered", arrival_number=1, arrival_year=2025, arrival_date=date(2025, 3, 3),
                       organ_name="SỞ NỘI VỤ", code_text="251/BC-SNV", promulgation_date="2025-02-28",
                       document_type="bao_cao", subject="kết quả thi đua", recipient_unit_id=office["nv"],
                       handed_over_on=date(2025, 3, 3)))
        s.add(Dispatch(status="review", organ_name="CHƯA VÀO SỔ"))
        s.flush()
        rows = registers.incoming_rows(s, year=2025)
    assert rows == [["03/03/2025", "1", "SỞ NỘI VỤ", "251/BC-SNV", "28/02/2025", "Báo cáo: kết quả thi đua",
                     "Phòng Nội vụ", "03/03/2025", "", ""]]
    import io
    data = registers.to_xlsx("Sổ đăng ký văn bản đến", registers.INCOMING_COLUMNS, rows, organ="UBND XÃ A")
    ws = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[5]] == registers.INCOMING_COLUMNS and ws["D6"].value == "251/BC-SNV"
    assert ws["A2"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" and ws["A6"].font.name == "Times New Roman"


def test_unit_alias_is_remembered(office):
    with session_scope(office["db"]) as s:
        unit = directory.get_unit(s, office["nv"])
        directory.remember_alias(s, unit, "Đối với Phòng Nội vụ huyện")
        assert directory.match_unit(s, "phong noi vu huyen").id == office["nv"]
        assert directory.match_unit(s, "NV").id == office["nv"]        # the abbreviation, from create_unit
        assert directory.match_unit(s, "Sở Tài chính") is None


def test_user_validation_and_authentication(office):
    with session_scope(office["db"]) as s:
        with pytest.raises(ValidationError) as e:
            directory.create_user(s, None, username="a b", full_name="", password="123", role="boss")
        assert {d["field"] for d in e.value.details} == {"username", "full_name", "password", "role"}
        assert directory.authenticate(s, "clerk", "matkhau123").role == "clerk"
        assert directory.authenticate(s, "clerk", "sai") is None
        token = directory.issue_token(s, _user(s, office, "leader"), "tích hợp")
        assert directory.user_for_token(s, token).username == "leader"
        assert directory.user_for_token(s, token + "x") is None
