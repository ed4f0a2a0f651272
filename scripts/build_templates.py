#!/usr/bin/env python
"""Build templates/<slug>.docx: one Decree 30 template per document type, with docxtpl tags.

Reproducible (fixed timestamps, fixed part order): run `python scripts/build_templates.py`
and commit the .docx files. Layout numbers come from app/nd30/data/layout.json; the layout of
each type follows the official samples of Appendix III (Mẫu 1.2, 1.4–1.9):

* page: A4 portrait, margins 20/20/30/15 mm, Times New Roman everywhere (docDefaults, Normal,
  every run), page number = centred PAGE field in the default header, 14 pt, `titlePg` with an
  empty first-page header (no number on page 1);
* header: a borderless 2-column table; row 1 = organ names | Quốc hiệu + Tiêu ngữ, row 2 =
  Số (+ V/v for công văn) | place and date, so ô 3 and ô 4 share a line;
* separator lines are empty paragraphs with a bottom border whose left/right indents centre
  them: static for the Tiêu ngữ (as long as its text), computed per document for the organ
  name and the trích yếu (`{{p rules.organ }}`, `{{p rules.subject }}`);
* body paragraphs justified, first line indented 567 twips (1 cm), 6 pt before, 1.2 lines;
* closing: a borderless table, "Nơi nhận:" (12 pt bold italic, items 11 pt) left and the
  signature block (14 pt bold) right; biên bản: THƯ KÝ left, CHỦ TỌA right, Nơi nhận below.

Context names used by the tags are documented in app/drafting/context.py.
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402

from app.drafting import measure  # noqa: E402
from app.drafting.context import (  # noqa: E402
    CLOSING_LEFT,
    CLOSING_RIGHT,
    FONT,
    HEADER_LEFT,
    HEADER_RIGHT,
    KINH_GUI_INDENT,
    TYPES,
    kinh_gui_item_indent,
    rule_paragraph_xml,
)
from app.nd30 import layout  # noqa: E402

OUT = ROOT / "templates"
FIXED_DATE = (2025, 1, 1, 0, 0, 0)

BODY = layout.size_pt("body")
LINE = 288          # 1.2 lines (ND30-PAGE-10: 240..360)
BEFORE = 120        # 6 pt between paragraphs
INDENT = layout.first_line_indent_twips()

STYLES = f"""<w:styles {nsdecls('w', 'r')}>
<w:docDefaults>
 <w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>
  <w:color w:val="000000"/><w:sz w:val="{BODY * 2}"/><w:szCs w:val="{BODY * 2}"/>
  <w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
 <w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>
 <w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>
 <w:color w:val="000000"/><w:sz w:val="{BODY * 2}"/><w:szCs w:val="{BODY * 2}"/></w:rPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">
 <w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>
 <w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>
 <w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>
 <w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>
 <w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
