"""Extraction on synthetic snippets: one test per pattern of the issue (header, Kính gửi, Nơi
nhận, signer, references, stamp; directive shapes and task tables)."""
from __future__ import annotations

from app.extraction import extract
from app.intake.document import Document


def run(text: str) -> dict:
    return extract(Document(text=text, source="t.txt"))


HEADER = """UBND TỈNH LẠNG SƠN
SỞ NỘI VỤ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 125/SNV-TĐKT
V/v triển khai công tác
thi đua năm 2024
Lạng Sơn, ngày 05 tháng 3 năm 2024
Kính gửi: Các phòng chuyên môn; Ủy ban nhân dân các huyện.
"""

CLOSING = """Nơi nhận:
- Như trên;
- Lãnh đạo Sở;
- Lưu: VT, TĐKT.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Nguyễn Văn An
"""


def test_header_fields_and_spans():
    text = HEADER + "Đề nghị các phòng thực hiện tốt.\n" + CLOSING
    r = run(text)
    assert r["organ"] == {"name": "SỞ NỘI VỤ", "in_charge": "UBND TỈNH LẠNG SƠN"}
    assert r["code"] == {"number": 125, "notation": "SNV-TĐKT", "text": "125/SNV-TĐKT"}
    assert r["promulgation"] == {"place": "Lạng Sơn", "date": "2024-03-05"}
    assert r["document_type"] == "cong_van"
    assert r["subject"] == "triển khai công tác thi đua năm 2024"
    assert r["to"] == ["Các phòng chuyên môn", "Ủy ban nhân dân các huyện"]
    a, b = r["spans"]["code"]
    assert text[a:b] == "125/SNV-TĐKT"
    a, b = r["spans"]["promulgation.place"]
    assert text[a:b] == "Lạng Sơn"


def test_blank_day_gives_year_month_and_blank_number():
    r = run("Số: /UBND-NV\nCao Lộc, ngày   tháng 10 năm 2023\nV/v nâng cao chất lượng\n")
    assert r["promulgation"]["date"] == "2023-10"
    assert r["code"]["number"] is None and r["code"]["notation"] == "UBND-NV"


def test_noi_nhan_and_signer():
    r = run(HEADER + "Nội dung.\n" + CLOSING)
    assert r["to_places"] == ["Như trên", "Lãnh đạo Sở", "Lưu: VT, TĐKT"]
    assert r["signer"] == {"competence": "KT.", "on_behalf_of": "GIÁM ĐỐC", "position": "PHÓ GIÁM ĐỐC",
                           "full_name": "Nguyễn Văn An"}


