"""Build the compliance test corpus: compliant documents made with python-docx from a spec,
and one .docx per known fault (a spec mutation or an XML edit), each tagged with the RULES.md
id that must report it.

    python -m tests.faults.build OUT_DIR      # writes clean_*.docx and <rule>__<name>.docx

Everything is generated in code: no hand-edited binaries.
"""
from __future__ import annotations

import copy
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
         "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def L(text, size=14, bold=False, italic=False, align="center", **kw):
    """One paragraph of the spec."""
    d = {"text": text, "size": size, "bold": bold, "italic": italic, "align": align}
    d.update(kw)
    return d


def body(text, **kw):
    kw.setdefault("align", "both")
    kw.setdefault("first_line_mm", 10)
    kw.setdefault("before", 6)
    kw.setdefault("line", 1.0)
    return L(text, 14, **kw)


def sep(n, size=13, **kw):
    return L("_" * n, size, **kw)


def _header(left_issuer, so, extra_left, date):
    left = [L("ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH", 12, role="chu_quan"),
            L("SỞ NỘI VỤ", 12, bold=True, role="ban_hanh"),
            sep(5, 12),
            L(so, 13, role="so")] + extra_left
    right = [L("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True, role="quoc_hieu"),
             L("Độc lập - Tự do - Hạnh phúc", 13, bold=True, role="tieu_ngu"),
             sep(24, 13),
             L(date, 14, italic=True, role="date")]
    return left, right


def cong_van_spec() -> dict:
    left, right = _header("SỞ NỘI VỤ", "Số: 05/SNV-VP",
                          [L("V/v hướng dẫn lập hồ sơ điện tử năm 2025", 12, before=6, role="vv")],
                          "Nam Định, ngày 05 tháng 02 năm 2025")
    return {
        "kind": "cong_van",
        "page": {"width": 210, "height": 297, "top": 20, "bottom": 20, "left": 30, "right": 15,
                 "orient": "portrait"},
        "font": "Times New Roman",
        "left": left, "right": right,
        "before_body": [
            L("", 14),
            L("Kính gửi:", 14, align="left", left_mm=25, role="kinh_gui"),
            L("- Ủy ban nhân dân các huyện, thành phố;", 14, align="left", left_mm=45),
            L("- Các sở, ban, ngành thuộc tỉnh.", 14, align="left", left_mm=45),
        ],
        "body": [
            body("Thực hiện Công văn số 1234/BNV-VTLTNN ngày 20 tháng 01 năm 2025 của Bộ Nội vụ về "
                 "việc hướng dẫn lập hồ sơ điện tử, Sở Nội vụ đề nghị các cơ quan, đơn vị thực hiện "
                 "một số nội dung sau:"),
            body("1. Rà soát danh mục hồ sơ năm 2025 của cơ quan, đơn vị; cập nhật đầy đủ vào Hệ thống "
                 "quản lý văn bản và điều hành."),
            body("2. Bố trí công chức làm công tác văn thư tham gia tập huấn theo Kế hoạch số "
                 "15/KH-SNV ngày 10 tháng 01 năm 2025 của Sở Nội vụ về tập huấn nghiệp vụ văn thư."),
            body("3. Báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 30 tháng 6 năm 2025 để tổng hợp, "
                 "báo cáo Ủy ban nhân dân tỉnh./."),
        ],
        "noi_nhan": [L("Nơi nhận:", 12, bold=True, italic=True, align="left", role="noi_nhan"),
                     L("- Như trên;", 11, align="left"),
                     L("- Giám đốc Sở (để báo cáo);", 11, align="left"),
                     L("- Lưu: VT, VP.", 11, align="left")],
        "signature": [L("KT. GIÁM ĐỐC", 14, bold=True, role="authority"),
                      L("PHÓ GIÁM ĐỐC", 14, bold=True, role="title"),
                      L("", 14), L("", 14), L("", 14),
                      L("Trần Văn Bình", 14, bold=True, role="name")],
        "page_number": {"where": "header", "size": 14, "align": "center", "first_page": False,
                        "bold": False, "italic": False, "fmt": None, "start": None},
        "appendix": None,
    }


def quyet_dinh_spec() -> dict:
    s = cong_van_spec()
    s["kind"] = "quyet_dinh"
    s["left"], s["right"] = _header("SỞ NỘI VỤ", "Số: 12/QĐ-SNV", [], "Nam Định, ngày 10 tháng 3 năm 2025")
    s["before_body"] = [
        L("", 14),
        L("QUYẾT ĐỊNH", 14, bold=True, role="ten_loai"),
        L("Về việc ban hành Quy chế công tác văn thư của Sở Nội vụ", 14, bold=True, role="trich_yeu"),
        sep(21, 14),
        L("", 14),
        L("GIÁM ĐỐC SỞ NỘI VỤ TỈNH NAM ĐỊNH", 14, bold=True),
        L("", 14),
        body("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", italic=True),
        body("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
             italic=True),
        body("Theo đề nghị của Chánh Văn phòng Sở.", italic=True),
        L("", 14),
        L("QUYẾT ĐỊNH:", 14, bold=True),
    ]
    s["body"] = [
        L("Chương I", 14, bold=True),
        L("QUY ĐỊNH CHUNG", 14, bold=True),
        L("Mục 1", 14, bold=True),
        L("PHẠM VI ÁP DỤNG", 14, bold=True),
        body("Điều 1. Ban hành quy chế", runs=[("Điều 1. Ban hành quy chế", True)]),
        body("Ban hành kèm theo Quyết định này Quy chế công tác văn thư của Sở Nội vụ và danh mục tại Phụ lục."),
        body("Điều 2. Hiệu lực thi hành", runs=[("Điều 2. Hiệu lực thi hành", True)]),
        body("1. Quyết định này có hiệu lực kể từ ngày ký."),
        body("2. Các quy định trước đây trái với Quyết định này đều bãi bỏ, cụ thể:"),
        body("a) Quy định về lập hồ sơ năm 2020;"),
        body("b) Quy định về sổ đăng ký văn bản năm 2021."),
        body("Điều 3. Trách nhiệm thi hành", runs=[("Điều 3. Trách nhiệm thi hành", True)]),
        body("Chánh Văn phòng Sở, Trưởng các phòng chuyên môn thuộc Sở chịu trách nhiệm thi hành "
             "Quyết định này./."),
    ]
    s["noi_nhan"] = [L("Nơi nhận:", 12, bold=True, italic=True, align="left", role="noi_nhan"),
                     L("- Như Điều 3;", 11, align="left"),
                     L("- Ủy ban nhân dân tỉnh;", 11, align="left"),
                     L("- Lưu: VT, VP.", 11, align="left")]
    s["signature"] = [L("GIÁM ĐỐC", 14, bold=True, role="authority"),
                      L("", 14), L("", 14), L("", 14),
                      L("Nguyễn Thị Hoa", 14, bold=True, role="name")]
    s["appendix"] = {
        "restart": True,
        "lines": [L("Phụ lục", 14, bold=True),
                  L("DANH MỤC HỒ SƠ CỦA SỞ NỘI VỤ NĂM 2025", 14, bold=True),
                  L("(Kèm theo Quyết định số 12/QĐ-SNV ngày 10 tháng 3 năm 2025 của Sở Nội vụ)", 14,
                    italic=True),
                  sep(8, 14),
                  body("Danh mục hồ sơ gồm các hồ sơ về tổ chức cán bộ, văn thư và lưu trữ.")],
    }
    return s


# ------------------------------------------------------------------ rendering

def _set_font(run, spec_font, size, bold, italic, color=None, caps=False):
    run.font.name = spec_font
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(a), spec_font)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    if caps:
        run.font.all_caps = True


