"""Single-fault mutants of a compliant công văn made by ANOTHER producer (the drafting
pipeline's docxtpl template), edited with python-docx: the checker must not depend on how our
own corpus builder lays documents out. Mirrors the lead's mutant families (issue 3)."""
from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from app.compliance import check_bytes
from app.compliance.fix import fix_bytes
from app.drafting.pipeline import render_document

EXAMPLE = Path(__file__).resolve().parent.parent / "app" / "drafting" / "examples" / "cong_van.json"


@pytest.fixture(scope="module")
def base() -> bytes:
    return render_document(json.loads(EXAMPLE.read_text(encoding="utf-8")), number=5).docx


def _cells(doc):
    for t in doc.tables:
        for row in t.rows:
            for c in row.cells:
                yield from c.paragraphs


def _para(doc, startswith):
    for p in list(doc.paragraphs) + list(_cells(doc)):
        if p.text.strip().startswith(startswith):
            return p
    raise KeyError(startswith)


def _text(startswith, new):
    def f(doc):
        p = _para(doc, startswith)
        p.runs[0].text = new
        for r in p.runs[1:]:
            r.text = ""
    return f


def _run(startswith, **fmt):
    def f(doc):
        for r in _para(doc, startswith).runs:
            for k, v in fmt.items():
                if k == "size":
                    r.font.size = Pt(v)
                elif k == "font":
                    r.font.name = v
                    r._r.get_or_add_rPr().find(qn("w:rFonts")).set(qn("w:hAnsi"), v)
                else:
                    setattr(r.font, k, v)
    return f


def _section(**kw):
    def f(doc):
        for k, v in kw.items():
            setattr(doc.sections[0], k, v)
    return f


def _all_fonts(name):
    def f(doc):
        for p in list(doc.paragraphs) + list(_cells(doc)):
            _run(p.text.strip()[:8], font=name)(doc) if p.text.strip() else None
    return f


def _page_number_to_footer(doc):
    s = doc.sections[0]
    hp = s.header.paragraphs[0]._p
    s.footer.paragraphs[0]._p.addnext(copy.deepcopy(hp))
    hp.getparent().remove(hp)


def _page_number_size(doc):
    for sz in doc.sections[0].header._element.iter(qn("w:sz")):
        sz.set(qn("w:val"), "22")


def _body(**pf):
    def f(doc):
        p = _para(doc, "Thực hiện")
        for k, v in pf.items():
            setattr(p.paragraph_format, k, v)
    return f


