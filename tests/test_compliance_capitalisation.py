"""Capitalisation rules (RULES.md §8, Phụ lục II): wrong capitals of known names are reported with
the right form; the same words used as common nouns are not; rules that need language
understanding are listed as not evaluated with their reason; drafted documents are clean."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from app.compliance import check_bytes
from app.drafting.pipeline import render_document
from app.nd30.rules import REGISTRY
from app.nd30.rules.capitals import NOT_EVALUATED, agency_names
from tests.faults.build import body, cong_van_spec, render

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "app" / "drafting" / "examples").glob("*.json"))
LEXICON_RULES = {"ND30-CAP-06", "ND30-CAP-09", "ND30-CAP-11", "ND30-CAP-12", "ND30-CAP-13", "ND30-CAP-14", "ND30-CAP-15",
                 "ND30-CAP-17",
                 "ND30-CAP-18", "ND30-CAP-20", "ND30-CAP-21"}


def check(*texts: str):
    """Check a công văn whose body paragraphs 2.. are `texts`; returns the capitalisation findings."""
    s = copy.deepcopy(cong_van_spec())
    s["body"][1:1] = [body(t) for t in texts]
    report = check_bytes(render(s))
    return report, [f for f in report.findings if f.rule.startswith("ND30-CAP-")]


def only(findings, rule):
    return [(f.actual, f.expected) for f in findings if f.rule == rule]


@pytest.mark.parametrize("rule,text,actual,expected", [
    ("ND30-CAP-11", "Gửi báo cáo về Sở Tài Chính trước ngày 30/6/2025.", "Sở Tài Chính", "Sở Tài chính"),
    ("ND30-CAP-11", "Đề nghị Ủy Ban Nhân Dân tỉnh chỉ đạo thực hiện.", "Ủy Ban Nhân Dân", "Ủy ban nhân dân"),
    ("ND30-CAP-11", "Đề nghị Uỷ Ban nhân dân tỉnh chỉ đạo thực hiện.", "Uỷ Ban nhân dân", "Uỷ ban nhân dân"),
    ("ND30-CAP-11", "Báo cáo bộ tài chính kết quả thực hiện.", "bộ tài chính", "Bộ Tài chính"),
    ("ND30-CAP-11", "Trình ủy ban nhân dân tỉnh xem xét.", "ủy ban nhân dân", "Ủy ban nhân dân"),
    ("ND30-CAP-11", "Phối hợp với Sở Khoa Học Và Công Nghệ triển khai.", "Sở Khoa Học Và Công Nghệ",
     "Sở Khoa học và Công nghệ"),
    ("ND30-CAP-11", "Phối hợp với Đài truyền hình Việt Nam đưa tin.", "Đài truyền hình Việt Nam",
     "Đài Truyền hình Việt Nam"),
    ("ND30-CAP-11", "Gửi Bộ Văn hoá, thể thao và du lịch tổng hợp.", "Bộ Văn hoá, thể thao và du lịch",
     "Bộ Văn hoá, Thể thao và Du lịch"),
    ("ND30-CAP-11", "Đề nghị Chi cục thuế khu vực rà soát.", "Chi cục thuế", "Chi cục Thuế"),
    ("ND30-CAP-06", "Kiểm tra hồ sơ tại phường 3 và các xã lân cận.", "phường 3", "Phường 3"),
    ("ND30-CAP-09", "Hỗ trợ các tỉnh vùng tây bắc khắc phục hậu quả mưa lũ.", "tây bắc", "Tây Bắc"),
    ("ND30-CAP-09", "Tổng hợp kết quả của các tỉnh Nam bộ.", "Nam bộ", "Nam Bộ"),
    ("ND30-CAP-09", "Hỗ trợ các tỉnh Tây nguyên phòng, chống hạn.", "Tây nguyên", "Tây Nguyên"),
    ("ND30-CAP-12", "Theo khuyến cáo của Tổ chức Y tế Thế giới (WHO).", "Tổ chức Y tế Thế giới",
     "Tổ chức Y tế thế giới"),
    ("ND30-CAP-12", "Phối hợp với các cơ quan của liên hợp quốc.", "liên hợp quốc", "Liên hợp quốc"),
    ("ND30-CAP-13", "Thực hiện chủ trương của Đảng, chính sách, pháp luật của nhà nước.", "nhà nước", "Nhà nước"),
    ("ND30-CAP-13", "Trung thành với Đảng và nhà nước.", "nhà nước", "Nhà nước"),
    ("ND30-CAP-14", "Đề nghị tặng huân chương lao động hạng Ba cho tập thể.", "huân chương lao động",
     "Huân chương Lao động"),
    ("ND30-CAP-14", "Đề nghị tặng Huân chương Lao động hạng nhì cho ông A.", "Huân chương Lao động hạng nhì",
     "Huân chương Lao động hạng Nhì"),
    ("ND30-CAP-14", "Tuyên dương danh hiệu anh hùng lao động thời kỳ đổi mới.", "anh hùng lao động",
     "Anh hùng Lao động"),
    ("ND30-CAP-15", "Mời đồng chí phó chủ tịch Trần Văn Bình dự họp.", "phó chủ tịch Trần Văn Bình",
     "Phó Chủ tịch Trần Văn Bình"),
    ("ND30-CAP-15", "Theo ý kiến của giáo sư Tôn Thất Tùng.", "giáo sư Tôn Thất Tùng", "Giáo sư Tôn Thất Tùng"),
    ("ND30-CAP-17", "Treo cờ Tổ quốc nhân dịp kỷ niệm ngày quốc khánh 2-9.", "quốc khánh", "Quốc khánh"),
    ("ND30-CAP-17", "Tổ chức mít tinh chào mừng ngày Quốc tế lao động 1-5.", "Quốc tế lao động", "Quốc tế Lao động"),
    ("ND30-CAP-17", "Tổ chức dâng hương nhân dịp giỗ tổ Hùng Vương.", "giỗ tổ Hùng Vương", "Giỗ Tổ Hùng Vương"),
    ("ND30-CAP-18", "Thực hiện theo Luật tổ chức quốc hội năm 2014.", "Luật tổ chức quốc hội", "Luật Tổ chức Quốc hội"),
    ("ND30-CAP-18", "Xử lý theo quy định của bộ luật hình sự.", "bộ luật hình sự", "Bộ luật Hình sự"),
    ("ND30-CAP-18", "Căn cứ Luật Ngân Sách Nhà Nước số 83/2015/QH13.", "Luật Ngân Sách Nhà Nước",
     "Luật Ngân sách nhà nước"),
    ("ND30-CAP-18", "Thi hành Luật thuỷ lợi (sửa đổi) đúng thời hạn.", "Luật thuỷ lợi", "Luật Thuỷ lợi"),
    ("ND30-CAP-20", "Họp vào sáng thứ hai, ngày 05/5/2025 tại trụ sở.", "thứ hai", "thứ Hai"),
    ("ND30-CAP-20", "Giao ban vào chiều thứ sáu hằng tuần.", "thứ sáu", "thứ Sáu"),
    ("ND30-CAP-20", "Khai mạc ngày 19 tháng tám năm 2025 tại Hà Nội.", "tháng tám", "tháng Tám"),
    ("ND30-CAP-20", "Chăm lo cho người dân đón Tết Nguyên Đán an toàn.", "Tết Nguyên Đán", "tết Nguyên đán"),
    ("ND30-CAP-20", "Tổ chức vui tết trung thu cho thiếu nhi.", "tết trung thu", "tết Trung thu"),
    ("ND30-CAP-20", "Không tổ chức đi thăm, chúc tết cấp trên trong dịp tết.", "dịp tết", "dịp Tết"),
    ("ND30-CAP-20", "Chuẩn bị chu đáo cho Tết năm mậu tuất.", "mậu tuất", "Mậu Tuất"),
    ("ND30-CAP-21", "Kỷ niệm 80 năm Cách mạng Tháng Tám thành công.", "Cách mạng Tháng Tám", "Cách mạng tháng Tám"),
    ("ND30-CAP-21", "Kỷ niệm 80 năm Cách mạng tháng 8 thành công.", "Cách mạng tháng 8", "Cách mạng tháng Tám"),
    ("ND30-CAP-21", "Sưu tầm tư liệu về kinh thành triều Nguyễn.", "triều Nguyễn", "Triều Nguyễn"),
])
def test_wrong_capitals_are_reported_with_the_right_form(rule, text, actual, expected):
    report, found = check(text)
    assert only(found, rule) == [(actual, expected)], [(f.rule, f.actual, f.expected) for f in found]
    f = next(f for f in found if f.rule == rule)
    assert f.severity == "warning" and f.fix is None          # a text edit: suggested, never applied
    assert f.citation.startswith("Nghị định 30/2020/NĐ-CP, Phụ lục II")
    assert f.location["part"] == "body" and f.paragraph is not None and actual in f.paragraph.text
    assert expected in f.message
    assert not [n for n in report.not_evaluated if "Lỗi nội bộ" in n["reason"]]


@pytest.mark.parametrize("text", [
    # common nouns, ordinals and directions spelt like names
    "Đây là lần thứ hai, ngày 05/5/2025 đơn vị chậm báo cáo.",
    "Kỳ họp thứ năm, ngày 20/5/2025 đã thông qua nghị quyết.",
    "Gió mùa đông bắc tràn về, trời rét đậm ở phía tây bắc của tỉnh, vùng đông bắc của huyện.",
    "Vòng thứ hai, ngày 12/6/2025 thi thực hành; tập trung và trung bộ phận văn thư.",
    "Cần tập trung bộ máy cho nhiệm vụ trọng tâm.",
    "Bố trí đủ cơ sở y tế, cơ sở giáo dục và đào tạo cho người dân.",
    "Người lao động được đóng bảo hiểm xã hội đầy đủ.",
    "Phổ biến pháp luật đất đai, dự luật đất đai cho người dân.",
    "Ông Nguyễn Quốc Khánh, chuyên viên, được giao theo dõi.",
    "Trao đổi với các bộ Công an, Xây dựng về kết quả thực hiện.",
    "Phối hợp với lực lượng bộ đội biên phòng tuần tra; các bộ xây dựng kế hoạch.",
    "Xử lý kỷ luật chủ tịch, phó chủ tịch hội đồng nhân dân, ủy ban nhân dân vi phạm.",
    "Tháng năm năm ngoái đơn vị đã hoàn thành nhiệm vụ.",
    "Giám đốc các sở, chủ tịch ủy ban nhân dân các xã và Phó Chủ tịch Lê Văn Hùng tham dự.",
    "Cơ quan nhà nước sử dụng ngân sách nhà nước đúng quy định; nhân dân địa phương đồng tình.",
    "Phòng, chống triều cường; kỷ niệm Cách mạng tháng Tám và chiến dịch quảng bá du lịch.",
    # correct spellings, accepted official variants and names in capitals
    "Đề nghị Viện kiểm sát nhân dân tối cao, Kiểm toán nhà nước và Ủy ban thường vụ Quốc hội cho ý kiến.",
    "Tết Nguyên đán năm nay, Sở Nội vụ và Bộ Tài chính trực tại Quận 1 vào thứ Hai, ngày 05/5/2025.",
    "Kỷ niệm ngày Quốc khánh 2-9, ngày Quốc tế Lao động 1-5, tặng Huân chương Lao động hạng Ba.",
    "Căn cứ Luật Tổ chức chính quyền địa phương, Bộ luật Lao động và Luật Đầu tư công.",
    "Tổ chức cho các tỉnh Tây Bắc, Bắc Bộ, Tây Nguyên đón Tết an toàn; trình Hội đồng nhân dân tỉnh.",
    "GỬI SỞ TÀI CHÍNH VÀ ỦY BAN NHÂN DÂN TỈNH BÁO CÁO.",
])
def test_common_nouns_and_correct_names_are_not_reported(text):
    _, found = check(text)
    assert [(f.rule, f.actual) for f in found] == []


def test_names_in_basis_recipients_and_subject_lines_are_judged():
    """Laws are cited mostly in the căn cứ, agencies named mostly in Kính gửi and Nơi nhận."""
    from tests.faults.build import L, quyet_dinh_spec
    s = copy.deepcopy(quyet_dinh_spec())
    s["before_body"][7] = body("Căn cứ Luật tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", italic=True)
    report = check_bytes(render(s))
    f, = [f for f in report.findings if f.rule == "ND30-CAP-18"]
    assert (f.actual, f.expected) == ("Luật tổ chức chính quyền địa phương", "Luật Tổ chức chính quyền địa phương")
    assert f.paragraph in report.layout.can_cu

    s = copy.deepcopy(cong_van_spec())
    s["left"][-1] = L("V/v góp ý dự thảo Luật lưu trữ (sửa đổi)", 12, before=6, role="vv")
    s["before_body"][2] = L("- Sở Tài Chính;", 14, align="left", left_mm=45)
    report = check_bytes(render(s))
    got = {(f.rule, f.actual, f.expected) for f in report.findings if f.rule.startswith("ND30-CAP-")}
    assert got == {("ND30-CAP-18", "Luật lưu trữ", "Luật Lưu trữ"), ("ND30-CAP-11", "Sở Tài Chính", "Sở Tài chính")}
    lay = report.layout
    where = {f.rule: f.paragraph for f in report.findings if f.rule in ("ND30-CAP-11", "ND30-CAP-18")}
    assert where["ND30-CAP-18"] in lay.vv and where["ND30-CAP-11"] in lay.kinh_gui


def test_one_finding_per_wrong_spelling_per_paragraph():
    _, found = check("Sở Tài Chính chủ trì; Sở Tài Chính tổng hợp, báo cáo Bộ Nội Vụ.")
    assert sorted(only(found, "ND30-CAP-11")) == [("Bộ Nội Vụ", "Bộ Nội vụ"), ("Sở Tài Chính", "Sở Tài chính")]


def test_findings_point_at_their_paragraph():
    report, found = check("Báo cáo kết quả thực hiện.", "Gửi Sở Nội Vụ tổng hợp.")
    f, = [f for f in found if f.rule == "ND30-CAP-11"]
    body_texts = [p.stripped for p in report.layout.body]
    assert body_texts[f.location["paragraph"] - report.layout.body[0].index] == "Gửi Sở Nội Vụ tổng hợp."


def test_agency_lexicon_is_read_from_the_extraction_data():
    names = set(agency_names())
    # ministries, Sở + every department, agencies of app/extraction/data/agencies.yaml; decree examples
    assert {"Bộ Nội vụ", "Sở Giáo dục và Đào tạo", "Kho bạc Nhà nước", "Văn phòng Chủ tịch nước",
            "Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam", "Uỷ ban nhân dân"} <= names
    assert not any(n.isupper() for n in names) and "Bảo hiểm xã hội" not in names


def test_rules_needing_language_understanding_are_listed_not_evaluated():
    report, _ = check("Báo cáo kết quả thực hiện.")
    ne = {n["rule"]: n["reason"] for n in report.not_evaluated}
    assert set(NOT_EVALUATED) == {"ND30-CAP-02", "ND30-CAP-03", "ND30-CAP-04", "ND30-CAP-08", "ND30-CAP-10",
                                  "ND30-CAP-16", "ND30-CAP-22"}
    for rid in NOT_EVALUATED:
        assert ne.get(rid), rid
        assert rid not in report.applied
    assert LEXICON_RULES <= set(report.applied)
    assert {f"ND30-CAP-{i:02d}" for i in range(1, 23)} <= set(REGISTRY)


def test_sentence_after_a_full_stop_starting_with_a_capital_d_is_not_reported():
    # [à-ỹ] also contains capitals such as Đ and Ấ: CAP-01 used to report these sentences
    _, found = check("Hoàn thành trước ngày 30/6/2025. Đối với các xã, Ấp Bắc báo cáo riêng.",
                     "Hoàn thành trước ngày 30/6/2025. đối với các xã báo cáo riêng.")
    assert [(f.rule, f.actual) for f in found] == [("ND30-CAP-01", " 30/6/2025. đối với ")]
    assert found[0].expected == " 30/6/2025. Đối với "


def test_legal_normative_documents_are_not_judged():
    s = copy.deepcopy(cong_van_spec())
    s["body"][1:1] = [body("Gửi Sở Tài Chính tổng hợp.")]
    report = check_bytes(render(s), regime="legal_normative")
    assert not [f for f in report.findings if f.rule == "ND30-CAP-11"]
    assert any(n["rule"] == "ND30-CAP-11" for n in report.not_evaluated)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_drafted_documents_have_no_capitalisation_finding(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    report = check_bytes(render_document(data, number=5).docx)
    assert [(f.rule, f.actual) for f in report.findings if f.rule.startswith("ND30-CAP-")] == []
    assert LEXICON_RULES <= set(report.applied)
