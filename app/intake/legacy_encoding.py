"""Text typed with the pre-Unicode Vietnamese fonts comes out of Word and PDF files as mojibake:
TCVN3/ABC (.VnTime, .VnArial) as 'Uû ban nh©n d©n tØnh', VNI (VNI-Times, VNI-Helve) as
'UÛY BAN NHAÂN DAÂN'. Detect it and map it back to Unicode (the tables are data:
data/tcvn3.json, data/vni.json; data/vi_syllables.json tells converted text reads as Vietnamese)."""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "tcvn3.json"
VNI_DATA = Path(__file__).with_name("data") / "vni.json"
SYLLABLE_DATA = Path(__file__).with_name("data") / "vi_syllables.json"
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


# --- VNI ------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def vni_table() -> dict:
    d = json.loads(VNI_DATA.read_text(encoding="utf-8"))
    decode = {v: k for k, v in d["letters"].items() if v != k}    # 'í', 'ì' are themselves in VNI
    decode.update(d["decode_aliases"])
    d["_decode"] = decode
    # longest first, one left-to-right pass: 'ôù' (ớ) wins over 'ô' (ơ), output is never re-read
    d["_re"] = re.compile("|".join(re.escape(k) for k in sorted(decode, key=len, reverse=True)))
    d["_prefixes"] = tuple(x.upper() for x in d["font_prefixes"])
    d["_codes"] = set("".join(d["letters"].values())) - set("aeiouyAEIOUY")
    return d


def from_vni(text: str) -> str:
    """VNI sequences -> Unicode letters; everything else (ASCII, digits, punctuation) untouched."""
    t = vni_table()
    return t["_re"].sub(lambda m: t["_decode"][m.group()], text)


def to_vni(text: str) -> str:
    """Unicode -> VNI (what a VNI font would have stored), for tests and fixtures."""
    letters = vni_table()["letters"]
    return "".join(letters.get(c, c) for c in unicodedata.normalize("NFC", text))


def is_vni_font(name: str | None) -> bool:
    return bool(name) and name.strip().upper().startswith(vni_table()["_prefixes"])


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _syllable_re() -> re.Pattern:
    d = json.loads(SYLLABLE_DATA.read_text(encoding="utf-8"))
    alt = lambda xs: "|".join(re.escape(x) for x in sorted(xs, key=len, reverse=True))  # noqa: E731
    return re.compile(f"(?:{alt(x for x in d['onsets'] if x)})?(?:{alt(d['rhymes'])})")


def is_vietnamese_syllable(word: str) -> bool:
    """Shape check (onset + rhyme, at most one tone), not a dictionary look-up. Abbreviations
    with Đ (NĐ, QĐ, HĐND) and 'đ' (đồng) count too: official text is full of them."""
    if word == "đ" or (word.isupper() and all(c.isascii() or c == "Đ" for c in word)):
        return True
    nfd = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONES for c in nfd) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
    return bool(_syllable_re().fullmatch(base))


@lru_cache(maxsize=65536)
def _vni_word(word: str) -> int:
    """0: VNI reading leaves the word as is; 1: changes it into a non-syllable; 2: into a syllable."""
    u = from_vni(word)
    return 0 if u == word else 1 + is_vietnamese_syllable(u)


def vni_score(text: str) -> tuple[int, int, int]:
    """(words, words the VNI reading changes, changed words that are Vietnamese syllables)."""
    words = _WORD.findall(text)
    changed = valid = 0
    for w in words:
        if w.isascii():
            continue
        k = _vni_word(w)
        changed += k > 0
        valid += k == 2
    return len(words), changed, valid


def looks_vni(text: str) -> bool:
    """Plain text with no font to go by: VNI only when nothing in it is Unicode Vietnamese, it is
    not TCVN3, and read as VNI it becomes clearly Vietnamese: at least 5 words and a fifth of all
    words change, and nine in ten of the changed words are Vietnamese syllables (data/vni.json)."""
    if not text or has_unicode_vietnamese(text):
        return False
    if len(vni_table()["_re"].findall(text, 0, 200_000)) < 5:     # cheap exit for ordinary text
        return False
    words, changed, valid = vni_score(text)
    th = vni_table()["detection"]
    if changed < th["min_changed_words"] or changed < th["min_changed_share"] * words \
            or valid < th["min_syllable_share"] * changed:
        return False
    if looks_tcvn3(text):
        return False
    tcvn3_only = set(table()["map"]) - vni_table()["_codes"]
    return sum(c in tcvn3_only for c in text) <= max(2, changed * 0.05)


# --- both ------------------------------------------------------------------------------------
def fix_text(text: str) -> tuple[str, str | None]:
    """(text in Unicode, the legacy encoding it was converted from or None)."""
    if looks_tcvn3(text):
        return from_tcvn3(text), "tcvn3"
    if looks_vni(text):
        return from_vni(text), "vni"
    return text, None


_WARNINGS = {
    "tcvn3": "Văn bản gõ bằng phông chữ TCVN3 (ABC) cũ; đã chuyển sang Unicode, hãy đối chiếu với bản gốc.",
    "vni": "Văn bản gõ bằng phông chữ VNI (VNI-Times…) cũ; đã chuyển sang Unicode, hãy đối chiếu với bản gốc.",
}


def mark_legacy(doc, encoding: str) -> None:
    """Record the conversion: metadata 'legacy_encoding' ('tcvn3', 'vni' or 'tcvn3+vni') and a warning."""
    old = doc.metadata.get("legacy_encoding")
    if old and encoding in old.split("+"):
        return
    doc.metadata["legacy_encoding"] = f"{old}+{encoding}" if old else encoding
    doc.warnings.append(_WARNINGS[encoding])


def mark_tcvn3(doc) -> None:
    mark_legacy(doc, "tcvn3")


def mark_vni(doc) -> None:
    mark_legacy(doc, "vni")
