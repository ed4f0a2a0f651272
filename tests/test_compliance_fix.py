"""Auto-fix: a new .docx where the fixed findings are gone and nothing new appears."""
from __future__ import annotations

import io
import zipfile

import pytest

from app.compliance import check_bytes
from app.compliance.fix import SignedDocument, fix_bytes
from app.compliance.wordml import read_model
from tests.faults import catalog  # noqa: F401
from tests.faults.build import FAULTS, cong_van_spec, fault_bytes, render


@pytest.mark.parametrize("rule,name,base,fn", FAULTS, ids=[f"{r}:{n}" for r, n, _, _ in FAULTS])
def test_fix_removes_fixable_findings_and_adds_none(rule, name, base, fn):
    """Every fault: what can be fixed is gone after the fix, and nothing new appears. Faults the
    checker cannot fix (missing content, wording it cannot invent) must come through unharmed."""
    data = fault_bytes(base, fn)
    before = check_bytes(data)
    fixable = {(f.rule, f.message) for f in before.findings if f.fix}
    original = bytes(data)
    fixed, report, n = fix_bytes(data)
    assert data == original                      # input untouched
    assert report.rules_found == before.rules_found
    assert (n >= 1) == bool(fixable)
    after = check_bytes(fixed)
    left = {(f.rule, f.message) for f in after.findings} & fixable
    assert not left, left
    assert after.rules_found <= before.rules_found, after.rules_found - before.rules_found


def test_fix_of_clean_document_changes_nothing_visible():
    data = render(cong_van_spec())
    fixed, report, n = fix_bytes(data)
    assert n == 0
    assert check_bytes(fixed).findings == []


def test_fix_writes_real_values():
    """Margins and sizes in the fixed XML are the decree's numbers, not just 'no finding'."""
    data = fault_bytes("cong_van", dict((f"{r}:{n}", fn) for r, n, _, fn in FAULTS)["ND30-PAGE-05:left_margin_20mm"])
    fixed, _, _ = fix_bytes(data)
    m = read_model(fixed)
    assert m.sections[0].left == 1701
    data = fault_bytes("cong_van", dict((f"{r}:{n}", fn) for r, n, _, fn in FAULTS)["ND30-PAGE-09:footer_page_number"])
    m = read_model(fix_bytes(data)[0])
    s = m.sections[0]
    assert s.title_page and s.headers["default"].has_page_field
    assert not any(hf.has_page_field for hf in s.footers.values())
    p = next(p for p in s.headers["default"].paragraphs if "PAGE" in p.fields)
    assert p.align == "center" and {r.fmt.size for r in p.runs} == {14.0}


def _signed(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i in src.infolist():
            z.writestr(i, src.read(i.filename))
        z.writestr("_xmlsignatures/sig1.xml", "<Signature xmlns='http://www.w3.org/2000/09/xmldsig#'/>")
    return out.getvalue()


def test_signed_document_is_checked_but_never_modified():
    data = _signed(fault_bytes("cong_van", FAULTS[2][3]))
    report = check_bytes(data)
    assert report.signed and report.findings
    with pytest.raises(SignedDocument) as e:
        fix_bytes(data)
    assert "ký số" in e.value.message and e.value.status == 409


def test_every_rule_marked_fixable_has_a_fault_it_fixes():
    """A rule registered as fixable must really attach a fix on at least one of its faults."""
    from app.nd30.rules import REGISTRY
    fixed = set()
    for rule, _name, base, fn in FAULTS:
        if rule in fixed or not REGISTRY[rule].fixable:
            continue
        if any(f.rule == rule and f.fix for f in check_bytes(fault_bytes(base, fn)).findings):
            fixed.add(rule)
    # these carry a fix only for some of their faults, which the corpus does not exercise
    assert {r for r, x in REGISTRY.items() if x.fixable} - fixed == set()


TAB_FAULTS = [(r, n, b, fn) for r, n, b, fn in FAULTS if not getattr(fn, "post", None)]


@pytest.mark.parametrize("rule,name,base,fn", TAB_FAULTS, ids=[f"{r}:{n}" for r, n, _, _ in TAB_FAULTS])
def test_fix_in_tab_layout(rule, name, base, fn):
    """Header and closing typed with TAB stops: the virtual columns are fixed in place."""
    from tests.faults.build import mutate
    s = mutate(base, fn)
    s["layout"] = "tabs"
    data = render(s)
    before = check_bytes(data)
    fixable = {(f.rule, f.message) for f in before.findings if f.fix}
    after = check_bytes(fix_bytes(data)[0])
    assert not {(f.rule, f.message) for f in after.findings} & fixable
    assert after.rules_found <= before.rules_found
