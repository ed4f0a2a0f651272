"""The reply page says what it answers: a banner 'Trả lời Công văn số … ngày … của …' above the
drafting form, with links back to the dispatch and (started from a task the user may see) the task;
after issuing, the page the user lands on links back too. Flask client, login enforced."""
from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from app.store.db import session_scope
from app.store.models.directory import User
from app.store.models.incoming import Dispatch, Task
from tests.test_office_pages import login, post, text

BANNER = "Trả lời Công văn số 123/UBND-VP ngày 05/3/2025 của Ủy ban nhân dân tỉnh Lạng Sơn"


def seed(app, **dispatch) -> tuple[int, int]:
    """A registered công văn with one task of Phòng Nội vụ: (dispatch id, task id)."""
    from app.tracking import tasks

    fields = {"organ_name": "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "code_text": "123/UBND-VP",
              "promulgation_date": "2025-03-05", "document_type": "cong_van", "subject": "báo cáo công tác văn thư"}
    fields.update(dispatch)
    with session_scope(app.config["DATABASE_URL"]) as s:
        d = Dispatch(status="registered", arrival_number=7, arrival_year=2025, arrival_date=date(2025, 3, 7), **fields)
        s.add(d)
        s.flush()
        leader = s.scalar(select(User).where(User.username == "leader"))
        t = tasks.create_task(s, leader, text="Báo cáo tình hình công tác văn thư quý I", dispatch=d,
                              unit_id=app.config["UNITS"]["NV"])
        return d.id, t.id


class Banner(HTMLParser):
    """The reply banner: its text, its links, and where it stands against the drafting form (no action)."""

    def __init__(self):
        super().__init__()
        self.depth, self.text, self.links, self.start, self.form_at = 0, "", [], None, None
        self._a = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") == "reply-banner":
            self.depth, self.start = 1, self.getpos()
            return
        if tag == "form" and self.form_at is None and a.get("method") == "post" and "action" not in a:
            self.form_at = self.getpos()
        if self.depth:
            if tag == "nav":
                self.depth += 1
            if tag == "a":
                self._a = {"href": a.get("href"), "tabindex": a.get("tabindex"), "id": a.get("id"), "text": ""}
                self.links.append(self._a)

    def handle_endtag(self, tag):
        if self.depth and tag == "nav":
            self.depth -= 1
        if tag == "a":
            self._a = None

    def handle_data(self, data):
        if self.depth:
            self.text += data
            if self._a is not None:
                self._a["text"] += data


def banner(html: str) -> Banner:
    p = Banner()
    p.feed(html)
    assert p.start is not None, "no reply banner"
    p.text = re.sub(r"\s+", " ", p.text).strip()
    return p


def hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_banner_from_a_task_links_the_dispatch_and_the_task(office_app):
    did, tid = seed(office_app)
    r = login(office_app, "officer").get(f"/tasks/{tid}/reply")
    assert r.status_code == 200
    html = text(r)
    b = banner(html)
    assert b.text.startswith(BANNER) and "V/v báo cáo công tác văn thư" in b.text
    assert [link["href"] for link in b.links] == [f"/dispatches/{did}", f"/tasks/{tid}"]
    assert "Văn bản đến số 7/2025" in b.links[0]["text"] and "Báo cáo tình hình" in b.links[1]["text"]
    assert all(link["tabindex"] is None for link in b.links)        # plain links: reached with Tab
    assert b.start < b.form_at                                       # above the drafting form
    assert "<title>Soạn văn bản trả lời" in html and 'name="subject"' in html


def test_banner_from_the_dispatch_has_no_task_link(office_app):
    did, tid = seed(office_app)
    html = text(login(office_app, "clerk").get(f"/dispatches/{did}/reply"))
    b = banner(html)
    assert b.text.startswith(BANNER)
    assert [link["href"] for link in b.links] == [f"/dispatches/{did}"]


def test_a_user_who_may_not_see_the_task_gets_no_link_to_it(office_app):
    did, tid = seed(office_app)
    officer2 = login(office_app, "officer2")             # Văn phòng: the task belongs to Phòng Nội vụ
    r = officer2.get(f"/tasks/{tid}/reply")
    assert r.status_code == 403 and f"/tasks/{tid}" not in hrefs(text(r))
    html = text(officer2.get(f"/dispatches/{did}/reply"))
    b = banner(html)
    assert b.text.startswith(BANNER) and f"/tasks/{tid}" not in hrefs(html)
    # the same banner asked for that task on his behalf leaves the task out; the officer of the unit gets it
    from flask import g

    from app.web.office.reply import banner as make_banner
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        t, d = s.get(Task, tid), s.get(Dispatch, did)
        for username, visible in (("officer2", False), ("officer", True), ("leader", True)):
            with office_app.test_request_context():
                g.user = s.scalar(select(User).where(User.username == username))
                info = make_banner(d, {"to": ["Ủy ban nhân dân tỉnh Lạng Sơn"]}, t)
                assert (info["task_url"] == f"/tasks/{tid}") is visible and (info["task"] is not None) is visible
                assert info["dispatch_url"] == f"/dispatches/{did}"


