"""What a file really is, from its first bytes (the extension is only a hint)."""
from __future__ import annotations

import zipfile
from io import BytesIO


def sniff(data: bytes, filename: str | None = None) -> str:
    """One of: pdf, docx, zip, doc, rtf, png, jpeg, tiff, gif, bmp, webp, edxml, xml, html,
    text, binary, empty."""
    if not data or not data.strip():
        return "empty"
    head = data[:16]
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as z:
                names = set(z.namelist())
        except Exception:          # any damage in the central directory
            return "corrupt_zip"
        if "word/document.xml" in names:
            return "docx"
        if "content.xml" in names and b"opendocument.text" in data[:200]:
            return "odt"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE compound file: Word 97-2003 has a 'WordDocument' stream (.xls, .ppt, .msg do not)
        return "doc" if "WordDocument".encode("utf-16-le") in data else "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"BM"):
        return "bmp"
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    if b"edxmlenvelope" in data[:65536].lower() and (data[:65536].lstrip()[:1] == b"<" or
                                                     b"mime-version" in data[:4096].lower() or
                                                     b"content-type" in data[:4096].lower()):
        return "edxml"              # inline package, or MIME multipart with the envelope first
    probe = data[:4096]
    for bom in (b"\xef\xbb\xbf",):
        if probe.startswith(bom):
            probe = probe[len(bom):]
    stripped = probe.lstrip()
    if stripped.startswith(b"<"):
        low = stripped[:4096].lower()
        if b"edxmlenvelope" in low or b"edxml" in low[:600]:
            return "edxml"
        if low.startswith(b"<!doctype html") or low.startswith(b"<html") or \
                (b"<body" in low and b"</" in low):
            return "html"
        if low.startswith(b"<?xml"):
            return "xml"
    if probe.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in probe:
        return "binary"
    return "text"
