"""The office JSON API with login enforced: authentication, CSRF, roles and unit scoping, the
task life cycle, registers and reports — on SQLite and PostgreSQL."""
import io

from openpyxl import load_workbook

from .conftest import api_client


def test_api_requires_authentication(office_app):
    c = office_app.test_client()
    r = c.get("/api/v1/tasks")
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "unauthorized"
    r = c.get("/")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    bad = office_app.test_client()
    bad.environ_base["HTTP_AUTHORIZATION"] = "Bearer vt_khong-hop-le"
    assert bad.get("/api/v1/me").status_code == 401


def test_login_logout_and_csrf(office_app):
    c = office_app.test_client()
    r = c.post("/login", data={"username": "clerk", "password": "sai-mat-khau"})
    assert r.status_code == 400   # no CSRF token: refused before looking at the password
    html = c.get("/login").get_data(as_text=True)
    token = html.split('name="csrf_token" value="')[1].split('"')[0]
    r = c.post("/login", data={"username": "clerk", "password": "sai-mat-khau", "csrf_token": token})
    assert r.status_code == 401 and "không đúng" in r.get_data(as_text=True)
    r = c.post("/login?next=/api/v1/me", data={"username": "clerk", "password": "matkhau123", "csrf_token": token})
    assert r.status_code == 302 and r.headers["Location"] == "/api/v1/me"
    assert c.get("/api/v1/me").get_json()["role"] == "clerk"
    r = c.post("/login", data={"username": "clerk", "password": "matkhau123", "csrf_token": token})
    assert r.status_code == 400   # the session was renewed at login: the old form token is void
    c2 = office_app.test_client()
    token = c2.get("/login").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    r = c2.post("/login?next=https://evil.example/", data={"username": "clerk", "password": "matkhau123", "csrf_token": token})
    assert r.headers["Location"] == "/"          # no open redirect


def test_task_life_cycle_and_permissions(office_app):
    units = office_app.config["UNITS"]
    leader, officer, officer2, clerk = (api_client(office_app, u) for u in ("leader", "officer", "officer2", "clerk"))
    r = clerk.post("/api/v1/tasks", json={"text": "Không được giao việc", "unit_id": units["NV"]})
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "forbidden"
    r = leader.post("/api/v1/tasks", json={"text": "Rà soát quy chế làm việc", "unit_id": units["NV"], "due_date": "2025-03-20"})
    assert r.status_code == 201
    tid = r.get_json()["id"]
    assert [t["id"] for t in officer.get("/api/v1/tasks").get_json()["items"]] == [tid]
    assert officer2.get("/api/v1/tasks").get_json()["total"] == 0
    assert officer2.get(f"/api/v1/tasks/{tid}").status_code == 403

    r = officer.post(f"/api/v1/tasks/{tid}/notes", json={"text": "Đã gửi dự thảo lấy ý kiến", "percent": 40})
    assert r.status_code == 201 and r.get_json()["task"]["status"] == "in_progress"
    r = officer.post(f"/api/v1/tasks/{tid}/extensions", json={"new_due_date": "2025-04-10", "reason": "Chờ ý kiến"})
    assert r.status_code == 403
    r = leader.post(f"/api/v1/tasks/{tid}/extensions", json={"new_due_date": "2025-03-01", "reason": ""})
    assert r.status_code == 422 and {d["field"] for d in r.get_json()["error"]["details"]} == {"new_due_date", "reason"}
    r = leader.post(f"/api/v1/tasks/{tid}/extensions", json={"new_due_date": "2025-04-10", "reason": "Chờ ý kiến các phòng"})
    assert r.status_code == 201 and r.get_json()["due_date"] == "2025-04-10"
    r = officer.post(f"/api/v1/tasks/{tid}/complete", json={"reply_code": "15/NV", "completed_on": "2025-04-01"})
    body = r.get_json()
    assert body["status"] == "done" and body["tracking_state"] == "done_on_time" and body["reply_code"] == "15/NV"
    full = officer.get(f"/api/v1/tasks/{tid}").get_json()
    assert full["notes"][0]["percent"] == 40 and full["extensions"][0]["old_due_date"] == "2025-03-20"


