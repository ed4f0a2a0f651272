"""`vanthu users create`, `units import`, `reminders send` and `demo` through click's CliRunner,
on SQLite and PostgreSQL: what they store, what they print (Vietnamese), how they fail."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from sqlalchemy import func, select

from app.cli import main
from app.store.db import session_scope
from app.store.models.directory import Unit, User
from app.store.models.incoming import Dispatch, Notification, Task
from app.tracking import directory, tasks


@pytest.fixture
def cli(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("VANTHU_DATABASE_URL", db_url)
    monkeypatch.setenv("VANTHU_STORAGE_DIR", str(tmp_path / "files"))
    monkeypatch.setenv("VANTHU_INSTANCE_DIR", str(tmp_path / "instance"))
    monkeypatch.delenv("VANTHU_SMTP_URL", raising=False)
    monkeypatch.delenv("VANTHU_BROKER_URL", raising=False)
    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)
    run.db = db_url
    return run


def test_users_create(cli):
    with session_scope(cli.db) as s:
        directory.create_unit(s, None, "Phòng Nội vụ", "NV")
    r = cli("users", "create", "--username", "Lan.NV", "--full-name", "Trần Thị Lan", "--role", "officer",
            "--unit", "NV", "--email", "lan@example.vn", "--password", "matkhau123")
    assert r.exit_code == 0, r.output
    assert "Đã tạo người dùng «lan.nv» (Chuyên viên)" in r.output
    with session_scope(cli.db) as s:
        u = directory.authenticate(s, "lan.nv", "matkhau123")
        assert u is not None and u.unit.short_name == "NV" and u.email == "lan@example.vn"
    # password typed at the prompt (hidden, confirmed)
    r = cli("users", "create", "--username", "hoa", "--full-name", "Lê Hoa", "--role", "clerk",
            input="bimat12345\nbimat12345\n")
    assert r.exit_code == 0, r.output
    with session_scope(cli.db) as s:
        assert directory.authenticate(s, "hoa", "bimat12345") is not None
    r = cli("users", "create", "--username", "lan.nv", "--full-name", "X", "--role", "clerk", "--password", "matkhau123")
    assert r.exit_code == 1 and "Lỗi: Tên đăng nhập «lan.nv» đã tồn tại." in r.output
    r = cli("users", "create", "--username", "moi", "--full-name", "X", "--role", "clerk", "--password", "ngan")
    assert r.exit_code == 1 and "password: Mật khẩu phải có ít nhất 8 ký tự." in r.output
    r = cli("users", "create", "--username", "moi", "--full-name", "X", "--role", "clerk", "--unit", "Phòng Ma",
            "--password", "matkhau123")
    assert r.exit_code == 1 and "Không tìm thấy đơn vị «Phòng Ma»" in r.output
    r = cli("users", "create", "--username", "moi", "--full-name", "X", "--role", "boss", "--password", "matkhau123")
    assert r.exit_code == 2   # click refuses the role before anything is stored
    with session_scope(cli.db) as s:
        assert s.scalar(select(func.count(User.id))) == 2


def test_units_import(cli, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Tên đơn vị", "Viết tắt", "Đơn vị cấp trên", "Tên gọi khác"])
    ws.append(["Sở Nội vụ", "SNV", None, "Sở Nội vụ tỉnh; SNV Lạng Sơn"])
    ws.append(["Ban Thi đua - Khen thưởng", "BTĐKT", "Sở Nội vụ", "Ban TĐKT"])
    ws.append(["Sở Tài chính", "STC", None, None])
    path = tmp_path / "don-vi.xlsx"
    wb.save(path)
    r = cli("units", "import", str(path))
    assert r.exit_code == 0 and "Đã nhập 3 đơn vị." in r.output, r.output
    r = cli("units", "import", str(path))          # again: updates, no duplicates
    assert r.exit_code == 0
    with session_scope(cli.db) as s:
        units = {u.name: u for u in s.scalars(select(Unit))}
        assert len(units) == 3
        assert units["Ban Thi đua - Khen thưởng"].parent_id == units["Sở Nội vụ"].id
        assert directory.match_unit(s, "Ban TĐKT").name == "Ban Thi đua - Khen thưởng"
        assert directory.match_unit(s, "SỞ NỘI VỤ TỈNH").name == "Sở Nội vụ"
    bad = tmp_path / "khong-phai.xlsx"
    bad.write_text("không phải Excel")
    r = cli("units", "import", str(bad))
    assert r.exit_code == 2 and "Không đọc được tệp Excel" in r.output
    r = cli("units", "import", str(tmp_path / "khong-co.xlsx"))
    assert r.exit_code == 1 and "Không tìm thấy tệp" in r.output


def test_reminders_send(cli, smtp_server, monkeypatch):
    today = date(2025, 3, 10)
    with session_scope(cli.db) as s:
        nv = directory.create_unit(s, None, "Phòng Nội vụ", "NV")
        officer = directory.create_user(s, None, username="cv", full_name="Chuyên viên", password="matkhau123",
                                        role="officer", unit_id=nv.id, email="cv@example.vn")
        tasks.create_task(s, None, text="Nộp báo cáo thi đua", unit_id=nv.id, owner_id=officer.id,
                          due_date=today + timedelta(days=1))
        tasks.create_task(s, None, text="Rà soát biên chế", unit_id=nv.id, owner_id=officer.id,
                          due_date=today - timedelta(days=4))
    r = cli("reminders", "send", "--today", "2025-03-10")
    assert r.exit_code == 0 and "Đã tạo 2 nhắc việc, gửi 0 thư điện tử." in r.output
    assert "Chưa cấu hình VANTHU_SMTP_URL" in r.output
    monkeypatch.setenv("VANTHU_SMTP_URL", smtp_server.url)
    r = cli("reminders", "send", "--today", "2025-03-11")
    assert r.exit_code == 0 and "Đã tạo 2 nhắc việc, gửi 1 thư điện tử." in r.output, r.output
    body = smtp_server.messages[0].get_content()
    assert smtp_server.messages[0]["To"] == "cv@example.vn"
    assert "quá hạn 5 ngày" in body and "sắp đến hạn (hôm nay" in body
    r = cli("reminders", "send", "--today", "11/03/2025")
    assert r.exit_code == 1 and "Ngày phải có dạng YYYY-MM-DD" in r.output
    with session_scope(cli.db) as s:
        assert s.scalar(select(func.count(Notification.id))) == 4


def test_demo_loads_a_living_office_once(cli):
    r = cli("demo", "--limit", "3", "--today", "2025-03-10")
    assert r.exit_code == 0, r.output
    assert "Đã nạp 3 văn bản đến" in r.output
    assert "mật khẩu ban đầu: vanthu@2025" in r.output and "lanhdao" in r.output and "Lãnh đạo" in r.output
    with session_scope(cli.db) as s:
        roles = {u.role for u in s.scalars(select(User))}
        assert roles == {"clerk", "leader", "officer", "admin"}
        assert directory.authenticate(s, "vanthu", "vanthu@2025").role == "clerk"
        ds = list(s.scalars(select(Dispatch).order_by(Dispatch.arrival_number)))
        assert [d.status for d in ds] == ["registered"] * 3
        assert [d.arrival_number for d in ds] == [1, 2, 3]
        assert all(d.text and d.extraction for d in ds) and any(d.code_text and d.subject for d in ds)
        assert [d.arrival_date for d in ds] == sorted(d.arrival_date for d in ds)
        all_tasks = list(s.scalars(select(Task)))
        n_tasks = len(all_tasks)
        assert n_tasks >= 10
        states = {tasks.tracking_state(t, date(2025, 3, 10)) for t in all_tasks}
        assert states == {"done_on_time", "done_late", "open_on_time", "open_overdue"}
        assert {t.status for t in all_tasks} == {"todo", "in_progress", "done"}
        assert any(t.unit_id for t in all_tasks) and any(t.owner_id for t in all_tasks)
        assert any(t.extensions for t in all_tasks) and any(t.notes for t in all_tasks)
        assert s.scalar(select(func.count(Notification.id))) > 0
    r = cli("demo", "--limit", "3", "--today", "2025-03-10")      # idempotent
    assert r.exit_code == 0 and "Đã nạp 0 văn bản đến, 0 nhiệm vụ (bỏ qua 3 văn bản đã có)." in r.output
    r = cli("demo", "--if-empty")
    assert r.exit_code == 0 and "không nạp lại" in r.output and "vanthu " in r.output
    with session_scope(cli.db) as s:
        assert s.scalar(select(func.count(Dispatch.id))) == 3
        assert s.scalar(select(func.count(Task.id))) == n_tasks
        assert s.scalar(select(func.count(User.id))) == 6
