"""Every rule is exercised by a single-fault document; clean documents have no error."""
from __future__ import annotations

import pytest

from app.compliance import check_bytes
from app.nd30.rules import REGISTRY
from app.nd30.rules.capitals import NOT_EVALUATED as CAP_NOT_EVALUATED
from tests.faults import catalog  # noqa: F401  (registers the faults)
from tests.faults.build import FAULTS, cong_van_spec, fault_bytes, quyet_dinh_spec, render

# rules that can only be judged on images or on paper, or need language understanding
# (capitalisation of personal names, events…): they must say so, never pass silently
IMAGE_ONLY = {"ND30-PAGE-12", "ND30-SIG-03", "ND30-SEAL-01"} | set(CAP_NOT_EVALUATED)


@pytest.fixture(scope="module")
def clean_reports():
    return {"cong_van": check_bytes(render(cong_van_spec())), "quyet_dinh": check_bytes(render(quyet_dinh_spec()))}


@pytest.mark.parametrize("kind", ["cong_van", "quyet_dinh"])
def test_clean_documents_have_no_error(clean_reports, kind):
    r = clean_reports[kind]
    assert not [n for n in r.not_evaluated if "Lỗi nội bộ" in n["reason"]]
    assert r.regime == "administrative"
    assert r.doc_type == kind
    assert r.errors == [], [f.to_dict() for f in r.errors]
    # the clean documents are fully clean (no warnings either)
    assert [f.rule for f in r.findings] == []


@pytest.mark.parametrize("rule,name,base,fn", FAULTS, ids=[f"{r}:{n}" for r, n, _, _ in FAULTS])
def test_fault_is_reported_under_its_rule(rule, name, base, fn):
    report = check_bytes(fault_bytes(base, fn))
    assert not [n for n in report.not_evaluated if "Lỗi nội bộ" in n["reason"]]   # no rule crashed
    hits = [f for f in report.findings if f.rule == rule]
    assert hits, f"{rule} not reported for {name}; got {sorted(report.rules_found)}"
    f = hits[0]
    assert f.message and f.citation and f.location is not None
    assert f.severity in ("error", "warning", "info")


def test_every_rule_has_a_fault_or_is_image_only():
    covered = {r for r, *_ in FAULTS}
    assert set(REGISTRY) - covered == IMAGE_ONLY
    assert len(REGISTRY) >= 45


def test_image_only_rules_are_listed_not_evaluated(clean_reports):
    ne = {n["rule"]: n["reason"] for n in clean_reports["cong_van"].not_evaluated}
    for rid in IMAGE_ONLY:
        assert ne.get(rid), rid


def test_rules_carry_metadata():
    import re
    for r in REGISTRY.values():
        assert (r.check.__doc__ or "").strip(), r.id            # why, in the check's docstring
        assert r.citation and r.title and r.severity in ("error", "warning", "info")
        assert re.search(r"Nghị định|Luật|Thông tư|Hướng dẫn|Phụ lục", r.citation), r.id
        assert r.citation in r.doc
        assert re.fullmatch(r"ND30-[A-Z]+-\d{2}", r.id)


# The same công văn faults with the header laid out without a table: plain paragraphs, and
# Quốc hiệu / Tiêu ngữ / date inside a floating text box.
SPEC_FAULTS = [(r, n, b, fn) for r, n, b, fn in FAULTS if not getattr(fn, "post", None)]


@pytest.mark.parametrize("layout", ["paragraphs", "textbox", "tabs", "rows"])
def test_clean_cong_van_in_other_layouts(layout):
    s = cong_van_spec()
    s["layout"] = layout
    r = check_bytes(render(s))
    assert r.findings == [] and r.layout.quoc_hieu is not None and r.layout.ban_hanh
    assert r.layout.quoc_hieu.in_textbox == (layout == "textbox")
    assert (r.layout.quoc_hieu.cell is not None) == (layout in ("tabs", "rows"))   # tab lines: pseudo cells
    assert r.layout.signer is not None and len(r.layout.noi_nhan_items) == 3


@pytest.mark.parametrize("layout", ["paragraphs", "textbox", "tabs", "rows"])
def test_clean_quyet_dinh_in_other_layouts(layout):
    s = quyet_dinh_spec()
    s["layout"] = layout
    assert check_bytes(render(s)).findings == []


# faults that only exist in the table layout (paragraph alignment of a table cell line)
TABLE_ONLY = {"ND30-RCP-12:noi_nhan_centred"}


@pytest.mark.parametrize("layout", ["paragraphs", "textbox", "tabs", "rows"])
@pytest.mark.parametrize("rule,name,base,fn", SPEC_FAULTS, ids=[f"{r}:{n}" for r, n, _, _ in SPEC_FAULTS])
def test_fault_found_in_other_layouts(layout, rule, name, base, fn):
    from tests.faults.build import mutate
    if layout == "tabs" and f"{rule}:{name}" in TABLE_ONLY:
        pytest.skip("the tab layout has no separate paragraph for this line")
    s = mutate(base, fn)
    s["layout"] = layout
    assert rule in check_bytes(render(s)).rules_found


@pytest.mark.parametrize("how", ["shape", "border"])
def test_separators_drawn_as_lines_or_borders_are_measured(how):
    """A rule of the right length passes whether drawn as a line shape or a paragraph border."""
    from tests.faults.build import L
    s = cong_van_spec()
    if how == "shape":
        s["right"][2] = L("", 13, shape_mm=56)
        s["left"][2] = L("", 12, shape_mm=9)
    else:   # header cell is 100 mm wide: indent the border to ~56 mm
        s["right"][2] = L("", 13, border=True, left_mm=20, right_mm=20)
        s["left"][2] = L("", 12, border=True, left_mm=26, right_mm=26)
    r = check_bytes(render(s))
    assert r.findings == [], [(f.rule, f.message, f.actual) for f in r.findings]
    assert r.layout.tieu_ngu_sep is not None and r.layout.organ_sep is not None


def test_every_rule_id_is_a_rules_md_id():
    from pathlib import Path
    rules_md = (Path(__file__).resolve().parent.parent.parent / "shared" / "nd30" / "RULES.md").read_text(
        encoding="utf-8")
    missing = [rid for rid in REGISTRY if f"| {rid} |" not in rules_md]
    assert missing == []
