"""Dates in the office forms are typed the Vietnamese way: every form accepts dd/mm/yyyy (and d/m/yyyy,
dd-mm-yyyy, ISO), refuses an impossible day (31/02/2025) with a Vietnamese message beside the field
(never a 500), and shows its values back as dd/mm/yyyy. Flask client, login enforced, both backends."""
from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from app.store.db import session_scope
from app.store.models.incoming import Dispatch, Task
from app.web import dates
from tests.test_office_pages import login, make_task, post, read_form, text, upload_seed

FEB_31 = "31/02/2025"
FEB_31_MESSAGE = "tháng 2/2025 chỉ có 28 ngày"


# ---------------------------------------------------------------- the parser

@pytest.mark.parametrize("typed", ["05/03/2025", "5/3/2025", "05-03-2025", "5-3-2025", "2025-03-05", " 05/03/2025 "])
def test_parser_reads_the_vietnamese_forms_and_iso(typed):
    assert dates.parse(typed) == date(2025, 3, 5)


@pytest.mark.parametrize("typed,message", [
    ("31/02/2025", "ngày «31/02/2025» không có thật, tháng 2/2025 chỉ có 28 ngày"),
    ("29/02/2025", "tháng 2/2025 chỉ có 28 ngày"),
    ("31/04/2025", "tháng 4/2025 chỉ có 30 ngày"),
    ("2025-02-30", "tháng 2/2025 chỉ có 28 ngày"),
    ("00/03/2025", "không có ngày 0"),
    ("05/13/2025", "không có tháng 13"),
    ("03/05/0025", "năm 25 không hợp lệ"),
    ("05/03/25", "phải viết theo dạng ngày/tháng/năm"),
    ("05.03.2025", "phải viết theo dạng ngày/tháng/năm"),
    ("05/03-2025", "phải viết theo dạng ngày/tháng/năm"),
    ("mùng 5 tháng 3", "phải viết theo dạng ngày/tháng/năm"),
    ("03/05/2025/1", "phải viết theo dạng ngày/tháng/năm"),
])
def test_parser_refuses_with_a_vietnamese_message(typed, message):
    with pytest.raises(dates.DateError) as e:
        dates.parse(typed, "Hạn mới")
    assert e.value.message.startswith("Hạn mới") and message in e.value.message


def test_leap_day_and_partial_dates():
    assert dates.parse("29/02/2024") == date(2024, 2, 29)
    assert dates.parse("") is None and dates.parse(None) is None
    assert dates.parse_partial("09/2018") == "2018-09" and dates.parse_partial("2018-09") == "2018-09"
    assert dates.parse_partial("5/9/2018") == "2018-09-05"
    with pytest.raises(dates.DateError, match="không có tháng 13"):
        dates.parse_partial("13/2018")
    with pytest.raises(dates.DateError, match="tháng/năm"):
        dates.parse_partial("tháng chín")


def test_values_are_shown_dd_mm_yyyy_and_unreadable_text_as_typed():
    assert dates.shown(date(2025, 3, 5)) == "05/03/2025"
    assert dates.shown("2025-03-05") == dates.shown("5/3/2025") == "05/03/2025"
    assert dates.shown("2018-09") == "09/2018"
    assert dates.shown(FEB_31) == FEB_31 and dates.shown("hôm qua") == "hôm qua"
    assert dates.shown(None) == dates.shown("") == ""


@pytest.mark.parametrize("typed", ["05/03/2025", "5/3/2025", "05-03-2025", "2025-03-05", "2025-3-5"])
def test_the_html_pattern_admits_what_the_server_reads(typed):
    assert re.fullmatch(dates.PATTERN, typed) and dates.parse(typed)


@pytest.mark.parametrize("typed", ["05.03.2025", "5/3/25", "05/03-2025", "2025/03/05"])
def test_the_html_pattern_refuses_what_the_server_refuses(typed):
    assert not re.fullmatch(dates.PATTERN, typed)
    with pytest.raises(dates.DateError):
        dates.parse(typed)


# ---------------------------------------------------------------- the fields in the pages

class DateInputs(HTMLParser):
    """Every <input> of a page that carries a date (by name), with its attributes."""

    NAMES = re.compile(r"(due_from|due_to|start|end|due_date|new_due_date|completed_on|arrival_date|"
                       r"promulgation[._]date|t-\d+-due_date)$")

    def __init__(self):
        super().__init__()
        self.inputs: dict[str, dict] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and self.NAMES.match(a.get("name") or ""):
            self.inputs[a.get("id") or a["name"]] = a


