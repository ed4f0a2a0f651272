"""Intake: any received file (.docx/.doc, .pdf, image, .txt/.md/.html, edXML) -> one `Document`.

`read(path_or_bytes, filename=None)` looks at the content (magic bytes), not only at the
extension, and hands the bytes to the right reader. Every failure a user can cause (corrupt,
empty, encrypted, too big, hostile files) raises `app.errors.UnreadableFile` or
`app.errors.Unavailable` with a Vietnamese message.
"""
from __future__ import annotations

import importlib
import os
from pathlib import Path

from app.errors import UnreadableFile, VanthuError

from .document import Block, Document  # noqa: F401
from .limits import Limits
from .safety import is_encrypted_ole
from .sniff import sniff

# format -> "module:function"; each function takes (data: bytes, source: str, limits: Limits)
READERS: dict[str, str] = {
    "text": "app.intake.text_reader:read_text_bytes",
    "docx": "app.intake.docx_reader:read_docx",
    "pdf": "app.intake.pdf_reader:read_pdf",
    "png": "app.intake.ocr:read_image",
    "jpeg": "app.intake.ocr:read_image",
    "tiff": "app.intake.ocr:read_image",
    "gif": "app.intake.ocr:read_image",
    "bmp": "app.intake.ocr:read_image",
    "webp": "app.intake.ocr:read_image",
    "edxml": "app.intake.edxml:read_edxml",
    "doc": "app.intake.legacy:read_doc",
    "rtf": "app.intake.legacy:read_rtf",
    "odt": "app.intake.legacy:read_odt",
    "html": "app.intake.html_reader:read_html",
}

_REFUSED = {
    "empty": ("empty_file", "Tệp rỗng, không có nội dung để đọc."),
    "ole": ("unsupported_format", "Tệp Office định dạng cũ không phải văn bản Word; vui lòng lưu thành .docx "
                                  "hoặc .pdf rồi tải lên."),
    "zip": ("unsupported_format", "Tệp nén (.zip) hoặc tệp Office không phải văn bản Word (.docx); "
                                  "vui lòng tải lên từng văn bản."),
    "corrupt_zip": ("corrupt_file", "Tệp bị hỏng: gói nén (.docx/.zip) không mở được; không đọc được."),
    "binary": ("unsupported_format", "Không nhận dạng được định dạng tệp; hỗ trợ .docx, .doc, .pdf, ảnh (PNG, "
                                     "JPEG, TIFF), .txt/.md, .html và gói edXML."),
    "xml": ("unsupported_format", "Tệp XML không phải gói edXML (thiếu edXMLEnvelope)."),
}


def read(path_or_bytes: str | os.PathLike | bytes | bytearray, filename: str | None = None,
         *, limits: Limits | None = None) -> Document:
    """Read a received file into a `Document` (text + layout blocks + metadata)."""
    limits = limits or Limits.from_env()
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
        source = filename or ""
    else:
        path = Path(path_or_bytes)
        source = filename or path.name
        try:
            size = path.stat().st_size
        except OSError as e:
            raise UnreadableFile(f"Không mở được tệp {path.name}.", code="file_not_found") from e
        _check_size(size, limits)
        try:
            data = path.read_bytes()
        except OSError as e:
            raise UnreadableFile(f"Không đọc được tệp {path.name}.", code="file_not_found") from e
    _check_size(len(data), limits)
    return read_bytes(data, source, limits)


def read_bytes(data: bytes, source: str, limits: Limits, *, depth: int = 0) -> Document:
    fmt = sniff(data, source)
    if fmt in ("doc", "ole") and is_encrypted_ole(data):
        raise UnreadableFile("Tệp Office được bảo vệ bằng mật khẩu (mã hóa); vui lòng gỡ mật khẩu rồi tải lên lại.",
                             code="encrypted_file", details={"file": source})
    if fmt in _REFUSED:
        code, msg = _REFUSED[fmt]
        raise UnreadableFile(msg, code=code, details={"format": fmt, "file": source})
    target = READERS.get(fmt)
    if target is None:
        raise UnreadableFile("Không nhận dạng được định dạng tệp.", code="unsupported_format")
    mod, fn = target.split(":")
    reader = getattr(importlib.import_module(mod), fn)
    try:
        doc = reader(data, source, limits) if fmt != "edxml" else reader(data, source, limits, depth=depth)
    except VanthuError:
        raise
    except (MemoryError, RecursionError) as e:
        raise UnreadableFile("Tệp quá lớn hoặc quá phức tạp để đọc.", code="too_complex") from e
    except Exception as e:   # a reader library choked on a malformed file: say so, never crash
        raise UnreadableFile(f"Tệp bị hỏng hoặc không đúng định dạng {fmt.upper()}; không đọc được.",
                             code="corrupt_file", details={"format": fmt, "reason": type(e).__name__}) from e
    if len(doc.text) > limits.max_text_chars:
        raise UnreadableFile("Văn bản quá dài để xử lý.", code="too_large")
    if not doc.text.strip() and not doc.attachments:
        doc.warnings.append("Không tìm thấy chữ nào trong tệp.")
    return doc


def _check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise UnreadableFile(
            f"Tệp quá lớn ({size / 1048576:.1f} MB); giới hạn là {limits.max_bytes // 1048576} MB.",
            code="file_too_large", status=413)
