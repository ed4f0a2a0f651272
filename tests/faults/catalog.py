"""The single-fault catalogue: (RULES.md id, name, base document, mutation)."""
from __future__ import annotations

import re

from .build import (
    L,
    _body_set,
    _chain,
    _page_set,
    _pn_set,
    _replace_line,
    _set,
    _set_text,
    add,
    find,
    sep,
    xml_edit,
)


def post(fn):
    """A fault applied to the rendered package (XML edit) instead of the spec."""
    def spec_noop(s):
        return None
    spec_noop.post = fn
    return spec_noop


def _insert_before_body(lines):
    def f(s):
        s["before_body"][0:0] = lines
    return f


def _body_append(line):
    return lambda s: s["body"].insert(1, line)


CV, QD = "cong_van", "quyet_dinh"

# §1 page
add("ND30-PAGE-01", "letter_paper", _page_set(width=215.9, height=279.4))
add("ND30-PAGE-02", "landscape", _page_set(orient="landscape"))
add("ND30-PAGE-03", "top_margin_10mm", _page_set(top=10))
add("ND30-PAGE-04", "bottom_margin_30mm", _page_set(bottom=30))
add("ND30-PAGE-05", "left_margin_20mm", _page_set(left=20))
add("ND30-PAGE-06", "right_margin_25mm", _page_set(right=25))
add("ND30-PAGE-07", "arial_font", lambda s: s.update(font="Arial"))
add("ND30-PAGE-07", "vntime_font", lambda s: s.update(font=".VnTime"))
add("ND30-PAGE-07", "red_text", _body_set(1, color="FF0000"))
# text typed in the legacy TCVN3 (ABC) encoding shown with a .VnTime font: á à ả ã ạ → ¸ µ ¶ · ¹
_TCVN3 = str.maketrans({"á": "¸", "à": "µ", "ả": "¶", "ã": "·", "ạ": "¹", "ơ": "¬", "ư": "\u00ad", "đ": "®"})
add("ND30-PAGE-07", "tcvn3_encoded_text", lambda s: s["body"][1].update(
    text=s["body"][1]["text"].translate(_TCVN3), font=".VnTime"))
