"""Diacritics-insensitive search keys: "Thi đua, khen thưởng" -> "thi dua, khen thuong"."""
from __future__ import annotations

import re

from ..nd30.text import strip_diacritics

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lowercase, without Vietnamese diacritics (đ -> d), whitespace collapsed."""
    if not text:
        return ""
    return _SPACES.sub(" ", strip_diacritics(text)).strip().lower()
