"""The standalone drafting page (/drafting/<slug>) takes dates the Vietnamese way: text fields typed
dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, ISO), shown back dd/mm/yyyy, sent ISO to the pipeline; an
impossible day is refused beside its field in the same submit as the other errors, never a 500.
The JSON API stays ISO. Flask client, both database backends where something is issued."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from app.store.db import session_scope
from app.store.models.outgoing import OutgoingDocument
from app.web import dates

from .test_drafting_number_conflict import FORM
from .test_drafting_render import Doc, example
from .test_office_dates import FEB_31, FEB_31_MESSAGE, assert_vietnamese_date_fields, date_inputs


def html_of(r) -> str:
    return r.get_data(as_text=True)


def beside(html: str, name: str) -> list[str]:
    """The messages shown beside field `name` (its error block, named by the field's aria-describedby)."""
    m = re.search(rf'<div id="e-{re.escape(name)}">(.*?)</div></div>', html, re.S)
    assert m, f"no message beside {name}"
    assert re.search(rf'id="f-{re.escape(name)}"[^>]*aria-invalid="true"[^>]*aria-describedby="h-{re.escape(name)} '
                     rf'e-{re.escape(name)}"', html, re.S), f"{name} is not marked invalid"
    return re.findall(r'<div class="field-error" role="alert">([^<]*)', m.group(1) + "</div>")


def issued_count(app) -> int:
    with session_scope(app.config["DATABASE_URL"], write=False) as s:
        return s.scalar(select(func.count(OutgoingDocument.id)))


def test_date_fields_are_text_fields_typed_dd_mm_yyyy(sqlite_app):
    c = sqlite_app.test_client()
    html = html_of(c.get("/drafting/cong_van"))
    inputs = assert_vietnamese_date_fields(html, {"f-promulgation.date", "f-due_date"})
    for name in ("f-promulgation.date", "f-due_date"):
        assert (inputs[name]["pattern"], inputs[name]["title"]) == (dates.PATTERN, dates.TITLE), name
    # the schema's hint is about the ISO of the API: the page says how to type the date instead
    assert "Viết ngày/tháng/năm, ví dụ 05/03/2025; để trống: ngày hôm nay." in html and "YYYY-MM-DD" not in html
    # the example (ISO in its JSON) is shown dd/mm/yyyy, for every date field of the type
    inputs = date_inputs(html_of(c.get("/drafting/cong_van?example=1")))
    assert inputs["f-promulgation.date"]["value"] == "05/02/2025"
    html = html_of(c.get("/drafting/giay_gioi_thieu?example=1"))
    valid = re.search(r'<input id="f-valid_until"[^>]*>', html).group(0)
    assert 'type="text"' in valid and 'inputmode="numeric"' in valid and 'value="28/02/2025"' in valid


def test_vietnamese_and_iso_dates_are_issued_with_the_right_date_line(app):
    c = app.test_client()
    for n, typed in enumerate(("7/3/2025", "07/03/2025", "07-03-2025", "2025-03-07"), start=1):
        r = c.post("/drafting/cong_van", data={**FORM, "promulgation.date": typed, "due_date": "20/3/2025"})
        html = html_of(r)
        assert r.status_code == 200, re.findall(r'role="alert">([^<]*)<', html)
        assert f"Đã tạo văn bản số <strong>{n:02d}/UBND-VP</strong>, ngày 07/03/2025." in html, typed
        assert date_inputs(html)["f-promulgation.date"]["value"] == "07/03/2025"     # shown back dd/mm/yyyy
        link = re.search(r'href="(/api/v1/documents/([0-9a-f]+)\.docx)"', html)
        paras = [p["text"] for p in Doc(c.get(link.group(1)).data).paras]
        assert "Tân Lập, ngày 07 tháng 3 năm 2025" in paras, typed                   # Decree 30's date line
        body = c.get(f"/api/v1/documents/{link.group(2)}").get_json()
        assert body["input"]["promulgation"]["date"] == "2025-03-07" and body["input"]["due_date"] == "2025-03-20"
        assert body["register_row"]["issued_date"] == "2025-03-07"


def test_impossible_date_is_refused_beside_its_field_with_the_other_errors(app):
    c = app.test_client()
    form = {**FORM, "promulgation.date": FEB_31, "due_date": "2025-03-20", "signer.full_name": ""}
    r = c.post("/drafting/cong_van", data=form)
    html = html_of(r)
    assert r.status_code == 422
    # both in the same answer: the date's own message and the validator's message of another field
    date_msgs = beside(html, "promulgation.date")
    assert len(date_msgs) == 1 and date_msgs[0].startswith("Ngày ban hành") and FEB_31_MESSAGE in date_msgs[0]
    assert beside(html, "signer.full_name") == ["Thiếu họ và tên người ký."]
    assert "Dữ liệu văn bản không hợp lệ: 2 lỗi." in html
    inputs = date_inputs(html)
    assert inputs["f-promulgation.date"]["value"] == FEB_31          # what was typed, to correct it
    assert inputs["f-due_date"]["value"] == "20/03/2025"             # a good ISO date shown dd/mm/yyyy
    assert issued_count(app) == 0

    # a date that cannot be read at all, alone: refused, nothing issued
    r = c.post("/drafting/cong_van", data={**FORM, "due_date": "hôm qua"})
    assert r.status_code == 422
    msgs = beside(html_of(r), "due_date")
    assert msgs[0].startswith("Hạn trả lời phải viết theo dạng ngày/tháng/năm") and len(msgs) == 1
    assert issued_count(app) == 0
    # corrected: issued
    r = c.post("/drafting/cong_van", data={**form, "promulgation.date": "28/02/2025",
                                           "signer.full_name": "Nguyễn Thị Hồng Nhung"})
    assert r.status_code == 200 and "ngày 28/02/2025" in html_of(r) and issued_count(app) == 1


def test_the_json_api_stays_iso(sqlite_app):
    c = sqlite_app.test_client()
    data = example("cong_van")
    data["promulgation"]["date"] = "07/03/2025"
    r = c.post("/api/v1/documents", json=data)
    assert r.status_code == 422
    fields = {d["field"]: d["message"] for d in r.get_json()["error"]["details"]}
    assert "YYYY-MM-DD" in fields["promulgation.date"]
    data["promulgation"]["date"] = "2025-03-07"
    assert c.post("/api/v1/documents", json=data).get_json()["issued_date"] == "2025-03-07"


def test_form_groups_follow_the_document_and_name_the_recipients():
    """The form's sections follow the components of the page; Nơi nhận has its own section
    (it was a second 'Nội dung văn bản')."""
    from app.drafting import form as dform
    from app.drafting.validate import schema

    groups = dform.fields_for(schema("cong_van"))
    titles = [g.label for g in groups]
    assert titles.count("Nội dung văn bản") == 1 and titles.index("Người ký") < titles.index("Nơi nhận")
    recipients = next(g for g in groups if g.label == "Nơi nhận")
    assert [f.name for f in recipients.fields] == ["to_places", "archive"]