add("ND30-PAGE-08", "body_16pt", _body_set(2, size=16))
add("ND30-PAGE-09", "footer_page_number", _pn_set(where="footer"))
add("ND30-PAGE-09", "first_page_number", _pn_set(first_page=True))
add("ND30-PAGE-09", "page_number_11pt", _pn_set(size=11))
add("ND30-PAGE-09", "page_number_bold", _pn_set(bold=True))
add("ND30-PAGE-09", "page_number_right", _pn_set(align="right"))
add("ND30-PAGE-09", "page_number_roman", _pn_set(fmt="upperRoman"))
add("ND30-PAGE-09", "no_page_number", lambda s: s.update(page_number=None))
add("ND30-PAGE-10", "body_left_aligned", _body_set(1, align="left"))
add("ND30-PAGE-10", "body_no_indent", _body_set(2, first_line_mm=0))
add("ND30-PAGE-10", "body_no_spacing", lambda s: [b.update(before=0) for b in s["body"]])
add("ND30-PAGE-10", "body_double_spacing", _body_set(1, line=2.0))
add("ND30-PAGE-11", "appendix_continues_numbering", lambda s: s["appendix"].update(restart=False), QD)
# §2.2 header
add("ND30-HDR-01", "quoc_hieu_lowercase", _set("quoc_hieu", text="Cộng hòa xã hội chủ nghĩa Việt Nam"))
add("ND30-HDR-01", "quoc_hieu_14pt", _set("quoc_hieu", size=14))
add("ND30-HDR-01", "quoc_hieu_not_bold", _set("quoc_hieu", bold=False))
add("ND30-HDR-01", "quoc_hieu_missing", lambda s: s["right"].pop(0))
add("ND30-HDR-02", "tieu_ngu_en_dash", _set("tieu_ngu", text="Độc lập – Tự do – Hạnh phúc"))
add("ND30-HDR-02", "tieu_ngu_no_spaces", _set("tieu_ngu", text="Độc lập-Tự do-Hạnh phúc"))
add("ND30-HDR-02", "tieu_ngu_not_bold", _set("tieu_ngu", bold=False))
add("ND30-HDR-02", "tieu_ngu_12pt", _set("tieu_ngu", size=12))
add("ND30-HDR-02", "tieu_ngu_short_line", lambda s: s["right"].__setitem__(2, sep(8, 13)))
add("ND30-HDR-02", "tieu_ngu_line_shape_short", lambda s: s["right"].__setitem__(2, L("", 13, shape_mm=20)))
add("ND30-HDR-02", "tieu_ngu_border_too_wide", lambda s: s["right"].__setitem__(2, L("", 13, border=True)))
add("ND30-HDR-04", "organ_line_shape_long", lambda s: s["left"].__setitem__(2, L("", 12, shape_mm=40)))
add("ND30-HDR-03", "chu_quan_bold", _set("chu_quan", bold=True, text="ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH"))
add("ND30-HDR-03", "chu_quan_lowercase", _set("chu_quan", text="Ủy ban nhân dân tỉnh Nam Định"))
add("ND30-HDR-04", "ban_hanh_not_bold", _chain(_set("ban_hanh", bold=False), _set("chu_quan", bold=False)))
add("ND30-HDR-04", "ban_hanh_lowercase", _set("ban_hanh", text="Sở Nội vụ"))
add("ND30-HDR-04", "ban_hanh_long_line", lambda s: s["left"].__setitem__(2, sep(16, 12)))
add("ND30-HDR-05", "so_14pt", _set("so", size=14))
add("ND30-HDR-05", "so_bold", _set("so", bold=True))
add("ND30-HDR-05", "so_no_colon", _set("so", text="Số 05/SNV-VP"))
add("ND30-HDR-05", "so_leading_zero", _set("so", text="Số: 5/SNV-VP"))
add("ND30-HDR-06", "date_not_italic", _set("date", italic=False))
add("ND30-HDR-06", "date_12pt", _set("date", size=12))
# §3 numbering
add("ND30-NUM-04", "number_without_zero", _set("so", text="Số: 5/SNV-VP"))
add("ND30-NUM-04", "number_extra_zero", _set("so", text="Số: 015/SNV-VP"))
add("ND30-NUM-05", "old_type_abbreviation", _set("so", text="Số: 12/QD-SNV"), QD)
add("ND30-NUM-05", "wrong_type_abbreviation", _set("so", text="Số: 12/CT-SNV"), QD)
add("ND30-NUM-06", "cong_van_with_type", _set("so", text="Số: 05/QĐ-SNV"))
add("ND30-NUM-08", "en_dash_in_symbol", _set("so", text="Số: 05/SNV–VP"))
add("ND30-NUM-08", "spaces_in_symbol", _set("so", text="Số: 05 / SNV-VP"))
add("ND30-NUM-09", "copy_with_TS", lambda s: s["body"].extend([
    L("SAO Y", 14, bold=True), L("Số: 07/TS-SNV", 13)]))
# §4 date
add("ND30-DATE-01", "numeric_date", _set("date", text="Nam Định, 05/02/2025"))
add("ND30-DATE-01", "impossible_date", _set("date", text="Nam Định, ngày 30 tháng 02 năm 2025"))
add("ND30-DATE-02", "day_without_zero", _set("date", text="Nam Định, ngày 5 tháng 02 năm 2025"))
add("ND30-DATE-02", "month_without_zero", _set("date", text="Nam Định, ngày 05 tháng 2 năm 2025"))
add("ND30-DATE-03", "no_comma", _set("date", text="Nam Định ngày 05 tháng 02 năm 2025"))
add("ND30-DATE-03", "place_lowercase", _set("date", text="nam Định, ngày 05 tháng 02 năm 2025"))
add("ND30-DATE-04", "date_upright", _set("date", italic=False))
add("ND30-DATE-05", "abbreviated_place", _set("date", text="TP. Nam Định, ngày 05 tháng 02 năm 2025"))
add("ND30-DATE-06", "blank_day", _set("date", text="Nam Định, ngày      tháng 02 năm 2025"))
# §2.2 title
add("ND30-TTL-01", "ten_loai_lowercase", _set("ten_loai", text="Quyết định"), QD)
add("ND30-TTL-01", "ten_loai_not_bold", _set("ten_loai", bold=False), QD)
add("ND30-TTL-01", "ten_loai_left", _set("ten_loai", align="left"), QD)
add("ND30-TTL-02", "trich_yeu_not_bold", _set("trich_yeu", bold=False), QD)
add("ND30-TTL-02", "trich_yeu_no_line", lambda s: s["before_body"].pop(3), QD)
add("ND30-TTL-03", "vv_uppercase", _set("vv", text="V/V hướng dẫn lập hồ sơ điện tử năm 2025"))
add("ND30-TTL-03", "vv_ve_viec", _set("vv", text="Về việc hướng dẫn lập hồ sơ điện tử năm 2025"))
add("ND30-TTL-03", "vv_bold", _set("vv", bold=True))
add("ND30-TTL-03", "vv_14pt", _set("vv", size=14))
add("ND30-TTL-03", "vv_missing", lambda s: s["left"].pop())
# §6 recipients
add("ND30-RCP-01", "kinh_gui_no_colon", _set("kinh_gui", text="Kính gửi"))
add("ND30-RCP-01", "kinh_gui_bold", _set("kinh_gui", bold=True))
add("ND30-RCP-16", "kinh_gui_last_semicolon", _set_text("- Các sở", text="- Các sở, ban, ngành thuộc tỉnh;"))
add("ND30-RCP-16", "kinh_gui_no_dash", _set_text("- Ủy ban", text="Ủy ban nhân dân các huyện, thành phố;"))
add("ND30-RCP-02", "noi_nhan_not_italic", _set("noi_nhan", italic=False))
add("ND30-RCP-02", "noi_nhan_13pt", _set("noi_nhan", size=13))
add("ND30-RCP-02", "noi_nhan_no_colon", _set("noi_nhan", text="Nơi nhận"))
add("ND30-RCP-12", "noi_nhan_centred", _set("noi_nhan", align="center"))
add("ND30-RCP-03", "items_12pt", lambda s: [x.update(size=12) for x in s["noi_nhan"][1:]])
add("ND30-RCP-03", "items_italic", lambda s: [x.update(italic=True) for x in s["noi_nhan"][1:]])
add("ND30-RCP-10", "no_nhu_tren", lambda s: s["noi_nhan"].pop(1))
add("ND30-RCP-11", "kinh_gui_on_decision", _insert_before_body([]) if False else
    (lambda s: s["before_body"].insert(5, L("Kính gửi: Ủy ban nhân dân tỉnh.", 14, align="left"))), QD)
