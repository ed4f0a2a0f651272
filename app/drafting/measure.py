"""Text widths in Times New Roman, for separator lines whose length depends on the text.

ND30-HDR-02/04, TTL-02: the rule under the Tiêu ngữ is as long as the text; the rules under
the organ name and the trích yếu are 1/3–1/2 of the (longest) text line, centred. Widths come
from a table of Liberation Serif 2 advance widths (metric-compatible with Times New Roman),
so no font needs to be installed at run time.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "font_widths.json"


@cache
def _widths(style: str) -> dict[str, float]:
    return json.loads(_DATA.read_text(encoding="utf-8"))["styles"][style]


def _style(bold: bool, italic: bool) -> str:
    return {(False, False): "regular", (True, False): "bold", (False, True): "italic",
            (True, True): "bold_italic"}[(bool(bold), bool(italic))]


def text_width_twips(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Advance width of one line of text, in twips (1 pt = 20 twips)."""
    w = _widths(_style(bold, italic))
    fallback = w.get("n", 500.0)
    units = sum(w.get(c, fallback) for c in text)
    return units / 1000.0 * size_pt * 20


def wrap_lines(text: str, size_pt: float, width_twips: float, *, bold: bool = False,
               italic: bool = False) -> list[str]:
    """Greedy word wrap, as Word and LibreOffice do for Vietnamese (spaces between syllables)."""
    words = text.split()
    lines: list[str] = []
    cur = ""
    for word in words:
        cand = f"{cur} {word}" if cur else word
        if not cur or text_width_twips(cand, size_pt, bold=bold, italic=italic) <= width_twips:
            cur = cand
        else:
            lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines


def longest_line_twips(text: str, size_pt: float, width_twips: float, *, bold: bool = False,
                       italic: bool = False) -> float:
    """Width of the longest line once `text` is wrapped into `width_twips`."""
    lines = wrap_lines(text, size_pt, width_twips, bold=bold, italic=italic) or [""]
    return min(width_twips, max(text_width_twips(x, size_pt, bold=bold, italic=italic) for x in lines))


def rule_indents(box_twips: float, line_twips: float) -> int:
    """Left (= right) indent that centres a rule of `line_twips` in a box of `box_twips`."""
    return max(0, round((box_twips - line_twips) / 2))