MUTANTS = [
    ("ND30-PAGE-01", "letter", _section(page_width=Mm(215.9), page_height=Mm(279.4))),
    ("ND30-PAGE-03", "top_15", _section(top_margin=Mm(15))),
    ("ND30-PAGE-04", "bottom_30", _section(bottom_margin=Mm(30))),
    ("ND30-PAGE-05", "left_25", _section(left_margin=Mm(25))),
    ("ND30-PAGE-06", "right_10", _section(right_margin=Mm(10))),
    ("ND30-PAGE-07", "arial_body", _run("Thực hiện", font="Arial")),
    ("ND30-PAGE-07", "vntime_everywhere", _all_fonts(".VnTime")),
    ("ND30-PAGE-07", "vntimeh_quoc_hieu", _run("CỘNG HÒA", font=".VnTimeH")),
    ("ND30-DATE-02", "day_5", _text("Tân Lập, ngày", "Tân Lập, ngày 5 tháng 02 năm 2025")),
    ("ND30-DATE-02", "month_2", _text("Tân Lập, ngày", "Tân Lập, ngày 05 tháng 2 năm 2025")),
    ("ND30-DATE-01", "slashes", _text("Tân Lập, ngày", "Tân Lập, 05/02/2025")),
    ("ND30-NUM-04", "so_5", _text("Số:", "Số: 5/UBND-VP")),
    ("ND30-HDR-05", "so_5_hdr", _text("Số:", "Số: 5/UBND-VP")),
    ("ND30-HDR-05", "so_no_colon", _text("Số:", "Số 05/UBND-VP")),
    ("ND30-NUM-08", "so_en_dash", _text("Số:", "Số: 05/UBND–VP")),
    ("ND30-HDR-05", "so_14pt", _run("Số:", size=14)),
    ("ND30-HDR-01", "quoc_hieu_wording", _text("CỘNG HÒA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM.")),
    ("ND30-HDR-01", "quoc_hieu_lower", _text("CỘNG HÒA", "Cộng hòa xã hội chủ nghĩa Việt Nam")),
    ("ND30-HDR-01", "quoc_hieu_not_bold", _run("CỘNG HÒA", bold=False)),
    ("ND30-HDR-02", "tieu_ngu_en_dash", _text("Độc lập", "Độc lập – Tự do – Hạnh phúc")),
    ("ND30-HDR-02", "tieu_ngu_hyphen_no_space", _text("Độc lập", "Độc lập-Tự do-Hạnh phúc")),
    ("ND30-TTL-03", "vv_caps", _text("V/v", "V/V triển khai kế hoạch phòng, chống dịch bệnh mùa đông xuân")),
    ("ND30-TTL-03", "vv_bold", _run("V/v", bold=True)),
    ("ND30-PAGE-10", "body_left", _body(alignment=0)),
    ("ND30-PAGE-10", "body_no_indent", _body(first_line_indent=Mm(0))),
    ("ND30-PAGE-10", "body_indent_2cm", _body(first_line_indent=Mm(20))),
    ("ND30-RCP-02", "noi_nhan_not_italic", _run("Nơi nhận", italic=False)),
    ("ND30-RCP-02", "noi_nhan_14", _run("Nơi nhận", size=14)),
    ("ND30-RCP-13", "item_no_semicolon", _text("- Như trên", "- Như trên")),
    ("ND30-RCP-03", "items_13", _run("- Như trên", size=13)),
    ("ND30-RCP-14", "luu_missing_colon", _text("- Lưu", "- Lưu VT, VP.")),
    ("ND30-RCP-14", "luu_semicolon", _text("- Lưu", "- Lưu: VT, VP;")),
    ("ND30-SIG-01", "kt_no_dot", _text("KT. CHỦ TỊCH", "KT CHỦ TỊCH")),
    ("ND30-SIG-11", "kt_no_dot_form", _text("KT. CHỦ TỊCH", "KT CHỦ TỊCH")),
    ("ND30-SIG-04", "ts_title", _text("Nguyễn Thị", "TS. Nguyễn Thị Hồng Nhung")),
    ("ND30-PAGE-09", "page_number_footer", _page_number_to_footer),
    ("ND30-PAGE-09", "page_number_on_first_page", _section(different_first_page_header_footer=False)),
    ("ND30-PAGE-09", "page_number_11pt", _page_number_size),
]


def _mutate(data: bytes, fn) -> bytes:
    doc = Document(io.BytesIO(data))
    fn(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_base_is_clean(base):
    r = check_bytes(base)
    assert r.errors == [] and r.doc_type == "cong_van"


@pytest.mark.parametrize("rule,name,fn", MUTANTS, ids=[f"{r}:{n}" for r, n, _ in MUTANTS])
def test_mutant_reported_under_its_rule(base, rule, name, fn):
    report = check_bytes(_mutate(base, fn))
    assert rule in report.rules_found, sorted(report.rules_found)
    if rule != "ND30-SIG-04":       # academic titles are a warning in RULES.md
        assert any(f.rule == rule and f.severity == "error" for f in report.findings)


@pytest.mark.parametrize("rule,name,fn", MUTANTS, ids=[f"{r}:{n}" for r, n, _ in MUTANTS])
def test_mutant_fix_never_adds_findings(base, rule, name, fn):
    data = _mutate(base, fn)
    before = check_bytes(data)
    after = check_bytes(fix_bytes(data)[0])
    assert after.rules_found <= before.rules_found
    assert {(f.rule, f.message) for f in after.findings} & {(f.rule, f.message) for f in before.findings if f.fix} \
        == set()