add("ND30-RCP-13", "item_without_semicolon", _set_text("- Giám đốc", text="- Giám đốc Sở (để báo cáo)"))
add("ND30-RCP-13", "item_with_plus", _set_text("- Giám đốc", text="+ Giám đốc Sở (để báo cáo);"))
add("ND30-RCP-14", "no_luu_line", lambda s: s["noi_nhan"].pop())
add("ND30-RCP-14", "luu_no_colon", _set_text("- Lưu", text="- Lưu VT, VP."))
add("ND30-RCP-14", "luu_semicolon", _set_text("- Lưu", text="- Lưu: VT, VP;"))
add("ND30-RCP-14", "luu_without_unit", _set_text("- Lưu", text="- Lưu: VT."))
add("ND30-RCP-14", "luu_van_thu", _set_text("- Lưu", text="- Lưu: Văn thư, VP."))
add("ND30-CNT-10", "cong_van_without_kinh_gui", lambda s: [s["before_body"].pop() for _ in range(3)])
add("ND30-DRAFT-01", "drafter_lowercase", _set_text("- Lưu", text="- Lưu: VT, VP. nva(05)."))
# §2.2 body
add("ND30-BODY-01", "body_12pt", lambda s: [b.update(size=12) for b in s["body"]])
add("ND30-BODY-01", "body_italic", _body_set(1, italic=True))
add("ND30-BODY-02", "can_cu_upright", lambda s: [x.update(italic=False) for x in s["before_body"]
                                                  if x["text"].startswith(("Căn cứ", "Theo đề nghị"))], QD)
add("ND30-BODY-02", "can_cu_last_semicolon", _set_text("Theo đề nghị", text="Theo đề nghị của Chánh Văn phòng Sở;"),
    QD)
add("ND30-CNT-03", "can_cu_no_semicolon", _set_text("Căn cứ Luật",
    text="Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"), QD)
add("ND30-CNT-01", "can_cu_without_date", _set_text("Căn cứ Nghị định",
    text="Căn cứ Nghị định số 30/2020/NĐ-CP của Chính phủ về công tác văn thư;"), QD)
add("ND30-CNT-02", "citation_without_date", _body_set(0, text="Thực hiện Công văn số 1234/BNV-VTLTNN của Bộ Nội vụ, "
    "Sở Nội vụ đề nghị các cơ quan, đơn vị thực hiện một số nội dung sau:"))
add("ND30-BODY-03", "chapter_arabic", _set_text("Chương I", text="Chương 1"), QD)
add("ND30-BODY-03", "chapter_caps", _set_text("Chương I", text="CHƯƠNG I"), QD)
add("ND30-BODY-04", "chapter_title_lowercase", _set_text("QUY ĐỊNH CHUNG", text="Quy định chung"), QD)
add("ND30-BODY-05", "muc_roman", _set_text("Mục 1", text="Mục I"), QD)
add("ND30-BODY-05", "muc_not_bold", _set_text("Mục 1", bold=False), QD)
add("ND30-BODY-06", "muc_title_not_bold", _set_text("PHẠM VI", bold=False), QD)
add("ND30-BODY-07", "dieu_colon", _set_text("Điều 2.", text="Điều 2: Hiệu lực thi hành",
    runs=[("Điều 2: Hiệu lực thi hành", True)]), QD)
