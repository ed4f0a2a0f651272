"""Word 97-2003 (.doc), RTF and ODT files are converted by LibreOffice and read as .docx."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from app.errors import Unavailable, UnreadableFile
from app.intake import read

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not shutil.which(os.environ.get("VANTHU_SOFFICE", "soffice")),
                                 reason="LibreOffice not installed")]


def _make(tmp_path: Path, fmt: str) -> bytes:
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN"
    t.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    d.add_paragraph("Số: 3508/VP-KGVX")
    d.add_paragraph("Sở Nội vụ chủ trì, báo cáo UBND tỉnh trước ngày 20/10/2018.")
    src = tmp_path / "src.docx"
    d.save(src)
    subprocess.run([os.environ.get("VANTHU_SOFFICE", "soffice"), f"-env:UserInstallation=file://{tmp_path}/p",
                    "--headless", "--convert-to", fmt, "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=120, env=dict(os.environ, HOME=str(tmp_path)))
    return (tmp_path / f"src.{fmt}").read_bytes()


def test_word_97_doc_is_read(tmp_path):
    data = _make(tmp_path, "doc")
    assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    doc = read(data, "cu.doc")
    assert doc.metadata["converted_from"] == "doc"
    assert "Sở Nội vụ chủ trì, báo cáo UBND tỉnh trước ngày 20/10/2018." in doc.text.split("\n")
    assert [doc.block_text(b) for b in doc.blocks if b.kind == "header_right"] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"]


def test_odt_is_read(tmp_path):
    doc = read(_make(tmp_path, "odt"), "vb.odt")
    assert doc.metadata["converted_from"] == "odt" and "Số: 3508/VP-KGVX" in doc.text


def test_missing_libreoffice_is_unavailable(tmp_path, monkeypatch):
    data = _make(tmp_path, "doc")
    monkeypatch.setenv("VANTHU_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(Unavailable) as e:
        read(data, "cu.doc")
    assert e.value.code == "converter_unavailable" and "LibreOffice" in e.value.message


def test_damaged_doc_is_refused():
    fake = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "WordDocument".encode("utf-16-le") + b"\0" * 512
    with pytest.raises(UnreadableFile) as e:
        read(fake, "hong.doc")
    assert e.value.code == "corrupt_file"
