"""DOCX → PDF through LibreOffice headless.

Each call gets its own LibreOffice profile (-env:UserInstallation=file:///tmp/lo_<uuid>):
two soffice processes sharing a profile make the second exit silently. A timeout stops a hung
conversion. Without LibreOffice the caller gets a clear 503 `pdf_unavailable`.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from app.errors import Unavailable, VanthuError

UNAVAILABLE = ("Không tạo được tệp PDF: máy chủ chưa cài LibreOffice (lệnh “{cmd}” không có). "
               "Hãy tải tệp .docx, hoặc nhờ quản trị viên cài gói libreoffice-writer-nogui.")


def available(soffice: str = "soffice") -> bool:
    return shutil.which(soffice) is not None


def docx_to_pdf(docx: bytes, *, soffice: str = "soffice", timeout: float = 90) -> bytes:
    """The PDF of a .docx (bytes in, bytes out)."""
    exe = shutil.which(soffice)
    if exe is None:
        raise Unavailable(UNAVAILABLE.format(cmd=soffice), code="pdf_unavailable")
    profile = Path(tempfile.gettempdir()) / f"lo_{uuid.uuid4().hex}"
    with tempfile.TemporaryDirectory(prefix="vanthu_pdf_") as tmp:
        src = Path(tmp) / "document.docx"
        src.write_bytes(docx)
        env = {**os.environ, "HOME": tmp}
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--nologo",
               "--convert-to", "pdf", "--outdir", tmp, str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired as e:
            raise VanthuError("Chuyển sang PDF quá thời gian cho phép; hãy thử lại sau.", code="pdf_timeout",
                              status=504) from e
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        out = Path(tmp) / "document.pdf"
        if proc.returncode != 0 or not out.exists():
            raise VanthuError("LibreOffice không chuyển được văn bản sang PDF.", code="pdf_failed", status=500,
                              details={"stderr": proc.stderr.decode("utf-8", "replace")[-500:]})
        return out.read_bytes()
