"""The common shape every reader produces: one `Document` of text with layout hints.

Extraction works on `Document.text` and cites evidence as [start, end) offsets into it, so
readers must build `text` once and never change it afterwards. Blocks give the layout a reader
knows (a header-table cell, a table row, a paragraph, an OCR line) with their spans.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    """A piece of layout: `kind` in {"paragraph", "header_left", "header_right", "table_row",
    "table_cell", "textbox", "line", "footer"}; `start`/`end` index Document.text."""

    kind: str
    start: int
    end: int
    bold: bool | None = None
    italic: bool | None = None
    align: str | None = None        # "left" | "center" | "right" | "both"
    page: int | None = None
    row: int | None = None          # table row index within its table
    col: int | None = None          # table column index
    table: int | None = None        # table index in the document
    role: str | None = None         # optional hint: "motto", "number", "place_date", "subject",
                                    # "recipients", "signature", "title", "footnote", "table_header"


@dataclass
class Document:
    """A received document as text: `text` is NFC, lines separated by '\\n'."""

    text: str
    source: str = ""                # file name
    format: str = "txt"             # "docx" | "pdf" | "ocr" | "txt" | "edxml"
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    metadata: dict = field(default_factory=dict)   # e.g. edXML header fields, OCR confidence
    attachments: list[Document] = field(default_factory=list)  # edXML attached files, read
    warnings: list[str] = field(default_factory=list)          # Vietnamese, for the reviewer

    def block_text(self, b: Block) -> str:
        return self.text[b.start:b.end]
