"""Old and other office formats (.doc, .rtf, .odt) converted to .docx with LibreOffice.

Offices still receive Word 97-2003 files. LibreOffice (VANTHU_SOFFICE) converts them in a
private profile (two soffice processes sharing a profile fail silently) under a time limit;
the result is read by the .docx reader.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from app.errors import Unavailable, UnreadableFile

from .document import Document
from .limits import Limits

EXT = {"doc": "doc", "rtf": "rtf", "odt": "odt"}


def soffice_cmd() -> str | None:
    return shutil.which(os.environ.get("VANTHU_SOFFICE", "soffice"))


def convert_to_docx(data: bytes, ext: str, timeout: int = 60) -> bytes:
    cmd = soffice_cmd()
    if not cmd:
        raise Unavailable(
            f"Chưa cài LibreOffice nên không đọc được tệp .{ext}; hãy lưu văn bản thành .docx hoặc .pdf "
            "rồi tải lên, hoặc cài gói libreoffice-writer-nogui.", code="converter_unavailable")
    with tempfile.TemporaryDirectory(prefix="vanthu_lo_") as tmp:
        src = Path(tmp) / f"input.{ext}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        args = [cmd, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(src)]
        env = dict(os.environ, HOME=tmp)
        try:
            proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                                    start_new_session=True)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                raise UnreadableFile(f"Chuyển đổi tệp .{ext} quá thời gian cho phép; tệp có thể bị hỏng.",
                                     code="conversion_timeout") from None
        except OSError as e:
            raise Unavailable("Không chạy được LibreOffice để chuyển đổi tệp.", code="converter_unavailable") from e
        out = Path(tmp) / "input.docx"
        if not out.exists() or out.stat().st_size == 0:
            raise UnreadableFile(f"Tệp .{ext} bị hỏng hoặc không đúng định dạng; không chuyển đổi được.",
                                 code="corrupt_file")
        return out.read_bytes()


def read_legacy(data: bytes, source: str, limits: Limits, ext: str) -> Document:
    from .docx_reader import read_docx
    converted = convert_to_docx(data, ext, timeout=limits.ocr_timeout)
    doc = read_docx(converted, source, limits)
    doc.metadata["converted_from"] = ext
    return doc


def read_doc(data: bytes, source: str = "", limits: Limits | None = None) -> Document:
    return read_legacy(data, source, limits or Limits.from_env(), "doc")


def read_rtf(data: bytes, source: str = "", limits: Limits | None = None) -> Document:
    return read_legacy(data, source, limits or Limits.from_env(), "rtf")


def read_odt(data: bytes, source: str = "", limits: Limits | None = None) -> Document:
    return read_legacy(data, source, limits or Limits.from_env(), "odt")
