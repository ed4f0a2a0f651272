"""Two-column header and closing blocks typed with TAB stops instead of a table.

Older Word documents often write "UBND TỈNH X<TAB>CỘNG HÒA XÃ HỘI…" on one line, and
"Nơi nhận:<TAB>KT. CHỦ TỊCH" at the end. Such a line is split into two virtual paragraphs in
a pseudo table cell (column 0 / 1) so the recogniser treats the block exactly like the usual
borderless 2-column table. Consecutive split lines form one block (one pseudo table row).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from .model import Cell, Paragraph, Run

_COMPONENT = re.compile(
    r"^(s[ốo]\s*:?\s*\S*\d|n[ơo]i\s*nh[ậa]n|[-–+•]\s|(TM|KT|TL|TUQ|Q|T/M|K/T)[.\s]|v/v\b|_{3,}$)"
    r"|c[ộo]ng\s*h[òo]a\s*x[ãa]\s*h[ộo]i|đ[ộo]c\s*l[ậa]p|ng[àa]y\s.*th[áa]ng\s.*n[ăa]m", re.IGNORECASE)


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _looks_like_component(seg: str) -> bool:
    return bool(_COMPONENT.search(seg)) or _is_caps(seg)


class TabSplitter:
    """Stateful: remembers whether the previous body paragraph belonged to a tab block."""

    def __init__(self):
        self.block: int | None = None     # pseudo table id of the open block
        self.next_id = -1

    def reset(self):
        self.block = None

    def split(self, para: Paragraph) -> list[Paragraph] | None:
        text = para.text
        if not text.strip() and "\t" not in text:
            return None             # blank lines do not close a block (signature gap)
        if "\t" not in text or para.cell is not None or para.in_textbox or para.part != "body":
            self.block = None
            return None
        segments = [s for s in re.split(r"\t+", text)]
        nonempty = [s.strip() for s in segments if s.strip()]
        continuing = self.block is not None and para.first_line <= 0 and para.align != "both"
        starts = len(nonempty) == 2 and any(_looks_like_component(s) for s in nonempty)
        if len(nonempty) > 2 or not (continuing or starts):
            self.block = None       # a block only starts on a line with text on both sides
            return None
        if self.block is None:
            self.block = self.next_id
            self.next_id -= 1
        left_runs, right_runs = _partition(para.runs, text)
        if len(nonempty) == 1 and not text.lstrip(" ").startswith("\t"):
            right_runs = []         # "left text<TAB>" : nothing on the right
        elif len(nonempty) == 1:
            left_runs = []          # "<TAB>right text"
        out = []
        for col, runs in ((0, left_runs), (1, right_runs)):
            t = unicodedata.normalize("NFC", "".join(r.text for r in runs))
            if col == 1 and not runs and not t and nonempty:
                continue
            lines = [d for d in para.drawings if d.kind == "line"] if not t.strip() else []
            out.append(replace(para, runs=runs, text=t, cell=Cell(self.block, 0, col, 2, None),
                               drawings=lines, border_top=False, border_bottom=False, boxed=False,
                               first_line=0, left=0, right=0, align=para.align if col == 0 else "center",
                               fields=list(para.fields)))
        return out


def _partition(runs: list[Run], text: str) -> tuple[list[Run], list[Run]]:
    """Runs before and after the first TAB that follows some text (or the first TAB at all)."""
    left: list[Run] = []
    right: list[Run] = []
    seen_text = False
    split_done = False
    for r in runs:
        if split_done:
            right.append(r)
            continue
        if "\t" not in r.text:
            left.append(r)
            seen_text = seen_text or bool(r.text.strip())
            continue
        head, _, tail = r.text.partition("\t")
        if not seen_text and not head.strip():
            # leading tabs before any text: the line is "<TAB>right text"
            rest = r.text.lstrip("\t ")
            if rest:
                right.append(Run(rest, r.fmt, None))
            split_done = True
            continue
        if head:
            left.append(Run(head, r.fmt, r.el if not tail.strip("\t") else None))
        tail = tail.lstrip("\t")
        if tail:
            right.append(Run(tail, r.fmt, None))
        split_done = True
    return left, right
