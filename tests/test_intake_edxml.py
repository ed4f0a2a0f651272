"""edXML packages (QCVN 102:2016/BTTTT): header → glossary metadata, attachments read by the
other readers, builder round trip, MIME form, namespace variations and hostile XML."""
from __future__ import annotations

import base64
import io

import docx
import pytest

from app.errors import UnreadableFile
from app.intake import read
from app.intake.edxml import build_edxml

from .fixtures.intake.pdfgen import dispatch_pdf

META = {
    "organ": {"id": "000.00.31.H34", "name": "Văn phòng UBND tỉnh Lạng Sơn", "in_charge": "UBND tỉnh Lạng Sơn",
              "email": "vpubnd@langson.gov.vn"},
    "to": [{"id": "000.00.12.H34", "name": "Sở Nội vụ tỉnh Lạng Sơn"}],
    "code": {"number": "3508", "notation": "VP-KGVX", "text": "3508/VP-KGVX"},
    "promulgation": {"place": "Lạng Sơn", "date": "2018-09-05"},
    "document_type": "Công văn", "document_type_code": "1",
    "subject": "V/v thực hiện một số nội dung liên quan đến công tác thi đua, khen thưởng",
    "signer": {"competence": "KT. CHÁNH VĂN PHÒNG", "position": "PHÓ CHÁNH VĂN PHÒNG",
               "full_name": "Phạm Hùng Trường"},
    "due_date": "2018-10-31",
    "to_places": ["Như trên", "Lưu: VT, KG-VX"],
    "priority": "0",
    "other": {"page_amount": "2", "promulgation_amount": "10", "appendixes": ["Phụ lục I"]},
    "response_for": [{"organ_id": "000.00.12.H34", "code": "251/BC-SNV", "promulgation_date": "2018-08-30"}],
}


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.add_paragraph("Số: 3508/VP-KGVX")
    d.add_paragraph("Kính gửi: Các đơn vị tham gia cụm thi đua của tỉnh.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_round_trip_header_and_attachments():
    pkg = build_edxml(META, [("3508.docx", _docx_bytes(),
                              "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                             ("phu-luc.pdf", dispatch_pdf(), "application/pdf")])
    doc = read(pkg, "3508.edxml")
    assert doc.format == "edxml"
    md = dict(doc.metadata["edxml"])
    listing = md.pop("attachments")
    assert md == META
    assert [(a["name"], a["content_type"]) for a in listing] == [
        ("3508.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("phu-luc.pdf", "application/pdf")]
    assert [a.format for a in doc.attachments] == ["docx", "pdf"]
    assert doc.text == doc.attachments[0].text == "Số: 3508/VP-KGVX\nKính gửi: Các đơn vị tham gia cụm thi đua của tỉnh."
    assert doc.metadata["main_attachment"] == "3508.docx"
    assert "Số: 3508/VP-KGVX" in doc.attachments[1].text
    for b in doc.blocks:
        assert 0 <= b.start <= b.end <= len(doc.text)


SAMPLE = """<?xml version="1.0" encoding="utf-8"?>
<ns2:edXMLEnvelope xmlns:ns2="http://www.e-doc.vn/Schema/" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
 <ns2:edXMLHeader>
  <ns2:MessageHeader>
   <ns2:From><ns2:OrganId>G01.01</ns2:OrganId><ns2:OrganizationInCharge>Chính phủ</ns2:OrganizationInCharge>
    <ns2:OrganName>Văn phòng Chính phủ</ns2:OrganName></ns2:From>
   <ns2:To><ns2:OrganId>G02</ns2:OrganId><ns2:OrganName>Bộ Công Thương</ns2:OrganName></ns2:To>
   <ns2:Code><ns2:CodeNumber>11520</ns2:CodeNumber><ns2:CodeNotation>VPCP-CN</ns2:CodeNotation></ns2:Code>
   <ns2:PromulgationInfo><ns2:Place>Hà Nội</ns2:Place><ns2:PromulgationDate>25/11/2025</ns2:PromulgationDate></ns2:PromulgationInfo>
   <ns2:DocumentType><ns2:Type>1</ns2:Type><ns2:TypeName>Công văn</ns2:TypeName></ns2:DocumentType>
   <ns2:Subject>Chỉ thị của Thủ tướng Chính phủ về nhiên liệu sinh học</ns2:Subject>
   <ns2:Content>Bộ Công Thương chủ trì phối hợp với
các Bộ, cơ quan liên quan; báo cáo Thủ tướng Chính phủ
trong tháng 11 năm 2025.</ns2:Content>
   <ns2:SignerInfo><ns2:Competence>KT. BỘ TRƯỞNG, CHỦ NHIỆM</ns2:Competence><ns2:Position>PHÓ CHỦ NHIỆM</ns2:Position>
    <ns2:FullName>Phạm Mạnh Cường</ns2:FullName></ns2:SignerInfo>
   <ns2:OtherInfo><ns2:Priority>2</ns2:Priority></ns2:OtherInfo>
  </ns2:MessageHeader>
  <ns2:TraceHeaderList/>
 </ns2:edXMLHeader>
 <ns2:edXMLBody><ns2:Manifest version="1.0"/></ns2:edXMLBody>
</ns2:edXMLEnvelope>"""


def test_other_prefix_dd_mm_yyyy_dates_and_content_as_text():
    doc = read(SAMPLE.encode(), "vb.xml")
    md = doc.metadata["edxml"]
    assert md["organ"] == {"id": "G01.01", "name": "Văn phòng Chính phủ", "in_charge": "Chính phủ"}
    assert md["code"]["text"] == "11520/VPCP-CN" and md["promulgation"]["date"] == "2025-11-25"
    assert md["signer"]["competence"] == "KT. BỘ TRƯỞNG, CHỦ NHIỆM" and md["priority"] == "2"
    assert md["attachments"] == [] and doc.attachments == []
    # no attachment: the Content is the text, its broken lines joined like any text
    assert doc.text == ("Bộ Công Thương chủ trì phối hợp với các Bộ, cơ quan liên quan; báo cáo Thủ tướng "
                        "Chính phủ trong tháng 11 năm 2025.")


def test_mime_multipart_package():
    envelope = SAMPLE.replace('<ns2:Manifest version="1.0"/>',
                              '<ns2:Manifest version="1.0"><ns2:Reference><ns2:ContentId>cid:att1</ns2:ContentId>'
                              '<ns2:ContentType>text/plain</ns2:ContentType><ns2:AttachmentName>11520.txt'
                              '</ns2:AttachmentName></ns2:Reference></ns2:Manifest>')
    body = "Số: 11520/VPCP-CN\nKính gửi: Bộ trưởng Bộ Công Thương".encode()
    mime = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"XX\"\r\n\r\n--XX\r\n"
            "Content-Type: text/xml; charset=utf-8\r\n\r\n" + envelope + "\r\n--XX\r\n"
            "Content-Type: application/octet-stream\r\nContent-ID: <att1>\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + base64.encodebytes(body).decode() + "--XX--\r\n").encode()
    doc = read(mime, "goi.edxml")
    assert doc.format == "edxml"
    assert doc.metadata["edxml"]["attachments"][0]["name"] == "11520.txt"
    assert doc.text == "Số: 11520/VPCP-CN\nKính gửi: Bộ trưởng Bộ Công Thương"


def test_unreadable_attachment_is_a_warning_not_a_crash():
    pkg = build_edxml({"subject": "Thử"}, [("hong.pdf", b"%PDF-1.4 broken", "application/pdf"),
                                         ("ok.txt", "Nội dung chính.".encode(), "text/plain")])
    doc = read(pkg, "x.edxml")
    assert doc.text == "Nội dung chính."
    assert doc.attachments[0].format == "unreadable" and doc.attachments[0].warnings
    assert any("hong.pdf" in w for w in doc.warnings)


def test_xxe_and_billion_laughs_are_refused(tmp_path):
    secret = tmp_path / "s.txt"
    secret.write_text("bí mật")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<edXMLEnvelope><edXMLHeader><MessageHeader><Subject>&x;</Subject></MessageHeader></edXMLHeader>'
           '</edXMLEnvelope>').encode()
    with pytest.raises(UnreadableFile) as e:
        read(xxe, "x.edxml")
    assert e.value.code == "malicious_file"
    lol = ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol">'
           + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
           + ']><edXMLEnvelope><edXMLHeader><MessageHeader><Subject>&j;</Subject></MessageHeader>'
           '</edXMLHeader></edXMLEnvelope>').encode()
    with pytest.raises(UnreadableFile) as e:
        read(lol, "lol.edxml")
    assert e.value.code == "malicious_file"


def test_bad_base64_and_nested_packages():
    pkg = build_edxml({"subject": "x"}, [("a.txt", b"abc", "text/plain")]).replace(b"YWJj", b"!!!!")
    doc = read(pkg, "x.edxml")
    assert doc.attachments[0].format == "unreadable" and "base64" in doc.attachments[0].warnings[0]
    assert doc.metadata["edxml"]["attachments"][0]["size"] is None
    inner = build_edxml({"subject": "trong"}, [("t.txt", "Nội dung.".encode(), "text/plain")])
    middle = build_edxml({"subject": "giữa"}, [("in.edxml", inner, "application/xml")])
    outer = build_edxml({"subject": "ngoài"}, [("mid.edxml", middle, "application/xml")])
    assert read(middle, "m.edxml").text == "Nội dung."
    doc = read(outer, "o.edxml")
    assert doc.attachments[0].format == "edxml"
    assert doc.attachments[0].attachments[0].format == "unreadable"


def test_malformed_edxml():
    with pytest.raises(UnreadableFile) as e:
        read(b"<edXMLEnvelope><edXMLHeader>", "x.edxml")
    assert e.value.code == "corrupt_file"