def test_bad_input_gets_vietnamese_error_codes(office_app):
    leader = api_client(office_app, "leader")
    r = leader.get("/api/v1/tasks?due_from=20-03-2025")
    assert r.status_code == 422 and r.get_json()["error"]["details"][0]["field"] == "due_from"
    r = leader.post("/api/v1/tasks", data="không phải json", content_type="application/json")
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "invalid_json"
    assert leader.get("/api/v1/tasks/99999").status_code == 404
    r = leader.get("/api/v1/search?q=")
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "empty_query"


def test_overdue_filter_report_and_xlsx(office_app):
    units = office_app.config["UNITS"]
    leader = api_client(office_app, "leader")
    for text, due in (("Việc quá hạn", "2025-03-01"), ("Việc trong hạn", "2025-03-31")):
        assert leader.post("/api/v1/tasks", json={"text": text, "unit_id": units["NV"], "due_date": due}).status_code == 201
    items = leader.get("/api/v1/tasks?overdue=1").get_json()["items"]
    assert [t["text"] for t in items] == ["Việc quá hạn"] and items[0]["urgency"] == "overdue"
    rep = leader.get("/api/v1/reports/units?start=2025-03-01&end=2025-03-31").get_json()
    assert rep["totals"] == {"done_on_time": 0, "done_late": 0, "open_on_time": 1, "open_overdue": 1}
    r = leader.get("/api/v1/reports/units?start=2025-03-01&end=2025-03-31&format=xlsx")
    ws = load_workbook(io.BytesIO(r.data)).active
    assert ws["A6"].value == "Phòng Nội vụ" and [ws.cell(6, i).value for i in range(2, 7)] == [0, 0, 1, 1, 2]


def test_search_is_diacritics_insensitive(office_app):
    units = office_app.config["UNITS"]
    leader = api_client(office_app, "leader")
    leader.post("/api/v1/tasks", json={"text": "Tổng kết công tác thi đua, khen thưởng", "unit_id": units["NV"]})
    leader.post("/api/v1/tasks", json={"text": "Báo cáo tài chính", "unit_id": units["NV"]})
    found = leader.get("/api/v1/search?q=thi dua khen thuong").get_json()
    assert [t["text"] for t in found["tasks"]] == ["Tổng kết công tác thi đua, khen thưởng"]


def test_admin_manages_units_and_users(office_app):
    admin, clerk = api_client(office_app, "admin"), api_client(office_app, "clerk")
    assert clerk.post("/api/v1/units", json={"name": "Phòng Tài chính"}).status_code == 403
    r = admin.post("/api/v1/units", json={"name": "Phòng Tài chính", "short_name": "TC"})
    assert r.status_code == 201
    r = admin.post("/api/v1/users", json={"username": "moi", "full_name": "Người Mới", "password": "ngan", "role": "officer"})
    assert r.status_code == 422 and r.get_json()["error"]["details"][0]["field"] == "password"
    r = admin.post("/api/v1/users", json={"username": "clerk", "full_name": "Trùng", "password": "matkhau123", "role": "clerk"})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "username_taken"


def test_ics_feed_by_personal_token(office_app):
    units = office_app.config["UNITS"]
    officer = api_client(office_app, "officer")
    leader = api_client(office_app, "leader")
    me = officer.get("/api/v1/me").get_json()
    leader.post("/api/v1/tasks", json={"text": "Nộp báo cáo", "unit_id": units["NV"], "owner_id": me["id"], "due_date": "2025-03-31"})
    anon = office_app.test_client()
    r = anon.get(me["ics_url"].replace("http://localhost", ""))
    assert r.status_code == 200 and b"DTSTART;VALUE=DATE:20250331" in r.data
    assert anon.get("/ics/khong-dung.ics").status_code == 404


def test_api_tokens_listed_and_revoked(office_app):
    leader = api_client(office_app, "leader")
    r = leader.post("/api/v1/tokens", json={"name": "tích hợp"})
    assert r.status_code == 201
    body = r.get_json()
    other = office_app.test_client()
    other.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {body['token']}"
    assert other.get("/api/v1/me").status_code == 200
    listed = leader.get("/api/v1/tokens").get_json()
    assert body["id"] in [t["id"] for t in listed] and all("token" not in t for t in listed)
    officer = api_client(office_app, "officer")
    assert officer.delete(f"/api/v1/tokens/{body['id']}").status_code == 404   # not his
    assert leader.delete(f"/api/v1/tokens/{body['id']}").status_code == 204
    r = other.get("/api/v1/me")
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "unauthorized"
