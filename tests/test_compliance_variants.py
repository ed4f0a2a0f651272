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
