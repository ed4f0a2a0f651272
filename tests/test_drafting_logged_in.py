"""Issuing as a signed-in user, as in production (login enforced). A POST's request session
takes SQLite's write lock when it loads the user; the outgoing register writes in a session of
its own, so the request's transaction must end first (it used to wait 30 s and fail with 500)."""
from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import api_client
from tests.test_office_pages import login, post, text

EXAMPLE = json.loads((Path(__file__).resolve().parents[1] / "app/drafting/examples/cong_van.json").read_text())


def test_signed_in_officer_issues_from_the_page(office_app):
    from app.drafting import form as dform
    from app.drafting.validate import schema

    values = dform.to_form(EXAMPLE, schema("cong_van"))
    values["code.number"] = ""
    c = login(office_app, "officer")
    for n in (1, 2):
        r = post(c, "/drafting/cong_van", values)
        assert r.status_code == 200, text(r)[:300]
        assert f"Đã tạo văn bản số <strong>0{n}/UBND-VP</strong>" in text(r)


def test_token_client_issues_through_the_api(office_app):
    c = api_client(office_app, "officer")
    data = {**EXAMPLE, "code": {"notation": "UBND-VP"}}
    codes = [c.post("/api/v1/documents", json=data).get_json()["code"] for _ in range(2)]
    assert codes == ["01/UBND-VP", "02/UBND-VP"]
    assert c.get("/api/v1/me").status_code == 200       # the request after still works
