"""Trích yếu of documents whose template prints none (giấy mời, giấy giới thiệu, giấy nghỉ
phép): the meeting's purpose or the 'Về việc:' line with its evidence span, or null, never
the first body sentence. Synthetic texts: there is no such document in corpus/ yet."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.drafting.pipeline import render_document
from app.extraction import extract
from app.intake import read
from app.intake.document import Document

HEADER = """UBND TỈNH LẠNG SƠN
VĂN PHÒNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 45/{abbr}-VP
Lạng Sơn, ngày 10 tháng 6 năm 2025
{title}
"""

CLOSING = """Nơi nhận:
- Như trên;
- Lưu: VT.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
Nguyễn Văn An
"""


def run(body: str, title: str = "GIẤY MỜI", abbr: str = "GM") -> tuple[str, dict]:
    text = HEADER.format(title=title, abbr=abbr) + body + CLOSING
    return text, extract(Document(text=text, source="t.txt"))


def assert_subject(text: str, r: dict, expected: str | None) -> None:
    assert r["subject"] == expected
    if expected is None:
        assert "subject" not in r["spans"]
        assert "Không tìm thấy trích yếu: vui lòng kiểm tra." in r["warnings"]
    else:
        a, b = r["spans"]["subject"]
        assert text[a:b] == expected


@pytest.mark.parametrize("body, expected", [
    # one sentence: invitation, event, then time and place
    ("Văn phòng UBND tỉnh trân trọng kính mời đồng chí Giám đốc Sở Tài chính đến dự cuộc họp "
     "nghe báo cáo phương án sắp xếp trụ sở làm việc sau hợp nhất, vào lúc 14 giờ 00, thứ Năm, "
     "ngày 12/6/2025 tại Phòng họp số 2, trụ sở UBND tỉnh.\n",
     "cuộc họp nghe báo cáo phương án sắp xếp trụ sở làm việc sau hợp nhất"),
    # labelled lines "Kính mời: ... / Tới dự: ..."
    ("Kính mời: Lãnh đạo các phòng chuyên môn thuộc Văn phòng.\n"
     "Tới dự: Hội nghị sơ kết công tác 6 tháng đầu năm 2025.\n"
     "Thời gian: 08 giờ 00, ngày 15/6/2025.\n"
     "Địa điểm: Hội trường tầng 3, trụ sở UBND tỉnh.\n",
     "Hội nghị sơ kết công tác 6 tháng đầu năm 2025"),
    # "tham dự và chỉ đạo": the roles before the event are not part of it
    ("Trân trọng kính mời đồng chí Phó Chủ tịch UBND tỉnh tới dự và phát biểu chỉ đạo Hội thảo "
     "khoa học \"Chuyển đổi số trong cải cách hành chính\" do Sở Khoa học và Công nghệ tổ chức.\n"
     "Thời gian: 08 giờ 00, ngày 20/6/2025.\n",
     "Hội thảo khoa học \"Chuyển đổi số trong cải cách hành chính\" do Sở Khoa học và Công nghệ tổ chức"),
    # bare "dự họp": the "Nội dung:" line carries the purpose
    ("Văn phòng UBND tỉnh trân trọng kính mời đại diện lãnh đạo Sở Xây dựng, Sở Tài chính dự họp.\n"
     "1. Nội dung: Nghe báo cáo tiến độ giải phóng mặt bằng Dự án đường vành đai; thống nhất "
     "phương án hỗ trợ tái định cư.\n"
     "2. Thời gian: 14 giờ 00, ngày 12/6/2025.\n"
     "3. Địa điểm: Phòng họp số 2, UBND tỉnh.\n",
     "Nghe báo cáo tiến độ giải phóng mặt bằng Dự án đường vành đai; thống nhất phương án hỗ trợ "
     "tái định cư"),
    # "Nội dung:" alone, its one item on the next line
    ("Văn phòng UBND tỉnh trân trọng kính mời các đồng chí có tên sau dự buổi làm việc:\n"
     "- Đồng chí Trưởng phòng Kinh tế;\n"
     "- Đồng chí Trưởng phòng Tài chính.\n"
     "Nội dung:\n"
     "- Thống nhất danh mục dự án khởi công năm 2026.\n"
     "Thời gian: 9 giờ 00, ngày 16/6/2025.\n",
     "Thống nhất danh mục dự án khởi công năm 2026"),
    # the event announced before the invitation ("UBND tỉnh tổ chức Hội nghị ...")
    ("Thực hiện Chương trình công tác năm 2025, Ủy ban nhân dân tỉnh tổ chức Hội nghị trực tuyến "
     "triển khai Luật Đất đai năm 2024, cụ thể như sau:\n"
     "1. Thành phần: Lãnh đạo các sở, ngành.\n"
     "2. Thời gian: 08 giờ 00, ngày 18/6/2025.\n"
     "Trân trọng kính mời các đồng chí tham dự.\n",
     "Hội nghị trực tuyến triển khai Luật Đất đai năm 2024"),
    # "dự kiến" is not "dự": the event comes from "tham dự"
    ("Văn phòng UBND tỉnh trân trọng kính mời đồng chí Chánh Thanh tra tỉnh (dự kiến chủ trì) "
     "tham dự buổi đối thoại với doanh nghiệp về thủ tục đầu tư, vào hồi 15 giờ ngày 19/6/2025.\n",
     "buổi đối thoại với doanh nghiệp về thủ tục đầu tư"),
    # a chair after the event is cut off
    ("Trân trọng kính mời lãnh đạo các sở, ngành đến dự cuộc họp rà soát các dự án chậm tiến độ "
     "do đồng chí Chủ tịch UBND tỉnh chủ trì. Thời gian: 15 giờ 00, ngày 19/6/2025.\n",
     "cuộc họp rà soát các dự án chậm tiến độ"),
    # "được tổ chức vào lúc ..." belongs to the time, not to the event
    ("Văn phòng UBND tỉnh trân trọng kính mời đồng chí Giám đốc Sở Tài chính tới dự Hội nghị tổng "
     "kết công tác thi đua năm 2025 được tổ chức vào lúc 8 giờ ngày 12/6/2025 tại Hội trường A.\n",
     "Hội nghị tổng kết công tác thi đua năm 2025"),
    # "Tới dự:" alone, the event on the next line
    ("Ủy ban nhân dân tỉnh trân trọng kính mời: Đồng chí Giám đốc Sở Tài chính.\n"
     "Tới dự:\n"
     "Lễ công bố quyết định thành lập Trung tâm Phục vụ hành chính công tỉnh.\n"
     "Thời gian: 08 giờ 00 ngày 20/6/2025.\n",
     "Lễ công bố quyết định thành lập Trung tâm Phục vụ hành chính công tỉnh"),
    # "về dự án" / "dự kiến" are not "dự" an event
    ("Văn phòng UBND tỉnh trân trọng kính mời lãnh đạo Sở Xây dựng cho ý kiến về dự án nhà ở xã hội "
     "(dự kiến khởi công năm 2026).\n"
     "Nội dung: Thẩm định điều chỉnh chủ trương đầu tư Dự án nhà ở xã hội phường Đông Kinh.\n",
     "Thẩm định điều chỉnh chủ trương đầu tư Dự án nhà ở xã hội phường Đông Kinh"),
])
def test_giay_moi_subject_is_the_meetings_purpose(body, expected):
    text, r = run(body)
    assert r["document_type"] == "giay_moi"
    assert_subject(text, r, expected)


def test_giay_moi_time_place_table_gives_the_content_column():
    body = ("Văn phòng UBND tỉnh trân trọng kính mời đại diện lãnh đạo các đơn vị sau dự họp:\n"
            "| Thời gian | Địa điểm | Nội dung |\n"
            "|---|---|---|\n"
            "| 14 giờ 00, ngày 12/6/2025 | Phòng họp số 2 | Rà soát tiến độ giải ngân vốn đầu tư công |\n"
            "Đề nghị các đơn vị chuẩn bị tài liệu./.\n")
    text, r = run(body)
    assert_subject(text, r, "Rà soát tiến độ giải ngân vốn đầu tư công")


def test_giay_moi_table_with_several_sessions_gives_no_single_purpose():
    body = ("Văn phòng UBND tỉnh trân trọng kính mời đại diện lãnh đạo các đơn vị sau dự họp:\n"
            "| Thời gian | Địa điểm | Nội dung |\n"
            "|---|---|---|\n"
            "| 14 giờ 00, ngày 12/6/2025 | Phòng họp số 2 | Rà soát tiến độ giải ngân vốn đầu tư công |\n"
            "| 08 giờ 00, ngày 13/6/2025 | Phòng họp số 1 | Thẩm định hồ sơ dự án nhóm B |\n")
    text, r = run(body)
    assert_subject(text, r, None)


def test_giay_moi_with_nothing_but_a_bare_meeting_gives_null_not_a_sentence():
    body = ("Văn phòng UBND tỉnh trân trọng kính mời: Ông Trần Văn Bình, Trưởng phòng Kinh tế.\n"
            "Tới dự họp.\n"
            "Thời gian: 14 giờ 00, ngày 12/6/2025.\n"
            "Địa điểm: Phòng họp số 2.\n")
    text, r = run(body)
    assert_subject(text, r, None)


@pytest.mark.parametrize("line", ["**Họp triển khai công tác phòng, chống thiên tai năm 2025**\n",
                                  "Họp triển khai công tác phòng, chống thiên tai năm 2025\n\n"])
def test_giay_moi_printed_trich_yeu_is_kept(line):
    body = (line +
            "Văn phòng UBND tỉnh trân trọng kính mời đồng chí Giám đốc Sở Nông nghiệp và Môi trường "
            "đến dự cuộc họp. Thời gian: 14 giờ 00, ngày 12/6/2025.\n")
    text, r = run(body)
    assert_subject(text, r, "Họp triển khai công tác phòng, chống thiên tai năm 2025")


def test_giay_gioi_thieu_subject_is_the_ve_viec_line():
    body = ("Văn phòng UBND tỉnh trân trọng giới thiệu:\n"
            "Ông (bà): Lê Văn Cường\n"
            "Chức vụ: Chuyên viên phòng Tổng hợp\n"
            "Được cử đến: Sở Tài chính tỉnh Lạng Sơn\n"
            "Về việc: liên hệ công tác đối chiếu số liệu quyết toán năm 2024\n"
            "Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành nhiệm vụ.\n")
    text, r = run(body, "GIẤY GIỚI THIỆU", "GGT")
    assert r["document_type"] == "giay_gioi_thieu"
    assert_subject(text, r, "liên hệ công tác đối chiếu số liệu quyết toán năm 2024")


def test_giay_nghi_phep_has_no_subject():
    body = ("Xét Đơn đề nghị nghỉ phép ngày 02 tháng 6 năm 2025 của ông Lê Văn Cường,\n"
            "Văn phòng UBND tỉnh cấp cho:\n"
            "Ông (bà): Lê Văn Cường\n"
            "Chức vụ: Chuyên viên\n"
            "Nghỉ phép năm 2025 trong thời gian 05 ngày, kể từ ngày 16/6/2025 đến ngày 20/6/2025.\n")
    text, r = run(body, "GIẤY NGHỈ PHÉP", "GNP")
    assert r["document_type"] == "giay_nghi_phep"
    assert_subject(text, r, None)


def test_cong_van_mentioning_an_invitation_keeps_its_v_v_line():
    text = ("UBND TỈNH LẠNG SƠN\nVĂN PHÒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nSố: 46/VP-TH\nV/v chuẩn bị nội dung hội nghị\n"
            "Lạng Sơn, ngày 10 tháng 6 năm 2025\nKính gửi: Sở Tài chính.\n"
            "Văn phòng trân trọng kính mời Sở Tài chính dự Hội nghị tổng kết năm 2025 và đề nghị "
            "chuẩn bị báo cáo.\n" + CLOSING)
    r = extract(Document(text=text, source="t.txt"))
    assert r["document_type"] == "cong_van"
    assert r["subject"] == "chuẩn bị nội dung hội nghị"


def test_giay_moi_with_v_v_in_the_left_column_keeps_its_type_and_trich_yeu():
    text = ("UBND TỈNH LẠNG SƠN\nVĂN PHÒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nSố: 45/GM-VP\nV/v dự Hội nghị tổng kết công tác năm 2025\n"
            "Lạng Sơn, ngày 10 tháng 6 năm 2025\nGIẤY MỜI\n"
            "Văn phòng UBND tỉnh trân trọng kính mời đồng chí Giám đốc Sở Tài chính tới dự.\n"
            "Thời gian: 8 giờ ngày 12/6/2025.\n" + CLOSING)
    r = extract(Document(text=text, source="t.txt"))
    assert r["document_type"] == "giay_moi"
    assert_subject(text, r, "dự Hội nghị tổng kết công tác năm 2025")


def test_invitees_are_not_tasks_but_a_preparation_order_is():
    body = ("Ủy ban nhân dân tỉnh trân trọng kính mời:\n"
            "- Đồng chí Giám đốc Sở Tài chính;\n"
            "- Đồng chí Giám đốc Sở Nội vụ.\n"
            "Đến dự: Hội nghị triển khai công tác văn thư, lưu trữ năm 2025.\n"
            "Thời gian: 08 giờ 00 ngày 20/6/2025.\n"
            "Giao Sở Nội vụ chuẩn bị báo cáo và tài liệu phục vụ Hội nghị.\n")
    text, r = run(body)
    assert_subject(text, r, "Hội nghị triển khai công tác văn thư, lưu trữ năm 2025")
    assert [(t["text"][:20], t["units"]) for t in r["tasks"]] == [("Giao Sở Nội vụ chuẩn", ["Sở Nội vụ"])]


EXAMPLES = Path(__file__).resolve().parent.parent / "app/drafting/examples"


@pytest.mark.parametrize("name, expected", [
    ("giay_moi", "cuộc họp triển khai kế hoạch phòng, chống dịch bệnh mùa đông xuân năm 2025"),
    ("giay_gioi_thieu", "liên hệ nhận vật tư phòng, chống dịch bệnh"),
])
def test_drafted_docx_reads_back_its_purpose(name, expected):
    """A .docx drafted by vanthu (one paragraph per block, no joining) reads back the same."""
    data = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    doc = read(render_document(data, number=7).docx, filename=f"{name}.docx")
    r = extract(doc)
    assert_subject(doc.text, r, expected)


def test_docx_time_place_table_read_from_the_readers_cells():
    """A .docx giấy mời whose time/place/content table comes as the reader's table cells."""
    import io

    import docx
    d = docx.Document()
    for t in HEADER.format(title="GIẤY MỜI", abbr="GM").splitlines() + [
            "Văn phòng UBND tỉnh trân trọng kính mời đại diện lãnh đạo các đơn vị sau dự họp:"]:
        d.add_paragraph(t)
    tb = d.add_table(rows=2, cols=3)
    for i, t in enumerate(["Thời gian", "Địa điểm", "Nội dung"]):
        tb.rows[0].cells[i].text = t
    for i, t in enumerate(["14 giờ 00, ngày 12/6/2025", "Phòng họp số 2", "Thẩm định hồ sơ dự án nhóm B"]):
        tb.rows[1].cells[i].text = t
    for t in CLOSING.splitlines():
        d.add_paragraph(t)
    buf = io.BytesIO()
    d.save(buf)
    doc = read(buf.getvalue(), filename="gm.docx")
    r = extract(doc)
    assert r["document_type"] == "giay_moi"
    assert_subject(doc.text, r, "Thẩm định hồ sơ dự án nhóm B")