</w:styles>"""


# --- low-level helpers ------------------------------------------------------------------------

def rpr_xml(size: float, bold=False, italic=False) -> str:
    return (f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
            + ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
            + f'<w:color w:val="000000"/><w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/></w:rPr>')


def ppr_xml(*, align="center", before=0, after=0, line=240, first_line=None, left=None, right=None,
            hanging=None, keep_next=False, size=BODY, bold=False, italic=False) -> str:
    ind = ""
    if any(v is not None for v in (first_line, left, right, hanging)):
        attrs = []
        if left is not None:
            attrs.append(f'w:left="{left}"')
        if right is not None:
            attrs.append(f'w:right="{right}"')
        if first_line is not None:
            attrs.append(f'w:firstLine="{first_line}"')
        if hanging is not None:
            attrs.append(f'w:hanging="{hanging}"')
        ind = f"<w:ind {' '.join(attrs)}/>"
    return ("<w:pPr>" + ("<w:keepNext/>" if keep_next else "")
            + f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="auto"/>'
            + ind + f'<w:jc w:val="{align}"/>' + rpr_xml(size, bold, italic) + "</w:pPr>")


def run_xml(text: str, size: float, bold=False, italic=False) -> str:
    t = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<w:r>{rpr_xml(size, bold, italic)}<w:t xml:space="preserve">{t}</w:t></w:r>'


def p_xml(text: str = "", *, size=BODY, bold=False, italic=False, runs=None, **ppr) -> str:
    """A paragraph; `runs` = [(text, bold, italic)] for mixed formatting."""
    body = "".join(run_xml(t, size, b, i) for t, b, i in runs) if runs else (run_xml(text, size, bold, italic) if text else "")
    return f"<w:p>{ppr_xml(size=size, bold=bold, italic=italic, **ppr)}{body}</w:p>"


def tag(text: str) -> str:
    """A paragraph holding only a {%p ... %} / {{p ... }} tag (docxtpl replaces the paragraph)."""
    return p_xml(text, size=BODY)


def body_p(text: str, *, bold=False, italic=False, runs=None, before=BEFORE) -> str:
    return p_xml(text, bold=bold, italic=italic, runs=runs, align="both", before=before, line=LINE,
                 first_line=INDENT)


def table_xml(widths: list[int], cells: list[list[str]]) -> str:
    """A borderless table of one or more rows; `cells` = rows of cell XML (paragraphs)."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    borders = "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    rows = []
    n = len(widths)
    for r in range(0, len(cells), n):
        tcs = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{widths[i]}" w:type="dxa"/></w:tcPr>{cells[r + i] or p_xml()}</w:tc>'
                      for i in range(n))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{tcs}</w:tr>")
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            f"<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
            '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
            f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            f'w:noHBand="0" w:noVBand="0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')


# --- blocks -----------------------------------------------------------------------------------

def header_block(spec: dict) -> str:
    c = layout.component
    org_sz = c("co_quan_ban_hanh")["size_pt"]["default"]
    left1 = (tag("{%p if organ.in_charge %}")
             + p_xml("{{ organ.in_charge }}", size=c("co_quan_chu_quan")["size_pt"]["default"])
             + tag("{%p endif %}")
             + p_xml("{{ organ.name }}", size=org_sz, bold=True)
             + tag("{{p rules.organ }}"))
    tn_sz = c("tieu_ngu")["size_pt"]["default"]
    tn_text = c("tieu_ngu")["text"]
    tn_width = measure.text_width_twips(tn_text, tn_sz, bold=True)
    right1 = (p_xml(c("quoc_hieu")["text"], size=c("quoc_hieu")["size_pt"]["default"], bold=True)
              + p_xml(tn_text, size=tn_sz, bold=True)
              + str(rule_paragraph_xml(HEADER_RIGHT, tn_width)))
    left2 = p_xml("{{ code.line }}", size=c("so_ky_hieu")["size_pt"]["default"], before=60)
    if spec.get("cong_van"):
        left2 += p_xml("{{ subject_line }}", size=c("trich_yeu_cong_van")["size_pt"]["default"], before=120)
    left2 += tag("{%p if rules.priority %}") + tag("{{p rules.priority }}") + tag("{%p endif %}")
    right2 = (p_xml("{{ promulgation.line }}", size=c("dia_danh_ngay")["size_pt"]["default"], italic=True, before=60)
              if spec.get("date_line", True) else p_xml())
    return table_xml([HEADER_LEFT, HEADER_RIGHT], [left1, right1, left2, right2])


def title_block(spec: dict) -> str:
    c = layout.component
    size = c("ten_loai")["size_pt"]["default"]
    out = p_xml("{{ title }}", size=size, bold=True, before=360, keep_next=True)
    out += tag("{%p if subject %}")
    out += p_xml("{{ subject }}", size=c("trich_yeu")["size_pt"]["default"], bold=True, keep_next=True)
    out += tag("{%p endif %}")
    out += tag("{{p rules.subject }}")
    return out


def kinh_gui_block(spec: dict) -> str:
    size = layout.size_pt("kinh_gui")
    return (tag("{%p if kinh_gui %}") + tag("{%p if kinh_gui.single %}")
            + p_xml("{{ kinh_gui.first }}", size=size, before=240, line=LINE)
            + tag("{%p else %}")
            + p_xml("{{ kinh_gui.first }}", size=size, before=240, line=LINE, align="left", left=KINH_GUI_INDENT)
            + tag("{%p for item in kinh_gui.others %}")
            + p_xml("{{ item }}", size=size, line=LINE, align="left", left=kinh_gui_item_indent())
            + tag("{%p endfor %}") + tag("{%p endif %}") + tag("{%p endif %}"))


