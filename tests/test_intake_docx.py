"""DOCX reader: reading order, header table, numbering, text boxes, and hostile files."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from app.errors import UnreadableFile
from app.intake import read

TEXTBOX_RUN = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
    '<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>ĐẾN Số: 5301</w:t></w:r></w:p>'
    '<w:p><w:r><w:t>Ngày: 21/11/2014</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing>'
    '</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>ĐẾN Số: 5301</w:t>'
    '</w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def _dispatch_docx() -> bytes:
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN"
    t.cell(0, 1).paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    t.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    t.cell(1, 0).text = "Số: 3508/VP-KGVX"
    t.cell(1, 0).add_paragraph("V/v thực hiện một số nội dung\nliên quan đến công tác thi đua")
    t.cell(1, 1).text = "Lạng Sơn, ngày 05 tháng 9 năm 2018"
    p = d.add_paragraph()
    p.add_run("Kính gửi: ").bold = True
    p.add_run("Các sở, ban, ngành.").bold = True
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("Sở Nội vụ chủ trì, báo cáo trước ngày 20/10/2018.", style="List Number")
    d.add_paragraph("Sở Tài chính phối hợp.", style="List Number")
    it = d.add_paragraph()
    it.add_run("Ghi chú in nghiêng.").italic = True
    from lxml import etree
    it._p.append(etree.fromstring(TEXTBOX_RUN))
    tb = d.add_table(rows=3, cols=4)
    for i, h in enumerate(["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian"]):
        tb.cell(0, i).text = h
    for i, h in enumerate(["1", "Rà soát hồ sơ khen thưởng", "Sở Nội vụ", "Quý I/2019"]):
        tb.cell(1, i).text = h
    tb.cell(2, 0).merge(tb.cell(2, 3)).text = "QUÝ II/2019"
    sig = d.add_table(rows=1, cols=2)
    sig.cell(0, 0).text = "Nơi nhận:\n- Như trên;\n- Lưu: VT."
    sig.cell(0, 1).text = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nHồ Tiến Thiệu"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_reading_order_and_blocks():
    doc = read(_dispatch_docx(), "cv.docx")
    assert doc.format == "docx"
    assert doc.text.split("\n") == [
        "ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: 3508/VP-KGVX", "V/v thực hiện một số nội dung liên quan đến công tác thi đua",
        "Lạng Sơn, ngày 05 tháng 9 năm 2018", "Kính gửi: Các sở, ban, ngành.",
        "1. Sở Nội vụ chủ trì, báo cáo trước ngày 20/10/2018.", "2. Sở Tài chính phối hợp.",
        "Ghi chú in nghiêng.", "ĐẾN Số: 5301", "Ngày: 21/11/2014",
        "TT | Nội dung | Đơn vị chủ trì | Thời gian", "1 | Rà soát hồ sơ khen thưởng | Sở Nội vụ | Quý I/2019",
        "QUÝ II/2019", "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hồ Tiến Thiệu"]
    by_text = {}
    for b in doc.blocks:
        by_text.setdefault(doc.block_text(b), []).append(b)
    left = [doc.block_text(b) for b in doc.blocks if b.kind == "header_left"]
    right = [doc.block_text(b) for b in doc.blocks if b.kind == "header_right"]
    assert left == ["ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN",
                    "Số: 3508/VP-KGVX\nV/v thực hiện một số nội dung liên quan đến công tác thi đua"]
    assert right[1] == "Lạng Sơn, ngày 05 tháng 9 năm 2018"
    kinh_gui = by_text["Kính gửi: Các sở, ban, ngành."][0]
    assert kinh_gui.bold is True and kinh_gui.align == "center"
    assert by_text["Ghi chú in nghiêng."][0].italic is True
    assert by_text["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"][0].bold is True
    assert [b.kind for b in by_text["ĐẾN Số: 5301"]] == ["textbox"]          # Fallback copy not duplicated
    row = [b for b in by_text["1 | Rà soát hồ sơ khen thưởng | Sở Nội vụ | Quý I/2019"] if b.kind == "table_row"][0]
    assert (row.table, row.row) == (1, 1)
    cells = {b.col: doc.block_text(b) for b in doc.blocks if b.kind == "table_cell" and b.table == 1 and b.row == 1}
    assert cells == {0: "1", 1: "Rà soát hồ sơ khen thưởng", 2: "Sở Nội vụ", 3: "Quý I/2019"}
    assert [b.role for b in by_text["QUÝ II/2019"] if b.kind == "table_row"] == ["group"]
    assert by_text["- Như trên;"][0].role == "recipients"
    assert by_text["PHÓ CHỦ TỊCH"][0].role == "signature"


def _zip(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


CT = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def test_xxe_in_docx_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MẬT")
    body = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
            '<w:t>&x;</w:t></w:r></w:p></w:body></w:document>').encode()
    with pytest.raises(UnreadableFile) as e:
        read(_zip({"[Content_Types].xml": CT, "word/document.xml": body}), "x.docx")
    assert e.value.code == "malicious_file" and "DOCTYPE" in e.value.message


def test_billion_laughs_in_docx_is_refused():
    ents = '<!ENTITY a "ha">' + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    body = (f'<?xml version="1.0"?><!DOCTYPE d [{ents}]><w:document '
            'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
            '<w:t>&i;</w:t></w:r></w:p></w:body></w:document>').encode()
    with pytest.raises(UnreadableFile) as e:
        read(_zip({"[Content_Types].xml": CT, "word/document.xml": body}), "x.docx")
    assert e.value.code == "malicious_file"


def test_zip_bomb_docx_is_refused():
    bomb = _zip({"[Content_Types].xml": CT, "word/document.xml": b"<a/>", "word/media/x.bin": b"\0" * 60_000_000})
    assert len(bomb) < 200_000
    with pytest.raises(UnreadableFile) as e:
        read(bomb, "bomb.docx")
    assert e.value.code == "zip_bomb" and "zip bomb" in e.value.message


def test_corrupt_and_truncated_docx():
    good = _dispatch_docx()
    with pytest.raises(UnreadableFile) as e:
        read(good[: len(good) // 2], "cut.docx")
    assert e.value.code in ("corrupt_file", "unsupported_format")
    assert "hỏng" in e.value.message or "định dạng" in e.value.message
    bad_xml = _zip({"[Content_Types].xml": CT, "word/document.xml": b"<w:document><w:body>"})
    with pytest.raises(UnreadableFile) as e:
        read(bad_xml, "bad.docx")
    assert e.value.code == "corrupt_file"


def test_encrypted_office_file_is_refused():
    fake = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 500
    with pytest.raises(UnreadableFile) as e:
        read(fake, "secret.docx")
    assert e.value.code == "encrypted_file" and "mật khẩu" in e.value.message
    with pytest.raises(UnreadableFile) as e:
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000, "old.doc")
    assert e.value.code == "unsupported_format" and ".docx" in e.value.message


def test_docx_detected_by_content_not_extension():
    doc = read(_dispatch_docx(), "misnamed.txt")
    assert doc.format == "docx" and "Số: 3508/VP-KGVX" in doc.text


def test_automatic_numbering_levels_and_footnote_free_text():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def item(text, level):
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    item("Sở Nội vụ:", 0)
    item("Tham mưu ban hành quy chế;", 1)
    item("Hướng dẫn các đơn vị;", 1)
    item("gửi báo cáo hằng quý", 2)
    item("Sở Tài chính:", 0)
    item("Bố trí kinh phí.", 1)
    buf = io.BytesIO()
    d.save(buf)
    doc = read(buf.getvalue(), "ds.docx")
    assert doc.text.split("\n") == ["1. Sở Nội vụ:", "a) Tham mưu ban hành quy chế;", "b) Hướng dẫn các đơn vị;",
                                    "- gửi báo cáo hằng quý", "2. Sở Tài chính:", "a) Bố trí kinh phí."]


def test_tcvn3_font_runs_are_converted():
    d = docx.Document()
    p = d.add_paragraph()
    r = p.add_run("Uû ban nh©n d©n tØnh")
    r.font.name = ".VnTime"
    p2 = d.add_paragraph()
    r2 = p2.add_run("céng hoµ x· héi chñ nghÜa viÖt nam")
    r2.font.name = ".VnTimeH"                       # the capitals font
    p3 = d.add_paragraph()
    r3 = p3.add_run("Sở Nội vụ")                    # Unicode typed with an old font name: left alone
    r3.font.name = ".VnTime"
    buf = io.BytesIO()
    d.save(buf)
    doc = read(buf.getvalue(), "cu.docx")
    assert doc.text.split("\n") == ["Uỷ ban nhân dân tỉnh", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Sở Nội vụ"]
    assert doc.metadata["legacy_encoding"] == "tcvn3"
