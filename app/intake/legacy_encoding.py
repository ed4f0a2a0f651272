"""Text typed with the pre-Unicode Vietnamese fonts (TCVN3/ABC: .VnTime, .VnArial) comes out
of Word and PDF files as 'Uû ban nh©n d©n tØnh'. Detect it and map it back to Unicode
(the table is data: data/tcvn3.json)."""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "tcvn3.json"
# letters only Unicode text has (not Latin-1 characters that TCVN3 reuses as codes)
_VI = re.compile("[ạảăắằẳẵặấầẩẫậđẹẻẽếềểễệịỉĩọỏốồổỗộơớờởỡợụủũưứừửữựỵỷỹỳ]", re.I)


def has_unicode_vietnamese(text: str) -> bool:
    return bool(_VI.search(unicodedata.normalize("NFC", text)))


@lru_cache(maxsize=1)
def table() -> dict:
    d = json.loads(DATA.read_text(encoding="utf-8"))
    d["_trans"] = str.maketrans(d["map"])
    d["_markers"] = set(d["markers"])
    return d


def looks_tcvn3(text: str) -> bool:
    """Many TCVN3 marker characters and (almost) no Unicode Vietnamese letters."""
    if not text:
        return False
    t = table()
    letters = sum(c.isalpha() for c in text)
    if letters < 20:
        return False
    markers = sum(c in t["_markers"] for c in text)
    unicode_vi = len(_VI.findall(unicodedata.normalize("NFC", text)))
    return markers >= max(3, letters * 0.03) and unicode_vi <= markers * 0.05 and \
        sum(c in "©¸µ¹¨®ª«¬§" for c in text) >= 2


def from_tcvn3(text: str, upper: bool = False) -> str:
    out = text.translate(table()["_trans"])
    return out.upper() if upper else out


def is_tcvn3_font(name: str | None) -> bool:
    return bool(name) and name.startswith(tuple(table()["font_prefixes"]))


def is_upper_font(name: str | None) -> bool:
    return bool(name) and is_tcvn3_font(name) and name.rstrip().endswith(table()["upper_font_suffix"])


def fix_text(text: str) -> tuple[str, bool]:
    """(text in Unicode, whether it was converted)."""
    if looks_tcvn3(text):
        return from_tcvn3(text), True
    return text, False


def mark_tcvn3(doc) -> None:
    doc.metadata["legacy_encoding"] = "tcvn3"
    doc.warnings.append("Văn bản gõ bằng phông chữ TCVN3 (ABC) cũ; đã chuyển sang Unicode, "
                        "hãy đối chiếu với bản gốc.")
