"""VNI-encoded Vietnamese (VNI-Times, VNI-Helve...): .docx runs by font, plain text by a
conservative score; TCVN3 and Unicode documents are left as they were."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import docx
import pytest

from app.extraction import extract
from app.intake import read
from app.intake.legacy_encoding import (
    fix_text,
    from_vni,
    is_vietnamese_syllable,
    is_vni_font,
    looks_vni,
    table,
    to_vni,
    vni_table,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
TONES = ["\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]

# a công văn as a VNI-Times user typed it (VNI bytes, read as Windows-1252), line by line
HEADER_LEFT = ["UÛY BAN NHAÂN DAÂN", "TÆNH LAÏNG SÔN"]
HEADER_RIGHT = ["COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "Ñoäc laäp - Töï do - Haïnh phuùc"]
NUMBER = "Soá: 123/UBND-VP"
SUBJECT = "V/v toång keát coâng taùc chuyeån ñoåi soá naêm 2024"
DATE = "Laïng Sôn, ngaøy 03 thaùng 3 naêm 2025"
BODY = [
    "Kính göûi: Caùc sôû, ban, ngaønh tænh.",
    "Ñeå toång keát coâng taùc chuyeån ñoåi soá naêm 2024, UÛy ban nhaân daân tænh yeâu caàu:",
    "1. Sôû Noäi vuï chuû trì, phoái hôïp vôùi caùc cô quan lieân quan xaây döïng baùo caùo toång keát, "
    "göûi UBND tænh tröôùc ngaøy 15/3/2025.",
    "2. Sôû Taøi chính boá trí kinh phí thöïc hieän.",
]
UNICODE = {
    "UÛY BAN NHAÂN DAÂN": "ỦY BAN NHÂN DÂN",
    "TÆNH LAÏNG SÔN": "TỈNH LẠNG SƠN",
    "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Ñoäc laäp - Töï do - Haïnh phuùc": "Độc lập - Tự do - Hạnh phúc",
    NUMBER: "Số: 123/UBND-VP",
    SUBJECT: "V/v tổng kết công tác chuyển đổi số năm 2024",
    DATE: "Lạng Sơn, ngày 03 tháng 3 năm 2025",
    BODY[0]: "Kính gửi: Các sở, ban, ngành tỉnh.",
    BODY[1]: "Để tổng kết công tác chuyển đổi số năm 2024, Ủy ban nhân dân tỉnh yêu cầu:",
    BODY[2]: "1. Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan xây dựng báo cáo tổng kết, "
             "gửi UBND tỉnh trước ngày 15/3/2025.",
    BODY[3]: "2. Sở Tài chính bố trí kinh phí thực hiện.",
}
SIGNATURE = ["KT. CHUÛ TÒCH", "PHOÙ CHUÛ TÒCH", "Nguyeãn Vaên An"]


def _run(par, text, font="VNI-Times", bold=False):
    r = par.add_run(text)
    r.font.name = font
    r.bold = bold
    return r


def _vni_dispatch_docx() -> bytes:
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    for cell, lines, bold in ((t.cell(0, 0), HEADER_LEFT, True), (t.cell(0, 1), HEADER_RIGHT, True),
                              (t.cell(1, 0), [NUMBER, SUBJECT], False), (t.cell(1, 1), [DATE], False)):
        for i, line in enumerate(lines):
            _run(cell.paragraphs[0] if i == 0 else cell.add_paragraph(), line, bold=bold)
    for line in BODY:
        _run(d.add_paragraph(), line)
    s = d.add_table(rows=1, cols=2)
    _run(s.cell(0, 0).paragraphs[0], "Nôi nhaän:", bold=True)
    _run(s.cell(0, 0).add_paragraph(), "- Nhö treân;")
    _run(s.cell(0, 0).add_paragraph(), "- Löu: VT, VP.")
    for i, line in enumerate(SIGNATURE):
        _run(s.cell(0, 1).paragraphs[0] if i == 0 else s.cell(0, 1).add_paragraph(), line, bold=True)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# --- .docx ----------------------------------------------------------------------------------
def test_vni_docx_reads_as_unicode():
    doc = read(_vni_dispatch_docx(), "vni.docx")
    lines = doc.text.split("\n")
    for vni, uni in UNICODE.items():
        assert uni in lines, (vni, uni)
    assert "Nơi nhận:" in lines and "- Lưu: VT, VP." in lines and "Nguyễn Văn An" in lines
    assert "PHÓ CHỦ TỊCH" in lines
    assert doc.metadata["legacy_encoding"] == "vni"
    assert any("VNI" in w for w in doc.warnings)
    # none of the VNI mark characters that are not Vietnamese letters is left
    assert not any(c in doc.text for c in "ÛÆÏÄØÑÖËÜûæïäøñöëü")


def test_vni_docx_extracts_number_date_and_task():
    data = extract(read(_vni_dispatch_docx(), "vni.docx"))
    assert data["code"]["text"] == "123/UBND-VP"
    assert data["promulgation"]["date"] == "2025-03-03"
    assert data["promulgation"]["place"] == "Lạng Sơn"
    assert data["subject"] == "tổng kết công tác chuyển đổi số năm 2024"
    due = [t for t in data["tasks"] if t["due_date"] == "2025-03-15"]
    assert due and "Sở Nội vụ" in due[0]["units"]
    assert data["signer"]["full_name"] == "Nguyễn Văn An"


def test_vni_letter_split_across_runs_and_ascii_untouched():
    d = docx.Document()
    p = d.add_paragraph()
    _run(p, "Vie")                              # Word split the run between 'e' and its mark
    _run(p, "ät Nam, soá 45/KH-UBND ")
    _run(p, "café naïve", font="Times New Roman")   # a Western font: its Latin-1 letters stay
    p2 = d.add_paragraph()
    _run(p2, "Sở Nội vụ")                        # Unicode typed with a VNI font name: left alone
    p3 = d.add_paragraph()
    _run(p3, "Report No. 12/2025 - ASEAN")        # plain ASCII in a VNI font: unchanged
    buf = io.BytesIO()
    d.save(buf)
    doc = read(buf.getvalue(), "split.docx")
    assert doc.text.split("\n") == ["Việt Nam, số 45/KH-UBND café naïve", "Sở Nội vụ",
                                    "Report No. 12/2025 - ASEAN"]
    assert doc.metadata["legacy_encoding"] == "vni"


def test_vni_font_from_document_defaults():
    d = docx.Document()
    d.styles["Normal"].font.name = "VNI-Helve"
    d.add_paragraph("Chuû tòch UÛy ban nhaân daân huyeän")
    buf = io.BytesIO()
    d.save(buf)
    assert read(buf.getvalue(), "style.docx").text == "Chủ tịch Ủy ban nhân dân huyện"


def test_ascii_only_vni_docx_is_not_flagged():
    d = docx.Document()
    _run(d.add_paragraph(), "Annual report 2025")
    buf = io.BytesIO()
    d.save(buf)
    doc = read(buf.getvalue(), "ascii.docx")
    assert doc.text == "Annual report 2025" and "legacy_encoding" not in doc.metadata


def test_tcvn3_docx_left_as_before():
    d = docx.Document()
    _run(d.add_paragraph(), "Uû ban nh©n d©n tØnh", font=".VnTime")
    _run(d.add_paragraph(), "Së Néi vô chñ tr×, phèi hîp víi c¸c c¬ quan", font=".VnTime")
    buf = io.BytesIO()
    d.save(buf)
    doc = read(buf.getvalue(), "tcvn3.docx")
    assert doc.text.split("\n") == ["Uỷ ban nhân dân tỉnh", "Sở Nội vụ chủ trì, phối hợp với các cơ quan"]
    assert doc.metadata["legacy_encoding"] == "tcvn3" and len(doc.warnings) == 1


def test_docx_mixing_tcvn3_and_vni_fonts():
    d = docx.Document()
    _run(d.add_paragraph(), "Uû ban nh©n d©n tØnh", font=".VnTime")
    _run(d.add_paragraph(), "Sôû Noäi vuï chuû trì")
    _run(d.add_paragraph(), "Phoøng Toå chöùc")
    buf = io.BytesIO()
    d.save(buf)
    doc = read(buf.getvalue(), "mixed.docx")
    assert doc.text.split("\n") == ["Uỷ ban nhân dân tỉnh", "Sở Nội vụ chủ trì", "Phòng Tổ chức"]
    assert doc.metadata["legacy_encoding"] == "tcvn3+vni" and len(doc.warnings) == 2


def test_font_names():
    assert is_vni_font("VNI-Times") and is_vni_font("VNI-Helve-Condense") and is_vni_font("vni-avo")
    assert not is_vni_font("Times New Roman") and not is_vni_font(".VnTime") and not is_vni_font(None)
    assert not is_vni_font("VNIX")


# --- .rtf and .doc (through LibreOffice) ------------------------------------------------------
needs_soffice = pytest.mark.skipif(not shutil.which(os.environ.get("VANTHU_SOFFICE", "soffice")),
                                   reason="LibreOffice not installed")


def _rtf_escape(s: str) -> str:
    return "".join(c if ord(c) < 128 and c not in "\\{}" else f"\\'{c.encode('cp1252')[0]:02x}" for c in s)


@pytest.mark.slow
@needs_soffice
def test_vni_rtf_is_read():
    """An RTF as old editors wrote it: a VNI-Times font entry and the VNI bytes as \\'xx escapes."""
    body = "\\par\n".join(_rtf_escape(x) for x in HEADER_LEFT + [NUMBER, BODY[2]])
    rtf = ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fnil\\fcharset0 VNI-Times;}}\n\\f0\\fs26 "
           + body + "\\par\n}")
    doc = read(rtf.encode("ascii"), "vni.rtf")
    assert doc.text.split("\n") == ["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN", UNICODE[NUMBER], UNICODE[BODY[2]]]
    assert doc.metadata["legacy_encoding"] == "vni" and doc.metadata["converted_from"] == "rtf"


