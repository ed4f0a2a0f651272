"""Folded views of Vietnamese text for robust matching, with offsets back to the original.

Received text comes from Word, PDF, OCR and web pages: tone marks may be lost or vary
("Quý"/"Quí"), markdown residue sits inside words ("1**1**"), lines break mid-phrase. The
deadline and unit recognisers match a folded copy — diacritics removed, đ → d, markdown
removed — and map every match back to [start, end) in the original text with `Folded.span`.
"""
from __future__ import annotations

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
    pos: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the folded slice [start, end)."""
        if end <= start:
            p = self.pos[start] if start < len(self.pos) else len(self.original)
            return p, p
        return self.pos[start], self.pos[end - 1] + 1


def fold_text(text: str, char_map: dict[str, str] | None = None) -> Folded:
    """Fold `text` for matching: diacritics off, markdown residue and HTML tags out.

    A run of markdown characters between two digits disappears ("1**1**" → "11"); elsewhere it
    becomes one space, so words on both sides stay apart.
    """
    tags: dict[int, int] = {m.start(): m.end() for m in _HTML_TAG.finditer(text)}
    out: list[str] = []
    pos: list[int] = []
    i, n = 0, len(text)
    while i < n:
        if i in tags:
            out.append(" ")
            pos.append(i)
            i = tags[i]
            continue
        c = text[i]
        if c in _MARKDOWN:
            j = i
            while j < n and text[j] in _MARKDOWN:
                j += 1
            before = out[-1] if out else ""
            after = text[j] if j < n else ""
            if not (before.isdigit() and after.isdigit()):
                out.append(" ")
                pos.append(i)
            i = j
            continue
        f = fold_char(c, char_map)
        for ch in f:
            out.append(ch)
            pos.append(i)
        i += 1
    return Folded(text, "".join(out), pos)


def clean_span_text(s: str) -> str:
    """Evidence text for display: markdown residue out, whitespace collapsed."""
    s = _HTML_TAG.sub(" ", s)
    s = re.sub(r"(?<=\d)[*#|`\\]+(?=\d)", "", s)
    s = re.sub(r"[*#|`\\]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()
