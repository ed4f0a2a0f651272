"""The office pages with login enforced, on SQLite and PostgreSQL: who may see and do what, the
upload → review → register flow through the forms, task forms with messages beside the fields,
registers, reports, search, notifications and administration."""
from __future__ import annotations

import io
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import select

from app.store.db import session_scope
from app.store.models.directory import User
from app.store.models.incoming import Dispatch, Notification, Task
from app.tracking import directory

SEED = Path(__file__).resolve().parent.parent / "corpus" / "vp-ubnd-langson-2018-3508-cv.txt"
ROLES = ("clerk", "leader", "officer", "admin")


class FormReader(HTMLParser):
    """The fields of one <form> as a browser would submit them (inputs, textareas, selected options)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._textarea = self._select = None
        self._selected = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "template":
            self.inside = "template"
        if self.inside == "template":
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("file", "submit"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields.append([a["name"], a.get("value", "")])
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
            self.fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = [a["name"], None]
            self.fields.append(self._select)
            self._first = None
        elif tag == "option" and self._select is not None:
            if self._first is None:
                self._first = a.get("value", "")
            if "selected" in a:
                self._select[1] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "template" and self.inside == "template":
            self.inside = True
        elif tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if self._select[1] is None:
                self._select[1] = self._first or ""
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None and self.inside is True:
            self._textarea[1] += data


def read_form(html: str, form_id: str) -> dict:
    p = FormReader(form_id)
    p.feed(html)
    assert p.fields, f"form #{form_id} not found"
    return {k: v for k, v in p.fields}


def login(app, username):
    c = app.test_client()
    html = c.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    r = c.post("/login", data={"username": username, "password": "matkhau123", "csrf_token": token})
    assert r.status_code == 302
    page = c.get("/tasks").get_data(as_text=True)
    c.csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    return c


def post(c, url, data=None, **kw):
    return c.post(url, data={**(data or {}), "csrf_token": c.csrf}, **kw)


def text(r) -> str:
    return r.get_data(as_text=True)


def upload_seed(c):
    return post(c, "/dispatches/upload", {"file": [(io.BytesIO(SEED.read_bytes()), SEED.name)]},
                content_type="multipart/form-data")


def make_task(app, **kw) -> int:
    from app.tracking import tasks

    with session_scope(app.config["DATABASE_URL"]) as s:
        leader = s.scalar(select(User).where(User.username == "leader"))
        return tasks.create_task(s, leader, **kw).id


# ---------------------------------------------------------------- roles

@pytest.mark.parametrize("path,allowed", [
    ("/dispatches", set(ROLES)), ("/tasks", set(ROLES)), ("/reports", set(ROLES)), ("/search?q=a", set(ROLES)),
    ("/notifications", set(ROLES)), ("/registers", {"clerk", "leader", "admin"}),
    ("/registers?book=tracking", {"clerk", "leader", "admin"}), ("/admin", {"admin"}),
])
def test_each_page_renders_for_its_roles_and_refuses_the_others(office_app, path, allowed):
    for role in ROLES:
        r = login(office_app, role).get(path)
        if role in allowed:
            assert r.status_code == 200, (role, path)
            assert "<h1>" in text(r)
        else:
            assert r.status_code == 403, (role, path)
            body = text(r)
            assert "Bạn không có quyền" in body or "Chỉ quản trị viên" in body
            assert 'lang="vi"' in body


def test_anonymous_visitors_are_sent_to_login(office_app):
    c = office_app.test_client()
    for path in ("/dispatches", "/tasks", "/registers", "/reports", "/admin", "/dispatches/1"):
        r = c.get(path)
        assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_actions_are_hidden_from_roles_that_may_not_use_them(office_app):
    units = office_app.config["UNITS"]
    tid = make_task(office_app, text="Rà soát hồ sơ lưu trữ", unit_id=units["NV"], due_date=date(2025, 3, 20))
    pages = {role: text(login(office_app, role).get("/dispatches")) for role in ROLES}
    assert 'id="upload-form"' in pages["clerk"] and 'id="upload-form"' in pages["admin"]
    assert 'id="upload-form"' not in pages["leader"] and 'id="upload-form"' not in pages["officer"]
    nav = {role: text(login(office_app, role).get("/tasks")) for role in ROLES}
    assert 'href="/admin"' in nav["admin"] and 'href="/admin"' not in nav["clerk"]
    leader = text(login(office_app, "leader").get(f"/tasks/{tid}"))
    officer = text(login(office_app, "officer").get(f"/tasks/{tid}"))
    clerk = text(login(office_app, "clerk").get(f"/tasks/{tid}"))
    assert 'id="extend-form"' in leader and 'id="assign-form"' in leader
    assert 'id="extend-form"' not in officer and 'id="assign-form"' not in officer
    assert 'id="note-form"' in officer and 'id="complete-form"' in officer
    assert 'id="note-form"' not in clerk          # the clerk follows, he does not handle tasks
    # an officer of another unit does not see the task at all
    r = login(office_app, "officer2").get(f"/tasks/{tid}")
    assert r.status_code == 403 and "không thuộc đơn vị" in text(r)
    assert f'id="task-{tid}"' not in text(login(office_app, "officer2").get("/tasks"))


def test_forms_need_the_csrf_token(office_app):
    c = login(office_app, "admin")
    r = c.post("/admin/units", data={"name": "Phòng Tài chính"})
    assert r.status_code == 400 and "Phiên làm việc đã hết hạn" in text(r)
    r = post(c, "/admin/units", {"name": "Phòng Tài chính", "short_name": "TC"})
    assert r.status_code == 302


# ---------------------------------------------------------------- dispatches

def test_upload_review_correct_and_register(office_app):
    units = office_app.config["UNITS"]
    clerk = login(office_app, "clerk")
    assert upload_seed(clerk).status_code == 302
    listing = text(clerk.get("/dispatches"))
    assert "Chờ kiểm tra" in listing and "3508/VP-KGVX" in listing and "Kiểm tra, vào sổ" in listing
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        did = s.scalar(select(Dispatch.id))
    page = text(clerk.get(f"/dispatches/{did}"))
    assert 'id="doc-text"' in page and '<mark class="ev" id="ev-task-0"' in page
    assert "Sở Nội vụ: Tiếp tục tham mưu" in page           # the text, with its evidence marked
    form = read_form(page, "review-form")
    assert form["code_text"] == "3508/VP-KGVX" and form["promulgation_date"] == "05/09/2018"
    task_keys = sorted(k for k in form if re.fullmatch(r"t-\d+-text", k))
    assert len(task_keys) >= 3
    map_names = {form[k]: k.replace("-name", "-unit_id") for k in form if re.fullmatch(r"map-\d+-name", k)}
    assert "Sở Nội vụ" in map_names

    # the extraction found no organ: confirming is refused with the message beside the field
    form["organ_name"] = ""
    form["t-1-due_date"] = "31/09/2018"          # September has 30 days
    r = post(clerk, f"/dispatches/{did}/confirm", form)
    assert r.status_code == 422
    html = text(r)
    assert 'id="organ_name-error"' in html and "Nhập cơ quan, tổ chức ban hành" in html
    assert 'id="t-1-due_date-error"' in html and "tháng 9/2018 chỉ có 30 ngày" in html
    assert "Sở Nội vụ: Tiếp tục tham mưu" in html              # the clerk's tasks are kept

    # corrected: organ, a task text, one task deleted, one added, the unit mapped
    form = read_form(html, "review-form")
    form["organ_name"] = "VĂN PHÒNG UBND TỈNH LẠNG SƠN"
    form["t-1-due_date"] = "31/10/2018"
    form["t-0-text"] = "Tham mưu hoàn thiện hệ thống văn bản quy phạm pháp luật về thi đua, khen thưởng."
    last = task_keys[-1].split("-")[1]
    for k in [k for k in form if k.startswith(f"t-{last}-")]:
        del form[k]
    form.update({"t-99-text": "Báo cáo kết quả thực hiện trước ngày 30/10/2018.", "t-99-units": "Phòng Nội vụ",
                 "t-99-unit_id": str(units["NV"]), "t-99-due_date": "2018-10-30", "t-99-span": ""})
    form[map_names["Sở Nội vụ"]] = str(units["NV"])
    form["recipient_unit_id"] = str(units["NV"])
    form["arrival_date"] = "2025-03-10"
    form["due_date"] = "2025-03-31"
    r = post(clerk, f"/dispatches/{did}/confirm", form)
    assert r.status_code == 302
    page = text(clerk.get(r.headers["Location"]))
    assert "Văn bản đến số 1/2025" in page and "Soạn văn bản trả lời" in page
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        d = s.get(Dispatch, did)
        assert (d.status, d.arrival_number, d.organ_name) == ("registered", 1, "VĂN PHÒNG UBND TỈNH LẠNG SƠN")
        texts = [t.text for t in d.tasks]
        assert len(texts) == len(task_keys) and texts[0].startswith("Tham mưu hoàn thiện")
        assert texts[-1] == "Báo cáo kết quả thực hiện trước ngày 30/10/2018."
        assert d.tasks[0].unit_id == units["NV"] and d.tasks[1].due_date == date(2018, 10, 31)
        assert directory.match_unit(s, "Sở Nội vụ").id == units["NV"]     # remembered for next time
    # a second confirmation is refused
    r = post(clerk, f"/dispatches/{did}/confirm", form)
    assert r.status_code == 302 and "đã được vào sổ" in text(clerk.get("/dispatches"))
    # the register and the tracking register show it
    assert re.search(r"<td>2025</td><td class=\"num\">1</td>", text(login(office_app, "admin").get("/admin")))
    reg = text(clerk.get("/registers?year=2025"))
    assert "3508/VP-KGVX" in reg and "Phòng Nội vụ" in reg and "/api/v1/registers/incoming?year=2025&amp;format=xlsx" in reg
    other = make_task(office_app, text="Nhiệm vụ không từ văn bản", unit_id=units["NV"])
    by_source = text(login(office_app, "leader").get(f"/tasks?dispatch_id={did}"))
    assert f'<option value="{did}" selected>1/2025 — 3508/VP-KGVX</option>' in by_source
    assert f"task-{other}" not in by_source and by_source.count('<tr class="urgency-') == len(task_keys)
    audit = text(login(office_app, "admin").get("/admin"))
    assert "dispatch.register" in audit and "số đến 1/2025" in audit
    assert re.search(r"<td>Người clerk</td><td><code>dispatch.register</code></td>", audit)
    trk = text(clerk.get("/registers?book=tracking"))
    assert "0/" in trk and "nhiệm vụ hoàn thành" in trk


def test_officer_may_view_but_not_register_or_upload(office_app):
    clerk = login(office_app, "clerk")
    upload_seed(clerk)
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        did = s.scalar(select(Dispatch.id))
    officer = login(office_app, "officer")
    page = text(officer.get(f"/dispatches/{did}"))
    assert 'id="review-form"' not in page and "chờ văn thư kiểm tra" in page
    assert post(officer, f"/dispatches/{did}/confirm", {"organ_name": "X", "subject": "Y"}).status_code == 403
    r = post(officer, "/dispatches/upload", {"file": [(io.BytesIO(b"abc"), "a.txt")]}, content_type="multipart/form-data")
    assert r.status_code == 403 and "Chỉ văn thư" in text(r)


def test_failed_dispatch_shows_the_reason_and_can_be_retried(office_app):
    clerk = login(office_app, "clerk")
    r = post(clerk, "/dispatches/upload", {"file": [(io.BytesIO(b"%PDF-1.4 hong\x00\x01"), "hong.pdf")]},
             content_type="multipart/form-data")
    assert r.status_code == 302
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        d = s.scalar(select(Dispatch))
        did, status, error = d.id, d.status, d.error
    assert status == "failed" and error
    listing = text(clerk.get("/dispatches"))
    assert "Lỗi xử lý" in listing and "Thử lại" in listing
    assert error.split(".")[0][:30] in listing.replace("&#39;", "'").replace("&quot;", '"')
    r = post(clerk, f"/dispatches/{did}/retry", {"next": "https://evil.example/"})
    assert r.status_code == 302 and r.headers["Location"] == "/"        # no open redirect
    assert "Đã gửi lại văn bản" in text(clerk.get("/dispatches"))


def test_several_files_are_uploaded_at_once(office_app):
    clerk = login(office_app, "clerk")
    files = [(io.BytesIO(SEED.read_bytes()), "mot.txt"), (io.BytesIO(SEED.read_bytes()), "hai.txt")]
    r = post(clerk, "/dispatches/upload", {"file": files}, content_type="multipart/form-data", follow_redirects=True)
    assert "Đã tải lên 2 tệp" in text(r)
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        assert sorted(d.file_name for d in s.scalars(select(Dispatch))) == ["hai.txt", "mot.txt"]
    listing = text(clerk.get("/dispatches?q=3508"))
    assert listing.count("Kiểm tra, vào sổ") == 2


def test_upload_without_a_file_says_so(office_app):
    clerk = login(office_app, "clerk")
    r = post(clerk, "/dispatches/upload", {}, content_type="multipart/form-data", follow_redirects=True)
    assert "Chưa chọn tệp nào" in text(r)


# ---------------------------------------------------------------- tasks

def test_task_list_makes_overdue_and_due_soon_unmistakable(office_app):
    units = office_app.config["UNITS"]
    late = make_task(office_app, text="Nộp báo cáo quý I", unit_id=units["NV"], due_date=date(2025, 3, 1))
    soon = make_task(office_app, text="Chuẩn bị hội nghị", unit_id=units["NV"], due_date=date(2025, 3, 12))
    later = make_task(office_app, text="Tổng kết năm", unit_id=units["VP"], due_date=date(2025, 12, 20))
    c = login(office_app, "leader")
    html = text(c.get("/tasks"))
    assert re.search(r'id="count-overdue">Quá hạn: <strong>1</strong>', html)
    assert re.search(r'id="count-due-soon">Sắp đến hạn: <strong>1</strong>', html)
    assert f'class="urgency-overdue" id="task-{late}"' in html and "Quá hạn 9 ngày" in html
    assert f'class="urgency-due_soon" id="task-{soon}"' in html and "Còn 2 ngày" in html
    assert f'class="urgency-none" id="task-{later}"' in html
    # filters: unit, overdue only, due range, search without diacritics, sort
    assert f"task-{later}" not in text(c.get(f"/tasks?unit_id={units['NV']}"))
    only = text(c.get("/tasks?overdue=1"))
    assert f"task-{late}" in only and f"task-{soon}" not in only
    ranged = text(c.get("/tasks?due_from=2025-03-05&due_to=2025-03-31"))
    assert f"task-{soon}" in ranged and f"task-{late}" not in ranged
    assert f"task-{late}" in text(c.get("/tasks?q=bao+cao+quy")) and f"task-{soon}" not in text(c.get("/tasks?q=bao+cao+quy"))
    desc = text(c.get("/tasks?sort=-due_date"))
    assert desc.index(f"task-{later}") < desc.index(f"task-{soon}") < desc.index(f"task-{late}")
    bad = c.get("/tasks?due_from=32/13/2025")
    assert bad.status_code == 200 and "không có tháng 13" in text(bad)
    officer2 = text(login(office_app, "officer2").get("/tasks"))     # VP officer: only VP tasks
    assert f"task-{later}" in officer2 and f"task-{late}" not in officer2


def test_task_pagination(office_app):
    units = office_app.config["UNITS"]
    for i in range(30):
        make_task(office_app, text=f"Nhiệm vụ số {i}", unit_id=units["NV"], due_date=date(2025, 4, 1 + i % 28))
    c = login(office_app, "leader")
    first = text(c.get("/tasks"))
    assert "Trang 1/2" in first and 'rel="next"' in first
    assert "Trang 2/2" in text(c.get("/tasks?page=2"))


def test_progress_extension_and_completion_through_the_forms(office_app, tmp_path):
    units = office_app.config["UNITS"]
    tid = make_task(office_app, text="Rà soát quy chế làm việc", unit_id=units["NV"], due_date=date(2025, 3, 20))
    officer, leader = login(office_app, "officer"), login(office_app, "leader")

    r = post(officer, f"/tasks/{tid}/notes", {"text": "", "percent": "140"}, content_type="multipart/form-data")
    assert r.status_code == 422
    assert 'id="text-error"' in text(r) or 'id="percent-error"' in text(r)
    r = post(officer, f"/tasks/{tid}/notes", {"text": "Đã gửi dự thảo lấy ý kiến", "percent": "40",
                                              "attachment": (io.BytesIO(b"du thao"), "du-thao.docx")},
             content_type="multipart/form-data")
    assert r.status_code == 302
    page = text(officer.get(f"/tasks/{tid}"))
    assert "Đã gửi dự thảo lấy ý kiến" in page and "40%" in page and "du-thao.docx" in page and "Đang xử lý" in page
    note_link = re.search(r'href="(/tasks/\d+/notes/\d+/attachment)"', page).group(1)
    assert officer.get(note_link).data == b"du thao"

    assert post(officer, f"/tasks/{tid}/extend", {"new_due_date": "2025-04-10", "reason": "x"}).status_code == 403
    r = post(leader, f"/tasks/{tid}/extend", {"new_due_date": "2025-03-01", "reason": ""})
    assert r.status_code == 422
    html = text(r)
    assert 'id="new_due_date-error"' in html and "Hạn mới phải sau hạn hiện tại (20/03/2025)" in html
    assert 'id="reason-error"' in html and "Nhập lý do gia hạn" in html
    r = post(leader, f"/tasks/{tid}/extend", {"new_due_date": "10.04.2025", "reason": "Chờ ý kiến"})
    assert r.status_code == 422 and "ngày/tháng/năm" in text(r)
    r = post(leader, f"/tasks/{tid}/extend", {"new_due_date": "2025-04-10", "reason": "Chờ ý kiến các phòng"})
    assert r.status_code == 302
    page = text(leader.get(f"/tasks/{tid}"))
    assert "10/04/2025" in page and "Chờ ý kiến các phòng" in page and "20/03/2025" in page

    r = post(officer, f"/tasks/{tid}/complete", {"reply_code": "15/NV", "completed_on": "2025-12-01"})
    assert r.status_code == 422 and "không được sau hôm nay" in text(r)
    r = post(officer, f"/tasks/{tid}/complete", {"reply_code": "15/NV", "completed_on": ""})
    assert r.status_code == 302
    page = text(officer.get(f"/tasks/{tid}"))
    assert 'id="reply-code">15/NV' in page and "Hoàn thành đúng hạn" in page and 'id="complete-form"' not in page
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        t = s.get(Task, tid)
        assert (t.status, t.completed_on, t.due_date) == ("done", date(2025, 3, 10), date(2025, 4, 10))


def test_leader_assigns_and_creates_tasks(office_app):
    units = office_app.config["UNITS"]
    leader = login(office_app, "leader")
    r = post(leader, "/tasks/new", {"text": "Kiểm tra công tác văn thư", "unit_id": str(units["NV"]),
                                    "due_date": "2025-03-25", "recurrence": "monthly"})
    assert r.status_code == 302
    tid = int(r.headers["Location"].rsplit("/", 1)[1])
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        officer_id = s.scalar(select(User.id).where(User.username == "officer"))
    r = post(leader, f"/tasks/{tid}/assign", {"unit_id": str(units["NV"]), "owner_id": str(officer_id), "due_date": "2025-03-28"})
    assert r.status_code == 302
    page = text(login(office_app, "officer").get(f"/tasks/{tid}"))
    assert "Người officer" in page and "28/03/2025" in page and "Hằng tháng" in page
    r = post(leader, f"/tasks/{tid}/assign", {"due_date": "28/13/2025"})
    assert r.status_code == 422 and 'id="due_date-error"' in text(r)
    assert post(login(office_app, "officer"), "/tasks/new", {"text": "x"}).status_code == 403


def test_reply_from_a_task_is_prefilled_and_issuing_it_links_both_ways(office_app):
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        d = Dispatch(status="registered", arrival_number=1, arrival_year=2025, arrival_date=date(2025, 3, 3),
                     organ_name="SỞ NỘI VỤ", code_text="251/SNV-TĐKT", promulgation_date="2025-02-28",
                     document_type="cong_van", subject="báo cáo thi đua")
        s.add(d)
        s.flush()
        did = d.id
        leader = s.scalar(select(User).where(User.username == "leader"))
        from app.tracking import tasks
        tid = tasks.create_task(s, leader, text="Báo cáo kết quả thi đua", dispatch=d,
                                unit_id=office_app.config["UNITS"]["NV"]).id
    officer = login(office_app, "officer")
    r = officer.get(f"/tasks/{tid}/reply")
    assert r.status_code == 200
    html = text(r)
    assert "Phúc đáp Công văn số 251/SNV-TĐKT ngày 28/02/2025 của Sở Nội vụ về việc báo cáo thi đua" in html
    assert "Về nội dung: Báo cáo kết quả thi đua" in html
    assert 'value="251/SNV-TĐKT"' in html                 # response_for
    # missing organ and signer: the drafting form says so beside the fields, nothing is issued
    r = post(officer, f"/tasks/{tid}/reply", {"subject": "trả lời công văn số 251/SNV-TĐKT", "to": "Sở Nội vụ",
                                              "content": "Phúc đáp Công văn số 251/SNV-TĐKT, UBND xã báo cáo như sau."})
    assert r.status_code == 422 and "field-error" in text(r)
    data = {"organ.name": "Ủy ban nhân dân xã Tân Lập", "organ.in_charge": "Ủy ban nhân dân huyện Đan Phượng",
            "code.notation": "UBND-VP", "promulgation.place": "Tân Lập", "promulgation.date": "2025-03-10",
            "subject": "trả lời công văn số 251/SNV-TĐKT", "to": "Sở Nội vụ",
            "content": "Phúc đáp Công văn số 251/SNV-TĐKT ngày 28/02/2025 của Sở Nội vụ, UBND xã báo cáo như sau.",
            "signer.position": "CHỦ TỊCH", "signer.full_name": "Nguyễn Văn An", "to_places": "Như trên\nLưu: VT",
            "response_for": "251/SNV-TĐKT"}
    r = post(officer, f"/tasks/{tid}/reply", data)
    assert r.status_code == 302, text(r)[:2000]
    assert "reply_code=" in r.headers["Location"]
    page = text(officer.get(r.headers["Location"]))
    code = read_form(page, "complete-form")["reply_code"]
    assert code.endswith("/UBND-VP") and 'id="reply-docx"' in page
    from app.store.models.outgoing import OutgoingDocument
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        assert s.get(Dispatch, did).reply_code == code
        out = s.scalar(select(OutgoingDocument))
        assert out.code == code and out.input_json["response_for"] == "251/SNV-TĐKT"
    # the next reply remembers the organ and the signer
    html = text(officer.get(f"/dispatches/{did}/reply"))
    assert "Ủy ban nhân dân xã Tân Lập" in html and "Nguyễn Văn An" in html
    # and the outgoing register lists it
    reg = text(login(office_app, "clerk").get("/registers?book=outgoing"))
    assert code in reg and "Sổ đăng ký văn bản đi" in reg


# ---------------------------------------------------------------- registers, reports, search, notifications

def test_report_chart_and_export_link(office_app):
    units = office_app.config["UNITS"]
    make_task(office_app, text="A", unit_id=units["NV"], due_date=date(2025, 3, 1))
    make_task(office_app, text="B", unit_id=units["NV"], due_date=date(2025, 3, 30))
    make_task(office_app, text="C", unit_id=units["VP"], due_date=date(2025, 3, 30))
    html = text(login(office_app, "leader").get("/reports?start=2025-03-01&end=2025-03-31"))
    assert '<svg id="report-chart"' in html
    assert len(re.findall(r'<rect [^>]*data-state="open_overdue"', html)) == 1
    assert len(re.findall(r'<rect [^>]*data-state="open_on_time"', html)) == 2
    assert re.search(r'id="total-open_overdue">1<', html) and re.search(r'id="total-open_on_time">2<', html)
    assert "/api/v1/reports/units?start=2025-03-01&amp;end=2025-03-31&amp;format=xlsx" in html
    assert 'href="?start=2025-01-01&amp;end=2025-03-31" aria-current="true"' not in html
    quarter = text(login(office_app, "leader").get("/reports?start=2025-01-01&end=2025-03-31"))
    assert 'href="?start=2025-01-01&amp;end=2025-03-31" aria-current="true" class="active">Quý I/2025' in quarter
    assert "Tháng 3/2025" in quarter and "Năm 2025" in quarter
    bad = text(login(office_app, "leader").get("/reports?start=2025-04-01&end=2025-03-01"))
    assert "Ngày kết thúc phải sau ngày bắt đầu" in bad


def test_search_is_diacritics_insensitive(office_app):
    units = office_app.config["UNITS"]
    tid = make_task(office_app, text="Tổng kết công tác thi đua, khen thưởng", unit_id=units["NV"])
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        s.add(Dispatch(status="registered", arrival_number=1, arrival_year=2025, code_text="3508/VP-KGVX",
                       subject="thi đua, khen thưởng", search_text="3508/vp-kgvx thi dua, khen thuong"))
    html = text(login(office_app, "leader").get("/search?q=thi+dua+khen+thuong"))
    assert "3508/VP-KGVX" in html and f"/tasks/{tid}" in html
    html = text(login(office_app, "officer2").get("/search?q=thi+dua"))    # not his unit's task
    assert f"/tasks/{tid}" not in html and "3508/VP-KGVX" in html


def test_notifications_page_and_mark_read(office_app):
    units = office_app.config["UNITS"]
    tid = make_task(office_app, text="Nộp báo cáo", unit_id=units["NV"], due_date=date(2025, 3, 1))
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        uid = s.scalar(select(User.id).where(User.username == "officer"))
        s.add(Notification(user_id=uid, task_id=tid, kind="overdue", day=date(2025, 3, 10),
                           message="Nhiệm vụ quá hạn 9 ngày (hạn 01/03/2025): Nộp báo cáo"))
    c = login(office_app, "officer")
    html = text(c.get("/notifications"))
    assert "Nhiệm vụ quá hạn 9 ngày" in html and 'class="unread' in html and '<span class="count">1</span>' in html
    assert ".ics" in html
    assert post(c, "/notifications/read").status_code == 302
    assert 'class="unread' not in text(c.get("/notifications"))
    assert 'id="send-reminders"' not in html and post(c, "/notifications/send").status_code == 403


def test_leader_runs_the_reminder_round_from_the_page(office_app):
    units = office_app.config["UNITS"]
    make_task(office_app, text="Nộp báo cáo quý", unit_id=units["NV"], due_date=date(2025, 3, 1))
    make_task(office_app, text="Chuẩn bị hội nghị", unit_id=units["NV"], due_date=date(2025, 3, 11))
    leader = login(office_app, "leader")
    assert 'id="send-reminders"' in text(leader.get("/notifications"))
    r = post(leader, "/notifications/send")
    assert r.status_code == 302
    html = text(login(office_app, "officer").get("/notifications"))
    assert "Nhiệm vụ quá hạn 9 ngày (hạn 01/03/2025): Nộp báo cáo quý" in html
    assert "Nhiệm vụ sắp đến hạn (còn 1 ngày, hạn 11/03/2025): Chuẩn bị hội nghị" in html
    assert '<span class="count">2</span>' in html


# ---------------------------------------------------------------- administration

def test_admin_units_aliases_and_users(office_app):
    units = office_app.config["UNITS"]
    c = login(office_app, "admin")
    r = post(c, "/admin/users", {"username": "a b", "full_name": "", "password": "123", "role": ""})
    assert r.status_code == 422
    html = text(r)
    for field in ("username", "full_name", "password", "role"):
        assert f'id="user.{field}-error"' in html
    r = post(c, "/admin/users", {"username": "chuyenvien3", "full_name": "Trần Văn Ba", "password": "matkhau123",
                                 "role": "officer", "unit_id": str(units["NV"])})
    assert r.status_code == 302
    r = post(c, "/admin/users", {"username": "chuyenvien3", "full_name": "Trùng", "password": "matkhau123", "role": "officer"})
    assert r.status_code == 422 and "đã tồn tại" in text(r)
    assert login(office_app, "chuyenvien3").get("/tasks").status_code == 200

    r = post(c, "/admin/units", {"name": "", "short_name": ""})
    assert r.status_code == 422 and 'id="unit.name-error"' in text(r)
    assert post(c, "/admin/units", {"name": "Phòng Tài chính - Kế hoạch", "short_name": "TCKH"}).status_code == 302
    assert post(c, f"/admin/units/{units['NV']}/aliases", {"alias": "Sở Nội vụ"}).status_code == 302
    r = post(c, f"/admin/units/{units['NV']}/aliases", {"alias": " "})
    assert r.status_code == 422 and f'id="alias{units["NV"]}.alias-error"' in text(r)
    html = text(c.get("/admin"))
    assert "Phòng Tài chính - Kế hoạch" in html and "Sở Nội vụ" in html
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        assert directory.match_unit(s, "so noi vu").id == units["NV"]
        uid = s.scalar(select(User.id).where(User.username == "chuyenvien3"))
        admin_id = s.scalar(select(User.id).where(User.username == "admin"))
    assert post(c, f"/admin/users/{uid}", {"role": "leader", "unit_id": str(units["VP"]), "active": "1"}).status_code == 302
    r = post(c, f"/admin/users/{admin_id}", {"role": "clerk", "active": "1"})
    assert r.status_code == 422 and "Không thể tự bỏ quyền quản trị" in text(r)
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        u = s.get(User, uid)
        assert (u.role, u.unit_id) == ("leader", units["VP"])
    assert post(login(office_app, "leader"), "/admin/units", {"name": "X"}).status_code == 403


@pytest.mark.parametrize("written,in_sentence", [
    ("VĂN PHÒNG UBND TỈNH LẠNG SƠN", "Văn phòng UBND tỉnh Lạng Sơn"),
    ("SỞ NỘI VỤ TỈNH LẠNG SƠN", "Sở Nội vụ tỉnh Lạng Sơn"),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Ủy ban nhân dân thành phố Hà Nội"),
    ("BỘ TÀI CHÍNH", "Bộ Tài chính"),
    ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"),
])
def test_reply_writes_the_sender_in_sentence_case(written, in_sentence):
    from app.tracking.dispatches import reply_input

    reply = reply_input(Dispatch(id=1, organ_name=written, code_text="1/X", document_type="cong_van"))
    assert reply["to"] == [in_sentence] and f"của {in_sentence}" in reply["content"][0]


def test_home_page_is_a_dashboard_of_what_needs_doing(office_app):
    units = office_app.config["UNITS"]
    late = make_task(office_app, text="Nộp báo cáo tháng", unit_id=units["NV"], due_date=date(2025, 3, 5))
    make_task(office_app, text="Việc còn xa", unit_id=units["NV"], due_date=date(2025, 6, 5))
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        s.add(Dispatch(status="review", subject="chờ kiểm tra"))
    clerk = text(login(office_app, "clerk").get("/"))
    assert re.search(r"Nhiệm vụ quá hạn: <strong>1</strong>", clerk) and re.search(r"Văn bản chờ vào sổ: <strong>1</strong>", clerk)
    assert f"/tasks/{late}" in clerk and "Việc còn xa" not in clerk
    officer2 = text(login(office_app, "officer2").get("/"))     # another unit: nothing of NV, no register work
    assert re.search(r"Nhiệm vụ quá hạn: <strong>0</strong>", officer2) and "chờ vào sổ" not in officer2


def test_a_dispatch_without_text_or_tasks_can_still_be_registered(office_app):
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        d = Dispatch(status="review", file_name="scan.png", extraction={"tasks": []})
        s.add(d)
        s.flush()
        did = d.id
    clerk = login(office_app, "clerk")
    html = text(clerk.get(f"/dispatches/{did}"))
    assert "Không đọc được nội dung văn bản" in html
    form = read_form(html, "review-form")
    form.update({"organ_name": "UBND HUYỆN CAO LỘC", "subject": "mời họp", "code_text": "12/GM-UBND"})
    r = post(clerk, f"/dispatches/{did}/confirm", form)
    assert r.status_code == 302
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        d = s.get(Dispatch, did)
        assert (d.status, d.code_number, d.code_notation, d.tasks) == ("registered", 12, "GM-UBND", [])


def test_dispatch_page_links_only_the_tasks_the_officer_may_open(office_app):
    """A registered dispatch lists all its tasks (the directive text is in the dispatch anyway),
    but an officer gets a link only to those of his unit or given to him."""
    units = office_app.config["UNITS"]
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        d = Dispatch(status="registered", file_name="cv.txt", arrival_number=1, extraction={"tasks": []})
        s.add(d)
        s.flush()
        did = d.id
    mine = make_task(office_app, text="Phòng Nội vụ rà soát biên chế", unit_id=units["NV"], dispatch=None)
    theirs = make_task(office_app, text="Văn phòng tổng hợp báo cáo", unit_id=units["VP"], dispatch=None)
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        from app.store.models.incoming import Task
        for tid in (mine, theirs):
            s.get(Task, tid).dispatch_id = did
    officer = text(login(office_app, "officer").get(f"/dispatches/{did}"))     # unit NV
    assert f'href="/tasks/{mine}"' in officer and f'href="/tasks/{theirs}"' not in officer
    assert "Văn phòng tổng hợp báo cáo" in officer and "giao đơn vị khác" in officer
    leader = text(login(office_app, "leader").get(f"/dispatches/{did}"))
    assert f'href="/tasks/{mine}"' in leader and f'href="/tasks/{theirs}"' in leader
