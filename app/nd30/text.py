"""Vietnamese text helpers: NFC, whitespace, tone-mark placement, upper-casing.

Decree 30 prints organ names, type names and authority lines in capitals; Python's
str.upper() is correct for Vietnamese once the text is NFC. Tone-mark placement varies
between the "old" style (hòa, thỏa, ủy) and the "new" style (hoà, thoả, uỷ); the decree
itself uses both, so comparisons fold them to one form.
"""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# In NFD: o/u + (tone) + a/e/y + (tone) at the end of a syllable.
_OPEN_SYLLABLE = re.compile(
    rf"(?<![qQ])([oO])([{_TONES}]?)([aAeE])([{_TONES}]?)(?![A-Za-z\u0300-\u036f\u0110\u0111])"
    rf"|(?<![qQ])([uU])([{_TONES}]?)([yY])([{_TONES}]?)(?![A-Za-z\u0300-\u036f\u0110\u0111])"
)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean(s: str | None) -> str:
    """NFC, every run of whitespace (incl. NBSP, zero-width) to one space, stripped; control
    characters (not allowed in XML documents) removed."""
    if s is None:
        return ""
    return _SPACES.sub(" ", _CONTROL.sub("", nfc(s))).strip()


def _move_tone(m: re.Match, to_first: bool) -> str:
    g = m.groups()
    v1, t1, v2, t2 = (g[0:4] if g[0] is not None else g[4:8])
    tone = t1 or t2
    if not tone:
        return m.group(0)
    return f"{v1}{tone}{v2}" if to_first else f"{v1}{v2}{tone}"


def old_style_tones(s: str) -> str:
    """hoà → hòa, thoả → thỏa, uỷ → ủy, khoẻ → khỏe (tone on the first vowel of oa/oe/uy)."""
    d = unicodedata.normalize("NFD", s)
    return nfc(_OPEN_SYLLABLE.sub(lambda m: _move_tone(m, True), d))


def new_style_tones(s: str) -> str:
    """hòa → hoà, thỏa → thoả, ủy → uỷ (tone on the second vowel)."""
    d = unicodedata.normalize("NFD", s)
    return nfc(_OPEN_SYLLABLE.sub(lambda m: _move_tone(m, False), d))


def fold(s: str | None) -> str:
    """Key for tolerant comparison: clean, old-style tones, casefold."""
    return old_style_tones(clean(s)).casefold()


def upper(s: str | None) -> str:
    """Vietnamese capitals: `Ủy ban nhân dân xã Tân Lập` → `ỦY BAN NHÂN DÂN XÃ TÂN LẬP`."""
    return nfc(clean(s).upper())


def strip_diacritics(s: str) -> str:
    """ASCII-ish key (đ → d), for slugs and loose look-ups."""
    d = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in d if not unicodedata.combining(c))


def is_upper(s: str) -> bool:
    """True when every letter is a capital (digits and punctuation ignored)."""
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def sentence_case(s: str) -> str:
    """First letter capital, rest untouched (trích yếu, V/v lines)."""
    s = clean(s)
    return s[:1].upper() + s[1:] if s else s


def strip_end_punct(s: str) -> str:
    """Remove trailing ; , . : and spaces a user typed at the end of a list item."""
    return re.sub(r"[\s;,.:]+$", "", clean(s))
