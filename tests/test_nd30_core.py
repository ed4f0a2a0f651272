"""app.nd30: the decree's formatting rules as pure functions."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.nd30 import codes, dates, doc_types, layout, recipients, signing, text

SHARED = Path(__file__).resolve().parents[2] / "shared" / "nd30"


def codes_of(problems):
    return [p.code for p in problems]


# --- text -------------------------------------------------------------------------------------

def test_upper_organ_name():
    assert text.upper("Ủy ban nhân dân xã Tân Lập") == "ỦY BAN NHÂN DÂN XÃ TÂN LẬP"
    assert text.upper("Sở Tài chính  tỉnh Đắk Lắk") == "SỞ TÀI CHÍNH TỈNH ĐẮK LẮK"


def test_upper_is_nfc_from_decomposed_input():
    import unicodedata
    nfd = unicodedata.normalize("NFD", "Ủy ban nhân dân")
    out = text.upper(nfd)
    assert out == "ỦY BAN NHÂN DÂN" and unicodedata.is_normalized("NFC", out)


def test_clean_collapses_unicode_spaces():
    assert text.clean("  Trạm\u00a0Y  tế\u200b\txã ") == "Trạm Y tế xã"


@pytest.mark.parametrize("new,old", [("hoà", "hòa"), ("Thoả thuận", "Thỏa thuận"), ("uỷ ban", "ủy ban"),
                                     ("khoẻ", "khỏe"), ("CỘNG HOÀ", "CỘNG HÒA"), ("thuỷ lợi", "thủy lợi")])
def test_tone_placement_round_trip(new, old):
    assert text.old_style_tones(new) == old
    assert text.new_style_tones(old) == new


@pytest.mark.parametrize("word", ["quý", "hoàn thành", "khuya", "hoạch", "tuyên", "quyết"])
def test_tone_placement_leaves_other_syllables(word):
    assert text.old_style_tones(word) == word
    assert text.new_style_tones(word) == word


def test_fold_ignores_case_space_and_tone_placement():
    assert text.fold("Giấy  Uỷ quyền") == text.fold("giấy ủy quyền")
    assert text.fold("A") != text.fold("B")


# --- document types ---------------------------------------------------------------------------

def test_doc_types_carry_every_fact_of_the_shared_file():
    shared = json.loads((SHARED / "doc_types.json").read_text(encoding="utf-8"))
    ours = doc_types.all_types()
    assert len(ours) == len(shared) == 32
    for s, o in zip(shared, ours, strict=True):
        assert (o.name, o.abbr, o.kind) == (s["name"], s["abbr"], s["kind"])


@pytest.mark.parametrize("key,slug", [
    ("quyet_dinh", "quyet_dinh"), ("QĐ", "quyet_dinh"), ("Quyết định", "quyet_dinh"),
    ("QUYẾT ĐỊNH", "quyet_dinh"), ("quyết định (cá biệt)", "quyet_dinh"), ("Giấy uỷ quyền", "giay_uy_quyen"),
    ("GIẤY ỦY QUYỀN", "giay_uy_quyen"), ("Bản thoả thuận", "ban_thoa_thuan"), ("TrS", "ban_trich_sao"),
    ("SAO Y", "ban_sao_y"), ("công văn", "cong_van"), ("Tờ trình", "to_trinh"), ("CTr", "chuong_trinh"),
])
def test_lookup(key, slug):
    assert doc_types.get(key).slug == slug


def test_lookup_unknown_and_abbreviation_case_matters():
    assert doc_types.get("xyz") is None
    assert doc_types.by_abbr("TTR") is None and doc_types.by_abbr("TTr").slug == "to_trinh"


def test_titles_and_flags():
    assert doc_types.by_slug("quyet_dinh").title == "QUYẾT ĐỊNH"
    assert doc_types.by_slug("nghi_quyet").title == "NGHỊ QUYẾT"
    assert doc_types.by_slug("giay_moi").title == "GIẤY MỜI"
    cv = doc_types.by_slug("cong_van")
    assert cv.abbr is None and not cv.title_printed and cv.kinh_gui == "required"
    assert doc_types.by_slug("ban_trich_sao").title == "TRÍCH SAO"


# --- số / ký hiệu -----------------------------------------------------------------------------

@pytest.mark.parametrize("n,out", [(5, "05"), (1, "01"), (9, "09"), (10, "10"), (3508, "3508"), ("7", "07")])
def test_format_number(n, out):
    assert codes.format_number(n) == out


def test_format_number_rejects_zero():
    with pytest.raises(ValueError):
        codes.format_number(0)


def test_format_code():
    assert codes.format_code(5, "UBND-VP") == "05/UBND-VP"
    assert codes.format_code(36, "QĐ-UBND", year=2018) == "36/2018/QĐ-UBND"
    assert codes.format_code(12, " QĐ – UBND ") == "12/QĐ-UBND"
    assert codes.format_code_line(5, "UBND-VP") == "Số: 05/UBND-VP"


def test_notation_for():
    assert codes.notation_for("quyet_dinh", "UBND") == "QĐ-UBND"
    assert codes.notation_for("to_trinh", "UBND") == "TTr-UBND"
    assert codes.notation_for("cong_van", "UBND", "VP") == "UBND-VP"
    with pytest.raises(ValueError):
        codes.notation_for("cong_van", "UBND")
    with pytest.raises(ValueError):
        codes.notation_for("khong_co", "UBND")


@pytest.mark.parametrize("s,number,notation,regime,year", [
    ("Số: 3508/VP-KGVX", 3508, "VP-KGVX", "administrative", None),
    ("05/UBND-VP", 5, "UBND-VP", "administrative", None),
    ("Số: 12/QĐ-UBND", 12, "QĐ-UBND", "administrative", None),
    ("36/2018/QĐ-UBND", 36, "QĐ-UBND", "legal_normative", 2018),
    ("Số: 30/2020/NĐ-CP", 30, "NĐ-CP", "legal_normative", 2020),
    ("Số 30-CT/TU", 30, "CT/TU", "party", None),
    ("Số : 05 / UBND – VP", 5, "UBND-VP", "administrative", None),
])
def test_parse_code(s, number, notation, regime, year):
    c = codes.parse_code(s)
    assert (c.number, c.notation, c.regime, c.year) == (number, notation, regime, year)


def test_parse_code_text_and_type():
    c = codes.parse_code("Số: 5/QĐ-UBND")
    assert c.text == "05/QĐ-UBND" and c.type_abbr == "QĐ" and c.number_text == "5"
    assert codes.parse_code("05/UBND-VP").type_abbr is None
    assert codes.parse_code("không phải số") is None
    assert codes.parse_code("") is None


def test_check_code_correct_lines_have_no_problem():
    assert codes.check_code("Số: 05/UBND-VP", "cong_van", line=True) == []
    assert codes.check_code("Số: 12/QĐ-UBND", "quyet_dinh", line=True) == []
    assert codes.check_code("Số: 01/QyĐ-BNV", "quy_dinh", line=True) == []
    assert codes.check_code("Số: 3508/VP-KGVX", line=True) == []


@pytest.mark.parametrize("s,code,fix", [
    ("Số: 5/UBND-VP", "missing_leading_zero", "05"),
    ("Số: 010/QĐ-UBND", "extra_leading_zero", "10"),
    ("Số: 05/UBND – VP", "wrong_dash", None),
    ("Số: 05/UBND- VP", "spaces_inside", None),
    ("Số : 05/UBND-VP", "space_before_colon", None),
    ("Số 05/UBND-VP", "missing_colon", None),
    ("Số:05/UBND-VP", "no_space_after_colon", None),
    ("No. 05/UBND-VP", "wrong_prefix", None),
    ("Số: 05/GN-UBND", "old_abbreviation", "BGN"),
    ("Số: 05/UQ-UBND", "old_abbreviation", "GUQ"),
    ("Số: 05/QĐ-ubnd", "lowercase_notation", "UBND"),
    ("Số: 05/UBND", "short_notation", None),
    ("Số: xx", "unparseable_code", None),
    ("Số: 00/UBND-VP", "zero_number", None),
])
def test_check_code_finds(s, code, fix):
    found = {p.code: p for p in codes.check_code(s, line=True)}
    assert code in found, found
    assert found[code].message  # Vietnamese text for the user
    if fix:
        assert found[code].fix == fix


def test_check_code_type_mismatch():
    found = codes.check_code("12/TB-UBND", "quyet_dinh")
    assert codes_of(found) == ["type_mismatch"] and found[0].fix == "QĐ-UBND"
    assert codes_of(codes.check_code("12/QĐ-UBND", "cong_van")) == ["typed_notation_on_cong_van"]


def test_check_code_party_is_flagged_not_errored():
    found = codes.check_code("Số 30-CT/TU")
    assert codes_of(found) == ["party_format"] and found[0].severity == "warning"


# --- dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("d,out", [
    ("2025-02-05", "Tân Lập, ngày 05 tháng 02 năm 2025"),
    ("2020-01-05", "Tân Lập, ngày 05 tháng 01 năm 2020"),
    ("2019-06-29", "Tân Lập, ngày 29 tháng 6 năm 2019"),
    ("2018-09-05", "Tân Lập, ngày 05 tháng 9 năm 2018"),
    ("2024-12-10", "Tân Lập, ngày 10 tháng 12 năm 2024"),
    ("2024-11-01", "Tân Lập, ngày 01 tháng 11 năm 2024"),
])
def test_format_place_date(d, out):
    assert dates.format_place_date("Tân Lập", d) == out
    assert dates.format_place_date(" Tân Lập ", dt.date.fromisoformat(d)) == out


def test_format_place_date_blank_day():
    s = dates.format_place_date("Hà Nội", year=2025, month=2)
    assert s.startswith("Hà Nội, ngày ") and s.endswith("tháng 02 năm 2025")
    p = dates.parse_place_date(s)
    assert (p.place, p.year, p.month, p.day, p.date) == ("Hà Nội", 2025, 2, None, None)


def test_parse_place_date():
    p = dates.parse_place_date("Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019")
    assert p.place == "Thành phố Hồ Chí Minh" and p.date == dt.date(2019, 6, 29)
    p = dates.parse_place_date("Hà Nội, ngày … tháng … năm 2025")
    assert (p.year, p.month, p.day) == (2025, None, None)
    assert dates.parse_place_date("Hà Nội 05/02/2025") is None


def test_check_place_date_ok():
    assert dates.check_place_date("Tân Lập, ngày 05 tháng 02 năm 2025") == []
    assert dates.check_place_date("Hà Nội, ngày 05 tháng 3 năm 2020") == []


@pytest.mark.parametrize("line,code,severity", [
    ("Tân Lập, ngày 5 tháng 02 năm 2025", "day_missing_zero", "error"),
    ("Tân Lập, ngày 05 tháng 2 năm 2025", "month_missing_zero", "error"),
    ("Tân Lập, ngày 05 tháng 1 năm 2025", "month_missing_zero", "error"),
    ("Hà Nội, ngày 05 tháng 03 năm 2020", "month_extra_zero", "warning"),
    ("Hà Nội ngày 05 tháng 3 năm 2020", "missing_comma", "error"),
    ("hà nội, ngày 05 tháng 3 năm 2020", "place_case", "error"),
    ("Hà Nội, ngày 30 tháng 02 năm 2020", "invalid_date", "error"),
    ("Hà Nội, 05/02/2025", "numeric_date", "error"),
    ("Hà Nội, ngày 05 tháng 3 năm 20", "short_year", "error"),
    ("Hà Nội, ngày … tháng 02 năm 2025", "blank_day", "info"),
])
def test_check_place_date_finds(line, code, severity):
    found = {p.code: p for p in dates.check_place_date(line)}
    assert code in found and found[code].severity == severity


# --- signing ----------------------------------------------------------------------------------

def test_authority_kt():
    b = signing.signature_block("KT.", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thị Hồng Nhung")
    assert b.lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] and b.full_name == "Nguyễn Thị Hồng Nhung"


def test_authority_own_name_and_caps():
    assert signing.authority_lines(None, None, "Chủ tịch") == ["CHỦ TỊCH"]
    assert signing.authority_lines(None, "CHỦ TỊCH", "CHỦ TỊCH") == ["CHỦ TỊCH"]
    assert signing.authority_lines("kt", "chủ tịch", "phó chủ tịch") == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


@pytest.mark.parametrize("comp,behalf,pos,lines", [
    ("TM.", "Ủy ban nhân dân", "Chủ tịch", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    ("TL.", "BỘ TRƯỞNG", "VỤ TRƯỞNG VỤ PHÁP CHẾ", ["TL. BỘ TRƯỞNG", "VỤ TRƯỞNG VỤ PHÁP CHẾ"]),
    ("TUQ.", "CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ", ["TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ"]),
    ("Q.", None, "CỤC TRƯỞNG", ["Q. CỤC TRƯỞNG"]),
    (["TM.", "KT."], ["ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "PHÓ CHỦ TỊCH",
     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
])
def test_authority_forms(comp, behalf, pos, lines):
    assert signing.authority_lines(comp, behalf, pos) == lines


def test_authority_errors():
    with pytest.raises(ValueError):
        signing.authority_lines("XYZ", "CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    with pytest.raises(ValueError):
        signing.authority_lines("KT.", None, "PHÓ CHỦ TỊCH")
    with pytest.raises(ValueError):
        signing.authority_lines(None, None, None)
    with pytest.raises(ValueError):
        signing.signature_block("KT.", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "  ")


def test_parse_authority_line():
    assert signing.parse_authority_line("KT. CHỦ TỊCH") == ("KT.", "CHỦ TỊCH")
    assert signing.parse_authority_line("TM. ỦY BAN NHÂN DÂN") == ("TM.", "ỦY BAN NHÂN DÂN")
    assert signing.parse_authority_line("KT CHỦ TỊCH") is None
    assert signing.parse_authority_line("PHÓ CHỦ TỊCH") is None


@pytest.mark.parametrize("line,fix", [
    ("KT CHỦ TỊCH", "KT. CHỦ TỊCH"), ("K.T CHỦ TỊCH", "KT. CHỦ TỊCH"), ("K.T. CHỦ TỊCH", "KT. CHỦ TỊCH"),
    ("T/M ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN"), ("K/T CHỦ TỊCH", "KT. CHỦ TỊCH"),
    ("TM.ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN"),
])
def test_check_authority_line_rejects_non_decree_forms(line, fix):
    found = signing.check_authority_line(line)
    assert codes_of(found) == ["wrong_authority_form"] and found[0].fix == fix


def test_check_authority_line_ok_and_case():
    assert signing.check_authority_line("KT. CHỦ TỊCH") == []
    assert signing.check_authority_line("PHÓ CHỦ TỊCH") == []
    assert codes_of(signing.check_authority_line("Kt. chủ tịch")) == ["authority_case"]


def test_check_signer_name():
    assert signing.check_signer_name("Nguyễn Thị Hồng Nhung") == []
    assert codes_of(signing.check_signer_name("TS. Nguyễn Văn A")) == ["academic_title"]
    assert codes_of(signing.check_signer_name("NGUYỄN VĂN A")) == ["name_all_caps"]


# --- recipients -------------------------------------------------------------------------------

def test_kinh_gui_one_and_many():
    assert recipients.kinh_gui_lines(["Trạm Y tế xã Tân Lập"]) == ["Kính gửi: Trạm Y tế xã Tân Lập."]
    assert recipients.kinh_gui_lines("Bộ Nội vụ;") == ["Kính gửi: Bộ Nội vụ."]
    assert recipients.kinh_gui_lines(["- Sở Y tế;", "Sở Tài chính", "Sở Nội vụ."]) == [
        "Kính gửi:", "- Sở Y tế;", "- Sở Tài chính;", "- Sở Nội vụ."]
    with pytest.raises(ValueError):
        recipients.kinh_gui_lines([" "])


def test_noi_nhan_issue_example():
    lines = recipients.noi_nhan_lines(["Như trên", "Chủ tịch, các Phó Chủ tịch UBND xã"], "VP")
    assert lines == ["- Như trên;", "- Chủ tịch, các Phó Chủ tịch UBND xã;", "- Lưu: VT, VP."]


def test_noi_nhan_adds_nhu_tren_once_and_takes_typed_luu():
    lines = recipients.noi_nhan_lines(["Chủ tịch UBND xã;", "như trên", "Lưu: VT, VP."], None, nhu_tren=True)
    assert lines == ["- Như trên;", "- Chủ tịch UBND xã;", "- Lưu: VT, VP."]


def test_archive_line_variants():
    assert recipients.archive_line(None) == "- Lưu: VT."
    assert recipients.archive_line("VP") == "- Lưu: VT, VP."
    assert recipients.archive_line(["VT", "TCCB"], copies=2) == "- Lưu: VT, TCCB (2)."
    assert recipients.archive_line("HC", drafter="pl", issued=300) == "- Lưu: VT, HC. PL.(300)"


def test_check_noi_nhan():
    assert recipients.check_noi_nhan(["- Như trên;", "- Lưu: VT, VP."], has_kinh_gui=True) == []
    assert recipients.check_noi_nhan(["- Lưu: VT, HC (2)."]) == []
    assert recipients.check_noi_nhan(["- Như Điều 3;", "- Lưu: VT, HC. PL.(300)"]) == []
    found = {p.code: p for p in recipients.check_noi_nhan(["- Như trên", "Chủ tịch;", "- Lưu VT, VP"])}
    assert {"item_semicolon", "item_dash", "luu_format"} <= set(found)
    assert found["luu_format"].fix == "- Lưu: VT, VP."
    assert "missing_luu" in codes_of(recipients.check_noi_nhan(["- Sở Y tế."]))
    assert "missing_nhu_tren" in codes_of(recipients.check_noi_nhan(["- Sở Y tế;", "- Lưu: VT."], has_kinh_gui=True))
    assert codes_of(recipients.check_noi_nhan([])) == ["empty_noi_nhan"]


def test_check_kinh_gui():
    assert recipients.check_kinh_gui(["Kính gửi: Bộ Nội vụ."]) == []
    assert recipients.check_kinh_gui(["Kính gửi:", "- A;", "- B."]) == []
    assert codes_of(recipients.check_kinh_gui(["Kính gửi: Bộ Nội vụ"])) == ["kinh_gui_period"]
    assert codes_of(recipients.check_kinh_gui(["Kính gửi:", "- A;", "- B"])) == ["kinh_gui_punct"]
    assert codes_of(recipients.check_kinh_gui(["Kính gửi:", "A;", "- B."])) == ["kinh_gui_dash"]


# --- layout -----------------------------------------------------------------------------------

def test_layout_units():
    p = layout.page_setup_twips()
    assert abs(p["width"] - 11906) <= 2 and abs(p["height"] - 16838) <= 2
    assert (p["top"], p["bottom"], p["left"], p["right"]) == (1134, 1134, 1701, 850)
    assert layout.first_line_indent_twips() == 567
    assert layout.size_range_half_points("so_ky_hieu") == (26, 26)
    assert layout.size_range_half_points("noi_nhan_item") == (22, 22)
    assert layout.component("noi_nhan_label")["bold"] and layout.component("noi_nhan_label")["italic"]


def test_layout_defaults_are_within_the_decree():
    data = layout.layout()
    for name, spec in data["components"].items():
        lo, hi = spec["size_pt"]["allowed"]
        assert lo <= spec["size_pt"]["default"] <= hi, name
    for side, spec in data["page"]["margin_mm"].items():
        lo, hi = spec["allowed"]
        assert lo <= spec["default"] <= hi, side


# --- properties -------------------------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_abbr = st.from_regex(r"[A-ZĐ][A-Z0-9Đ]{0,5}", fullmatch=True)


@given(st.integers(min_value=1, max_value=99999), _abbr, _abbr)
def test_code_round_trip(n, organ, unit):
    notation = f"{organ}-{unit}"
    line = codes.format_code_line(n, notation)
    c = codes.parse_code(line)
    assert (c.number, c.notation, c.regime) == (n, notation, "administrative")
    assert [p for p in codes.check_code(line, line=True) if p.severity == "error"] == []


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_place_date_round_trip(d):
    line = dates.format_place_date("Tân Lập", d)
    assert dates.check_place_date(line) == []
    assert dates.parse_place_date(line).date == d


@given(st.lists(st.text(alphabet="abcdeghiklmnoprstuvxyđâêôơưáàảãạ ,", min_size=1, max_size=20)
                .filter(lambda s: s.strip(" ,")), min_size=1, max_size=6))
def test_recipient_lines_always_check_clean(items):
    lines = recipients.noi_nhan_lines(items, "VP", nhu_tren=True)
    assert recipients.check_noi_nhan(lines, has_kinh_gui=True) == []
    kg = recipients.kinh_gui_lines(items)
    assert recipients.check_kinh_gui(kg) == []


def test_blank_number_of_a_draft_is_a_warning_not_an_error():
    """'Số:     /UBND-VP' is a draft waiting for its number (Art. 15(2)): warned, not refused."""
    problems = codes.check_code("Số:      /UBND-VP", "cong_van", line=True)
    assert [(p.code, p.severity) for p in problems] == [("blank_number", "warning")]


@pytest.mark.parametrize("line,ok", [
    ("Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019", True),   # the decree's own example
    ("Thị xã Sơn Tây, ngày 05 tháng 3 năm 2020", True),
    ("Lạng sơn, ngày 05 tháng 9 năm 2018", False),
])
def test_place_names_keep_the_generic_noun_lowercase(line, ok):
    assert (dates.check_place_date(line) == []) is ok


@pytest.mark.parametrize("line,ok", [
    ("- Lưu: VT, Hồ sơ.", True),        # biên bản, Mẫu 1.9
    ("- Lưu: VT, CS (2b).", True),
    ("- Lưu: VT, TCCB. PL.(300)", True),
    ("- Lưu VT, VP.", False),
    ("- Lưu: VT, VP", False),
])
def test_luu_line_forms(line, ok):
    problems = recipients.check_noi_nhan(["- Như trên;", line])
    assert (not [p for p in problems if p.rule == "ND30-RCP-14"]) is ok


@pytest.mark.parametrize("name,title", [
    ("TS Nguyễn Văn A", "TS"), ("PGS.TS. Trần Văn B", "PGS.TS."), ("Tiến sĩ Lê Thị C", "Tiến sĩ"),
    ("Nguyễn Văn Tsu", None), ("Tsang Văn D", None),
])
def test_academic_titles_before_the_signer_name(name, title):
    problems = [p for p in signing.check_signer_name(name) if p.code == "academic_title"]
    assert (problems[0].message.split("“")[1].split("”")[0] if problems else None) == title