@pytest.mark.parametrize("promulgated,written", [
    ("2025-02-08", "ngày 08/02/2025"),           # Decree 30: a zero before days 1-9 and months 1-2 only
    ("2025-11-21", "ngày 21/11/2025"),
    ("2025-03", "tháng 3/2025"),
    (None, ""),
])
def test_the_banner_writes_dates_as_decree_30_does(office_app, promulgated, written):
    did, _ = seed(office_app, promulgation_date=promulgated, organ_name="SỞ NỘI VỤ", document_type="ke_hoach",
                  code_text="45/KH-SNV")
    b = banner(text(login(office_app, "leader").get(f"/dispatches/{did}/reply")))
    expected = "Trả lời Kế hoạch số 45/KH-SNV" + (f" {written}" if written else "") + " của Sở Nội vụ"
    assert b.text.startswith(expected), b.text


DRAFT = {"organ.name": "Ủy ban nhân dân xã Tân Lập", "organ.in_charge": "Ủy ban nhân dân huyện Đan Phượng",
         "code.notation": "UBND-VP", "promulgation.place": "Tân Lập", "promulgation.date": "2025-03-10",
         "subject": "trả lời công văn số 123/UBND-VP", "to": "Ủy ban nhân dân tỉnh Lạng Sơn",
         "content": "Phúc đáp Công văn số 123/UBND-VP ngày 05/3/2025 của Ủy ban nhân dân tỉnh Lạng Sơn, "
                    "UBND xã báo cáo như sau.",
         "signer.position": "CHỦ TỊCH", "signer.full_name": "Nguyễn Văn An", "to_places": "Như trên\nLưu: VT",
         "response_for": "123/UBND-VP"}


def test_after_issuing_the_landing_pages_link_back(office_app):
    did, tid = seed(office_app)
    officer = login(office_app, "officer")
    # a refused draft keeps the banner above the messages
    r = post(officer, f"/tasks/{tid}/reply", {"subject": "x"})
    assert r.status_code == 422 and banner(text(r)).text.startswith(BANNER)
    # issued from the task: back on the task, which links the dispatch answered and the reply
    r = post(officer, f"/tasks/{tid}/reply", DRAFT)
    assert r.status_code == 302 and r.headers["Location"].startswith(f"/tasks/{tid}?")
    page = text(officer.get(r.headers["Location"]))
    notice = re.search(r'<div class="flash" role="status" id="reply-done">(.*?)</div>', page, re.S).group(1)
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        code = s.get(Dispatch, did).reply_code
    assert code and code.endswith("/UBND-VP") and code in notice
    assert f'id="reply-done-dispatch" href="/dispatches/{did}">123/UBND-VP</a>' in notice
    assert 'id="reply-docx"' in notice
    # issued from the dispatch: back on the dispatch, with the reply and a way to its tasks
    clerk = login(office_app, "clerk")
    r = post(clerk, f"/dispatches/{did}/reply", {**DRAFT, "subject": "trả lời lần hai công văn số 123/UBND-VP"})
    assert r.status_code == 302 and r.headers["Location"].startswith(f"/dispatches/{did}?")
    page = text(clerk.get(r.headers["Location"]))
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        second = s.get(Dispatch, did).reply_code
    notice = re.search(r'id="reply-done">(.*?)</div>', page, re.S).group(1)
    assert second != code and second in notice and 'href="#dispatch-tasks"' in notice
    assert 'id="dispatch-tasks"' in page and f'href="/tasks/{tid}"' in page


def test_without_the_drafting_pipeline_the_banner_still_says_what_is_answered(office_app, monkeypatch):
    """An install without the drafting component shows the pre-filled reply to copy, under the same banner."""
    from app.web.office import reply

    did, tid = seed(office_app)
    monkeypatch.setattr(reply, "drafting_modules", lambda: None)
    html = text(login(office_app, "officer").get(f"/tasks/{tid}/reply"))
    b = banner(html)
    assert b.text.startswith(BANNER) and "chưa được cài đặt" in html
    assert [link["href"] for link in b.links] == [f"/dispatches/{did}", f"/tasks/{tid}"]


def test_a_number_already_issued_is_refused_beside_the_so_field_with_409(office_app):
    """A typed số the register already issued: the reply page answers 409, the message beside Số (as on the
    standalone drafting page), the banner kept, nothing recorded on the dispatch."""
    from app.store.models.outgoing import OutgoingDocument

    did, tid = seed(office_app)
    officer = login(office_app, "officer")
    r = post(officer, f"/tasks/{tid}/reply", {**DRAFT, "code.number": "5"})
    assert r.status_code == 302
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        first = s.get(Dispatch, did).reply_code
    assert first == "05/UBND-VP"
    r = post(officer, f"/dispatches/{did}/reply", {**DRAFT, "code.number": "5", "promulgation.date": "12/3/2025"})
    assert r.status_code == 409
    html = text(r)
    field = re.search(r'<div class="field invalid">\s*<label for="f-code\.number">.*?<div id="e-code\.number">(.*?)</div></div>',
                      html, re.S)
    assert field, "the Số field is not marked invalid"
    assert "Số 05 đã được cấp (văn bản 05/UBND-VP ngày 10/03/2025). Để trống ô Số để lấy số tiếp theo." in field.group(1)
    assert re.search(r'<input id="f-code\.number"[^>]*value="5"', html)           # what was typed is kept
    assert re.search(r'<input id="f-promulgation\.date"[^>]*value="12/03/2025"', html)
    assert banner(html).text.startswith(BANNER)
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        assert s.get(Dispatch, did).reply_code == first
        assert s.scalar(select(func.count(OutgoingDocument.id))) == 1