@pytest.mark.parametrize("first", ["Đồng chí: ........................................",
                                   "Ông/Bà: Nguyễn Văn Minh, Giám đốc Công ty cổ phần Xây dựng số 1"])
def test_a_guest_line_under_the_title_is_not_the_trich_yeu(first):
    body = first + "\nTới dự Hội nghị đối thoại doanh nghiệp năm 2025.\nThời gian: 8 giờ ngày 12/6/2025.\n"
    text, r = run(body)
    assert_subject(text, r, "Hội nghị đối thoại doanh nghiệp năm 2025")


@pytest.mark.parametrize("body, expected", [
    ("Nội dung:\nThời gian: 8 giờ ngày 12/6/2025.\n", None),
    ("Tới dự:\nHội nghị đối thoại doanh nghiệp năm 2025.\nThời gian: 8 giờ ngày 12/6/2025.\n",
     "Hội nghị đối thoại doanh nghiệp năm 2025"),
])
def test_a_bare_label_under_the_title_is_not_the_trich_yeu(body, expected):
    text, r = run(body)
    assert_subject(text, r, expected)


WEB_GLUED = """**VĂN PHÒNG CHÍNH
PHỦ**
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
Số: 98/GM-VPCP
|
*Hà Nội, ngày 27
tháng 11 năm 2025*
|
**GIẤY MỜI**
**Họp
trực tuyến Chính phủ với các địa phương về tình hình khắc phục hậu quả mưa lũ**
{inviter} trân trọng kính mời:
- Đại diện lãnh đạo các Bộ: Tài chính, Xây dựng, Nông nghiệp và Môi trường;
- Chủ tịch Ủy ban nhân dân các tỉnh: Đắk Lắk, Gia Lai, Khánh Hòa.
Thời gian: 08 giờ 00, thứ Bảy, ngày 29/11/2025.
Địa điểm: Trụ sở Chính phủ, số 1 Hoàng Hoa Thám, Hà Nội; điểm cầu các tỉnh.
Giao Bộ Tài chính chuẩn bị báo cáo tình hình hỗ trợ các địa phương.
|
**Nơi nhận:**
- Như trên;
- Lưu: VT, TH.
|
**KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM**
**Nguyễn Sỹ Hiệp**
"""


