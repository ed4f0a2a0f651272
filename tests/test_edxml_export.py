"""edXML export of an issued outgoing document: GET /api/v1/documents/<id>.edxml, read back by
app.intake.read with the same metadata and the issued .docx as its main attachment."""
from __future__ import annotations

import json
from pathlib import Path

from app.intake import read

from .conftest import api_client

EXAMPLE = Path(__file__).resolve().parent.parent / "app" / "drafting" / "examples" / "cong_van.json"


def _issue(client, **changes):
    data = {**json.loads(EXAMPLE.read_text(encoding="utf-8")), **changes}
    r = client.post("/api/v1/documents", json=data)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_export_round_trip(office_app):
    clerk = api_client(office_app, "clerk")
    issued = _issue(clerk, response_for="251/BC-SNV", due_date="2025-02-28")
    r = clerk.get(f"/api/v1/documents/{issued['id']}.edxml")
    assert r.status_code == 200 and r.mimetype == "application/xml"
    code = issued["code"]
    assert f'filename="{code.replace("/", "-")}.edxml"' in r.headers["Content-Disposition"]
    doc = read(r.data, "van-ban.edxml")
    assert doc.format == "edxml"
    md = doc.metadata["edxml"]
    number, notation = code.split("/", 1)
    assert md["code"] == {"number": number, "notation": notation, "text": code}
    assert md["organ"] == {"name": "Ủy ban nhân dân xã Tân Lập", "in_charge": "Ủy ban nhân dân huyện Đan Phượng"}
    assert md["to"] == [{"name": "Trạm Y tế xã Tân Lập"}]
    assert md["promulgation"] == {"place": "Tân Lập", "date": issued["issued_date"]}
    assert md["document_type"] == "Công văn"
    assert md["subject"] == "triển khai kế hoạch phòng, chống dịch bệnh mùa đông xuân"
    assert md["signer"] == {"competence": "KT. CHỦ TỊCH", "position": "PHÓ CHỦ TỊCH", "full_name": "Nguyễn Thị Hồng Nhung"}
    assert md["due_date"] == "2025-02-28"
    assert md["response_for"] == [{"code": "251/BC-SNV"}]
    assert md["to_places"][:2] == ["Như trên", "Chủ tịch, các Phó Chủ tịch UBND xã"]
    assert md["document_id"] == issued["id"]
    # the attachment is the issued .docx itself: same bytes as the document's .docx download
    assert [a["content_type"] for a in md["attachments"]] == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
    assert doc.attachments[0].format == "docx"
    docx = clerk.get(f"/api/v1/documents/{issued['id']}.docx").data
    assert read(docx, "x.docx").text == doc.text
    assert code in doc.text and "Trạm Y tế xã" in doc.text


def test_export_errors(office_app):
    clerk = api_client(office_app, "clerk")
    r = clerk.get("/api/v1/documents/khongco.edxml")
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "document_not_found"
    assert office_app.test_client().get("/api/v1/documents/khongco.edxml").status_code == 401