def test_signature_on_one_line_and_tm():
    r = run(HEADER + "Nội dung./.\nNơi nhận: - Như trên; - Lưu: VT.\nTM. ỦY BAN NHÂN DÂN CHỦ TỊCH Trần Văn Bình\n")
    s = r["signer"]
    assert (s["competence"], s["on_behalf_of"], s["position"], s["full_name"]) == \
        ("TM.", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Bình")


def test_party_code_and_received_stamp():
    text = ("TỈNH ỦY LẠNG SƠN\n*\nSố 30-CT/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nLạng Sơn, ngày 18 tháng 11 năm 2014\n"
            "SỞ NỘI VỤ TỈNH LẠNG SƠN\nSố: 5301 Ngày: 21/11/2014\nĐẾN\nCHỈ THỊ\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\n"
            "Về tiếp tục đổi mới công tác thi đua\n")
    r = run(text)
    assert r["regime"] == "party"
    assert r["code"] == {"number": 30, "notation": "CT/TU", "text": "30-CT/TU"}
    assert r["organ"]["name"] == "TỈNH ỦY LẠNG SƠN"
    assert r["received"] == {"organ": "SỞ NỘI VỤ TỈNH LẠNG SƠN", "number": 5301, "date": "2014-11-21"}
    assert r["document_type"] == "chi_thi"
    assert r["subject"] == "Về tiếp tục đổi mới công tác thi đua"


def test_priority_mark():
    r = run("HỎA TỐC\nSố: 12/UBND-VP\nHà Nội, ngày 01 tháng 02 năm 2025\nV/v phòng chống bão\n")
    assert r["priority"] == "Hỏa tốc"


def test_typed_document_subject_under_title():
    r = run("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 81/2025/QĐ-UBND\nBắc Ninh, ngày 25 tháng 11 năm 2025\n"
            "QUYẾT ĐỊNH\nBAN HÀNH QUY ĐỊNH HOẠT ĐỘNG TƯ VẤN\nCỦA LIÊN HIỆP CÁC HỘI\n"
            "ỦY BAN NHÂN DÂN TỈNH BẮC NINH\nCăn cứ Luật Tổ chức chính quyền địa phương;\n")
    assert r["document_type"] == "quyet_dinh"
    assert r["regime"] == "legal_normative"
    assert r["organ"] == {"name": "ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "in_charge": None}
    assert r["subject"] == "BAN HÀNH QUY ĐỊNH HOẠT ĐỘNG TƯ VẤN CỦA LIÊN HIỆP CÁC HỘI"


def test_references_type_code_date_issuer():
    r = run(HEADER + "Thực hiện Quyết định số 36/2018/QĐ-UBND ngày 19/4/2018 của UBND tỉnh Lạng Sơn về "
            "sáng kiến; Nghị định 175/2025/NĐ-CP và công văn số 1383/NBI-CNTK ngày 15 tháng 8 năm 2025 "
            "của Thuế tỉnh Ninh Bình.\n")
    refs = {x["code"]: x for x in r["references"]}
    assert refs["36/2018/QĐ-UBND"]["type"] == "Quyết định"
    assert refs["36/2018/QĐ-UBND"]["date"] == "2018-04-19"
    assert refs["36/2018/QĐ-UBND"]["issuer"] == "UBND tỉnh Lạng Sơn"
    assert refs["175/2025/NĐ-CP"]["type"] == "Nghị định"
    assert refs["1383/NBI-CNTK"] == {**refs["1383/NBI-CNTK"], "type": "công văn", "date": "2025-08-15",
                                    "issuer": "Thuế tỉnh Ninh Bình"}
    assert "125/SNV-TĐKT" not in refs   # the document's own number is not a reference


def tasks(text: str) -> list[dict]:
    return run(HEADER + text + CLOSING)["tasks"]


def test_giao_and_chu_tri_phoi_hop():
    t = tasks("1. Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ và các cơ quan liên quan rà soát "
              "kinh phí, báo cáo UBND tỉnh trước ngày 20/10/2024.\n")
    assert len(t) == 1
    assert t[0]["units"] == ["Sở Tài chính"]
    assert "Sở Nội vụ" in t[0]["cooperating_units"]
    assert t[0]["report_to"] == "UBND tỉnh"
    assert t[0]["due_date"] == "2024-10-20"


def test_de_nghi_and_acknowledgement_is_not_a_task():
    t = tasks("1. Đồng ý với báo cáo của Sở Nội vụ.\n2. Đề nghị Sở Y tế khẩn trương hướng dẫn các đơn vị.\n")
    assert [x["units"] for x in t] == [["Sở Y tế"]]


def test_unit_heading_gives_its_units_to_each_dash():
    t = tasks("c) Đối với các sở, ban, ngành, UBND các huyện:\n- Tiếp tục thực hiện tốt công tác khen thưởng.\n"
              "- Phổ biến, quán triệt các nội dung của Quyết định.\n")
    assert len(t) == 2
    assert all(x["units"] == ["các sở, ban, ngành, UBND các huyện"] for x in t)
    assert t[0]["text"].startswith("Tiếp tục thực hiện tốt")


def test_lead_in_gives_its_units_to_numbered_items():
    t = tasks("Chủ tịch UBND huyện yêu cầu các cơ quan, đơn vị thuộc khối thi đua thực hiện một số nội dung sau:\n"
              "1. Quán triệt, triển khai thực hiện đầy đủ các nội dung.\n2. Tiếp tục tổ chức các phong trào thi đua.\n")
    assert len(t) == 2
    assert t[1]["units"] == ["các cơ quan, đơn vị thuộc khối thi đua"]


def test_purpose_section_and_inform_closing_are_not_tasks():
    t = tasks("I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Các cơ quan, đơn vị chủ động tham gia phong trào.\n"
              "II. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ chủ trì hướng dẫn thực hiện Kế hoạch.\n"
              "Sở Nội vụ thông báo để các đơn vị biết, thực hiện./.\n")
    assert [x["units"] for x in t] == [["Sở Nội vụ"]]


def test_effect_clause_is_not_a_task():
    t = tasks("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\nĐiều 3. Chánh Văn phòng UBND tỉnh, Giám đốc "
              "các sở chịu trách nhiệm thi hành Quyết định này./.\n")
    assert t == []


def test_task_table_rows_with_period_headings():
    text = ("II. NỘI DUNG\n"
            "| TT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian |\n"
            "|---|---|---|---|---|\n"
            "| QUÍ II/2024 | | | | |\n"
            "| 1 | Ban hành kế hoạch kiểm tra | Sở Nội vụ | Sở Tài chính, Sở Y tế | |\n"
            "| 2 | Tổng kết công tác | UBND tỉnh | | Tháng 12/2024 |\n")
    r = run(HEADER + text + CLOSING)
    t = r["tasks"]
    assert [x["units"] for x in t] == [["Sở Nội vụ"], ["UBND tỉnh"]]
    assert t[0]["cooperating_units"] == ["Sở Tài chính", "Sở Y tế"]
    assert t[0]["due_date"] == "2024-06-30"
    assert t[1]["due_date"] == "2024-12-31"


def test_unit_name_heading_without_colon():
    t = tasks("2. Trách nhiệm cụ thể\na) Sở Xây dựng\n- Đánh giá sự phù hợp của dự án với quy hoạch.\n"
              "- Hướng dẫn nhà đầu tư hoàn thiện hồ sơ.\n")
    assert [x["units"] for x in t] == [["Sở Xây dựng"], ["Sở Xây dựng"]]


def test_every_task_has_a_span_into_the_text():
    text = HEADER + "1. Giao Sở Tài chính chủ trì rà soát kinh phí.\n" + CLOSING
    r = run(text)
    a, b = r["tasks"][0]["span"]
    assert text[a:b].startswith("Giao Sở Tài chính")


def test_web_converted_text_with_markdown_and_cells():
    text = ("BỘ TÀI CHÍNH\n**CỤC THUẾ**\n-------\n|\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\n"
            "Độc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố: 5317/CT-CS\n*V/v khoản tiền người sử dụng "
            "đất phải nộp bổ\nsung.*\n|\n*Hà Nội, ngày 19\ntháng 11 năm 2025*\n|\n**Kính gửi:** Thuế\n"
            "tỉnh Ninh Bình.\nĐề nghị Thuế tỉnh Ninh Bình căn cứ quy định\nđể xem xét, xử lý.\n|\n*Nơi nhận:*\n"
            "- Như trên;\n- Lưu: VT,CS (2b).\n|\n**TL. CỤC TRƯỞNG**\nKT. TRƯỞNG BAN BAN CHÍNH SÁCH,\n"
            "THUẾ QUỐC TẾ\nPHÓ TRƯỞNG BAN\nPhạm Thị Minh Hiền\n")
    r = run(text)
    assert r["organ"] == {"name": "CỤC THUẾ", "in_charge": "BỘ TÀI CHÍNH"}
    assert r["subject"] == "khoản tiền người sử dụng đất phải nộp bổ sung"
    assert r["promulgation"]["date"] == "2025-11-19"
    assert r["to"] == ["Thuế tỉnh Ninh Bình"]
    assert r["signer"] == {"competence": "TL.", "on_behalf_of": "CỤC TRƯỞNG", "position": "PHÓ TRƯỞNG BAN",
                           "full_name": "Phạm Thị Minh Hiền"}
    assert [x["units"] for x in r["tasks"]] == [["Thuế tỉnh Ninh Bình"]]


def test_pdf_like_header_with_both_columns_on_one_line():
    text = ("UBND TỈNH LẠNG SƠN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "SỞ NỘI VỤ Độc lập - Tự do - Hạnh phúc\n"
            "Số: 125/SNV-TĐKT Lạng Sơn, ngày 05 tháng 3 năm 2024\n"
            "V/v triển khai công tác thi đua năm 2024\n"
            "Kính gửi: Các phòng chuyên môn.\n")
    r = run(text)
    assert r["organ"] == {"name": "SỞ NỘI VỤ", "in_charge": "UBND TỈNH LẠNG SƠN"}
    assert r["code"]["text"] == "125/SNV-TĐKT"
    assert r["promulgation"] == {"place": "Lạng Sơn", "date": "2024-03-05"}
    assert r["subject"] == "triển khai công tác thi đua năm 2024"


def test_named_list_after_a_colon_is_split_into_units():
    t = tasks("2. Ủy ban nhân dân các tỉnh: Ninh Bình, Bắc Ninh đẩy nhanh các thủ tục đầu tư.\n")
    assert t[0]["units"] == ["Ủy ban nhân dân tỉnh Ninh Bình", "Ủy ban nhân dân tỉnh Bắc Ninh"]


def test_docx_like_clean_text_two_directive_paragraphs():
    t = tasks("Thực hiện Kế hoạch số 12/KH-UBND ngày 20 tháng 01 năm 2025 của Ủy ban nhân dân huyện, Ủy ban "
              "nhân dân xã đề nghị Trạm Y tế xã chủ động triển khai các biện pháp phòng, chống dịch bệnh.\n"
              "Trạm Y tế xã báo cáo kết quả thực hiện về Ủy ban nhân dân xã trước ngày 28 tháng 02 năm 2025.\n")
    assert [x["units"] for x in t] == [["Trạm Y tế xã"], ["Trạm Y tế xã"]]
    assert t[1]["due_date"] == "2025-02-28"


def test_place_cut_over_two_lines_but_not_joined_to_the_motto():
    r = run("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nSố: 4240/UBND-VX\nThành phố Hồ Chí\nMinh, ngày 28 tháng 11 năm 2025\n")
    assert r["promulgation"] == {"place": "Thành phố Hồ Chí Minh", "date": "2025-11-28"}
    r = run("UBND XÃ TÂN LẬP\nSố: 08/KH-UBND\nĐộc lập - Tự do - Hạnh phúc\nTân Lập, ngày 05 tháng 02 năm 2025\n")
    assert r["promulgation"] == {"place": "Tân Lập", "date": "2025-02-05"}


def test_other_label_styles():
    t = tasks("1/ Sở Tài chính chủ trì rà soát kinh phí.\nII- NHIỆM VỤ\na. Sở Y tế khẩn trương hướng dẫn các đơn vị.\n")
    assert [x["units"] for x in t] == [["Sở Tài chính"], ["Sở Y tế"]]


def test_received_stamp_variants():
    head = "UBND HUYỆN X\nSố: 12/UBND-VP\nHà Nội, ngày 01 tháng 02 năm 2025\n"
    r = run(head + "ĐẾN Số: 345 Ngày: 03/02/2025\nV/v abc\n")
    assert r["received"] == {"organ": None, "number": 345, "date": "2025-02-03"}
    r = run(head + "SỞ NỘI VỤ\nSố đến: 77\nNgày đến: 5/2/2025\nV/v abc\n")
    assert r["received"] == {"organ": "SỞ NỘI VỤ", "number": 77, "date": "2025-02-05"}
    r = run(head + "V/v phát triển chuyển đổi số đến năm 2030\n")
    assert r["received"] is None


def test_ocr_specks_in_header_and_signature():
    text = ("ỦY BAN NHÂN DÂN HUYỆN ĐAN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n:\nPHƯỢNG\n- - ỦY BAN NHÂN DÂN XÃ TÂN LẬP\n"
            "Số: 08/KH-UBND\nĐộc lập - Tự do - Hạnh phúc\nTân Lập, ngày 05 tháng 02 năm 2025\n"
            "Nội dung./.\nNơi nhận:\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n'\nNguyễn Thị Hồng Nhung\n")
    r = run(text)
    assert r["organ"] == {"name": "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "in_charge": "ỦY BAN NHÂN DÂN HUYỆN ĐAN PHƯỢNG"}
    assert r["signer"]["full_name"] == "Nguyễn Thị Hồng Nhung"


def test_undashed_recipient_lists():
    r = run("Số: 12/UBND-VP\nHà Nội, ngày 01 tháng 02 năm 2025\nV/v abc\nKính gửi:\nSở Tài chính;\nSở Nội vụ.\n"
            "Thực hiện Kế hoạch số 1/KH-UBND, đề nghị các Sở thực hiện./.\nNơi nhận:\nNhư trên;\nLãnh đạo Sở;\n"
            "Lưu: VT, VP.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrần Văn An\n")
    assert r["to"] == ["Sở Tài chính", "Sở Nội vụ"]
    assert r["to_places"] == ["Như trên", "Lãnh đạo Sở", "Lưu: VT, VP"]
    assert r["signer"]["full_name"] == "Trần Văn An"


def test_priority_after_the_number_and_secrecy_line():
    r = run("UBND TỈNH X\nSố: 12/UBND-VP   HỎA TỐC\nX, ngày 01 tháng 02 năm 2024\nV/v phòng chống bão\n")
    assert r["priority"] == "Hỏa tốc" and r["code"]["text"] == "12/UBND-VP"
    r = run("UBND TỈNH X\nMẬT\nSố: 12/UBND-VP\nX, ngày 01 tháng 02 năm 2024\nV/V KHẨN TRƯƠNG phòng chống bão\n")
    assert r["priority"] is None and r["secrecy"] == "Mật"


def test_missing_fields_are_reported_in_vietnamese():
    w = run("Một đoạn văn bản không có thể thức.")["warnings"]
    assert any("số, ký hiệu" in x for x in w) and any("ngày ban hành" in x for x in w)
    assert not any("số, ký hiệu" in x for x in run(HEADER + CLOSING)["warnings"])


def test_working_days_counted_from_the_received_stamp():
    t = ("UBND HUYỆN X\nSố: 12/UBND-VP\nHà Nội, ngày 01 tháng 02 năm 2025\nĐẾN Số: 345 Ngày: 03/02/2025\nV/v abc\n"
         "1. Giao Phòng Nội vụ báo cáo trong 05 ngày làm việc kể từ ngày nhận được văn bản.\n")
    task = run(t)["tasks"][0]
    assert task["units"] == ["Phòng Nội vụ"] and task["due_date"] == "2025-02-10"   # Mon 3/2 + 5 working days


def test_yeu_cau_heading_naming_units_is_a_lead_in_not_a_requirements_section():
    t = tasks("2. Yêu cầu các sở, ngành:\n- Rà soát hồ sơ.\n- Báo cáo kết quả.\n3. Yêu cầu\n- Bảo đảm thiết thực.\n")
    assert [x["units"] for x in t] == [["các sở, ngành"], ["các sở, ngành"]]


def test_reference_issuer_and_date_stated_before_the_number():
    r = run(HEADER + "Ngày 30/6/2025, Chính phủ ban hành Nghị định số 175/2025/NĐ-CP sửa đổi lệ phí. Xét đề nghị "
            "của Bộ Xây dựng tại văn bản số 308/BC-BXD ngày 13 tháng 11 năm 2025 về tiến độ; căn cứ các Nghị quyết "
            "của Quốc hội: số 55/2010/QH12 ngày 24/11/2010; số 28/2016/QH14 ngày 11/11/2016; Nghị quyết số 71/NQ -CP "
            "ngày 01/4/2025 của Chính phủ và chỉ đạo của Thủ tướng.\n")
    refs = {x["code"]: x for x in r["references"]}
    assert (refs["175/2025/NĐ-CP"]["date"], refs["175/2025/NĐ-CP"]["issuer"]) == ("2025-06-30", "Chính phủ")
    assert refs["308/BC-BXD"]["issuer"] == "Bộ Xây dựng" and refs["308/BC-BXD"]["type"] == "văn bản"
    assert (refs["28/2016/QH14"]["type"], refs["28/2016/QH14"]["issuer"]) == ("Nghị quyết", "Quốc hội")
    assert refs["71/NQ -CP"]["issuer"] == "Chính phủ"


def test_signer_name_printed_in_capitals():
    head = "UBND TỈNH X\nSố: 12/UBND-VP\nX, ngày 01 tháng 02 năm 2024\nV/v abc\nNội dung./.\nNơi nhận:\n- Lưu: VT.\n"
    s = run(head + "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNGUYỄN VĂN AN\n")["signer"]
    assert (s["position"], s["full_name"]) == ("PHÓ CHỦ TỊCH", "NGUYỄN VĂN AN")
    s = run(head + "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n")["signer"]
    assert (s["position"], s["full_name"]) == ("CHỦ TỊCH", None)


def test_numeric_date_on_the_place_line():
    r = run("UBND TỈNH X\nSố: 12/UBND-VP\nLạng Sơn, ngày 05/9/2018\nV/v abc\n")
    assert r["promulgation"] == {"place": "Lạng Sơn", "date": "2018-09-05"}


def test_subject_on_the_number_line():
    r = run("UBND TỈNH X\nSố: 12/UBND-VP V/v triển khai công tác thi đua\nLạng Sơn, ngày 05/9/2018\n"
            "Kính gửi: Sở Nội vụ.\n")
    assert (r["code"]["text"], r["subject"], r["document_type"]) == \
        ("12/UBND-VP", "triển khai công tác thi đua", "cong_van")
