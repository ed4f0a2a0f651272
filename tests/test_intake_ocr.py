"""OCR: generated 300 dpi scans (clean and degraded) through Tesseract vie, the grammar
post-check, and the errors when Tesseract or its Vietnamese model is missing."""
from __future__ import annotations

import io
import os
import stat
import struct
import zlib

import pytest

from app.errors import Unavailable, UnreadableFile
from app.intake import read
from app.intake.ocr_fix import fix_line, fix_symbol

from .fixtures.intake.pdfgen import PdfBuilder
from .fixtures.intake.scan import BODY, char_accuracy, page_lines, render_dispatch

pytestmark = pytest.mark.slow


def _png(img) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", dpi=(300, 300))
    return buf.getvalue()


def _body_text(doc) -> str:
    return doc.text


def test_clean_scan_reads_key_strings_and_layout():
    doc = read(_png(render_dispatch()), "scan.png")
    assert doc.format == "ocr"
    lines = doc.text.split("\n")
    assert "Số: 3508/VP-KGVX" in lines
    assert "Lạng Sơn, ngày 05 tháng 9 năm 2018" in lines
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert ("2. Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ hướng dẫn triển khai thực hiện "
            "Quyết định số 36/2018/QĐ-UBND ngày 19/4/2018 của UBND tỉnh Lạng Sơn; báo cáo UBND tỉnh "
            "trong tháng 10 năm 2018.") in lines
    left = [doc.block_text(b) for b in doc.blocks if b.kind == "header_left"]
    right = [doc.block_text(b) for b in doc.blocks if b.kind == "header_right"]
    assert left == ["ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: 3508/VP-KGVX"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                     "Lạng Sơn, ngày 05 tháng 9 năm 2018"]
    acc = char_accuracy(" ".join(page_lines()), doc.text)
    assert acc >= 0.99, acc
    meta = doc.metadata["ocr"]
    assert meta["lang"] == "vie" and meta["dpi"] == 300 and meta["confidence"] > 85
    assert meta["pages"][0]["words"] > 100


@pytest.mark.parametrize("noise, blur, rotate", [(0.004, 0.8, 0.6), (0.01, 1.2, -2.5)])
def test_degraded_scan_still_reads(tmp_path, noise, blur, rotate):
    # speckle noise, blur, a skewed sheet and JPEG artefacts: denoised and deskewed before OCR
    img = render_dispatch(noise=noise, blur=blur, rotate=rotate, seed=3)
    path = tmp_path / "degraded.jpg"
    img.convert("RGB").save(path, "JPEG", quality=70, dpi=(300, 300))
    doc = read(path)
    assert "Số: 3508/VP-KGVX" in doc.text.split("\n")
    assert "Lạng Sơn, ngày 05 tháng 9 năm 2018" in doc.text.split("\n")
    assert BODY[0] in doc.text.split("\n")
    acc = char_accuracy(" ".join(page_lines()), doc.text)
    assert acc >= 0.98, acc
    assert doc.metadata["ocr"]["confidence"] > 80


def test_post_check_repairs_number_and_date_confusions():
    # Print the confusions themselves: the post-check must repair what OCR returns.
    img = render_dispatch(number="Số: 35O8 / VP - KGVX", place_date="Lạng Sơn, ngày O5 tháng 9 năm 2O18")
    doc = read(_png(img), "scan.png")
    assert "Số: 3508/VP-KGVX" in doc.text.split("\n")
    assert "Lạng Sơn, ngày 05 tháng 9 năm 2018" in doc.text.split("\n")
    assert doc.metadata["ocr"]["corrected_lines"] >= 2


def test_scanned_pdf_page_is_ocred():
    p = PdfBuilder()
    p.image_page(render_dispatch())
    doc = read(p.bytes(), "scan.pdf")
    assert doc.format == "ocr" and doc.pages == 1
    assert "Số: 3508/VP-KGVX" in doc.text and doc.metadata["ocr"]["scanned_pages"] == 1
    assert BODY[0] in doc.text


