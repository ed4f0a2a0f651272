"""OCR of images and scanned PDF pages with Tesseract (`-l vie`, one thread per process).

The Tesseract binary comes from VANTHU_TESSERACT (default "tesseract"). A missing binary or a
missing Vietnamese model is `Unavailable` (the office must install it), not a bad file.
Lines come back post-checked by `ocr_fix`; confidence goes into `Document.metadata["ocr"]`.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO

from app.errors import Unavailable, UnreadableFile

from .builder import DocumentBuilder
from .columns import Word, emit, header_zone, layout, visual_lines
from .document import Document
from .limits import Limits
from .ocr_fix import fix_line
from .text_reader import role_of

OCR_DPI = 300


def tesseract_cmd() -> str:
    return os.environ.get("VANTHU_TESSERACT", "tesseract")


@lru_cache(maxsize=8)
def _check_tesseract(cmd: str) -> str:
    path = shutil.which(cmd)
    if not path:
        raise Unavailable(
            f"Chưa cài đặt Tesseract OCR (không tìm thấy lệnh '{cmd}'), nên không đọc được văn bản scan "
            "hoặc ảnh. Hãy cài gói tesseract-ocr và tesseract-ocr-vie, hoặc đặt biến VANTHU_TESSERACT.",
            code="ocr_unavailable")
    try:
        out = subprocess.run([path, "--list-langs"], capture_output=True, text=True, timeout=30,
                             env=_env()).stdout
    except (OSError, subprocess.SubprocessError) as e:
        raise Unavailable(f"Không chạy được Tesseract OCR ({cmd}).", code="ocr_unavailable") from e
    langs = {ln.strip() for ln in out.splitlines()[1:]}
    if "vie" not in langs:
        raise Unavailable(
            "Tesseract OCR thiếu dữ liệu tiếng Việt ('vie'); hãy cài gói tesseract-ocr-vie.",
            code="ocr_unavailable")
    return path


def check_available() -> str:
    return _check_tesseract(tesseract_cmd())


def _env() -> dict:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


@dataclass
class OcrPage:
    words: list[Word] = field(default_factory=list)
    word_conf: list[float] = field(default_factory=list)
    confidence: float | None = None
    width: int = 0
    height: int = 0
    seconds: float = 0.0
    rotated: int = 0            # degrees the page was turned before reading


def ocr_image(img, limits: Limits | None = None, psm: int = 3) -> OcrPage:
    """Run Tesseract on one PIL image; a page that reads badly is checked for a 90/180/270°
    rotation (Tesseract's orientation detection) and read again upright."""
    import pytesseract
    limits = limits or Limits.from_env()
    path = check_available()
    pytesseract.pytesseract.tesseract_cmd = path
    os.environ["OMP_THREAD_LIMIT"] = "1"       # pytesseract's child inherits our environment
    img = _prepare(img)
    if is_blank(img):                       # blank pages (backs of scanned sheets): nothing to read
        return OcrPage(width=img.width, height=img.height)
    page = _tesseract(img, limits, psm)
    if page.confidence is None or page.confidence < 70 or len(page.words) < 15 or _vertical(page):
        angle = _orientation(img, limits)
        if angle:
            turned = _prepare(img.rotate(-angle, expand=True, fillcolor=255))
            again = _tesseract(turned, limits, psm)
            if not _vertical(again) and (again.confidence or 0) >= (page.confidence or 0) - 5:
                again.seconds += page.seconds
                again.rotated = angle
                return again
    return page


def _vertical(page: OcrPage) -> bool:
    """Words taller than wide: the page lies on its side (Tesseract may still read it, but
    the word boxes are in the turned frame)."""
    ratios = sorted((w.bottom - w.top) / max(w.x1 - w.x0, 1) for w in page.words if len(w.text) >= 4)
    return bool(ratios) and ratios[len(ratios) // 2] > 1.0


def _orientation(img, limits: Limits) -> int:
    """Clockwise rotation Tesseract's OSD finds (0 when unsure or unavailable)."""
    import re

    import pytesseract
    try:
        osd = pytesseract.image_to_osd(img, config="--psm 0", timeout=limits.ocr_timeout)
    except Exception:           # no 'osd' model, too little text: keep the page as it is
        return 0
    m = re.search(r"Rotate:\s*(\d+)", osd)
    c = re.search(r"Orientation confidence:\s*([\d.]+)", osd)
    if not m or (c and float(c.group(1)) < 1.0):
        return 0
    return int(m.group(1)) % 360


def _tesseract(img, limits: Limits, psm: int) -> OcrPage:
    import time

    import pytesseract
    t0 = time.perf_counter()
    try:
        data = pytesseract.image_to_data(img, lang="vie", config=f"--psm {psm} --dpi {OCR_DPI}",
                                         output_type=pytesseract.Output.DICT, timeout=limits.ocr_timeout)
    except RuntimeError as e:           # pytesseract raises RuntimeError on timeout
        raise UnreadableFile("Nhận dạng chữ (OCR) quá thời gian cho phép; trang quá phức tạp.",
                             code="ocr_timeout") from e
    except pytesseract.TesseractError as e:
        raise UnreadableFile("Tesseract không nhận dạng được ảnh này.", code="ocr_failed",
                             details={"reason": str(e)[:200]}) from e
    page = OcrPage(width=img.width, height=img.height, seconds=time.perf_counter() - t0)
    confs = []
    for i, w in enumerate(data["text"]):
        w = str(w).strip()
        if not w:
            continue
        c = float(data["conf"][i])
        if c >= 0:
            confs.append(c)
        page.words.append(Word(w, data["left"][i], data["left"][i] + data["width"][i], data["top"][i],
                               data["top"][i] + data["height"][i]))
        page.word_conf.append(c)
    page.confidence = round(statistics.fmean(confs), 1) if confs else None
    return page


def _prepare(img):
    """Greyscale; small images (screenshots, low-resolution scans) are enlarged for Tesseract."""
    from PIL import Image, ImageFilter, ImageOps
    img = ImageOps.exif_transpose(img)
    if img.mode not in ("L", "RGB"):
        if img.mode in ("RGBA", "LA", "P"):
            bg = Image.new("RGB", img.size, "white")
            rgba = img.convert("RGBA")
            bg.paste(rgba, mask=rgba.split()[-1])
            img = bg
        else:
            img = img.convert("RGB")
    img = img.convert("L")
    if speckle_ratio(img) > 0.0005:
        img = img.filter(ImageFilter.MedianFilter(3))     # salt-and-pepper noise of poor scans
    angle = estimate_skew(img)
    if abs(angle) >= 0.75:     # below that a line drifts less than half a line height
        img = img.rotate(angle, resample=Image.BILINEAR, expand=False, fillcolor=255)
    if img.width < 1400:
        factor = 2 if img.width >= 700 else 3
        img = img.resize((img.width * factor, img.height * factor), Image.LANCZOS)
    return img


def is_blank(img) -> bool:
    import numpy as np
    small = img.reduce(4) if min(img.size) > 400 else img
    a = np.asarray(small, dtype=np.uint8)
    return a.size == 0 or np.count_nonzero(a < 128) < max(20, a.size // 20000)


def speckle_ratio(img) -> float:
    """Share of isolated dark pixels in a central crop (scanner noise)."""
    import numpy as np
    w, h = img.size
    box = (max(0, w // 2 - 600), max(0, h // 3 - 600), min(w, w // 2 + 600), min(h, h // 3 + 600))
    a = np.asarray(img.crop(box), dtype=np.uint8) < 128
    if a.shape[0] < 3 or a.shape[1] < 3:
        return 0.0
    c = a[1:-1, 1:-1]
    iso = c & ~a[:-2, 1:-1] & ~a[2:, 1:-1] & ~a[1:-1, :-2] & ~a[1:-1, 2:]
    return float(iso.mean())


def estimate_skew(img, max_angle: float = 4.0) -> float:
    """Skew of a scanned page in degrees (projection profile: text lines give the sharpest
    row histogram when horizontal), searched coarse (1°) then fine (0.25°). Grouping words
    into lines needs straight lines."""
    import numpy as np
    from PIL import Image
    factor = max(1, max(img.size) // 900)
    small = img.reduce(factor) if factor > 1 else img
    arr = np.asarray(small, dtype=np.uint8)
    if arr.size == 0:
        return 0.0
    ink = Image.fromarray(((arr < 160) * 255).astype(np.uint8))
    if np.count_nonzero(arr < 160) < 200:
        return 0.0

    def score(a: float) -> float:
        rows = np.asarray(ink.rotate(a, resample=Image.NEAREST, expand=False), dtype=np.float32).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    coarse = max((score(float(a)), float(a)) for a in range(-int(max_angle), int(max_angle) + 1))[1]
    fine = [coarse + k * 0.25 for k in range(-3, 4)]
    return max((score(a), a) for a in fine)[1]


def page_items(page: OcrPage, page_no: int, first_page: bool) -> list:
    """The page's words laid out (columns, lines) for `columns.emit`."""
    words = page.words
    zone = None
    if first_page:
        zone, words = header_zone(words, float(page.height), ocr=True, page=page_no)
    lines = visual_lines(words, page=page_no, ocr=True)
    items = [zone] if zone else []
    if not lines:
        return items
    x0 = min([v.x0 for v in lines] + [s.x0 for s in (zone.left + zone.right if zone else [])])
    x1 = max([v.x1 for v in lines] + [s.x1 for s in (zone.left + zone.right if zone else [])])
    return items + layout(lines, x0, x1, first_page and zone is None)


class Fixer:
    """The grammar post-check, counting the lines it corrected."""

    def __init__(self):
        self.changed = 0

    def __call__(self, t: str) -> str:
        f = fix_line(t)
        self.changed += f != t
        return f


def read_image(data: bytes, source: str = "", limits: Limits | None = None) -> Document:
    """An image file (PNG, JPEG, TIFF with one page per frame, ...) → Document via OCR."""
    from PIL import Image, ImageSequence
    limits = limits or Limits.from_env()
    check_available()
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    try:
        img = Image.open(BytesIO(data))
        img.load()
    except Image.DecompressionBombError as e:
        raise UnreadableFile("Ảnh quá lớn (số điểm ảnh vượt giới hạn); có thể là tệp độc hại.",
                             code="image_too_large") from e
    except Exception as e:
        raise UnreadableFile("Ảnh bị hỏng hoặc không đúng định dạng; không đọc được.", code="corrupt_file") from e
    b = DocumentBuilder(source, "ocr")
    pages = []
    items: list = []
    for n, frame in enumerate(ImageSequence.Iterator(img), start=1):
        if n > limits.max_ocr_pages:
            raise UnreadableFile(f"Ảnh có quá nhiều trang (hơn {limits.max_ocr_pages}); từ chối xử lý.",
                                 code="too_many_pages")
        if frame.width * frame.height > limits.max_image_pixels:
            raise UnreadableFile("Ảnh quá lớn (số điểm ảnh vượt giới hạn).", code="image_too_large")
        page = ocr_image(frame.copy(), limits)
        items += page_items(page, n, n == 1)
        pages.append(page)
    fixer = Fixer()
    emit(b, items, kind="paragraph", fixer=fixer, role_of=role_of)
    changed = fixer.changed
    doc = b.build(pages=len(pages))
    doc.metadata["ocr"] = ocr_metadata(pages, changed)
    if not doc.text.strip():
        doc.warnings.append("Không nhận dạng được chữ nào trong ảnh.")
    elif doc.metadata["ocr"]["confidence"] is not None and doc.metadata["ocr"]["confidence"] < 70:
        doc.warnings.append("Chất lượng nhận dạng chữ thấp; hãy đối chiếu kỹ với bản gốc.")
    return doc


def ocr_metadata(pages: list[OcrPage], changed: int) -> dict:
    confs = [p.confidence for p in pages if p.confidence is not None]
    doubtful = [(n, w.text) for n, p in enumerate(pages, start=1)
                for w, c in zip(p.words, p.word_conf, strict=False) if 0 <= c < 60]
    return {
        "low_confidence_words": len(doubtful),
        "low_confidence_sample": [{"page": n, "word": t} for n, t in doubtful[:20]],
        "engine": "tesseract",
        "lang": "vie",
        "dpi": OCR_DPI,
        "confidence": round(statistics.fmean(confs), 1) if confs else None,
        "pages": [{"confidence": p.confidence, "seconds": round(p.seconds, 2), "words": len(p.words),
                   "rotated": p.rotated}
                  for p in pages],
        "corrected_lines": changed,
    }