def date_inputs(html: str) -> dict[str, dict]:
    p = DateInputs()
    p.feed(html)
    return p.inputs


def assert_vietnamese_date_fields(html: str, expected_ids: set[str]) -> dict[str, dict]:
    inputs = date_inputs(html)
    assert expected_ids <= set(inputs), (expected_ids, set(inputs))
    assert 'type="date"' not in html
    for key, a in inputs.items():
        assert a["type"] == "text" and a["inputmode"] == "numeric" and a["placeholder"] == "dd/mm/yyyy", key
        assert re.fullmatch(a["pattern"], "05/03/2025") and not re.fullmatch(a["pattern"], "05.03.2025"), key
    return inputs


def error_beside(html: str, name: str) -> str:
    m = re.search(rf'<div class="field-error" id="{re.escape(name)}-error" role="alert">([^<]*)</div>', html)
    assert m, f"no message beside {name}"
    return m.group(1)


def test_task_list_filters(office_app):
    units = office_app.config["UNITS"]
    early = make_task(office_app, text="Nộp báo cáo quý I", unit_id=units["NV"], due_date=date(2025, 3, 1))
    mid = make_task(office_app, text="Chuẩn bị hội nghị", unit_id=units["NV"], due_date=date(2025, 3, 12))
    leader = login(office_app, "leader")
    for a, b in (("05/03/2025", "31/03/2025"), ("5/3/2025", "31-03-2025"), ("2025-03-05", "2025-03-31")):
        r = leader.get(f"/tasks?due_from={a}&due_to={b}")
        html = text(r)
        assert r.status_code == 200 and f"task-{mid}" in html and f"task-{early}" not in html, (a, b)
        inputs = assert_vietnamese_date_fields(html, {"fl-from", "fl-to", "nt-due"})
        assert (inputs["fl-from"]["value"], inputs["fl-to"]["value"]) == ("05/03/2025", "31/03/2025")
    r = leader.get(f"/tasks?due_from={FEB_31}")
    html = text(r)
    assert r.status_code == 200 and FEB_31_MESSAGE in error_beside(html, "due_from")
    assert date_inputs(html)["fl-from"]["value"] == FEB_31            # what was typed, to correct it
    assert f"task-{early}" in html                                   # the bad bound is not applied


def test_extension_completion_and_assignment(office_app):
    units = office_app.config["UNITS"]
    tid = make_task(office_app, text="Rà soát quy chế làm việc", unit_id=units["NV"], due_date=date(2025, 3, 20))
    leader, officer = login(office_app, "leader"), login(office_app, "officer")
    page = text(leader.get(f"/tasks/{tid}"))
    inputs = assert_vietnamese_date_fields(page, {"f-new_due_date", "f-completed_on", "f-due_date"})
    assert inputs["f-due_date"]["value"] == "20/03/2025"              # the assignment form shows the due date

    # gia hạn: impossible day, then an ISO date re-rendered dd/mm/yyyy when the reason is missing
    r = post(leader, f"/tasks/{tid}/extend", {"new_due_date": FEB_31, "reason": "Chờ ý kiến"})
    assert r.status_code == 422 and FEB_31_MESSAGE in error_beside(text(r), "new_due_date")
    assert "Hạn mới" in error_beside(text(r), "new_due_date")
    r = post(leader, f"/tasks/{tid}/extend", {"new_due_date": "2025-04-10", "reason": ""})
    assert r.status_code == 422 and date_inputs(text(r))["f-new_due_date"]["value"] == "10/04/2025"
    r = post(leader, f"/tasks/{tid}/extend", {"new_due_date": "10/4/2025", "reason": "Chờ ý kiến các phòng"})
    assert r.status_code == 302
    r = post(leader, f"/tasks/{tid}/extend", {"new_due_date": "2025-04-15", "reason": "Thêm 5 ngày"})
    assert r.status_code == 302

    # giao việc: dd-mm-yyyy accepted, impossible day refused
    r = post(leader, f"/tasks/{tid}/assign", {"unit_id": str(units["NV"]), "due_date": "31-02-2025"})
    assert r.status_code == 422 and FEB_31_MESSAGE in error_beside(text(r), "due_date")
    assert date_inputs(text(r))["f-due_date"]["value"] == "31-02-2025"
    r = post(leader, f"/tasks/{tid}/assign", {"unit_id": str(units["NV"]), "due_date": "18-04-2025"})
    assert r.status_code == 302
    assert date_inputs(text(leader.get(f"/tasks/{tid}")))["f-due_date"]["value"] == "18/04/2025"
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        assert s.get(Task, tid).due_date == date(2025, 4, 18)

    # hoàn thành: impossible day refused, an ISO date re-rendered, then dd/mm/yyyy accepted
    r = post(officer, f"/tasks/{tid}/complete", {"completed_on": FEB_31})
    assert r.status_code == 422 and FEB_31_MESSAGE in error_beside(text(r), "completed_on")
    r = post(officer, f"/tasks/{tid}/complete", {"completed_on": "2025-12-01"})     # after today (10/03/2025)
    assert r.status_code == 422 and date_inputs(text(r))["f-completed_on"]["value"] == "01/12/2025"
    r = post(officer, f"/tasks/{tid}/complete", {"completed_on": "07/03/2025", "reply_code": "15/NV"})
    assert r.status_code == 302
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        t = s.get(Task, tid)
        assert (t.status, t.completed_on, [e.new_due_date for e in t.extensions][:2]) == \
            ("done", date(2025, 3, 7), [date(2025, 4, 10), date(2025, 4, 15)])