def content_block(first_before=240) -> str:
    return (tag("{%p for para in content %}")
            + tag("{%p if para.kind == 'heading' %}")
            + body_p("{{ para.text }}", bold=True)
            + tag("{%p elif para.kind == 'italic' %}")
            + body_p("{{ para.text }}", italic=True)
            + tag("{%p elif para.kind == 'center' %}")
            + p_xml("{{ para.text }}", bold=True, before=BEFORE, line=LINE)
            + tag("{%p else %}")
            + body_p("{{ para.text }}")
            + tag("{%p endif %}")
            + tag("{%p endfor %}"))


def decision_block() -> str:
    """Mẫu 1.2: issuing authority, bases (italic), "QUYẾT ĐỊNH:", articles."""
    return (p_xml("{{ issuing_authority }}", bold=True, before=240, line=LINE)
            + tag("{%p for line in bases %}")
            + body_p("{{ line }}", italic=True)
            + tag("{%p endfor %}")
            + p_xml("{{ decides }}", bold=True, before=BEFORE, after=0, line=LINE)
            + tag("{%p for art in articles %}")
            + body_p("", runs=[("{{ art.label }}", True, False), ("{{ art.title }}", True, False),
                               ("{{ art.text }}", False, False)])
            + tag("{%p for t in art.paragraphs %}")
            + body_p("{{ t }}")
            + tag("{%p endfor %}")
            + tag("{%p endfor %}"))


def dispatch_block() -> str:
    """Mẫu 1.6: "<sender> điện:" then the recipients, one per line."""
    return (p_xml("{{ sender_line }}", before=240, line=LINE)
            + tag("{%p for item in recipients %}")
            + body_p("{{ item }}")
            + tag("{%p endfor %}"))


def noi_nhan_paras() -> str:
    c = layout.component
    return (p_xml("Nơi nhận:", size=c("noi_nhan_label")["size_pt"]["default"], bold=True, italic=True,
                  align="left", before=0)
            + tag("{%p for line in to_places %}")
            + p_xml("{{ line }}", size=c("noi_nhan_item")["size_pt"]["default"], align="left")
            + tag("{%p endfor %}"))


def signature_paras(lines_expr="signer.lines", name_expr="signer.full_name") -> str:
    size = layout.size_pt("signer_authority")
    return (tag(f"{{%p for line in {lines_expr} %}}")
            + p_xml("{{ line }}", size=size, bold=True, before=0)
            + tag("{%p endfor %}")
            + p_xml(f"{{{{ {name_expr} }}}}", size=layout.size_pt("signer_name"), bold=True, before=1560))


def closing_block(spec: dict) -> str:
    spacer = p_xml("", line=LINE, align="both")
    if spec.get("closing") == "minutes":
        size = layout.size_pt("signer_authority")
        left = (p_xml("THƯ KÝ", size=size, bold=True)
                + p_xml("{{ secretary.full_name }}", size=size, bold=True, before=1560))
        return spacer + table_xml([CLOSING_LEFT, CLOSING_RIGHT], [left, signature_paras()]) + noi_nhan_paras()
    return spacer + table_xml([CLOSING_LEFT, CLOSING_RIGHT], [noi_nhan_paras(), signature_paras()])


def document_body(spec: dict) -> str:
    out = header_block(spec)
    if spec.get("title", True):
        out += title_block(spec)
    if spec.get("kinh_gui") != "none":
        out += kinh_gui_block(spec)
    if spec.get("body") == "decision":
        out += decision_block()
    elif spec.get("body") == "dispatch":
        out += dispatch_block() + content_block()
    else:
        out += content_block()
    out += closing_block(spec)
    return out


def page_number_header_xml() -> str:
    size = layout.size_pt("page_number")
    return (f'<w:hdr {nsdecls("w", "r")}><w:p>{ppr_xml(size=size)}'
            f'<w:fldSimple w:instr=" PAGE "><w:r>{rpr_xml(size)}<w:t>2</w:t></w:r></w:fldSimple></w:p></w:hdr>')


