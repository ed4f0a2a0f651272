"""The reader: effective formatting, structure, hostile inputs, real government files."""
from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from app.compliance import check_bytes
from app.compliance.wordml import read_model
from app.errors import UnreadableFile
from tests.faults.build import cong_van_spec, quyet_dinh_spec, render, xml_edit

OFFICIAL = sorted((Path(__file__).resolve().parent.parent.parent / "shared" / "nd30" / "official").glob("*.docx"))


def _zip(entries: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A zip with fixed timestamps: the bytes (and test ids built from them) are the same in
    every pytest-xdist worker, which must collect identical test lists."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for k, v in entries.items():
            info = zipfile.ZipInfo(k, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = compression
            z.writestr(info, v)
    return out.getvalue()


def test_effective_formatting_follows_styles_and_theme():
    """Size from a basedOn chain, bold from a character style, font from the theme."""
    data = render(cong_van_spec())

    def edit(styles: str) -> str:
        extra = ('<w:style w:type="paragraph" w:styleId="Base"><w:name w:val="Base"/>'
                 '<w:rPr><w:rFonts w:asciiTheme="majorHAnsi" w:hAnsiTheme="majorHAnsi"/><w:sz w:val="26"/></w:rPr></w:style>'
                 '<w:style w:type="paragraph" w:styleId="Child"><w:name w:val="Child"/><w:basedOn w:val="Base"/>'
                 '<w:pPr><w:jc w:val="right"/></w:pPr></w:style>'
                 '<w:style w:type="character" w:styleId="Strong2"><w:name w:val="Strong2"/><w:rPr><w:b/></w:rPr></w:style>')
        return styles.replace("</w:styles>", extra + "</w:styles>")

    def body(doc: str) -> str:
        para = ('<w:p><w:pPr><w:pStyle w:val="Child"/></w:pPr><w:r><w:rPr><w:rStyle w:val="Strong2"/></w:rPr>'
                '<w:t>Kiểm tra kiểu</w:t></w:r></w:p>')
        return doc.replace("<w:body>", "<w:body>" + para, 1)

    data = xml_edit(xml_edit(data, "word/styles.xml", edit), "word/document.xml", body)
    m = read_model(data)
    p = m.paragraphs[0]
    assert p.stripped == "Kiểm tra kiểu"
    assert p.align == "right" and p.size == 13.0 and p.bold
    theme_major = p.runs[0].fmt.font
    assert theme_major and theme_major != "Times New Roman"   # resolved from theme1.xml, not left as None


def test_toggle_properties_and_hidden_text():
    """Bold paragraph style + bold character style cancel out; hidden runs are not text."""
    data = render(cong_van_spec())

    def styles(d: str) -> str:
        return d.replace("</w:styles>",
                         '<w:style w:type="paragraph" w:styleId="PB"><w:name w:val="PB"/><w:rPr><w:b/></w:rPr></w:style>'
                         '<w:style w:type="character" w:styleId="CB"><w:name w:val="CB"/><w:rPr><w:b/></w:rPr></w:style>'
                         "</w:styles>")

    def body(d: str) -> str:
        para = ('<w:p><w:pPr><w:pStyle w:val="PB"/></w:pPr><w:r><w:rPr><w:rStyle w:val="CB"/></w:rPr><w:t>A</w:t></w:r>'
                '<w:r><w:t>B</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>ẨN</w:t></w:r></w:p>')
        return d.replace("<w:body>", "<w:body>" + para, 1)

    m = read_model(xml_edit(xml_edit(data, "word/styles.xml", styles), "word/document.xml", body))
    p = m.paragraphs[0]
    assert p.text == "AB"
    assert [(r.text, r.fmt.bold) for r in p.runs] == [("A", False), ("B", True)]


def test_structure_sections_headers_cells():
    m = read_model(render(quyet_dinh_spec()))
    assert len(m.sections) == 2
    assert m.sections[0].title_page and m.sections[1].page_start == 1
    assert m.sections[1].headers["default"].has_page_field      # inherited from section 1
    so = next(p for p in m.paragraphs if p.stripped.startswith("Số:"))
    assert so.cell.col == 0 and so.cell.ncols == 2 and so.size == 13.0


def test_text_box_paragraphs_are_read():
    data = render(cong_van_spec())
    box = ('<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
           '<mc:Choice Requires="wps"><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
           'wordprocessingDrawing"><wp:extent cx="720000" cy="288000"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/'
           'drawingml/2006/main"><a:graphicData><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/'
           'wordprocessingShape"><wps:txbx><w:txbxContent><w:p><w:r><w:t>HỎA TỐC</w:t></w:r></w:p></w:txbxContent>'
           '</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
           '<mc:Fallback><w:pict><w:t>HỎA TỐC</w:t></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    data = xml_edit(data, "word/document.xml", lambda d: d.replace("<w:body>", "<w:body>" + box, 1))
    m = read_model(data)
    boxes = [p for p in m.paragraphs if p.in_textbox]
    assert [p.stripped for p in boxes] == ["HỎA TỐC"]          # once: the Fallback copy is skipped


@pytest.mark.parametrize("data,needle", [
    (b"", "rỗng"),
    (b"hello, not a zip at all", "không phải"),
    (b"PK\x03\x04garbage-garbage-garbage", "hỏng"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".doc"),
    (_zip({"[Content_Types].xml": "<Types/>", "word/other.xml": "<x/>"}), "document.xml"),
], ids=["empty", "not-zip", "broken-zip", "ole-doc", "no-document-xml"])
def test_unreadable_inputs(data, needle):
    with pytest.raises(UnreadableFile) as e:
        check_bytes(data)
    assert needle in e.value.message and e.value.code == "unreadable_file" and e.value.status == 422


def test_xxe_and_entity_bomb_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    base = render(cong_van_spec())
    xxe = xml_edit(base, "word/document.xml", lambda d: d.replace(
        "<w:document", f'<!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]><w:document', 1).replace(
        "Trần Văn Bình", "&x;"))
    lol = xml_edit(base, "word/document.xml", lambda d: d.replace(
        "<w:document", '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document', 1))
    for data in (xxe, lol):
        t = time.perf_counter()
        with pytest.raises(UnreadableFile) as e:
            check_bytes(data)
        assert "DOCTYPE" in e.value.message and time.perf_counter() - t < 5


def test_zip_bomb_is_refused_quickly():
    bomb = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>" + " " * (80 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    t = time.perf_counter()
    with pytest.raises(UnreadableFile) as e:
        check_bytes(bomb)
    assert "zip bomb" in e.value.message and time.perf_counter() - t < 5


@pytest.mark.parametrize("path", OFFICIAL, ids=[p.name for p in OFFICIAL])
def test_decree_appendices_are_read_without_crashing(path):
    """The decree's own appendices are real government files but not dispatches: each is a
    'Phụ lục' attached to Nghị định 30/2020/NĐ-CP, a legal normative document, so ND 30's
    rules for administrative documents are not applied; A4 paper is checked and passes."""
    r = check_bytes(path.read_bytes())
    assert r.regime == "legal_normative"
    assert "30/2020/NĐ-CP" in r.notes[0]
    assert r.applied == ["ND30-PAGE-01"] and r.errors == []
    ne = {n["rule"]: n["reason"] for n in r.not_evaluated}
    assert "ND30-HDR-01" in ne and "quy phạm" in ne["ND30-HDR-01"]
    # forced to the administrative regime it reads them fully and reports what a dispatch would lack
    forced = check_bytes(path.read_bytes(), regime="administrative")
    assert forced.regime == "administrative" and "ND30-HDR-05" in forced.rules_found


def _corruptions():
    """Deterministic damage to a valid package: byte flips, truncation, XML surgery."""
    import random
    base = render(cong_van_spec())
    rnd = random.Random(30)
    out = []
    for _ in range(25):
        b = bytearray(base)
        for _ in range(rnd.randint(1, 40)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        out.append(bytes(b))
    out += [base[: len(base) // k] for k in (2, 3, 7)]
    for cut in ("</w:tbl>", "<w:body>", "</w:sectPr>", "<w:tr>", "w:val=\"28\""):
        out.append(xml_edit(base, "word/document.xml", lambda d, c=cut: d.replace(c, "", 1)))
    out.append(xml_edit(base, "word/styles.xml", lambda d: d.replace("w:basedOn", "w:basedOnX")))
    out.append(xml_edit(base, "word/styles.xml", lambda d: d.replace(
        "</w:styles>", '<w:style w:styleId="A"><w:basedOn w:val="B"/></w:style>'
                       '<w:style w:styleId="B"><w:basedOn w:val="A"/></w:style></w:styles>')))   # basedOn loop
    out.append(xml_edit(base, "word/_rels/document.xml.rels", lambda d: d.replace("styles.xml", "missing.xml")))
    nested = "<w:tbl><w:tr><w:tc>" * 120 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 120
    out.append(xml_edit(base, "word/document.xml", lambda d: d.replace("<w:body>", "<w:body>" + nested, 1)))
    return out


@pytest.mark.parametrize("data", _corruptions(), ids=lambda data: f"{len(data)}-bytes")
def test_damaged_packages_never_crash(data):
    t = time.perf_counter()
    try:
        report = check_bytes(data)
    except UnreadableFile as e:
        assert e.message and e.status == 422
    else:
        assert report.regime in ("administrative", "legal_normative", "party")
    assert time.perf_counter() - t < 10


def test_strict_ooxml_is_refused_with_a_clear_message():
    data = xml_edit(render(cong_van_spec()), "word/document.xml", lambda d: d.replace(
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main"))
    with pytest.raises(UnreadableFile) as e:
        check_bytes(data)
    assert "Strict" in e.value.message