def test_new_task_due_date(office_app):
    units = office_app.config["UNITS"]
    leader = login(office_app, "leader")
    r = post(leader, "/tasks/new", {"text": "Kiểm tra công tác văn thư", "unit_id": str(units["NV"]),
                                    "due_date": "25/3/2025"})
    assert r.status_code == 302 and re.search(r"/tasks/\d+$", r.headers["Location"])
    r = post(leader, "/tasks/new", {"text": "Việc khác", "due_date": "2025-03-26"})
    assert r.status_code == 302
    r = post(leader, "/tasks/new", {"text": "Việc ngày không có", "due_date": FEB_31})
    assert r.status_code == 302 and FEB_31_MESSAGE in text(leader.get(r.headers["Location"]))
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        dues = {t.text: t.due_date for t in s.scalars(select(Task))}
    assert dues == {"Kiểm tra công tác văn thư": date(2025, 3, 25), "Việc khác": date(2025, 3, 26)}


def test_dispatch_review_dates(office_app):
    clerk = login(office_app, "clerk")
    assert upload_seed(clerk).status_code == 302
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        did = s.scalar(select(Dispatch.id))
    page = text(clerk.get(f"/dispatches/{did}"))
    form = read_form(page, "review-form")
    task_dues = sorted(k for k in form if re.fullmatch(r"t-\d+-due_date", k))
    inputs = assert_vietnamese_date_fields(page, {"f-arrival_date", "f-due_date", "f-promulgation_date", *task_dues})
    assert form["arrival_date"] == "10/03/2025" and form["promulgation_date"] == "05/09/2018"
    assert re.fullmatch(inputs["f-promulgation_date"]["pattern"], "09/2018")   # a month-only date is allowed
    # the extracted task deadlines are shown dd/mm/yyyy too
    assert any(re.fullmatch(r"\d\d/\d\d/\d{4}", form[k]) for k in task_dues)

    k0 = task_dues[0]
    form.update({"arrival_date": FEB_31, "due_date": "2025-03-31", "promulgation_date": "31/09/2018", k0: "30/02/2025"})
    r = post(clerk, f"/dispatches/{did}/confirm", form)
    assert r.status_code == 422
    html = text(r)
    assert FEB_31_MESSAGE in error_beside(html, "arrival_date") and "Ngày đến" in error_beside(html, "arrival_date")
    assert "tháng 9/2018 chỉ có 30 ngày" in error_beside(html, "promulgation_date")
    assert "tháng 2/2025 chỉ có 28 ngày" in error_beside(html, k0)
    again = read_form(html, "review-form")
    assert (again["arrival_date"], again["due_date"], again[k0]) == (FEB_31, "31/03/2025", "30/02/2025")

    again.update({"organ_name": "VĂN PHÒNG UBND TỈNH LẠNG SƠN", "arrival_date": "11/3/2025", "due_date": "31-03-2025", "promulgation_date": "09/2018",
                  k0: "2025-04-30"})
    if len(task_dues) > 1:
        again[task_dues[1]] = "15/04/2025"
    r = post(clerk, f"/dispatches/{did}/confirm", again)
    assert r.status_code == 302, re.findall(r'role="alert">([^<]*)<', text(r))
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        d = s.get(Dispatch, did)
        assert (d.arrival_date, d.due_date, d.promulgation_date) == (date(2025, 3, 11), date(2025, 3, 31), "2018-09")
        dues = [t.due_date for t in sorted(d.tasks, key=lambda t: t.id)]
        assert dues[0] == date(2025, 4, 30) and (len(dues) < 2 or dues[1] == date(2025, 4, 15))


