"""Limits that keep hostile or huge files from exhausting the machine (env-configurable)."""
from __future__ import annotations

import os
from dataclasses import dataclass


def _int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    max_bytes: int                 # whole upload
    max_pdf_pages: int             # refuse longer PDFs before reading them
    max_ocr_pages: int             # scanned pages OCR'd per document
    max_unzipped_bytes: int        # total uncompressed size of a .docx
    max_zip_ratio: int             # compression ratio of any member (zip bombs)
    max_zip_members: int
    max_xml_bytes: int             # one XML part / an edXML package
    max_image_pixels: int          # decompression-bomb guard for images
    ocr_timeout: int               # seconds per OCR'd page
    max_attachments: int           # edXML
    max_text_chars: int            # text produced for one document

    @classmethod
    def from_env(cls) -> Limits:
        mb = 1024 * 1024
        return cls(
            max_bytes=_int("VANTHU_MAX_UPLOAD_MB", 50) * mb,
            max_pdf_pages=_int("VANTHU_MAX_PDF_PAGES", 500),
            max_ocr_pages=_int("VANTHU_MAX_OCR_PAGES", 50),
            max_unzipped_bytes=_int("VANTHU_MAX_UNZIPPED_MB", 200) * mb,
            max_zip_ratio=_int("VANTHU_MAX_ZIP_RATIO", 200),
            max_zip_members=_int("VANTHU_MAX_ZIP_MEMBERS", 2000),
            max_xml_bytes=_int("VANTHU_MAX_XML_MB", 100) * mb,
            max_image_pixels=_int("VANTHU_MAX_IMAGE_MPIX", 120) * 1_000_000,
            ocr_timeout=_int("VANTHU_OCR_TIMEOUT", 60),
            max_attachments=_int("VANTHU_MAX_ATTACHMENTS", 50),
            max_text_chars=_int("VANTHU_MAX_TEXT_CHARS", 5_000_000),
        )