def _para(container, line: dict, font: str, first: bool = False):
    p = container.paragraphs[0] if first else container.add_paragraph()
    pf = p.paragraph_format
    pf.alignment = ALIGN[line.get("align", "center")]
    pf.space_before = Pt(line.get("before", 0))
    pf.space_after = Pt(line.get("after", 0))
    if line.get("line"):
        pf.line_spacing = line["line"]
    else:
        pf.line_spacing = 1.0
    if line.get("first_line_mm"):
        pf.first_line_indent = Mm(line["first_line_mm"])
    if line.get("left_mm"):
        pf.left_indent = Mm(line["left_mm"])
    if line.get("right_mm"):
        pf.right_indent = Mm(line["right_mm"])
    runs = line.get("runs")
    text = line["text"]
    if runs:
        head = "".join(t for t, _ in runs)
        parts = list(runs)
        if text.startswith(head) and len(text) > len(head):
            parts.append((text[len(head):], line.get("bold", False)))
    else:
        parts = [(text, line.get("bold", False))]
    for t, b in parts:
        r = p.add_run(t)
        _set_font(r, line.get("font", font), line.get("size", 14), b, line.get("italic", False),
                  line.get("color"), line.get("caps", False))
    if line.get("shape_mm"):
        _line_shape(p, line["shape_mm"])
    if line.get("border"):
        ppr = p._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        e = OxmlElement("w:bottom")
        e.set(qn("w:val"), "single")
        e.set(qn("w:sz"), "6")
        bdr.append(e)
        ppr.append(bdr)
    if line.get("boxed"):
        ppr = p._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            e = OxmlElement(f"w:{side}")
            e.set(qn("w:val"), "single")
            e.set(qn("w:sz"), "6")
            bdr.append(e)
        ppr.append(bdr)
    return p


