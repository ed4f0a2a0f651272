"""Compliant variations a real office produces: none of them may yield an `error`."""
from __future__ import annotations

import pytest

from app.compliance import check_bytes
from tests.faults.build import L, body, cong_van_spec, render


def _sig_placeholder(s):
    s["signature"][3] = L("(Đã ký)", 14, italic=True)


def _kinh_gui_one_line(s):
    s["before_body"][1:] = [L("Kính gửi: Bộ Nội vụ.", 14, align="center")]
    s["noi_nhan"][2]["text"] = "- Giám đốc Sở (để báo cáo);"


def _indent_127_after_6(s):
    for b in s["body"]:
        b.update(first_line_mm=12.7, before=0, after=6)


def _line_115(s):
    for b in s["body"]:
        b.update(line=1.15)


def _cong_hoa_oa(s):
    s["right"][0]["text"] = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def _long_number(s):
    s["left"][3]["text"] = "Số: 3508/SNV-KGVX"


def _two_parent_lines(s):
    s["left"][0:1] = [L("ỦY BAN NHÂN DÂN", 12), L("TỈNH NAM ĐỊNH", 12)]


def _body_13pt(s):
    for b in s["body"]:
        b["size"] = 13


def _march_date(s):
    s["right"][3]["text"] = "Nam Định, ngày 15 tháng 3 năm 2025"


def _report_style_body(s):
    s["body"][0:0] = [L("I. TÌNH HÌNH THỰC HIỆN", 14, bold=True, align="both", first_line_mm=10, before=6)]
    s["body"].insert(2, body("a) Đối với cấp tỉnh: đã hoàn thành;"))
    s["body"].insert(3, body("b) Đối với cấp huyện: đang thực hiện."))


def _tm_kt(s):
    s["signature"][0:2] = [L("TM. ỦY BAN NHÂN DÂN", 14, bold=True), L("KT. CHỦ TỊCH", 14, bold=True),
                           L("PHÓ CHỦ TỊCH", 14, bold=True)]


def _head_signs(s):
    s["signature"][0:2] = [L("GIÁM ĐỐC", 14, bold=True)]


VARIANTS = [_sig_placeholder, _kinh_gui_one_line, _indent_127_after_6, _line_115, _cong_hoa_oa, _long_number,
            _two_parent_lines, _body_13pt, _march_date, _report_style_body, _tm_kt, _head_signs]


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.__name__.strip("_") for v in VARIANTS])
def test_compliant_variant_has_no_error(variant):
    s = cong_van_spec()
    variant(s)
    r = check_bytes(render(s))
    assert r.findings == [], [(f.rule, f.message, f.actual) for f in r.findings]   # not even a warning
    assert r.layout.signer is not None and r.layout.so is not None


def _tab_indented_body(s):
    """Body paragraphs indented with a leading TAB (default tab stop 1.27 cm) instead of w:ind."""
    for b in s["body"]:
        b.update(first_line_mm=0, text="\t" + b["text"])
    s["body"].insert(2, body("- Các đơn vị chủ động thực hiện;", first_line_mm=0))
    s["body"][2]["text"] = "\t" + s["body"][2]["text"]


def test_tab_indented_body_is_compliant():
    s = cong_van_spec()
    _tab_indented_body(s)
    r = check_bytes(render(s))
    assert r.findings == [], [(f.rule, f.message, f.actual) for f in r.findings]
    assert len(r.layout.body) == 5      # the dash item with a leading TAB stays in the body


def test_tab_indented_body_too_deep_is_reported():
    s = cong_van_spec()
    for b in s["body"]:
        b.update(first_line_mm=15, text="\t" + b["text"])      # 1.5 cm + a TAB → next default stop, 2.54 cm
    assert "ND30-PAGE-10" in check_bytes(render(s)).rules_found


def test_organ_found_without_a_number_line():
    s = cong_van_spec()
    s["left"][3]["text"] = "05/SNV-VP"           # "Số:" missing: HDR-05, but the organ is still there
    r = check_bytes(render(s))
    assert "ND30-HDR-05" in r.rules_found and "ND30-HDR-04" not in r.rules_found
    assert [p.stripped for p in r.layout.ban_hanh] == ["SỞ NỘI VỤ"]