@pytest.mark.parametrize("path,ids,who", [
    ("/dispatches", {"fl-start", "fl-end"}, "clerk"),
    ("/reports", {"fl-start", "fl-end"}, "leader"),
    ("/registers", {"fl-start", "fl-end"}, "clerk"),
    ("/registers?book=tracking", {"fl-start", "fl-end"}, "clerk"),
])
def test_period_filters(office_app, path, ids, who):
    c = login(office_app, who)
    sep = "&" if "?" in path else "?"
    pages = {}
    for a, b in (("01/03/2025", "31/03/2025"), ("1/3/2025", "31-03-2025"), ("2025-03-01", "2025-03-31")):
        r = c.get(f"{path}{sep}start={a}&end={b}")
        assert r.status_code == 200
        html = text(r)
        inputs = assert_vietnamese_date_fields(html, ids)
        assert (inputs["fl-start"]["value"], inputs["fl-end"]["value"]) == ("01/03/2025", "31/03/2025")
        assert "field-error" not in html
        export = re.search(r'id="export-xlsx" href="([^"]+)"', html)
        if export:                                                       # exports and the API stay ISO
            assert "start=2025-03-01" in export.group(1).replace("&amp;", "&")
        pages[a] = html
    r = c.get(f"{path}{sep}start={FEB_31}&end=2025-03-31")
    assert r.status_code == 200 and FEB_31_MESSAGE in error_beside(text(r), "start")


def test_report_presets_keep_iso_links_and_show_dd_mm_yyyy(office_app):
    leader = login(office_app, "leader")
    html = text(leader.get("/reports"))
    preset = re.search(r'href="\?start=(\d{4}-\d\d-\d\d)&amp;end=(\d{4}-\d\d-\d\d)"', html)
    assert preset
    page = text(leader.get(f"/reports?start={preset.group(1)}&end={preset.group(2)}"))
    inputs = date_inputs(page)
    assert inputs["fl-start"]["value"] == dates.shown(preset.group(1)) and "/" in inputs["fl-start"]["value"]
    assert 'aria-current="true"' in page                                 # the preset is recognised


def test_reply_form_dates(office_app):
    """The drafting form under the reply banner: its dates typed dd/mm/yyyy too, ISO to the pipeline."""
    from app.store.models.outgoing import OutgoingDocument
    from tests.test_office_reply import DRAFT, seed

    did, tid = seed(office_app)
    officer = login(office_app, "officer")
    html = text(officer.get(f"/tasks/{tid}/reply"))
    inputs = assert_vietnamese_date_fields(html, {"f-promulgation.date", "f-due_date"})
    for name in ("f-promulgation.date", "f-due_date"):                  # the drafting form's own fields
        assert (inputs[name]["pattern"], inputs[name]["title"]) == (dates.PATTERN, dates.TITLE), name
    assert "Viết ngày/tháng/năm, ví dụ 05/03/2025; để trống: ngày hôm nay." in html and "YYYY-MM-DD" not in html
    assert 'id="date-fields"' not in html                                # no script layer on top of the form

    r = post(officer, f"/tasks/{tid}/reply", {**DRAFT, "promulgation.date": FEB_31, "due_date": "2025-03-20"})
    assert r.status_code == 422
    html = text(r)
    assert FEB_31_MESSAGE in html and "Ngày ban hành" in html
    inputs = date_inputs(html)
    assert (inputs["f-promulgation.date"]["value"], inputs["f-due_date"]["value"]) == (FEB_31, "20/03/2025")
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        assert s.scalar(select(OutgoingDocument)) is None                  # nothing issued
    r = post(officer, f"/tasks/{tid}/reply", {**DRAFT, "promulgation.date": "7/3/2025", "due_date": "20-03-2025"})
    assert r.status_code == 302
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        out = s.scalar(select(OutgoingDocument))
        assert out.issued_date == date(2025, 3, 7) and out.input_json["due_date"] == "2025-03-20"
