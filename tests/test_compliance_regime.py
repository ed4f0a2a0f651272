"""Regime detection: Decree 30 rules are not applied blindly to Party or legal normative documents."""
from __future__ import annotations

from app.compliance import check_bytes
from tests.faults.build import L, cong_van_spec, quyet_dinh_spec, render, sep


def party_spec():
    s = cong_van_spec()
    s["right"] = [L("ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True), sep(20, 15),
                  L("Nam Định, ngày 05 tháng 02 năm 2025", 14, italic=True)]
    s["left"] = [L("TỈNH ỦY NAM ĐỊNH", 14, bold=True), L("*", 14), L("Số 30-CT/TU", 14)]
    s["signature"] = [L("T/M BAN THƯỜNG VỤ", 14, bold=True), L("BÍ THƯ", 14, bold=True), L("", 14),
                      L("Trần Văn Bình", 14, bold=True)]
    s["noi_nhan"][-1]["text"] = "- Lưu Văn phòng Tỉnh ủy."
    return s


def test_party_document():
    r = check_bytes(render(party_spec()))
    assert r.regime == "party"
    assert r.errors == []
    ne = {n["rule"]: n["reason"] for n in r.not_evaluated}
    # the Party's own forms (T/M, "Số 30-CT/TU", no Quốc hiệu) are not reported as ND 30 faults
    for rid in ("ND30-HDR-01", "ND30-HDR-05", "ND30-SIG-01", "ND30-SIG-10", "ND30-RCP-14"):
        assert rid in ne and "Đảng" in ne[rid]
    assert r.applied == ["ND30-PAGE-01"]


def test_party_document_on_letter_paper_still_gets_the_paper_rule():
    s = party_spec()
    s["page"]["width"], s["page"]["height"] = 215.9, 279.4
    assert "ND30-PAGE-01" in check_bytes(render(s)).rules_found


def test_legal_normative_document():
    s = quyet_dinh_spec()
    s["left"][3]["text"] = "Số: 36/2018/QĐ-UBND"
    r = check_bytes(render(s))
    assert r.regime == "legal_normative" and "36/2018/QĐ-UBND" in r.notes[0]
    assert set(r.applied) == {"ND30-PAGE-01", "ND30-NUM-10"} and r.findings == []
    assert any(n["rule"] == "ND30-HDR-02" and "quy phạm" in n["reason"] for n in r.not_evaluated)


def test_administrative_document_with_party_signing_form_is_not_a_party_document():
    s = cong_van_spec()
    s["signature"][0]["text"] = "T/M ỦY BAN NHÂN DÂN"
    r = check_bytes(render(s))
    assert r.regime == "administrative" and {"ND30-SIG-01", "ND30-SIG-10"} <= r.rules_found


def test_forced_regime():
    r = check_bytes(render(party_spec()), regime="administrative")
    assert r.regime == "administrative" and "ND30-HDR-01" in r.rules_found
