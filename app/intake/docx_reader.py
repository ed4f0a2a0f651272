"""Word .docx → `Document`: paragraphs and tables in reading order, text boxes, automatic
numbering rendered ("1.", "a)") and layout hints (bold, italic, alignment).

Reads the WordprocessingML parts directly with lxml (python-docx hides text boxes, numbering
and content controls), after the zip-bomb and entity checks in `safety`.
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .builder import DocumentBuilder
from .document import Document
from .legacy_encoding import (
    from_tcvn3,
    from_vni,
    has_unicode_vietnamese,
    is_tcvn3_font,
    is_upper_font,
    is_vni_font,
    mark_tcvn3,
    mark_vni,
)
from .limits import Limits
from .numbering import Numbering
from .paragraphs import Line, Paragraph, continues, is_caps
from .safety import SafeZip, parse_xml
from .text_reader import is_group_label, role_of

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"w": W, "mc": MC}


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


_JC = {"center": "center", "both": "both", "distribute": "both", "right": "right", "end": "right",
       "left": "left", "start": "left"}


@dataclass
class Para:
    """A Word paragraph as lines (soft breaks split it) with its formatting hints."""

    lines: list[str]
    bold: bool | None
    italic: bool | None
    align: str | None
    textboxes: list[etree._Element]


class Styles:
    """Bold/italic/alignment inherited from paragraph styles (basedOn chain)."""

    def __init__(self, root: etree._Element | None):
        self.styles: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self.default_font: str | None = None
        if root is not None:
            for s in root.iter(q("style")):
                sid = s.get(q("styleId"))
                if sid:
                    self.styles[sid] = s
                    if s.get(q("type")) == "paragraph" and _on_attr(s.get(q("default"))):
                        self.default_para = sid
            dd = root.find(f"{q('docDefaults')}/{q('rPrDefault')}/{q('rPr')}/{q('rFonts')}")
            if dd is not None:
                self.default_font = dd.get(q("ascii")) or dd.get(q("hAnsi"))

    def _chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            st = self.styles[sid]
            yield st
            based = st.find(q("basedOn"))
            sid = based.get(q("val")) if based is not None else None

    def run_flag(self, sid: str | None, flag: str) -> bool | None:
        for st in self._chain(sid):
            rpr = st.find(q("rPr"))
            if rpr is not None and rpr.find(q(flag)) is not None:
                return _on(rpr.find(q(flag)))
        return None

    def font(self, sid: str | None) -> str | None:
        for st in list(self._chain(sid)) + list(self._chain(self.default_para)):
            rpr = st.find(q("rPr"))
            rf = rpr.find(q("rFonts")) if rpr is not None else None
            if rf is not None and (rf.get(q("ascii")) or rf.get(q("hAnsi"))):
                return rf.get(q("ascii")) or rf.get(q("hAnsi"))
        return self.default_font

    def align(self, sid: str | None) -> str | None:
        for st in self._chain(sid):
            ppr = st.find(q("pPr"))
            jc = ppr.find(q("jc")) if ppr is not None else None
            if jc is not None:
                return _JC.get(jc.get(q("val"), ""))
        return None


def _on_attr(v: str | None) -> bool:
    return v is not None and v.lower() in ("1", "true", "on")


def _on(el: etree._Element | None) -> bool:
    if el is None:
        return False
    return el.get(q("val"), "true").lower() not in ("0", "false", "off", "none")


class DocxReader:
    def __init__(self, data: bytes, source: str, limits: Limits):
        self.zip = SafeZip(data, limits, "DOCX")
        body_xml = self.zip.read("word/document.xml")
        if body_xml is None:
            from app.errors import UnreadableFile
            raise UnreadableFile("Tệp .docx thiếu phần nội dung (word/document.xml).", code="corrupt_file")
        self.root = parse_xml(body_xml, "DOCX")
        st = self.zip.read("word/styles.xml")
        self.styles = Styles(parse_xml(st, "DOCX") if st else None)
        num = self.zip.read("word/numbering.xml")
        self.numbering = Numbering(parse_xml(num, "DOCX") if num else None, self.styles_num())
        self.b = DocumentBuilder(source, "docx")
        self.tcvn3 = False
        self.vni = False
        self.table_index = 0
        self.seen_body = False

    def styles_num(self) -> dict[str, tuple[str, int]]:
        """Paragraph styles that carry numbering (e.g. 'List Number')."""
        out = {}
        for sid, st in self.styles.styles.items():
            ppr = st.find(q("pPr"))
            npr = ppr.find(q("numPr")) if ppr is not None else None
            if npr is not None and npr.find(q("numId")) is not None:
                ilvl = npr.find(q("ilvl"))
                out[sid] = (npr.find(q("numId")).get(q("val")),
                            int(ilvl.get(q("val"), "0")) if ilvl is not None else 0)
        return out

    # --- walking ----------------------------------------------------------------------------
    def read(self) -> Document:
        body = self.root.find(q("body"))
        if body is not None:
            for el in self._children(body):
                self._block(el)
        self._footnotes()
        doc = self.b.build(pages=self._page_count())
        if self.tcvn3:
            mark_tcvn3(doc)
        if self.vni:
            mark_vni(doc)
        return doc

    def _page_count(self) -> int | None:
        """Pages as Word last counted them (docProps/app.xml), when present."""
        data = self.zip.read("docProps/app.xml", cap=1_000_000)
        if not data:
            return None
        try:
            root = parse_xml(data, "DOCX")
        except Exception:
            return None
        for el in root.iter():
            if isinstance(el.tag, str) and etree.QName(el).localname == "Pages" and (el.text or "").strip().isdigit():
                return int(el.text.strip())
        return None

    def _children(self, el):
        """Block-level children, looking through content controls and custom XML."""
        for ch in el:
            tag = etree.QName(ch).localname if isinstance(ch.tag, str) else ""
            if tag in ("sdt",):
                content = ch.find(q("sdtContent"))
                if content is not None:
                    yield from self._children(content)
            elif tag in ("customXml", "smartTag"):
                yield from self._children(ch)
            elif tag == "AlternateContent":
                choice = ch.find(f"{{{MC}}}Choice")
                if choice is not None:
                    yield from self._children(choice)
            elif tag in ("p", "tbl"):
                yield ch

    def _block(self, el):
        if el.tag == q("p"):
            para = self._para(el)
            self._emit_para(para)
        elif el.tag == q("tbl"):
            self._table(el)

    def _emit_para(self, para: Para, kind: str = "paragraph", **hints) -> list:
        out = []
        for text in _join_soft_breaks(para.lines):
            p = Paragraph(text)
            blk = self.b.add_line(text, kind, bold=para.bold, italic=para.italic, align=para.align,
                                  role=hints.pop("role", None) or role_of(p), **hints)
            if blk is not None:
                out.append(blk)
                if len(text) > 200:
                    self.seen_body = True
        for tb in para.textboxes:
            for inner in self._children(tb):
                if inner.tag == q("p"):
                    ip = self._para(inner)
                    for text in _join_soft_breaks(ip.lines):
                        blk = self.b.add_line(text, "textbox", bold=ip.bold, italic=ip.italic,
                                              align=ip.align, role=role_of(Paragraph(text)))
                        if blk is not None:
                            out.append(blk)
                elif inner.tag == q("tbl"):
                    self._table(inner)
        return out

    def _para(self, p: etree._Element) -> Para:
        ppr = p.find(q("pPr"))
        sid = None
        align = None
        prefix = ""
        if ppr is not None:
            ps = ppr.find(q("pStyle"))
            sid = ps.get(q("val")) if ps is not None else None
            jc = ppr.find(q("jc"))
            if jc is not None:
                align = _JC.get(jc.get(q("val"), ""))
            npr = ppr.find(q("numPr"))
            if npr is not None:
                nid = npr.find(q("numId"))
                lvl = npr.find(q("ilvl"))
                prefix = self.numbering.label(nid.get(q("val")) if nid is not None else None,
                                              int(lvl.get(q("val"), "0")) if lvl is not None else 0)
            elif sid:
                prefix = self.numbering.label_for_style(sid)
        if align is None:
            align = self.styles.align(sid)
        style_bold = self.styles.run_flag(sid, "b")
        style_italic = self.styles.run_flag(sid, "i")
        lines = [""]
        textboxes: list[etree._Element] = []
        bold_chars = italic_chars = total = 0
        for r, kind in self._runs(p, textboxes):
            if kind == "break":
                lines.append("")
                continue
            text = r
            lines[-1] += text
        # formatting: share of characters in bold/italic runs
        for run in self._text_runs(p):
            t = "".join(x.text or "" for x in run.iter(q("t"))
                        if not _inside(x, run, ("txbxContent", "Fallback")))
            n = len(t.strip())
            if not n:
                continue
            rpr = run.find(q("rPr"))
            rs = rpr.find(q("rStyle")).get(q("val")) if rpr is not None and rpr.find(q("rStyle")) is not None else None
            b = _on(rpr.find(q("b"))) if rpr is not None and rpr.find(q("b")) is not None else (
                self.styles.run_flag(rs, "b") if rs else None)
            i = _on(rpr.find(q("i"))) if rpr is not None and rpr.find(q("i")) is not None else (
                self.styles.run_flag(rs, "i") if rs else None)
            b = style_bold if b is None else b
            i = style_italic if i is None else i
            total += n
            bold_chars += n if b else 0
            italic_chars += n if i else 0
        if prefix:
            lines[0] = prefix + (" " if not prefix.endswith((" ", "\t")) else "") + lines[0].lstrip()
        bold = (bold_chars / total >= 0.9) if total else None
        italic = (italic_chars / total >= 0.9) if total else None
        return Para(lines, bold, italic, align, textboxes)

    def _text_runs(self, p):
        for r in p.iter(q("r")):
            if _inside(r, p, ("txbxContent", "Fallback", "del", "moveFrom")):
                continue
            yield r

    def _runs(self, p, textboxes):
        """(text, 'text') and (None, 'break') in document order, skipping deleted text, field
        codes and fallback copies; text boxes are collected for separate blocks. Consecutive
        VNI-font runs are converted together: Word may split a run between a base letter and its
        mark ('Vie' | 'ät')."""
        pending: list[str] = []
        for text, kind in self._raw_runs(p, textboxes):
            if kind == "vni":
                pending.append(text)
                continue
            if pending:
                yield self._from_vni(pending), "text"
                pending = []
            yield text, kind
        if pending:
            yield self._from_vni(pending), "text"

    def _from_vni(self, parts: list[str]) -> str:
        raw = "".join(parts)
        text = from_vni(raw)
        self.vni = self.vni or text != raw
        return text

    def _raw_runs(self, p, textboxes):
        for el in p.iter():
            if not isinstance(el.tag, str):
                continue
            name = etree.QName(el).localname
            if name == "txbxContent":
                if not _inside(el, p, ("txbxContent", "Fallback")) and el not in textboxes:
                    textboxes.append(el)
                continue
            if _inside(el, p, ("txbxContent", "Fallback", "del", "moveFrom")):
                continue
            if el.tag == q("t"):
                text = el.text or ""
                font = self._run_font(el.getparent(), p)
                if font and is_tcvn3_font(font) and not has_unicode_vietnamese(text):
                    text = from_tcvn3(text, upper=is_upper_font(font))
                    self.tcvn3 = True
                elif font and is_vni_font(font) and not has_unicode_vietnamese(text):
                    yield text, "vni"
                    continue
                yield text, "text"
            elif el.tag == q("tab"):
                if etree.QName(el.getparent()).localname == "r":
                    yield "\t", "text"
            elif el.tag in (q("br"), q("cr")):
                if el.get(q("type")) in (None, "textWrapping"):
                    yield None, "break"
                else:
                    yield None, "break"
            elif el.tag == q("noBreakHyphen"):
                yield "-", "text"
            elif el.tag == q("sym"):
                yield "", "text"

    def _run_font(self, run, p) -> str | None:
        """The Latin font of a run: its own rFonts, else its paragraph style's, else the default."""
        if run is not None and run.tag == q("r"):
            rpr = run.find(q("rPr"))
            rf = rpr.find(q("rFonts")) if rpr is not None else None
            if rf is not None and (rf.get(q("ascii")) or rf.get(q("hAnsi"))):
                return rf.get(q("ascii")) or rf.get(q("hAnsi"))
        ppr = p.find(q("pPr"))
        ps = ppr.find(q("pStyle")) if ppr is not None else None
        return self.styles.font(ps.get(q("val")) if ps is not None else None)

    # --- tables -----------------------------------------------------------------------------
    def _cells(self, tr):
        """(column index, cell element or None for a vertically merged continuation)."""
        col = 0
        for tc in tr:
            if tc.tag == q("sdt"):
                content = tc.find(q("sdtContent"))
                tcs = list(content.findall(q("tc"))) if content is not None else []
            elif tc.tag == q("tc"):
                tcs = [tc]
            else:
                continue
            for c in tcs:
                tcpr = c.find(q("tcPr"))
                span = 1
                vmerge_cont = False
                if tcpr is not None:
                    gs = tcpr.find(q("gridSpan"))
                    if gs is not None:
                        try:
                            span = max(1, int(gs.get(q("val"), "1")))
                        except ValueError:
                            span = 1
                    vm = tcpr.find(q("vMerge"))
                    if vm is not None and vm.get(q("val"), "continue") == "continue":
                        vmerge_cont = True
                yield col, (None if vmerge_cont else c)
                col += span

    def _cell_paras(self, tc) -> list[Para]:
        out = []
        for el in self._children(tc):
            if el.tag == q("p"):
                out.append(self._para(el))
            elif el.tag == q("tbl"):       # nested table: its rows as plain lines
                for tr in el.iter(q("tr")):
                    texts = []
                    for _, c in self._cells(tr):
                        if c is not None:
                            texts.append(" ".join(" ".join(p.lines) for p in self._cell_paras(c)).strip())
                    out.append(Para([" | ".join(t for t in texts if t)], None, None, None, []))
        return out

    def _table(self, tbl):
        rows = []
        for tr in tbl.findall(q("tr")):
            rows.append([(col, self._cell_paras(c) if c is not None else []) for col, c in self._cells(tr)])
        if not rows:
            return
        ncols = max((max((c for c, _ in r), default=-1) + 1) for r in rows)
        t = self.table_index
        self.table_index += 1
        texts = [[(" ".join(" ".join(p.lines) for p in paras)).strip() for _, paras in r] for r in rows]
        is_header = not self.seen_body and ncols <= 3 and any(
            role_of(Paragraph(x.strip())) in ("motto", "place_date", "number")
            for r in rows for _, paras in r for p in paras for x in _join_soft_breaks(p.lines))
        if ncols <= 2 or is_header:
            for ri, r in enumerate(rows):
                for col, paras in r:
                    blocks = []
                    for p in paras:
                        blocks += self._emit_para(p)
                    if not blocks:
                        continue
                    if is_header:
                        kind = "header_left" if col == 0 else "header_right"
                    else:
                        kind = "table_cell"
                    role = None
                    if not is_header:
                        first = self.b.text[blocks[0].start:blocks[0].end]
                        if first.startswith("Nơi nhận"):
                            role = "recipients"
                        elif col == ncols - 1 and any(is_caps(self.b.text[x.start:x.end]) for x in blocks):
                            role = "signature"
                        if role:
                            for x in blocks:
                                if x.role is None or role == "recipients":
                                    x.role = role
                    self.b.add_block(kind, blocks[0].start, blocks[-1].end, table=t, row=ri, col=col,
                                     role=role)
            return
        for ri, r in enumerate(rows):
            cells = [""] * ncols
            for (col, _), text in zip(r, texts[ri], strict=True):
                if col < ncols:
                    cells[col] = text
            role = "table_header" if ri == 0 else None
            nonempty = [c for c in cells if c]
            if ri > 0 and len(nonempty) == 1 and ncols > 2 and \
                    is_group_label(nonempty[0], next(i for i, c in enumerate(cells) if c)):
                role = "group"
                cells = [nonempty[0]]
            blk = self.b.add_row(cells, table=t, row=ri, role=role)
            if blk is not None and role == "table_header":
                blk.bold = True
        self.seen_body = True

    def _footnotes(self):
        data = self.zip.read("word/footnotes.xml")
        if not data:
            return
        root = parse_xml(data, "DOCX")
        n = 0
        for fn in root.findall(q("footnote")):
            if fn.get(q("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            n += 1
            texts = [" ".join(self._para(p).lines).strip() for p in fn.iter(q("p"))]
            text = " ".join(t for t in texts if t)
            if text:
                self.b.add_line(f"{_sup(fn.get(q('id'), str(n)))} {text}", "paragraph", role="footnote")


def _sup(s: str) -> str:
    return s.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def _inside(el, stop, names: tuple[str, ...]) -> bool:
    par = el.getparent()
    while par is not None and par is not stop:
        if isinstance(par.tag, str) and etree.QName(par).localname in names:
            return True
        par = par.getparent()
    return False


def _join_soft_breaks(lines: list[str]) -> list[str]:
    """Soft line breaks inside a Word paragraph: keep the printed lines that are separate
    (organ name lines, signature lines), join a subject broken for layout."""
    out: list[Line] = []
    groups: list[list[Line]] = []
    for s in lines:
        s = s.strip()
        if not s:
            continue
        ln = Line(s, s)
        if out and continues(out[-1], ln, 10_000):
            groups[-1].append(ln)
        else:
            groups.append([ln])
        out.append(ln)
    return [" ".join(x.text for x in g) for g in groups]


def read_docx(data: bytes, source: str = "", limits: Limits | None = None) -> Document:
    doc = DocxReader(data, source, limits or Limits.from_env()).read()
    doc.format = "docx"
    return doc
