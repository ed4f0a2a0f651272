"""Printed width of text, for separator-length checks (HDR-02, HDR-04, TTL-02).

Uses Liberation Serif (metric-compatible with Times New Roman) when installed; otherwise an
average-width estimate (0.5 em per character), which is good enough for ±20 % checks.
"""
from __future__ import annotations

from functools import lru_cache

FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation")
_FILES = {(False, False): "LiberationSerif-Regular.ttf", (True, False): "LiberationSerif-Bold.ttf",
          (False, True): "LiberationSerif-Italic.ttf", (True, True): "LiberationSerif-BoldItalic.ttf"}
PT_TO_MM = 25.4 / 72


@lru_cache(maxsize=8)
def _font(bold: bool, italic: bool):
    try:
        from PIL import ImageFont
    except ImportError:   # pragma: no cover - Pillow is a dependency
        return None
    import os
    for d in FONT_DIRS:
        path = os.path.join(d, _FILES[(bold, italic)])
        if os.path.exists(path):
            return ImageFont.truetype(path, 1000)
    return None


@lru_cache(maxsize=4096)
def text_width_mm(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    f = _font(bold, italic)
    em = f.getlength(text) / 1000 if f is not None else 0.5 * len(text)
    return em * size_pt * PT_TO_MM


def underscore_width_mm(count: int, size_pt: float) -> float:
    """An underscore is 0.5 em wide in Times New Roman / Liberation Serif."""
    return count * 0.5 * size_pt * PT_TO_MM