@pytest.mark.parametrize("raw, fixed", [
    ("S6: 35O8 / VP - KGVX", "Số: 3508/VP-KGVX"),
    ("Số: 3508VP-KGVX", "Số: 3508/VP-KGVX"),
    ("Sô: 3508lVP-KGVX", "Số: 3508/VP-KGVX"),
    ("Số: 68/2O25//TT-BNNMT", "Số: 68/2025/TT-BNNMT"),
    ("Lạng Sơn, ngày O5 tháng 9 năm 2O18", "Lạng Sơn, ngày 05 tháng 9 năm 2018"),
    ("theo Quyết định ngày l5/O9/2O18 của", "theo Quyết định ngày 15/09/2018 của"),
    ("CỘNG HOÀ XÃ HỘl CHỦ NGHÌA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("Độc lập - Tư do - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"),
    ("Kình gửl: Các sở", "Kính gửi: Các sở"),
    ("hoàn thành trong Quý TV/2019, quý lI năm 2020", "hoàn thành trong Quý IV/2019, quý II năm 2020"),
    ("Quý 1/2019", "Quý 1/2019"),
    # running text and already-correct lines are left alone
    ("Sở Nội vụ tổng hợp, báo cáo", "Sở Nội vụ tổng hợp, báo cáo"),
    ("Số: /UBND-NV", "Số: /UBND-NV"),
    ("Cao Lộc, ngày tháng 10 năm 2023", "Cao Lộc, ngày tháng 10 năm 2023"),
    ("Tổ chức năm học 2018 - 2019", "Tổ chức năm học 2018 - 2019"),
])
def test_fix_line(raw, fixed):
    assert fix_line(raw) == fixed


def test_fix_symbol_keeps_notation_letters():
    assert fix_symbol("1O5/QĐ-UBND") == "105/QĐ-UBND"
    assert fix_symbol("30-CT/TU") == "30-CT/TU"


def test_missing_tesseract_is_unavailable(monkeypatch):
    monkeypatch.setenv("VANTHU_TESSERACT", "/nonexistent/tesseract-xyz")
    with pytest.raises(Unavailable) as e:
        read(_png(render_dispatch()), "scan.png")
    assert e.value.code == "ocr_unavailable" and e.value.status == 503 and "Tesseract" in e.value.message


def test_missing_vietnamese_model_is_unavailable(monkeypatch, tmp_path):
    fake = tmp_path / "tesseract"
    fake.write_text('#!/bin/sh\necho "List of available languages (2):"\necho eng\necho osd\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("VANTHU_TESSERACT", str(fake))
    with pytest.raises(Unavailable) as e:
        read(_png(render_dispatch()), "scan.png")
    assert "tesseract-ocr-vie" in e.value.message


def test_decompression_bomb_image_is_refused():
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 1, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")
    with pytest.raises(UnreadableFile) as e:
        read(png, "bomb.png")
    assert e.value.code == "image_too_large"


def test_corrupt_image_is_refused():
    good = _png(render_dispatch())
    with pytest.raises(UnreadableFile) as e:
        read(good[:400], "cut.png")
    assert e.value.code == "corrupt_file"
    assert os.environ.get("OMP_THREAD_LIMIT") == "1"


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_page_scanned_on_its_side_or_upside_down(angle):
    doc = read(_png(render_dispatch().rotate(angle, expand=True)), "xoay.png")
    assert "Số: 3508/VP-KGVX" in doc.text.split("\n")
    assert "Lạng Sơn, ngày 05 tháng 9 năm 2018" in doc.text.split("\n")
    assert doc.metadata["ocr"]["pages"][0]["rotated"] in (90, 180, 270)


def test_multipage_tiff_reads_every_page_in_order():
    first = render_dispatch()
    from PIL import Image, ImageDraw, ImageFont
    second = Image.new("L", first.size, 255)
    font = ImageFont.truetype("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", 54)
    ImageDraw.Draw(second).text((250, 300), "Nơi nhận:", font=font, fill=0)
    ImageDraw.Draw(second).text((250, 390), "- Như trên;", font=font, fill=0)
    buf = io.BytesIO()
    first.save(buf, "TIFF", save_all=True, append_images=[second], compression="tiff_deflate", dpi=(300, 300))
    doc = read(buf.getvalue(), "scan.tif")
    assert doc.pages == 2 and len(doc.metadata["ocr"]["pages"]) == 2
    lines = doc.text.split("\n")
    assert lines.index("Số: 3508/VP-KGVX") < lines.index("Nơi nhận:")
    assert {b.page for b in doc.blocks if doc.block_text(b) == "- Như trên;"} == {2}


def test_pdf_mixing_text_and_scanned_pages():
    from PIL import Image, ImageDraw, ImageFont
    p = PdfBuilder().new_page()
    p.text(70, 60, "Số: 3508/VP-KGVX", 13)
    p.text(70, 80, "Sở Nội vụ chủ trì, phối hợp với các cơ quan có liên quan thực hiện.", 13)
    scan = Image.new("L", (2480, 3508), 255)
    font = ImageFont.truetype("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", 54)
    ImageDraw.Draw(scan).text((250, 300), "Nơi nhận:", font=font, fill=0)
    ImageDraw.Draw(scan).text((250, 390), "- Lưu: VT, KG-VX.", font=font, fill=0)
    p.image_page(scan)
    doc = read(p.bytes(), "tron.pdf")
    assert doc.format == "pdf" and doc.pages == 2 and doc.metadata["ocr"]["scanned_pages"] == 1
    assert doc.text.split("\n") == ["Số: 3508/VP-KGVX",
                                    "Sở Nội vụ chủ trì, phối hợp với các cơ quan có liên quan thực hiện.",
                                    "Nơi nhận:", "- Lưu: VT, KG-VX."]


def test_scanned_table_without_rules_gives_rows():
    from PIL import Image, ImageDraw, ImageFont
    img = Image.new("L", (2480, 3508), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", 50)
    d.text((250, 250), "Kế hoạch phân công thực hiện như sau:", font=font, fill=0)
    rows = [["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian"],
            ["1", "Rà soát hồ sơ khen thưởng", "Sở Nội vụ", "Năm 2019"],
            ["2", "Tổng kết phong trào thi đua", "Sở Tài chính", "Tháng 6/2019"]]
    y = 400
    for row in rows:
        for cell, x in zip(row, [250, 400, 1300, 1850], strict=True):
            d.text((x, y), cell, font=font, fill=0)
        y += 90
    d.text((250, y + 60), "Các đơn vị báo cáo kết quả về Sở Nội vụ.", font=font, fill=0)
    doc = read(_png(img), "bang.png")
    assert doc.text.split("\n") == ["Kế hoạch phân công thực hiện như sau:",
                                    "TT | Nội dung | Đơn vị chủ trì | Thời gian",
                                    "1 | Rà soát hồ sơ khen thưởng | Sở Nội vụ | Năm 2019",
                                    "2 | Tổng kết phong trào thi đua | Sở Tài chính | Tháng 6/2019",
                                    "Các đơn vị báo cáo kết quả về Sở Nội vụ."]
    cells = {(b.row, b.col): doc.block_text(b) for b in doc.blocks if b.kind == "table_cell"}
    assert cells[(2, 2)] == "Sở Tài chính"
