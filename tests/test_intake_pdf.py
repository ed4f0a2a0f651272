"""PDF reader: text layer with layout, ruled tables, limits on hostile PDFs."""
from __future__ import annotations

import time

import pytest

from app.errors import UnreadableFile
from app.intake import read
from app.intake.limits import Limits

from .fixtures.intake.pdfgen import dispatch_pdf, encrypted_pdf, page_bomb_pdf


def test_text_pdf_reads_as_printed():
    doc = read(dispatch_pdf(), "cv.pdf")
    assert doc.format == "pdf" and doc.pages == 2
    lines = doc.text.split("\n")
    assert lines[:8] == ["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN", "Số: 3508/VP-KGVX", "V/v thực hiện một số nội dung",
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                         "Lạng Sơn, ngày 05 tháng 9 năm 2018", "Kính gửi: Các sở, ban, ngành tỉnh."]
    assert ("1. Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị có liên quan hướng dẫn triển khai thực hiện; "
            "báo cáo UBND tỉnh trong tháng 10 năm 2018.") in lines
    assert "1 | Rà soát hồ sơ khen thưởng | Sở Nội vụ | Quý I/2019" in lines
    assert lines[-6:] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT, KG-VX.", "KT. CHÁNH VĂN PHÒNG",
                          "PHÓ CHÁNH VĂN PHÒNG", "Phạm Hùng Trường"]
    kinds = {(b.kind, doc.block_text(b).split("\n")[0]) for b in doc.blocks}
    assert ("header_left", "ỦY BAN NHÂN DÂN") in kinds and ("header_right", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") in kinds
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [(b.row, b.role, b.page) for b in rows] == [(0, "table_header", 1), (1, None, 1), (2, None, 1)]
    sig = [b for b in doc.blocks if b.kind == "table_cell" and b.role == "signature"]
    assert sig and doc.block_text(sig[0]).endswith("Phạm Hùng Trường") and sig[0].page == 2
    motto = [b for b in doc.blocks if b.kind == "paragraph" and doc.block_text(b).startswith("CỘNG HÒA")]
    assert motto[0].bold is True
    assert doc.text == __import__("unicodedata").normalize("NFC", doc.text)


def test_encrypted_pdf_is_refused_with_clear_message():
    with pytest.raises(UnreadableFile) as e:
        read(encrypted_pdf(), "secret.pdf")
    assert e.value.code == "encrypted_file" and "mật khẩu" in e.value.message


def test_pdf_with_thousands_of_pages_is_refused_quickly():
    bomb = page_bomb_pdf(5000)
    assert len(bomb) < 100_000
    t = time.perf_counter()
    with pytest.raises(UnreadableFile) as e:
        read(bomb, "bomb.pdf")
    assert time.perf_counter() - t < 5
    assert e.value.code == "too_many_pages" and "5000" in e.value.message
    assert e.value.details == {"pages": 5000, "limit": Limits.from_env().max_pdf_pages}


def test_page_limit_is_configurable(monkeypatch):
    monkeypatch.setenv("VANTHU_MAX_PDF_PAGES", "1")
    with pytest.raises(UnreadableFile) as e:
        read(dispatch_pdf(), "cv.pdf")
    assert e.value.code == "too_many_pages"


def test_truncated_pdf_is_refused():
    data = dispatch_pdf()
    with pytest.raises(UnreadableFile) as e:
        read(data[: len(data) // 3], "cut.pdf")
    assert e.value.code == "corrupt_file" and "PDF" in e.value.message


def test_oversized_upload_is_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setenv("VANTHU_MAX_UPLOAD_MB", "1")
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    with pytest.raises(UnreadableFile) as e:
        read(big)
    assert e.value.code == "file_too_large" and e.value.status == 413 and "MB" in e.value.message


def test_header_cells_too_close_for_a_gap_are_split_at_the_motto():
    # As LibreOffice prints a narrow header table: the organ wraps and nearly touches the motto.
    from .fixtures.intake.pdfgen import PdfBuilder
    p = PdfBuilder().new_page()
    p.text(40, 50, "ỦY BAN NHÂN DÂN HUYỆN ĐAN", 12, bold=True)
    p.text(232, 50, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    p.text(105, 64, "PHƯỢNG", 12, bold=True)
    p.text(300, 66, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    p.text(60, 78, "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", 12, bold=True)
    p.text(80, 100, "Số: 05/UBND-VP", 13)
    p.text(300, 100, "Tân Lập, ngày 05 tháng 02 năm 2025", 13)
    p.text(150, 150, "Kính gửi: Trạm Y tế xã Tân Lập.", 13)
    p.text(70, 180, "Trạm Y tế xã báo cáo kết quả thực hiện trước ngày 28 tháng 02 năm 2025./.", 13)
    doc = read(p.bytes(), "hdr.pdf")
    assert doc.text.split("\n")[:7] == [
        "ỦY BAN NHÂN DÂN HUYỆN ĐAN PHƯỢNG", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "Số: 05/UBND-VP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Tân Lập, ngày 05 tháng 02 năm 2025",
        "Kính gửi: Trạm Y tế xã Tân Lập."]
    right = [doc.block_text(b) for b in doc.blocks if b.kind == "header_right"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTân Lập, ngày 05 tháng 02 năm 2025"]


def test_tcvn3_pdf_text_is_converted():
    from .fixtures.intake.pdfgen import PdfBuilder
    p = PdfBuilder().new_page()
    for i, line in enumerate(["Uû ban nh©n d©n tØnh L¹ng S¬n", "Sè: 3508/VP-KGVX",
                              "Së Néi vô chñ tr×, phèi hîp víi c¸c c¬ quan, ®¬n vÞ cã liªn quan."]):
        p.text(70, 60 + 20 * i, line, 13)
    doc = read(p.bytes(), "cu.pdf")
    assert doc.text.split("\n") == ["Uỷ ban nhân dân tỉnh Lạng Sơn", "Số: 3508/VP-KGVX",
                                    "Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị có liên quan."]


def test_table_cut_by_a_page_break_is_one_table():
    from .fixtures.intake.pdfgen import PdfBuilder
    cols = [70, 100, 300, 420, 525]
    header = ["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian"]
    p = PdfBuilder().new_page()
    p.text(70, 60, "Phân công thực hiện như sau:", 13)
    pages = [[header, ["1", "Rà soát hồ sơ", "Sở Nội vụ", "Quý I/2019"], ["2", "Tổng kết phong trào", "Sở Tài chính", "Năm"]],
             [header, ["", "thi đua", "", "2019"], ["3", "Báo cáo sơ kết", "Văn phòng", "Tháng 6/2019"]]]
    for n, rows in enumerate(pages):
        if n:
            p.new_page()
        y = 90 if n == 0 else 60
        for row in rows:
            for ci, cell in enumerate(row):
                p.rect(cols[ci], y, cols[ci + 1] - cols[ci], 22)
                if cell:
                    p.text(cols[ci] + 4, y + 4, cell, 11)
            y += 22
    doc = read(p.bytes(), "bang.pdf")
    assert doc.text.split("\n") == ["Phân công thực hiện như sau:", "TT | Nội dung | Đơn vị chủ trì | Thời gian",
                                    "1 | Rà soát hồ sơ | Sở Nội vụ | Quý I/2019",
                                    "2 | Tổng kết phong trào thi đua | Sở Tài chính | Năm 2019",
                                    "3 | Báo cáo sơ kết | Văn phòng | Tháng 6/2019"]
    assert {b.table for b in doc.blocks if b.kind == "table_row"} == {0}