@pytest.mark.parametrize("inviter", ["Văn phòng Chính phủ", "Văn phòng Chính phủ xin", "Ban Tổ chức",
                                     "Văn phòng Ủy ban nhân dân tỉnh"])
def test_web_text_trich_yeu_glued_to_the_invitation_is_split(tmp_path, inviter):
    """The reader joins the bold trích yếu with the invitation line; the trích yếu ends where
    the inviting agency starts, and the guests listed under 'kính mời:' are not tasks."""
    f = tmp_path / "gm.txt"
    f.write_text(WEB_GLUED.format(inviter=inviter), encoding="utf-8")
    doc = read(str(f))
    r = extract(doc)
    assert r["document_type"] == "giay_moi"
    assert_subject(doc.text, r, "Họp trực tuyến Chính phủ với các địa phương về tình hình khắc phục hậu quả mưa lũ")
    assert [t["units"] for t in r["tasks"]] == [["Bộ Tài chính"]]


@pytest.mark.parametrize("first", [
    "Nhân dịp kỷ niệm 80 năm Ngày truyền thống ngành Văn phòng, Ban Tổ chức trân trọng kính mời:",
    "Sở Tài chính tỉnh Lạng Sơn trân trọng kính mời:",
    "Văn phòng Ủy ban nhân dân tỉnh trân trọng kính mời:",
])
def test_an_invitation_under_the_title_is_not_split_into_a_trich_yeu(first):
    body = first + "\n- Đồng chí Giám đốc Sở Nội vụ.\nThời gian: 8 giờ ngày 12/6/2025.\n"
    text, r = run(body)
    assert_subject(text, r, None)
    assert r["tasks"] == []


@pytest.mark.parametrize("title, abbr, line, expected", [
    ("PHIẾU CHUYỂN", "PC", "V/v chuyển đơn kiến nghị của công dân", "chuyển đơn kiến nghị của công dân"),
    ("GIẤY ỦY QUYỀN", "GUQ", "Bàn giao hồ sơ dự án đầu tư", "Bàn giao hồ sơ dự án đầu tư"),
    ("GIẤY GIỚI THIỆU", "GGT", "Giới thiệu cán bộ liên hệ công tác", "Giới thiệu cán bộ liên hệ công tác"),
    ("GIẤY ỦY QUYỀN", "GUQ", "Căn cứ Bộ luật Dân sự năm 2015;", None),
])
def test_printed_trich_yeu_of_other_untitled_types_is_kept(title, abbr, line, expected):
    body = "**" + line + "**\nNội dung chi tiết của văn bản theo quy định.\n"
    text, r = run(body, title, abbr)
    assert_subject(text, r, expected)
