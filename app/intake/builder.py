"""Builds `Document.text` once, paragraph by paragraph, recording each block's span as it goes.

Readers describe what they see (a paragraph, a header cell, a table row); the builder owns the
offsets so that every reader produces the same, consistent text/blocks contract.
"""
from __future__ import annotations

import re
import unicodedata

from .document import Block, Document

_SPACE_MAP = {ord("\u00a0"): " ", ord("\u2007"): " ", ord("\u202f"): " ", ord("\u200b"): None,
              ord("\ufeff"): None, ord("\u00ad"): None, ord("\r"): None, ord("\x0b"): " ",
              ord("\x0c"): " ",
              # Symbol/Wingdings bullets that Word leaves in the private use area
              ord("\uf0b7"): "-", ord("\uf0a7"): "-", ord("\uf0d8"): "-", ord("\uf076"): "-",
              ord("\uf0fc"): "-", ord("\uf0a8"): "-", ord("\uf02d"): "-"}

_MULTI_SPACE = re.compile(r" {2,}")
# control and invisible format characters (Cc, Cf) except the tab
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
                      "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f\ue000-\uf8ff]")
_TAB_RUN = re.compile(r" *\t[ \t]*")


def clean_line(s: str) -> str:
    """NFC, no exotic spaces or control characters, single spaces, no outer blanks (tabs kept
    inside a line: they separate printed columns, e.g. a received-document stamp)."""
    s = unicodedata.normalize("NFC", s).translate(_SPACE_MAP)
    s = _CONTROL.sub("", s)
    s = _MULTI_SPACE.sub(" ", s)
    s = _TAB_RUN.sub("\t", s)
    return s.strip()


class DocumentBuilder:
    """Append lines; get back their spans. Text lines are joined with '\\n'."""

    def __init__(self, source: str = "", fmt: str = "txt"):
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []
        self.source = source
        self.format = fmt

    def add_line(self, text: str, kind: str = "paragraph", **hints) -> Block | None:
        """Add one line of text (no newlines inside) and a block covering it."""
        text = clean_line(text.replace("\n", " "))
        if not text:
            return None
        if self.parts:
            self.parts.append("\n")
            self.length += 1
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        block = Block(kind=kind, start=start, end=self.length, **hints)
        self.blocks.append(block)
        return block

    def add_row(self, cells: list[str], *, table: int, row: int, sep: str = " | ",
                **hints) -> Block | None:
        """Add a table row as one line ("1 | Nội dung | Đơn vị"), with a table_row block and a
        table_cell block per non-empty cell (cells keep their column index)."""
        cleaned = [clean_line(c.replace("\n", " ")) for c in cells]
        if not any(cleaned):
            return None
        line = sep.join(cleaned)
        lead = len(line) - len(line.lstrip())
        line = line.strip()
        if self.parts:
            self.parts.append("\n")
            self.length += 1
        row_start = self.length
        cell_blocks = []
        pos = -lead
        for col, c in enumerate(cleaned):
            if c:
                cell_blocks.append(Block(kind="table_cell", start=row_start + pos,
                                         end=row_start + pos + len(c), table=table, row=row, col=col))
            pos += len(c) + len(sep)
        self.parts.append(line)
        self.length += len(line)
        row_block = Block(kind="table_row", start=row_start, end=self.length, table=table,
                          row=row, **hints)
        self.blocks.append(row_block)
        self.blocks.extend(cell_blocks)
        return row_block

    def add_block(self, kind: str, start: int, end: int, **hints) -> Block:
        """A block over text already added (e.g. a header cell spanning several lines)."""
        b = Block(kind=kind, start=start, end=end, **hints)
        self.blocks.append(b)
        return b

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def build(self, **kw) -> Document:
        text = self.text
        blocks = sorted(self.blocks, key=lambda b: (b.start, -b.end))
        return Document(text=text, source=self.source, format=self.format, blocks=blocks, **kw)