def _line_shape(paragraph, length_mm: float):
    """An inline DrawingML straight line of the given length (how Word draws a rule by hand)."""
    from lxml import etree
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    cx = int(length_mm * 36000)
    xml = (
        f'<w:r xmlns:w="{W}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:drawing>'
        f'<wp:inline><wp:extent cx="{cx}" cy="0"/><wp:docPr id="98" name="Line 98"/><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="0"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/>'
        '</a:solidFill></a:ln></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline>'
        '</w:drawing></w:r>')
    paragraph._p.append(etree.fromstring(xml))


def _textbox(paragraph, width_mm: float, height_mm: float):
    """Anchor a DrawingML text box (with its VML fallback, as Word writes it) in `paragraph`;
    return the w:txbxContent element to fill."""
    from lxml import etree
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (
        f'<w:r xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" '
        'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>right</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="margin"><wp:align>top</wp:align></wp:positionV>'
        f'<wp:extent cx="{int(width_mm * 36000)}" cy="{int(height_mm * 36000)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapNone/><wp:docPr id="99" name="Text Box 99"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{int(width_mm * 36000)}" cy="{int(height_mm * 36000)}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        '<wps:txbx><w:txbxContent/></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>'
        '</wp:anchor></w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict><v:shape style="width:1pt;height:1pt"><v:textbox><w:txbxContent>'
        '<w:p><w:r><w:t>(hộp văn bản)</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>'
        '</mc:Fallback></mc:AlternateContent></w:r>')
    r = etree.fromstring(xml)
    paragraph._p.append(r)
    return r.find(f".//{{{W}}}txbxContent")


def _field(paragraph, instr: str, size: float, bold: bool, italic: bool, font: str):
    def run():
        r = paragraph.add_run()
        _set_font(r, font, size, bold, italic)
        return r
    r1 = run()
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "begin")
    r1._r.append(fc)
    r2 = run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    r2._r.append(it)
    r3 = run()
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "separate")
    r3._r.append(fc)
    r4 = run()
    r4.text = "2"
    r5 = run()
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "end")
    r5._r.append(fc)


def _no_borders(table):
    tblpr = table._tbl.tblPr
    b = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:val"), "nil")
        b.append(e)
    tblpr.append(b)


def _tab_block(doc, left, right, font):
    """The 2-column block typed with TAB stops: one line per row, "left<TAB>right"."""
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else None
        b = right[i] if i < len(right) else None
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt((a or b).get("before", 0))
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.0
        if a and a["text"]:
            r = p.add_run(a["text"])
            _set_font(r, a.get("font", font), a["size"], a.get("bold", False), a.get("italic", False),
                      a.get("color"), a.get("caps", False))
        r = p.add_run("\t")
        _set_font(r, font, 12, False, False)
        if b and b["text"]:
            r = p.add_run(b["text"])
            _set_font(r, b.get("font", font), b["size"], b.get("bold", False), b.get("italic", False),
                      b.get("color"), b.get("caps", False))


