"""Folded views of Vietnamese text for robust matching, with offsets back to the original.

Received text comes from Word, PDF, OCR and web pages: tone marks may be lost or vary
("Quý"/"Quí"), markdown residue sits inside words ("1**1**"), lines break mid-phrase. The
deadline and unit recognisers match a folded copy — diacritics removed, đ → d, markdown
removed — and map every match back to [start, end) in the original text with `Folded.span`.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

_MARKDOWN = set("*#|`\\")
_HTML_TAG = re.compile(r"</?[A-Za-z]{1,6}\s*/?>")


def fold_char(c: str, char_map: dict[str, str] | None = None) -> str:
    """One character without its diacritics ('' for a combining mark)."""
    if char_map and c in char_map:
        c = char_map[c]
    if c.isascii():
        return c
    if c in "đĐ":
        return "d" if c == "đ" else "D"
    if unicodedata.combining(c):
        return ""
    base = unicodedata.normalize("NFD", c)[0]
    return base if not unicodedata.combining(base) else c


def fold(s: str, char_map: dict[str, str] | None = None) -> str:
    """`s` without diacritics (no markdown handling): for patterns and dictionary keys."""
    return "".join(fold_char(c, char_map) for c in s)


@dataclass
class Folded:
    """`text` is the folded string; `pos[i]` is the original index of text[i]."""

    original: str
    text: str
    pos: list[int] | None    # None: same offsets as the original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the folded slice [start, end)."""
        if self.pos is None:
            return start, max(start, end)
        if end <= start:
            p = self.pos[start] if start < len(self.pos) else len(self.original)
            return p, p
        return self.pos[start], self.pos[end - 1] + 1


class _FoldTable(dict):
    """str.translate table that folds each character on first sight (combining marks → NUL)."""

    def __init__(self, char_map: dict[str, str] | None):
        super().__init__()
        self.char_map = char_map or {}

    def __missing__(self, code: int) -> str:
        c = chr(code)
        f = fold_char(c, self.char_map)
        f = f if len(f) == 1 else ("\x00" if f == "" else f)
        self[code] = f
        return f


_TABLES: dict[tuple, _FoldTable] = {}
_MD_RUN = re.compile(r"[*#|`\\]+")


def fold_text(text: str, char_map: dict[str, str] | None = None) -> Folded:
    """Fold `text` for matching: diacritics off, markdown residue and HTML tags out.

    A run of markdown characters between two digits disappears ("1**1**" → "11"); elsewhere it
    becomes spaces, so words on both sides stay apart. Characters are never reordered, so the
    offsets map back with `Folded.span`.
    """
    key = tuple(sorted((char_map or {}).items()))
    table = _TABLES.get(key)
    if table is None:
        table = _TABLES[key] = _FoldTable(char_map)
    s = _HTML_TAG.sub(lambda m: " " * len(m.group(0)), text)

    def md(m: re.Match) -> str:
        a, b = m.start(), m.end()
        if a > 0 and b < len(s) and s[a - 1].isdigit() and s[b].isdigit():
            return "\x00" * (b - a)
        return " " * (b - a)

    s = _MD_RUN.sub(md, s).translate(table)
    if "\x00" not in s and len(s) == len(text):
        return Folded(text, s, None)
    pos = [i for i, c in enumerate(s) if c != "\x00"]
    return Folded(text, s.replace("\x00", ""), pos)


def clean_span_text(s: str) -> str:
    """Evidence text for display: markdown residue out, whitespace collapsed."""
    s = _HTML_TAG.sub(" ", s)
    s = re.sub(r"(?<=\d)[*#|`\\]+(?=\d)", "", s)
    s = re.sub(r"[*#|`\\]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


class Spans:
    """Non-overlapping [start, end) intervals with O(log n) overlap tests (greedy selection)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)   # intervals starting before `end`
        return i > 0 and self.ends[i - 1] > start

    def covers(self, pos: int) -> bool:
        return self.overlaps(pos, pos + 1)

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