add("ND30-BODY-07", "dieu_not_bold", _set_text("Điều 3.", runs=None), QD)
add("ND30-CNT-04", "dieu_without_title", _set_text("Điều 3.", text="Điều 3.", runs=[("Điều 3.", True)]), QD)
add("ND30-CNT-05", "dieu_gap", _set_text("Điều 3.", text="Điều 4. Trách nhiệm thi hành",
    runs=[("Điều 4. Trách nhiệm thi hành", True)]), QD)
add("ND30-BODY-08", "khoan_parenthesis", _body_set(1, text="1) Rà soát danh mục hồ sơ năm 2025 của cơ quan, đơn vị."))
add("ND30-BODY-09", "diem_skips_letter", _set_text("b) Quy định", text="c) Quy định về sổ đăng ký văn bản năm 2021."),
    QD)
add("ND30-BODY-09", "diem_f", _set_text("b) Quy định", text="f) Quy định về sổ đăng ký văn bản năm 2021."), QD)
add("ND30-BODY-10", "roman_heading_lowercase", _body_append(
    L("I. Tình hình thực hiện", 14, bold=True, align="both", first_line_mm=10, before=6)))
add("ND30-BODY-11", "no_end_mark", _body_set(3, text="3. Báo cáo kết quả thực hiện về Sở Nội vụ trước ngày "
    "30 tháng 6 năm 2025 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh."))
# §8 capitalisation
add("ND30-CAP-01", "paragraph_lowercase", _body_set(2, text="bố trí công chức làm công tác văn thư tham gia tập huấn."))
add("ND30-CAP-05", "tinh_capitalised", _body_set(1, text="1. Rà soát danh mục hồ sơ của các cơ quan tại Tỉnh Nam "
    "Định; cập nhật vào Hệ thống."))
add("ND30-CAP-07", "thu_do_lowercase", _body_set(1, text="1. Báo cáo kết quả rà soát của các cơ quan tại thủ đô Hà "
    "Nội."))
add("ND30-CAP-11", "uy_ban_title_case", _body_set(1, text="1. Báo cáo Ủy Ban Nhân Dân tỉnh kết quả rà soát."))
add("ND30-CAP-06", "quan_lowercase", _body_set(1, text="1. Rà soát hồ sơ của các cơ quan tại quận 1."))
add("ND30-CAP-09", "bac_bo_lowercase", _body_set(1, text="1. Tổng hợp kết quả rà soát của các tỉnh Bắc bộ."))
add("ND30-CAP-12", "who_lowercase", _body_set(1, text="1. Tham khảo hướng dẫn của Tổ chức Y tế Thế giới (WHO)."))
add("ND30-CAP-13", "nha_nuoc_lowercase", _body_set(1, text="1. Rà soát hồ sơ theo quy định của Đảng và nhà nước."))
add("ND30-CAP-14", "rank_lowercase", _body_set(1, text="1. Đề nghị tặng Huân chương Lao động hạng ba cho tập thể."))
add("ND30-CAP-15", "position_lowercase", _body_set(1, text="1. Báo cáo giám đốc Nguyễn Văn An kết quả rà soát."))
add("ND30-CAP-17", "quoc_khanh_lowercase", _body_set(1, text="1. Báo cáo kết quả trước ngày quốc khánh 2-9."))
add("ND30-CAP-18", "law_lowercase", _body_set(1, text="1. Rà soát hồ sơ theo Luật lưu trữ số 33/2024/QH15."))
add("ND30-CAP-21", "event_month_in_digits", _body_set(1, text="1. Tổ chức kỷ niệm Cách mạng tháng 8 và Quốc khánh "
    "2-9."))
add("ND30-CAP-20", "weekday_lowercase", _body_set(1, text="1. Họp vào sáng thứ hai, ngày 05/5/2025."))
add("ND30-CAP-19", "khoan_capitalised", _body_set(1, text="1. Thực hiện theo quy định tại Khoản 2 Điều 15 của Nghị "
    "định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ."))