def _row_table(doc, left, right, font, widths=(65, 100)):
    """The 2-column block as a borderless table with one row per line."""
    n = max(len(left), len(right))
    t = doc.add_table(rows=n, cols=2)
    _no_borders(t)
    for i in range(n):
        for j, (lines, wmm) in enumerate(((left, widths[0]), (right, widths[1]))):
            cell = t.rows[i].cells[j]
            cell.width = Mm(wmm)
            if i < len(lines):
                _para(cell, lines[i], font, first=True)
    return t


def _two_cols(doc, left, right, font, widths=(65, 100)):
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    for i, (lines, wmm) in enumerate(((left, widths[0]), (right, widths[1]))):
        cell = t.rows[0].cells[i]
        cell.width = Mm(wmm)
        for k, line in enumerate(lines):
            _para(cell, line, font, first=k == 0)
    return t


def _page(section, page):
    w, h = page["width"], page["height"]
    if page.get("orient") == "landscape":
        section.orientation = WD_ORIENT.LANDSCAPE
        w, h = max(w, h), min(w, h)
    section.page_width, section.page_height = Mm(w), Mm(h)
    section.top_margin, section.bottom_margin = Mm(page["top"]), Mm(page["bottom"])
    section.left_margin, section.right_margin = Mm(page["left"]), Mm(page["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def render(spec: dict) -> bytes:
    doc = Document()
    font = spec["font"]
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(14)
    rf = normal.element.get_or_add_rPr().find(qn("w:rFonts"))
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rf.set(qn(a), font)
    normal.paragraph_format.space_after = Pt(0)
    sec = doc.sections[0]
    _page(sec, spec["page"])
    pn = spec.get("page_number")
    if pn:
        sec.different_first_page_header_footer = not pn["first_page"]
        part = sec.header if pn["where"] == "header" else sec.footer
        p = part.paragraphs[0]
        p.alignment = ALIGN[pn["align"]]
        _field(p, "PAGE", pn["size"], pn["bold"], pn["italic"], font)
        sectpr = sec._sectPr
        if pn.get("fmt") or pn.get("start"):
            t = OxmlElement("w:pgNumType")
            if pn.get("fmt"):
                t.set(qn("w:fmt"), pn["fmt"])
            if pn.get("start"):
                t.set(qn("w:start"), str(pn["start"]))
            sectpr.append(t)
    layout = spec.get("layout", "table")
    if layout == "table":
        _two_cols(doc, spec["left"], spec["right"], font)
    elif layout == "paragraphs":
        # no table: the right block first (indented to the right half), then the left block
        for line in spec["right"]:
            _para(doc, dict(line, left_mm=70), font)
        for line in spec["left"]:
            _para(doc, dict(line, right_mm=95), font)
    elif layout == "tabs":
        _tab_block(doc, spec["left"], spec["right"], font)
    elif layout == "rows":
        _row_table(doc, spec["left"], spec["right"], font)
    elif layout == "textbox":
        # left block as paragraphs; Quốc hiệu, Tiêu ngữ and date in a floating text box
        anchor = doc.add_paragraph()
        for line in spec["left"]:
            _para(doc, dict(line, right_mm=95), font)
        moved = [_para(doc, line, font)._p for line in spec["right"]]
        box = _textbox(anchor, width_mm=95, height_mm=30)
        for p in moved:
            p.getparent().remove(p)
            box.append(p)
    for line in spec["before_body"] + spec["body"]:
        _para(doc, line, font)
    doc.add_paragraph()
    if layout == "tabs":
        _tab_block(doc, spec["noi_nhan"], spec["signature"], font)
    elif layout == "paragraphs":
        # no closing table: the signature block indented into the right half, then Nơi nhận
        for line in spec["signature"]:
            _para(doc, dict(line, left_mm=80), font)
        for line in spec["noi_nhan"]:
            _para(doc, line, font)
    elif layout == "rows":
        _row_table(doc, spec["noi_nhan"], spec["signature"], font, widths=(80, 85))
    else:
        _two_cols(doc, spec["noi_nhan"], spec["signature"], font, widths=(80, 85))
    for line in spec.get("tail", []):
        _para(doc, line, font)
    apx = spec.get("appendix")
    if apx:
        new = doc.add_section(WD_SECTION.NEW_PAGE)
        _page(new, spec["page"])
        if apx.get("restart"):
            t = OxmlElement("w:pgNumType")
            t.set(qn("w:start"), "1")
            new._sectPr.append(t)
        for line in apx["lines"]:
            _para(doc, line, font)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ------------------------------------------------------------------ faults

def find(lines: list[dict], role: str | None = None, startswith: str | None = None) -> dict:
    for line in lines:
        if role and line.get("role") == role:
            return line
        if startswith and line["text"].startswith(startswith):
            return line
    raise KeyError(role or startswith)


def all_lines(spec):
    out = spec["left"] + spec["right"] + spec["before_body"] + spec["body"] + spec["noi_nhan"] + spec["signature"]
    return out


def mutate(base: str, fn):
    spec = cong_van_spec() if base == "cong_van" else quyet_dinh_spec()
    spec = copy.deepcopy(spec)
    fn(spec)
    return spec


def xml_edit(data: bytes, part: str, fn) -> bytes:
    """Rewrite one part of a package with a text function (for faults python-docx cannot express)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == part:
                content = fn(content.decode("utf-8")).encode("utf-8")
            z.writestr(info, content)
    return out.getvalue()


def _set(role, **kw):
    def f(s):
        find(all_lines(s), role=role).update(kw)
    return f


def _set_text(startswith, **kw):
    def f(s):
        find(all_lines(s), startswith=startswith).update(kw)
    return f


def _page_set(**kw):
    return lambda s: s["page"].update(kw)


def _pn_set(**kw):
    return lambda s: s["page_number"].update(kw)


def _body_set(i, **kw):
    def f(s):
        s["body"][i].update(kw)
    return f


def _chain(*fns):
    def f(s):
        for fn in fns:
            fn(s)
    return f


def _replace_line(startswith, new_lines, where="noi_nhan"):
    def f(s):
        lst = s[where]
        for i, line in enumerate(lst):
            if line["text"].startswith(startswith):
                lst[i:i + 1] = new_lines
                return
        raise KeyError(startswith)
    return f


# (rule id, fault name, base, spec mutation)
FAULTS: list[tuple[str, str, str, object]] = []


def fault(rule, name, base="cong_van"):
    def deco(fn):
        FAULTS.append((rule, name, base, fn))
        return fn
    return deco


def add(rule, name, fn, base="cong_van"):
    FAULTS.append((rule, name, base, fn))


def build_all(out_dir: Path) -> list[tuple[str, str, Path]]:
    """Write clean documents and one file per fault; return [(rule, name, path)]."""
    from . import catalog  # noqa: F401  (registers FAULTS)

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "clean_cong_van.docx").write_bytes(render(cong_van_spec()))
    (out_dir / "clean_quyet_dinh.docx").write_bytes(render(quyet_dinh_spec()))
    made = []
    for rule, name, base, fn in FAULTS:
        path = out_dir / f"{rule}__{name}.docx"
        path.write_bytes(fault_bytes(base, fn))
        made.append((rule, name, path))
    return made


def fault_bytes(base, fn) -> bytes:
    if getattr(fn, "post", None):
        data = render(cong_van_spec() if base == "cong_van" else quyet_dinh_spec())
        return fn.post(data)
    return render(mutate(base, fn))


if __name__ == "__main__":
    # run through the package module so the catalogue registers into the same FAULTS list
    from tests.faults.build import build_all as _build_all
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/vanthu-faults")
    made = _build_all(out)
    print(f"{len(made)} faults + 2 clean documents in {out}")