def empty_header_xml() -> str:
    return f'<w:hdr {nsdecls("w", "r")}><w:p>{ppr_xml(size=layout.size_pt("page_number"))}</w:p></w:hdr>'


# --- assembly ---------------------------------------------------------------------------------

def _strip_package(d) -> None:
    """Drop what a Decree 30 document does not need (smaller file, faster render)."""
    part = d.part
    for rId, rel in list(part.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in ("stylesWithEffects", "customXml", "numbering", "webSettings"):
            part.drop_rel(rId)
    pkg_rels = d.part.package.rels
    for rId, rel in list(pkg_rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] == "thumbnail":
            pkg_rels.pop(rId)
    styles = d.styles.element
    for child in list(styles):
        styles.remove(child)
    for child in parse_xml(STYLES):
        styles.append(child)


def _section(d) -> None:
    s = d.sections[0]
    page = layout.page_setup_twips()
    sect = s._sectPr
    for el in list(sect):
        sect.remove(el)
    sect.append(parse_xml(f'<w:pgSz {nsdecls("w")} w:w="{page["width"]}" w:h="{page["height"]}"/>'))
    sect.append(parse_xml(f'<w:pgMar {nsdecls("w")} w:top="{page["top"]}" w:right="{page["right"]}" '
                          f'w:bottom="{page["bottom"]}" w:left="{page["left"]}" w:header="567" '
                          f'w:footer="567" w:gutter="0"/>'))
    sect.append(parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>'))
    sect.append(parse_xml(f'<w:cols {nsdecls("w")} w:space="720"/>'))
    sect.append(parse_xml(f'<w:titlePg {nsdecls("w")}/>'))
    sect.append(parse_xml(f'<w:docGrid {nsdecls("w")} w:linePitch="360"/>'))
    # Headers: default (page number) and first page (empty).
    default = s.header
    default.is_linked_to_previous = False
    first = s.first_page_header
    first.is_linked_to_previous = False
    _replace(default._element, page_number_header_xml())
    _replace(first._element, empty_header_xml())
    # python-docx inserted headerReference elements first; keep the schema order
    refs = [el for el in sect if el.tag == qn("w:headerReference")]
    for el in refs:
        sect.remove(el)
    for el in reversed(refs):
        sect.insert(0, el)


def _replace(hdr_el, xml: str) -> None:
    new = parse_xml(xml)
    for child in list(hdr_el):
        hdr_el.remove(child)
    for child in new:
        hdr_el.append(child)


def build(slug: str, spec: dict) -> bytes:
    d = docx.Document()
    _strip_package(d)
    body = d.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    sect = body[-1]
    frag = parse_xml(f'<w:body {nsdecls("w", "r")}>{document_body(spec)}</w:body>')
    for child in list(frag):
        sect.addprevious(child)
    _section(d)
    cp = d.core_properties
    cp.title = f"Mẫu {spec['label']} (Nghị định 30/2020/NĐ-CP)"
    cp.author = cp.last_modified_by = "vanthu"
    cp.comments = "Mẫu docxtpl do scripts/build_templates.py tạo ra."
    import datetime as dt
    cp.created = cp.modified = dt.datetime(2025, 1, 1)
    cp.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    return _reproducible_zip(buf.getvalue())


def _reproducible_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, FIXED_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, src.read(info.filename))
    return out.getvalue()


def write_schemas() -> None:
    """schemas/<slug>.schema.json from app/drafting/schemagen.py."""
    import json

    from app.drafting.schemagen import all_schemas

    for slug, sch in all_schemas().items():
        path = ROOT / "schemas" / f"{slug}.schema.json"
        path.write_text(json.dumps(sch, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{path.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    OUT.mkdir(exist_ok=True)
    only = set(argv or sys.argv[1:])
    if not only:
        write_schemas()
    for slug, spec in TYPES.items():
        if only and slug not in only:
            continue
        path = OUT / f"{slug}.docx"
        path.write_bytes(build(slug, spec))
        print(f"{path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
