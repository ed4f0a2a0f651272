"""API and pages of the compliance checker."""
from __future__ import annotations

import io

import pytest

from app.compliance.wordml import read_model
from tests.faults import catalog  # noqa: F401
from tests.faults.build import FAULTS, cong_van_spec, fault_bytes, render

FAULT = {f"{r}:{n}": (b, fn) for r, n, b, fn in FAULTS}


def _post(client, url, data: bytes, name="vb.docx"):
    return client.post(url, data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_api_check_reports_and_serves_fixed_and_annotated(sqlite_app):
    client = sqlite_app.test_client()
    data = fault_bytes(*FAULT["ND30-PAGE-03:top_margin_10mm"])
    r = _post(client, "/api/v1/compliance/check", data)
    assert r.status_code == 200
    body = r.get_json()
    assert body["regime"] == "administrative"
    f = next(f for f in body["findings"] if f["rule"] == "ND30-PAGE-03")
    assert set(f) >= {"rule", "severity", "message", "expected", "actual", "location", "citation"}
    assert f["severity"] == "error" and f["actual"] == "10.0 mm"
    assert isinstance(body["not_evaluated"], list) and body["not_evaluated"][0]["reason"]
    fixed = client.get(body["downloads"]["fixed"])
    assert fixed.status_code == 200 and fixed.mimetype.endswith("wordprocessingml.document")
    assert read_model(fixed.data).sections[0].top == 1134
    ann = client.get(body["downloads"]["annotated"])
    assert ann.status_code == 200 and b"word/comments.xml" in ann.data
    again = client.get(f"/api/v1/compliance/{body['id']}")
    assert again.get_json()["findings"] == body["findings"]


@pytest.mark.parametrize("payload", [b"not a docx", b"PK\x03\x04broken", b""])
def test_api_unreadable_is_422_with_vietnamese_message(sqlite_app, payload):
    r = _post(sqlite_app.test_client(), "/api/v1/compliance/check", payload)
    assert r.status_code == 422
    err = r.get_json()["error"]
    assert err["code"] == "unreadable_file" and err["message"]


def test_api_without_file_is_422(sqlite_app):
    r = sqlite_app.test_client().post("/api/v1/compliance/check", data={}, content_type="multipart/form-data")
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "validation_failed"


def test_download_ids_are_validated(sqlite_app):
    c = sqlite_app.test_client()
    assert c.get("/api/v1/compliance/../../etc/fixed").status_code == 404
    assert c.get("/api/v1/compliance/" + "0" * 32 + "/fixed").status_code == 404
    assert c.get("/api/v1/compliance/" + "0" * 32 + "/passwd").status_code == 404


def test_pages_upload_and_report_grouped_by_component(sqlite_app):
    c = sqlite_app.test_client()
    page = c.get("/compliance")
    assert page.status_code == 200 and "Kiểm tra thể thức" in page.get_data(as_text=True)
    data = fault_bytes(*FAULT["ND30-SIG-11:kt_no_dot"])
    r = _post(c, "/compliance", data)
    assert r.status_code == 302
    html = c.get(r.headers["Location"]).get_data(as_text=True)
    assert "Chữ ký" in html and "ND30-SIG-11" in html and "KT. GIÁM ĐỐC" in html
    assert 'class="badge error"' in html and "Tải bản đã sửa tự động" in html


def test_page_upload_of_garbage_shows_message(sqlite_app):
    r = _post(sqlite_app.test_client(), "/compliance", b"garbage")
    assert r.status_code == 422
    assert "không phải là tài liệu .docx" in r.get_data(as_text=True)


def test_clean_document_offers_no_fixed_copy(sqlite_app):
    body = _post(sqlite_app.test_client(), "/api/v1/compliance/check", render(cong_van_spec())).get_json()
    assert body["summary"]["error"] == 0 and body["downloads"] == {"fixed": None, "annotated": None}


def test_api_regime_field(sqlite_app):
    from tests.test_compliance_regime import party_spec
    c = sqlite_app.test_client()
    data = render(party_spec())
    auto = _post(c, "/api/v1/compliance/check", data).get_json()
    assert auto["regime"] == "party" and auto["summary"]["error"] == 0
    r = c.post("/api/v1/compliance/check", data={"file": (io.BytesIO(data), "d.docx"), "regime": "administrative"},
               content_type="multipart/form-data")
    forced = r.get_json()
    assert forced["regime"] == "administrative" and forced["summary"]["error"] > 0
    ann = c.get(forced["downloads"]["annotated"]).data
    assert b"ND30-HDR-01" in ann or b"ND30-HDR-01" in __import__("zipfile").ZipFile(io.BytesIO(ann)).read(
        "word/comments.xml")
    bad = c.post("/api/v1/compliance/check", data={"file": (io.BytesIO(data), "d.docx"), "regime": "xyz"},
                 content_type="multipart/form-data")
    assert bad.status_code == 422 and bad.get_json()["error"]["details"][0]["field"] == "regime"