add("ND30-CNT-07", "undefined_abbreviation", _body_set(1, text="1. Rà soát hồ sơ BHXH của cơ quan, đơn vị."))
# §5 signature
add("ND30-SIG-01", "kt_without_dot", _set("authority", text="KT GIÁM ĐỐC"))
add("ND30-SIG-01", "authority_not_bold", _set("authority", bold=False))
add("ND30-SIG-01", "authority_lowercase", _set("authority", text="KT. Giám đốc"))
add("ND30-SIG-02", "title_lowercase", _set("title", text="Phó Giám đốc"))
add("ND30-SIG-04", "academic_title", _set("name", text="TS. Trần Văn Bình"))
add("ND30-SIG-04", "name_not_bold", _set("name", bold=False))
add("ND30-SIG-04", "name_missing", lambda s: s["signature"].pop())
add("ND30-CNT-08", "academic_title_spelt_out", _set("name", text="Tiến sĩ Trần Văn Bình"))
add("ND30-SIG-04", "academic_title_without_dot", _set("name", text="TS Trần Văn Bình"))
add("ND30-CNT-08", "academic_title_pgs", _set("name", text="PGS.TS. Trần Văn Bình"))
add("ND30-SIG-10", "tm_slash", _set("authority", text="T/M ỦY BAN NHÂN DÂN"))
add("ND30-SIG-10", "tm_individual", _chain(_set("authority", text="TM. GIÁM ĐỐC"),
                                           lambda s: s["signature"].pop(1)))
add("ND30-SIG-11", "kt_no_dot", _set("authority", text="KT GIÁM ĐỐC"))
add("ND30-SIG-11", "kt_without_title", lambda s: s["signature"].pop(1))
add("ND30-SIG-12", "q_without_dot", _chain(_set("authority", text="Q GIÁM ĐỐC"), lambda s: s["signature"].pop(1)))
add("ND30-SIG-13", "tl_slash", _set("authority", text="T/L GIÁM ĐỐC"))
add("ND30-SIG-14", "tuq_dotted", _set("authority", text="T.U.Q. GIÁM ĐỐC"))
add("ND30-SIG-14", "tuq_without_title", _chain(_set("authority", text="TUQ. GIÁM ĐỐC"), lambda s: s["signature"].pop(1)))
# appendices
add("ND30-APX-01", "apx_label_caps", lambda s: s["appendix"]["lines"][0].update(text="PHỤ LỤC"), QD)
add("ND30-APX-01", "apx_label_13pt", lambda s: s["appendix"]["lines"][0].update(size=13), QD)
add("ND30-APX-02", "apx_title_not_bold", lambda s: s["appendix"]["lines"][1].update(bold=False), QD)
add("ND30-APX-03", "apx_link_upright", lambda s: s["appendix"]["lines"][2].update(italic=False), QD)
add("ND30-APX-03", "apx_link_incomplete", lambda s: s["appendix"]["lines"][2].update(
    text="(Kèm theo Quyết định của Sở Nội vụ)"), QD)
add("ND30-APX-04", "apx_not_referenced", _set_text("Ban hành kèm theo", text="Ban hành kèm theo Quyết định này "
    "Quy chế công tác văn thư của Sở Nội vụ."), QD)
add("ND30-CNT-06", "apx_not_referenced_cnt", _set_text("Ban hành kèm theo", text="Ban hành Quy chế công tác văn thư."),
    QD)
# stamps, address
add("ND30-MARK-01", "secrecy_lowercase", lambda s: s["left"].append(L("Mật", 13, bold=True, boxed=True)))
add("ND30-MARK-02", "urgency_not_bold", lambda s: s["left"].append(L("KHẨN", 13, bold=False, boxed=True)))
add("ND30-MARK-02", "urgency_no_box", lambda s: s["left"].append(L("HỎA TỐC", 13, bold=True)))
add("ND30-MARK-03", "circulation_lowercase", lambda s: s["left"].append(L("Lưu hành nội bộ", 13, bold=True,
                                                                           boxed=True)))
add("ND30-ADDR-01", "address_14pt_no_rule", lambda s: s.setdefault("tail", []).extend([
    L("", 11), L("Địa chỉ: 115 Trần Hưng Đạo, Nam Định; ĐT: 0228.3849000; E-mail: snv@namdinh.gov.vn", 14,
                 align="left")]))
# regime: legal normative number format
add("ND30-NUM-10", "legal_number_without_zero", _set("so", text="Số: 5/2025/QĐ-UBND"), QD)

_ = (find, re, _replace_line, xml_edit, post)


def _even_headers(data: bytes) -> bytes:
    """Turn on different even-page headers without giving the even pages a number."""
    return xml_edit(data, "word/settings.xml",
                    lambda d: d.replace("</w:settings>", "<w:evenAndOddHeaders/></w:settings>"))


add("ND30-PAGE-09", "even_pages_without_number", post(_even_headers))