def _vni_docx_as(tmp_path, fmt: str) -> bytes:
    """The VNI công văn converted by LibreOffice to `fmt` (doc, pdf), as another office would."""
    src = tmp_path / "vni.docx"
    src.write_bytes(_vni_dispatch_docx())
    subprocess.run([os.environ.get("VANTHU_SOFFICE", "soffice"), f"-env:UserInstallation=file://{tmp_path}/p",
                    "--headless", "--convert-to", fmt, "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=120, env=dict(os.environ, HOME=str(tmp_path)))
    return (tmp_path / f"vni.{fmt}").read_bytes()


@pytest.mark.slow
@needs_soffice
def test_vni_word_97_doc_is_read(tmp_path):
    doc = read(_vni_docx_as(tmp_path, "doc"), "vni.doc")
    assert doc.metadata["legacy_encoding"] == "vni" and doc.metadata["converted_from"] == "doc"
    lines = doc.text.split("\n")
    assert UNICODE[BODY[2]] in lines and UNICODE[NUMBER] in lines and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines


@pytest.mark.slow
@needs_soffice
def test_vni_pdf_is_read(tmp_path):
    """A PDF printed from a VNI-Times document carries the VNI bytes in its text layer."""
    doc = read(_vni_docx_as(tmp_path, "pdf"), "vni.pdf")
    assert UNICODE[NUMBER] in doc.text and "tháng" in doc.text and "Soá" not in doc.text


# --- plain text -------------------------------------------------------------------------------
VNI_TEXT = "\n".join([NUMBER, DATE, SUBJECT] + BODY)
UNICODE_TEXT = "\n".join(UNICODE[x] for x in [NUMBER, DATE, SUBJECT] + BODY)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_vni_text_file_is_converted(encoding):
    doc = read(VNI_TEXT.encode(encoding), "vni.txt")
    assert doc.text == UNICODE_TEXT
    assert doc.metadata["legacy_encoding"] == "vni"


def test_vni_text_file_with_windows_quotes():
    src = VNI_TEXT + "\n\u201cBaùo caùo\u201d \u2013 khaån."
    doc = read(src.encode("cp1252"), "q.txt")
    assert doc.text.endswith("\u201cBáo cáo\u201d \u2013 khẩn.")


@pytest.mark.parametrize("text", [
    "Le café où nous étions était fermé. Où est la bibliothèque? Il a été très naïf, à côté du théâtre. "
    "Nous sommes allés à Noël chez grand-mère; la forêt était sûre et l'hôtel coûtait cher. Où aller?",
    "Die Prüfung für Schüler in Zürich wurde über das Wochenende verschoben. Größere Änderungen gibt es nicht.",
    "La niña comió en el jardín después de la reunión. Según el señor, la ubicación está aquí, más o menos.",
    "Café résumé à la crème brûlée, naïve façade élève, garçon très âgé ©2024.",
    "The committee met on 12 March 2025 and approved the annual plan for all provincial departments.",
])
def test_western_text_is_not_vni(text):
    assert not looks_vni(text)
    assert fix_text(text) == (text, None)
    assert read(text.encode("utf-8"), "w.txt").text == text


def test_tcvn3_text_left_as_before():
    tcvn3 = ("Sè: 3508/VP-KGVX\nL¹ng S¬n, ngµy 05 th¸ng 9 n¨m 2018\nKÝnh göi: C¸c së, ban, ngµnh.\n"
             "Së Néi vô chñ tr×, phèi hîp víi c¸c c¬ quan, ®¬n vÞ cã liªn quan.")
    assert not looks_vni(tcvn3)
    doc = read(tcvn3.encode("latin-1"), "cu.txt")
    assert doc.text.split("\n")[:2] == ["Số: 3508/VP-KGVX", "Lạng Sơn, ngày 05 tháng 9 năm 2018"]
    assert doc.metadata["legacy_encoding"] == "tcvn3"


def _tcvn3(text: str) -> str:
    back = {v: k for k, v in table()["map"].items()}
    return "".join(back.get(c, c) for c in text)


def _cp1258(text: str) -> bytes:
    """As old Windows-1258 files store Vietnamese: precomposed base letter + combining tone."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        nfd = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONES))
        out.append(base + "".join(c for c in nfd if c in TONES))
    return "".join(out).encode("cp1258", errors="replace")


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_corpus_documents_in_every_encoding(path):
    """Each real document: Unicode stays as is, its VNI form is detected and converts back
    exactly, its TCVN3 form is not taken for VNI, its Windows-1258 bytes still decode as before."""
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    assert not looks_vni(text) and fix_text(text) == (text, None)
    vni = to_vni(text)
    assert looks_vni(vni) and fix_text(vni) == (text, "vni")
    assert not looks_vni(_tcvn3(text))
    raw = _cp1258(text)
    doc = read(raw, path.stem + ".txt")
    assert "legacy_encoding" not in doc.metadata
    assert "Số" in doc.text or "số" in doc.text


def test_corpus_read_unchanged_for_unicode_file():
    path = ROOT / "corpus" / "vp-ubnd-langson-2018-3508-cv.txt"
    doc = read(path.read_bytes(), "3508.txt")
    assert "legacy_encoding" not in doc.metadata and not doc.warnings
    assert "Số: 3508/VP-KGVX" in doc.text
    vni_doc = read(to_vni(path.read_text(encoding="utf-8")).encode("cp1252"), "3508.txt")
    assert vni_doc.text == doc.text and vni_doc.metadata["legacy_encoding"] == "vni"


# --- the table --------------------------------------------------------------------------------
def _all_letters() -> list[str]:
    out = ["đ", "Đ"]
    for base in ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]:
        for tone in [""] + TONES:
            ch = unicodedata.normalize("NFC", base + tone)
            if ch not in "aeiouy":
                out += [ch, ch.upper()]
    return out


def test_every_vietnamese_letter_round_trips():
    letters = _all_letters()
    assert len(letters) == 134 and len(set(letters)) == 134
    assert set(vni_table()["letters"]) == set(letters)
    codes = [to_vni(c) for c in letters]
    assert len(set(codes)) == 134                       # no two letters share a VNI form
    for c, v in zip(letters, codes, strict=True):
        assert all(ord(x) < 256 for x in v)             # one byte per character in a VNI font
        assert from_vni(v) == c, (c, v)
        assert from_vni("x" + v + "t") == "x" + c + "t"
    sample = "Người dân ở Đắk Lắk, Quảng Ngãi, Thừa Thiên Huế; khuỷu tay; QUYẾT ĐỊNH SỐ 12/QĐ-UBND; kỵ."
    assert from_vni(to_vni(sample)) == sample


@pytest.mark.parametrize("vni,uni", [
    ("aú", "ẳ"), ("AÚ", "Ẳ"), ("aü", "ẵ"), ("yï", "ỵ"), ("î", "ỵ"), ("ô", "ơ"), ("ôù", "ớ"),
    ("ñ", "đ"), ("Ñ", "Đ"), ("ò", "ị"), ("æ", "ỉ"), ("ó", "ĩ"), ("í", "í"), ("ì", "ì"),
    ("TRÖÔØNG", "TRƯỜNG"), ("nghieâng", "nghiêng"), ("khuyûu", "khuỷu"),
])
def test_vni_sequences(vni, uni):
    assert from_vni(vni) == uni


@pytest.mark.parametrize("word,ok", [
    ("người", True), ("quyết", True), ("giữa", True), ("nghiêng", True), ("NĐ", True), ("HĐND", True),
    ("viêịt", False), ("ưê", False), ("ăa", False), ("hoàả", False),
])
def test_syllable_shape(word, ok):
    assert is_vietnamese_syllable(word) is ok
