"""Text reader: web-page conversions become printed paragraphs with layout blocks."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import UnreadableFile
from app.intake import read

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SEEDS = SHARED / "seeds"
DEV = SHARED / "dev"
needs_corpus = pytest.mark.skipif(not SEEDS.exists(), reason="shared corpus not available")


def lines(doc):
    return doc.text.split("\n")


def blocks(doc, kind):
    return [doc.block_text(b) for b in doc.blocks if b.kind == kind]


def test_broken_lines_are_joined_and_paragraphs_kept():
    src = ("Ngày 30/6/2025, Chính phủ ban hành Nghị định số\n"
           "175/2025/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định có hiệu\n"
           "lực thi hành từ ngày 01/7/2025.\n"
           "Đề nghị Sở Nội vụ chủ trì, báo cáo UBND tỉnh trong tháng 11 năm\n"
           "2025.\n"
           "a) Sở Tài chính: bố trí kinh phí;\n"
           "b) Sở Tư pháp thẩm định\n"
           "dự thảo.\n"
           "- Như trên;\n"
           "+ Mục con\n")
    doc = read(src.encode(), "x.md")
    assert lines(doc) == [
        "Ngày 30/6/2025, Chính phủ ban hành Nghị định số 175/2025/NĐ-CP sửa đổi, bổ sung một số điều "
        "của Nghị định có hiệu lực thi hành từ ngày 01/7/2025.",
        "Đề nghị Sở Nội vụ chủ trì, báo cáo UBND tỉnh trong tháng 11 năm 2025.",
        "a) Sở Tài chính: bố trí kinh phí;",
        "b) Sở Tư pháp thẩm định dự thảo.",
        "- Như trên;",
        "+ Mục con",
    ]
    assert [doc.block_text(b) for b in doc.blocks if b.kind == "paragraph"] == lines(doc)


def test_markdown_residue_is_removed():
    src = ("### **III. CÁC GIẢI PHÁP**\n\n**1.** Quán triệt <b>nội dung</b> b**á**o cáo<br>tại đây"
           " gửi về UBND huyện (*qua Phòng Nội vụ*) **trước ngày 20/10/2023**.\n\n"
           "Sáng kiến<sup>1</sup> &amp; hiệu quả (*) \u00a0 áp dụng.\n\n-------\n")
    doc = read(src.encode(), "x.md")
    assert lines(doc) == [
        "III. CÁC GIẢI PHÁP",
        "1. Quán triệt nội dung báo cáo tại đây gửi về UBND huyện (qua Phòng Nội vụ) trước ngày 20/10/2023.",
        "Sáng kiến¹ & hiệu quả (*) áp dụng.",
    ]


def test_pipe_header_table_gives_header_blocks_and_clean_lines():
    src = ("BỘ TÀI CHÍNH\n**CỤC THUẾ**\n-------\n|\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\n"
           "Độc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố: 5363/CT-CS\n"
           "*V/v xây dựng, ban hành Bảng giá tính lệ phí\ntrước bạ ô tô, xe máy*\n|\n"
           "*Hà Nội, ngày 20\ntháng 11 năm 2025*\n|\n**Kính gửi:** Các\nThuế tỉnh, thành phố.\n"
           "Cục Thuế thông báo để các Thuế tỉnh biết và thực hiện./.\n|\nNơi nhận:\n- Như trên;\n"
           "- Lưu: VT, CS.\n|\n**KT. CỤC TRƯỞNG**\nPHÓ CỤC TRƯỞNG\nĐặng Ngọc Minh\n")
    doc = read(src.encode(), "cv.md")
    assert lines(doc) == [
        "BỘ TÀI CHÍNH", "CỤC THUẾ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: 5363/CT-CS", "V/v xây dựng, ban hành Bảng giá tính lệ phí trước bạ ô tô, xe máy",
        "Hà Nội, ngày 20 tháng 11 năm 2025", "Kính gửi: Các Thuế tỉnh, thành phố.",
        "Cục Thuế thông báo để các Thuế tỉnh biết và thực hiện./.", "Nơi nhận:", "- Như trên;",
        "- Lưu: VT, CS.", "KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "Đặng Ngọc Minh"]
    assert blocks(doc, "header_left") == ["BỘ TÀI CHÍNH\nCỤC THUẾ",
                                          "Số: 5363/CT-CS\nV/v xây dựng, ban hành Bảng giá tính lệ phí "
                                          "trước bạ ô tô, xe máy"]
    assert blocks(doc, "header_right") == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
                                           "Hà Nội, ngày 20 tháng 11 năm 2025"]
    roles = {doc.block_text(b): b.role for b in doc.blocks if b.kind == "paragraph"}
    assert roles["Số: 5363/CT-CS"] == "number"
    assert roles["Hà Nội, ngày 20 tháng 11 năm 2025"] == "place_date"
    assert roles["- Như trên;"] == "recipients"
    assert roles["PHÓ CỤC TRƯỞNG"] == "signature"


def test_pipe_data_table_one_line_per_row_with_cells():
    src = ("Kế hoạch như sau:\n\n|\n**TT**\n|\n**Nội dung**\n|\n**Cơ quan chủ trì**\n|\n**Thời gian**\n|\n|\n"
           "1\n|\nTổ chức điều chỉnh, bổ sung\nquy hoạch hạ tầng viễn thông\n|\nBan Quản lý các khu công nghệ cao\n"
           "|\nQuý III Năm 2026\n|\n|\n2\n|\nKhảo sát thực trạng\n|\nSở Khoa học và Công nghệ\n|\nThường xuyên\n|\n")
    doc = read(src.encode(), "kh.md")
    assert lines(doc)[1:] == [
        "TT | Nội dung | Cơ quan chủ trì | Thời gian",
        "1 | Tổ chức điều chỉnh, bổ sung quy hoạch hạ tầng viễn thông | Ban Quản lý các khu công nghệ cao "
        "| Quý III Năm 2026",
        "2 | Khảo sát thực trạng | Sở Khoa học và Công nghệ | Thường xuyên"]
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [(b.table, b.row, b.role) for b in rows] == [(0, 0, "table_header"), (0, 1, None), (0, 2, None)]
    cells = {(b.row, b.col): doc.block_text(b) for b in doc.blocks if b.kind == "table_cell"}
    assert cells[(1, 2)] == "Ban Quản lý các khu công nghệ cao"
    assert cells[(2, 3)] == "Thường xuyên"


def test_markdown_tables_split_by_page_are_one_table():
    src = ("| <b>TT</b> | <b>Nội dung</b> | <b>Đơn vị thực hiện</b> |\n|---|--|--|\n"
           "| <b>QUÍ I/2019</b> |  |  |\n| 1 | Phát động thi đua | - UBND tỉnh.<br>- Các đơn vị. |\n"
           "| 2 | Tổng hợp hồ sơ; | - Ban TĐKT. |\n\n"
           "| <b>TT</b> | <b>Nội dung</b> | <b>Đơn vị thực hiện</b> |\n|---|--|--|\n"
           "|  | - Trình khen thưởng bậc cao |  |\n| 3 | Báo cáo sơ kết | - UBND tỉnh. |\n")
    doc = read(src.encode(), "kh.md")
    assert lines(doc) == ["TT | Nội dung | Đơn vị thực hiện", "QUÍ I/2019",
                          "1 | Phát động thi đua | - UBND tỉnh. - Các đơn vị.",
                          "2 | Tổng hợp hồ sơ; - Trình khen thưởng bậc cao | - Ban TĐKT.",
                          "3 | Báo cáo sơ kết | - UBND tỉnh."]
    rows = [(b.table, b.row, b.role) for b in doc.blocks if b.kind == "table_row"]
    assert rows == [(0, 0, "table_header"), (0, 1, "group"), (0, 2, None), (0, 3, None), (0, 4, None)]
    cells = {(b.row, b.col): doc.block_text(b) for b in doc.blocks if b.kind == "table_cell"}
    assert cells[(3, 1)] == "Tổng hợp hồ sơ; - Trình khen thưởng bậc cao" and cells[(3, 2)] == "- Ban TĐKT."


def test_page_break_mid_sentence_is_healed_and_footnote_moved():
    src = ("Tăng cường kiểm tra, thu hồi hiện vật khen\n\n<sup>1</sup> Sáng kiến được công nhận.\n\n"
           "thưởng của UBND tỉnh theo quy định.\n\nUBND huyện yêu cầu thực hiện.\n")
    doc = read(src.encode(), "x.txt")
    assert lines(doc) == ["Tăng cường kiểm tra, thu hồi hiện vật khen thưởng của UBND tỉnh theo quy định.",
                          "¹ Sáng kiến được công nhận.", "UBND huyện yêu cầu thực hiện."]


def test_signature_and_title_lines():
    src = ("**QUYẾT ĐỊNH**\nVỀ\nVIỆC PHÊ DUYỆT GIÁ THÓC\n**ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI**\n"
           "*Căn cứ Luật Tổ chức chính\nquyền địa phương ngày 16/6/2025;*\n\n"
           "**T/M BAN THƯỜNG VỤ\nBÍ THƯ**\n\nPhùng Thanh Kiểm\n\n**KT. BỘ TRƯỞNG,\nCHỦ NHIỆM**\nPHÓ CHỦ NHIỆM\n")
    doc = read(src.encode(), "x.md")
    assert lines(doc) == ["QUYẾT ĐỊNH", "VỀ VIỆC PHÊ DUYỆT GIÁ THÓC", "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
                          "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;",
                          "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Phùng Thanh Kiểm", "KT. BỘ TRƯỞNG, CHỦ NHIỆM",
                          "PHÓ CHỦ NHIỆM"]


def test_encodings_and_nfc():
    decomposed = "Quye\u0302\u0301t đi\u0323nh"      # NFD input
    doc = read(decomposed.encode("utf-8"), "a.txt")
    assert doc.text == "Quyết định"
    assert read("Lạng Sơn".encode("utf-16"), "b.txt").text == "Lạng Sơn"
    assert read(b"\xef\xbb\xbfS\xe1\xbb\x91: 12/UBND", "c.txt").text == "Số: 12/UBND"


def test_empty_and_binary_are_refused():
    with pytest.raises(UnreadableFile) as e:
        read(b"  \n\n ", "a.txt")
    assert e.value.code == "empty_file" and "rỗng" in e.value.message
    with pytest.raises(UnreadableFile) as e:
        read(b"\x00\x01\x02binary\x00", "a.txt")
    assert e.value.code == "unsupported_format"


@needs_corpus
def test_seed_3508_reads_as_printed():
    doc = read(SEEDS / "vp-ubnd-langson-2018-3508-cv.txt")
    ls = lines(doc)
    assert ls[:4] == ["Số: 3508/VP-KGVX", "Lạng Sơn, ngày 05 tháng 9 năm 2018",
                      "V/v thực hiện một số nội dung liên quan đến công tác thi đua, khen thưởng trên địa bàn tỉnh",
                      "Kính gửi: Các đơn vị tham gia cụm thi đua của tỉnh."]
    dash = [ln for ln in ls if ln.startswith("- Tiếp tục thực hiện tốt")]
    assert len(dash) == 1 and "yếu tố đại diện khu vực, đơn vị hành chính để bảo đảm hài hòa" in dash[0]
    assert "- C, PCVP UBND tỉnh, các Phòng: KG-VX, NC, TH, TT TH-CB;" in ls
    assert ls[-3:] == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Phạm Hùng Trường"]
    assert not any(c in doc.text for c in "*#<>|")
    assert [b.role for b in doc.blocks if b.kind == "header_left"] == ["number", "subject"]


@needs_corpus
def test_every_corpus_file_reads_cleanly():
    files = sorted(SEEDS.glob("*")) + sorted(DEV.glob("*"))
    assert len(files) >= 40
    for f in files:
        doc = read(f)
        assert doc.text and "**" not in doc.text and "<b>" not in doc.text, f.name
        assert "\n\n" not in doc.text and doc.text == doc.text.strip(), f.name
        for b in doc.blocks:
            assert 0 <= b.start < b.end <= len(doc.text), f.name
            assert doc.block_text(b) == doc.block_text(b).strip(), f.name
        assert not any(ln.strip() in {"|", "-------", "---------------"} for ln in lines(doc)), f.name


@needs_corpus
def test_dev_header_tables_found():
    found = 0
    for f in sorted(DEV.glob("*.md")):
        doc = read(f)
        left = " ".join(blocks(doc, "header_left"))
        right = " ".join(blocks(doc, "header_right"))
        if "Số" in left and ("ngày" in right):
            found += 1
    assert found >= 38


def test_markdown_header_and_signature_tables_are_layout():
    src = ("| **ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN**<br>**SỞ NỘI VỤ** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**<br>"
           "**Độc lập - Tự do - Hạnh phúc** |\n|---|---|\n| Số: 123/SNV-VP<br>V/v tổng kết công tác | "
           "*Lạng Sơn, ngày 05 tháng 9 năm 2018* |\n\nKính gửi: Các phòng, ban.\n\n"
           "Đề nghị các phòng báo cáo trước ngày 20/9/2018./.\n\n"
           "| ***Nơi nhận:***<br>- Như trên;<br>- Lưu: VT. | **KT. GIÁM ĐỐC**<br>**PHÓ GIÁM ĐỐC**<br><br>"
           "**Nguyễn Văn A** |\n|---|---|\n")
    doc = read(src.encode(), "x.md")
    assert lines(doc) == ["ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                          "Độc lập - Tự do - Hạnh phúc", "Số: 123/SNV-VP", "V/v tổng kết công tác",
                          "Lạng Sơn, ngày 05 tháng 9 năm 2018", "Kính gửi: Các phòng, ban.",
                          "Đề nghị các phòng báo cáo trước ngày 20/9/2018./.", "Nơi nhận:", "- Như trên;",
                          "- Lưu: VT.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]
    assert blocks(doc, "header_left")[0] == "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nSỞ NỘI VỤ"
    assert blocks(doc, "header_right")[1] == "Lạng Sơn, ngày 05 tháng 9 năm 2018"
    roles = {doc.block_text(b): b.role for b in doc.blocks if b.kind == "paragraph"}
    assert roles["- Lưu: VT."] == "recipients" and roles["Nguyễn Văn A"] == "signature"


def test_fragments_that_continue():
    src = ("BỘ\nTÀI CHÍNH\n\n**I.\nTrách nhiệm phối hợp trong công tác thẩm định**\n\n**5. Chuyển đổi\nAI**\n\n"
           "Chương\nIII\n\n*Hà\nNội, ngày 03 tháng 12 năm 2025*\n\n**THÔNG BÁO**\n\nÝ\nKIẾN KẾT LUẬN CỦA PHÓ THỦ TƯỚNG\n")
    doc = read(src.encode(), "x.md")
    assert lines(doc) == ["BỘ TÀI CHÍNH", "I. Trách nhiệm phối hợp trong công tác thẩm định", "5. Chuyển đổi AI",
                          "Chương III", "Hà Nội, ngày 03 tháng 12 năm 2025", "THÔNG BÁO",
                          "Ý KIẾN KẾT LUẬN CỦA PHÓ THỦ TƯỚNG"]


def test_first_line_indentation_opens_a_paragraph():
    src = ("    Thực hiện Kế hoạch của UBND tỉnh về công tác thi đua, khen thưởng năm\n"
           "2025, Sở Nội vụ hướng dẫn như sau\n"
           "    Các đơn vị gửi báo cáo về Sở Nội vụ trước ngày 15/12/2025.\n")
    doc = read(src.encode(), "x.txt")
    assert lines(doc) == ["Thực hiện Kế hoạch của UBND tỉnh về công tác thi đua, khen thưởng năm 2025, Sở Nội vụ "
                          "hướng dẫn như sau", "Các đơn vị gửi báo cáo về Sở Nội vụ trước ngày 15/12/2025."]


TCVN3 = ("Sè: 3508/VP-KGVX\nL¹ng S¬n, ngµy 05 th¸ng 9 n¨m 2018\nKÝnh göi: C¸c së, ban, ngµnh.\n"
         "Së Néi vô chñ tr×, phèi hîp víi c¸c c¬ quan, ®¬n vÞ cã liªn quan.")
UNICODE = ("Số: 3508/VP-KGVX\nLạng Sơn, ngày 05 tháng 9 năm 2018\nKính gửi: Các sở, ban, ngành.\n"
           "Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị có liên quan.")


@pytest.mark.parametrize("encoding", ["latin-1", "utf-8"])
def test_tcvn3_text_is_converted(encoding):
    doc = read(TCVN3.encode(encoding), "cu.txt")
    assert doc.text == UNICODE
    assert doc.metadata["legacy_encoding"] == "tcvn3" and "TCVN3" in doc.warnings[0]


def test_unicode_and_western_text_are_not_converted():
    assert read(UNICODE.encode(), "a.txt").text == UNICODE
    western = "Café résumé à la crème brûlée, naïve façade élève, garçon très âgé ©2024."
    assert read(western.encode(), "b.txt").text == western


def test_links_images_and_code_marks_are_removed():
    src = ("Thực hiện [Quyết định số 123/QĐ-UBND](https://vbpl.vn/van-ban(1).pdf \"Quyết định\") ![logo](logo.png)"
           " đăng trên <https://chinhphu.vn>, mã `TTHC-01`, văn bản[1] liên quan.\n")
    assert read(src.encode(), "x.md").text == ("Thực hiện Quyết định số 123/QĐ-UBND đăng trên https://chinhphu.vn, "
                                              "mã TTHC-01, văn bản[1] liên quan.")


def test_html_tables_left_in_the_text():
    src = ("Phân công như sau:\n\n<table>\n<tr><th>TT</th><th>Nội dung</th><th>Đơn vị chủ trì</th><th>Thời gian</th></tr>\n"
           "<tr><td>1</td><td>Rà soát hồ sơ<br>khen thưởng</td><td>Sở Nội vụ</td><td>Quý I/2019</td></tr>\n"
           "<tr><td colspan=\"4\"><b>QUÝ II</b></td></tr>\n"
           "<tr><td>2</td><td>Tổng kết</td><td>Sở Tài chính &amp; Sở Tư pháp</td><td>Năm 2019</td></tr>\n</table>\n\nHết.")
    doc = read(src.encode(), "x.md")
    assert lines(doc) == ["Phân công như sau:", "TT | Nội dung | Đơn vị chủ trì | Thời gian",
                          "1 | Rà soát hồ sơ khen thưởng | Sở Nội vụ | Quý I/2019", "QUÝ II",
                          "2 | Tổng kết | Sở Tài chính & Sở Tư pháp | Năm 2019", "Hết."]
    assert [b.role for b in doc.blocks if b.kind == "table_row"] == ["table_header", None, "group", None]


def test_sentence_openers_start_a_paragraph_after_an_unpunctuated_line():
    src = ("**Kính gửi:** Bộ trưởng\nBộ Công Thương\nXét đề nghị của Bộ Công Thương tại Tờ\n"
           "trình số 8798/TTr-BCT, Phó Thủ tướng có ý kiến như sau:\n")
    assert lines(read(src.encode(), "x.md")) == [
        "Kính gửi: Bộ trưởng Bộ Công Thương",
        "Xét đề nghị của Bộ Công Thương tại Tờ trình số 8798/TTr-BCT, Phó Thủ tướng có ý kiến như sau:"]


@needs_corpus
def test_rewrapped_seeds_rebuild_their_paragraphs():
    """Wrap the seeds' paragraphs at 78 columns without blank lines (the dev files' shape):
    the reader must give most paragraphs back exactly."""
    import textwrap
    total = found = 0
    for f in sorted(SEEDS.glob("*")):
        if f.name.startswith("sonv-"):      # a news page: headlines without punctuation
            continue
        ref = lines(read(f))
        wrapped = []
        for p in ref:
            wrapped += ["| " + p + " |"] if " | " in p else textwrap.wrap(p, 78)
        got = set(lines(read("\n".join(wrapped).encode(), "w.txt")))
        total += len(ref)
        found += sum(p in got for p in ref)
    assert found / total >= 0.94, found / total


def test_symbol_cut_at_the_line_end_is_rejoined_without_space():
    src = "triển khai Quyết định số 36/2018/QĐ-\nUBND ngày 19/4/2018, Báo cáo số 3508/\nVP-KGVX và kinh tế -\nxã hội.\n"
    assert read(src.encode(), "x.txt").text == ("triển khai Quyết định số 36/2018/QĐ-UBND ngày 19/4/2018, Báo cáo số "
                                               "3508/VP-KGVX và kinh tế - xã hội.")


def test_bold_heading_cut_by_a_blank_line_is_one_heading():
    src = ("**3. Đề nghị Ủy ban Mặt trận\nTổ quốc Việt Nam Thành phố, Hội Liên hiệp**\n\n"
           "**Phụ nữ Thành phố và các tổ\nchức thành viên của Mặt trận**\n\nTăng cường tuyên truyền.\n\n"
           "**KẾ HOẠCH**\n\n**Công tác thi đua năm 2019**\n")
    assert lines(read(src.encode(), "x.md")) == [
        "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố, Hội Liên hiệp Phụ nữ Thành phố và các tổ chức "
        "thành viên của Mặt trận", "Tăng cường tuyên truyền.", "KẾ HOẠCH", "Công tác thi đua năm 2019"]


def test_header_table_with_an_empty_middle_column():
    src = ("|\n**ỦY BAN NHÂN DÂN**\n**TỈNH LẠNG SƠN**\n|\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
           "Độc lập - Tự do - Hạnh phúc\n|\n|\nSố: 12/UBND\n|\n|\n*Lạng Sơn, ngày 05 tháng 9 năm 2018*\n|\n"
           "Nội dung chính của văn bản.\n")
    doc = read(src.encode(), "x.md")
    assert blocks(doc, "header_left") == ["ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN", "Số: 12/UBND"]
    assert blocks(doc, "header_right") == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
                                           "Lạng Sơn, ngày 05 tháng 9 năm 2018"]
