"""The checkable model of a .docx, in document terms (no XML here).

Every run and paragraph carries its EFFECTIVE formatting (direct formatting merged over
character/paragraph/table styles with their basedOn chains, docDefaults and theme fonts),
so rules compare values and never walk styles themselves. Built by `wordml.read_model`.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class RunFormat:
    font: str | None = None          # ascii font (theme resolved)
    font_hansi: str | None = None
    font_cs: str | None = None
    size: float | None = None        # points
    bold: bool = False
    italic: bool = False
    underline: bool = False
    caps: bool = False               # w:caps: displayed upper-case
    color: str | None = None         # hex "000000", "auto" or None
    vert_align: str | None = None    # superscript / subscript
    hidden: bool = False             # w:vanish: not printed


@dataclass(slots=True)
class Run:
    text: str
    fmt: RunFormat
    el: object = field(default=None, repr=False)   # the w:r element (for fix/annotate)

    @property
    def visible(self) -> bool:
        return bool(self.text.strip())


@dataclass(slots=True)
class Cell:
    table: int       # table index in the document (body order)
    row: int
    col: int
    ncols: int       # cells in that row
    width: int | None = None   # twips (tcW or the table grid)


@dataclass(slots=True)
class Drawing:
    kind: str                     # "line" | "shape" | "image" | "textbox"
    width_mm: float | None = None
    height_mm: float | None = None


@dataclass(eq=False)
class Paragraph:
    index: int                    # order within its part (body: global body order)
    part: str                     # "body" | "header" | "footer"
    runs: list[Run]
    text: str
    style: str | None = None
    align: str = "left"           # left | center | right | both | distribute
    first_line: int = 0           # twips; negative = hanging
    left: int = 0
    right: int = 0
    before: int = 0               # twentieths of a point
    after: int = 0
    line: int | None = None
    line_rule: str = "auto"
    border_top: bool = False
    border_bottom: bool = False
    boxed: bool = False           # borders on all sides (a stamp)
    cell: Cell | None = None
    in_textbox: bool = False
    section: int = 0
    part_kind: str | None = None  # header/footer: default | first | even
    part_name: str | None = None
    fields: list[str] = field(default_factory=list)       # e.g. ["PAGE"]
    drawings: list[Drawing] = field(default_factory=list)
    page_break_before: bool = False
    el: object = field(default=None, repr=False)
    num_label: str | None = None  # rendered list label ("-", "a)") when auto-numbered
    tab_stops: list[int] = field(default_factory=list)   # custom tab stop positions (twips)

    def effective_first_line(self, default_tab: int = 720) -> int:
        """First-line indent as printed: a line that starts with a TAB begins at the next tab stop."""
        if not self.text.startswith("\t"):
            return self.first_line
        start = self.left + self.first_line
        nxt = [t for t in sorted(self.tab_stops) if t > start]
        stop = nxt[0] if nxt else (start // default_tab + 1) * default_tab
        return stop - self.left

    # --- derived views used by rules ---------------------------------------------------
    @property
    def visible_runs(self) -> list[Run]:
        return [r for r in self.runs if r.visible]

    @property
    def stripped(self) -> str:
        return self.text.strip()

    def _sizes(self) -> list[float]:
        return [r.fmt.size for r in self.visible_runs if r.fmt.size is not None]

    @property
    def size(self) -> float | None:
        """Dominant size by character count (a stray space in another size does not count)."""
        weights: dict[float, int] = {}
        for r in self.visible_runs:
            if r.fmt.size is not None:
                weights[r.fmt.size] = weights.get(r.fmt.size, 0) + len(r.text.strip())
        return max(weights, key=weights.get) if weights else None

    @property
    def sizes(self) -> set[float]:
        return set(self._sizes())

    @property
    def bold(self) -> bool:
        vr = self.visible_runs
        return bool(vr) and all(r.fmt.bold for r in vr)

    @property
    def any_bold(self) -> bool:
        return any(r.fmt.bold for r in self.visible_runs)

    @property
    def italic(self) -> bool:
        vr = self.visible_runs
        return bool(vr) and all(r.fmt.italic for r in vr)

    @property
    def any_italic(self) -> bool:
        return any(r.fmt.italic for r in self.visible_runs)

    @property
    def shown_text(self) -> str:
        """Text as displayed (w:caps upper-cases a run)."""
        return "".join(r.text.upper() if r.fmt.caps else r.text for r in self.runs)

    @property
    def is_separator(self) -> bool:
        """A horizontal rule: underscores only, or a line drawing with no text."""
        t = self.stripped
        if t and set(t) <= set("_") and len(t) >= 3:
            return True
        return not t and (any(d.kind == "line" for d in self.drawings) or self.border_bottom or self.border_top)

    @property
    def where(self) -> dict:
        loc = {"part": self.part, "paragraph": self.index}
        if self.part_kind:
            loc["kind"] = self.part_kind
        if self.cell and self.cell.table < 0:
            loc["column"] = self.cell.col        # a line split at a TAB stop (no real table)
        elif self.cell:
            loc["table"] = self.cell.table
            loc["row"] = self.cell.row
            loc["col"] = self.cell.col
        if self.in_textbox:
            loc["textbox"] = True
        loc["excerpt"] = self.stripped[:80]
        return loc


@dataclass
class HeaderFooter:
    name: str                      # part name, e.g. word/header1.xml
    kind: str                      # default | first | even
    role: str                      # header | footer
    paragraphs: list[Paragraph]

    @property
    def text(self) -> str:
        return "\n".join(p.stripped for p in self.paragraphs)

    @property
    def has_page_field(self) -> bool:
        return any("PAGE" in p.fields for p in self.paragraphs)


@dataclass
class Section:
    index: int
    width: int | None = None       # twips
    height: int | None = None
    orient: str = "portrait"
    top: int | None = None
    bottom: int | None = None
    left: int | None = None
    right: int | None = None
    header_dist: int | None = None
    footer_dist: int | None = None
    title_page: bool = False
    page_start: int | None = None
    page_fmt: str | None = None
    headers: dict[str, HeaderFooter] = field(default_factory=dict)   # kind -> part (inherited resolved)
    footers: dict[str, HeaderFooter] = field(default_factory=dict)
    has_table: bool = False
    first_paragraph: int | None = None    # body index range [first, last]
    last_paragraph: int | None = None
    el: object = field(default=None, repr=False)


@dataclass
class DocModel:
    paragraphs: list[Paragraph]            # body paragraphs in reading order (tables, text boxes inlined)
    sections: list[Section]
    tables: int = 0
    signed: bool = False
    even_and_odd: bool = False
    images: int = 0
    default_tab: int = 720                  # settings.xml w:defaultTabStop (twips)
    page_breaks: int = 0                    # explicit + last-rendered page breaks in the body
    parts: dict = field(default_factory=dict, repr=False)   # part name -> root element (for fix)
    package: object = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return "\n".join(p.stripped for p in self.paragraphs)

    def section_of(self, p: Paragraph) -> Section:
        return self.sections[min(p.section, len(self.sections) - 1)]
