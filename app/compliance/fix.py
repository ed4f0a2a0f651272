"""Auto-fix formatting findings into a NEW .docx (the input bytes are never modified).

Fixes are the `fix` dicts the rules attach to findings (fonts, sizes, bold/italic, margins,
paper, date leading zeros, tiêu ngữ dashes, Nơi nhận punctuation, page numbers, body
paragraph geometry, separators). Content the checker cannot know (a missing Quốc hiệu, a
name) is left for the user. A digitally signed package is never modified.
"""
from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from ..errors import Conflict
from ..nd30 import layout
from ..nd30.codes import format_number
from ..nd30.dates import parse_place_date
from ..nd30.rules.header import padded_date
from ..nd30.text import clean
from .engine import Report, run_rules
from .engine import safe_model as read_model
from .model import DocModel, Paragraph
from .wordml import RID, W, w

FONT = "Times New Roman"
REL_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
CT_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


class SignedDocument(Conflict):
    code = "signed_document"


SIGNED_MESSAGE = ("Văn bản đã được ký số: vanthu chỉ kiểm tra, không tự động sửa để không làm mất hiệu lực "
                  "chữ ký. Hãy sửa bản gốc chưa ký rồi ký lại.")


def _child(parent, tag: str, first: bool = False):
    el = parent.find(w(tag))
    if el is None:
        el = etree.SubElement(parent, w(tag)) if not first else etree.Element(w(tag))
        if first:
            parent.insert(0, el)
    return el


def _rpr(r):
    rpr = r.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        r.insert(0, rpr)
    return rpr


def _ppr(p):
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    return ppr


def _set_toggle(rpr, tag: str, on: bool):
    for t in (tag, tag + "Cs"):
        el = rpr.find(w(t))
        if el is None:
            el = etree.SubElement(rpr, w(t))
        if on:
            el.attrib.pop(w("val"), None)
        else:
            el.set(w("val"), "0")


def _set_size(rpr, pt: float):
    for t in ("sz", "szCs"):
        el = rpr.find(w(t))
        if el is None:
            el = etree.SubElement(rpr, w(t))
        el.set(w("val"), str(int(round(pt * 2))))


def _set_fonts(rfonts):
    for a in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        rfonts.attrib.pop(w(a), None)
    for a in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(w(a), FONT)


def _runs(p: Paragraph):
    return [r.el for r in p.runs if r.el is not None]


def _set_text(p: Paragraph, text: str):
    """Replace a paragraph's text, keeping the formatting of its first visible run."""
    runs = [r for r in p.runs if r.el is not None]
    if not runs:
        return
    keep = next((r for r in runs if r.text.strip()), runs[0]).el
    first = True
    for r in runs:
        for t in r.el.findall(w("t")):
            if r.el is keep and first:
                t.text = text
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                first = False
            else:
                r.el.remove(t)
        for tag in ("tab", "br"):
            for t in r.el.findall(w(tag)):
                r.el.remove(t)


class Fixer:
    def __init__(self, model: DocModel):
        self.m = model
        self.pkg = model.package
        self.dirty: set[str] = set()
        self.new_parts: dict[str, bytes] = {}

    def part_of(self, p: Paragraph) -> str:
        return p.part_name or self.pkg.main

    def touch(self, p: Paragraph):
        self.dirty.add(self.part_of(p))

    # --- ops
    def op_format(self, fx):
        for p in fx["paras"]:
            for r in _runs(p):
                rpr = _rpr(r)
                if "size" in fx:
                    _set_size(rpr, fx["size"])
                if "bold" in fx:
                    _set_toggle(rpr, "b", fx["bold"])
                if "italic" in fx:
                    _set_toggle(rpr, "i", fx["italic"])
            self.touch(p)

    def op_font(self, fx):
        for name in list(self.m.parts) + [n for n in self.pkg.names if n.endswith("styles.xml")]:
            if name not in self.pkg.names:
                continue
            root = self.pkg.xml(name)
            for rf in root.iter(w("rFonts")):
                _set_fonts(rf)
            # runs without any rFonts inherit: make docDefaults explicit
            self.dirty.add(name)
        for p in fx.get("paras", []):
            for r in _runs(p):
                rpr = _rpr(r)
                rf = rpr.find(w("rFonts"))
                if rf is None:
                    rf = etree.Element(w("rFonts"))
                    rpr.insert(0, rf)
                _set_fonts(rf)
            self.touch(p)

    def op_color(self, fx):
        for p in fx["paras"]:
            for r in _runs(p):
                rpr = _rpr(r)
                c = rpr.find(w("color"))
                if c is None:
                    c = etree.SubElement(rpr, w("color"))
                for a in list(c.attrib):
                    del c.attrib[a]
                c.set(w("val"), "000000")
            self.touch(p)

    def _sect(self, idx: int):
        return self.m.sections[idx].el

    def op_page_size(self, fx):
        s = self.m.sections[fx["section"]]
        sp = s.el
        if sp is None:
            return
        sz = _child(sp, "pgSz")
        landscape = not fx.get("portrait") and (s.width or 0) > (s.height or 0)
        sz.set(w("w"), "16838" if landscape else "11906")
        sz.set(w("h"), "11906" if landscape else "16838")
        if landscape:
            sz.set(w("orient"), "landscape")
        else:
            sz.attrib.pop(w("orient"), None)
        self.dirty.add(self.pkg.main)

    def op_margin(self, fx):
        sp = self._sect(fx["section"])
        if sp is None:
            return
        mar = _child(sp, "pgMar")
        mar.set(w(fx["side"]), str(layout.page_setup_twips()[fx["side"]]))
        self.dirty.add(self.pkg.main)

    def op_body(self, fx):
        for p in fx["paras"]:
            ppr = _ppr(p.el)
            if fx.get("align"):
                _child(ppr, "jc").set(w("val"), "both")
            if fx.get("indent"):
                ind = _child(ppr, "ind")
                ind.attrib.pop(w("hanging"), None)
                ind.set(w("firstLine"), str(layout.first_line_indent_twips()))
            if fx.get("spacing"):
                _child(ppr, "spacing").set(w("before"), "120")
            if fx.get("line"):
                sp = _child(ppr, "spacing")
                sp.set(w("line"), "240")
                sp.set(w("lineRule"), "auto")
            self.touch(p)

    def op_align(self, fx):
        for p in fx["paras"]:
            _child(_ppr(p.el), "jc").set(w("val"), fx["align"])
            self.touch(p)

    def op_spacing(self, fx):
        for p in fx["paras"]:
            _child(_ppr(p.el), "spacing").set(w("before"), str(fx["before"]))
            self.touch(p)

    def op_text(self, fx):
        for p in fx["paras"]:
            _set_text(p, fx["text"])
            self.touch(p)

    def op_number_zero(self, fx):
        for p in fx["paras"]:
            t = clean(p.text)
            new = re.sub(r"^(Số:\s*)(\d+)", lambda m: m[1] + format_number(m[2]), t)
            _set_text(p, new)
            self.touch(p)

    def op_date_zero(self, fx):
        for p in fx["paras"]:
            if parse_place_date(clean(p.text)) is None:
                continue
            _set_text(p, padded_date(clean(p.text)))
            self.touch(p)

    def op_separator(self, fx):
        """Resize a rule to `ratio` × the width of its reference text AS IT NOW READS
        (a case fix applied before changes the width), so separators are applied last."""
        from ..nd30.rules.metrics import text_width_mm, underscore_width_mm
        widths = []
        for q in fx["ref"]:
            # the reference text as it now reads (its own runs: a tab line holds two columns)
            els = [r.el for r in q.runs if r.el is not None]
            text = "".join(t.text or "" for el in els for t in el.iter(w("t"))).strip() or q.stripped
            widths.append(text_width_mm(text, q.size or 13, q.bold, q.italic))
        fx = dict(fx, mm=max(widths) * fx["ratio"])
        for p in fx["paras"]:
            if p.stripped and set(p.stripped) == {"_"}:
                size = p.size or 13
                n = max(1, round(fx["mm"] / underscore_width_mm(1, size)))
                _set_text(p, "_" * n)
                self.touch(p)
            elif (p.border_bottom or p.border_top) and not any(d.kind == "line" for d in p.drawings):
                # a paragraph border: centre it with equal indents so it spans the wanted length
                s = self.m.section_of(p)
                box = (p.cell.width - 216) if p.cell is not None and p.cell.width else \
                    (s.width or 11906) - (s.left or 0) - (s.right or 0)
                indent = max(0, int((box - fx["mm"] * 56.693) / 2))
                ind = _child(_ppr(p.el), "ind")
                for a in ("left", "start", "right", "end"):
                    ind.attrib.pop(w(a), None)
                ind.set(w("left"), str(indent))
                ind.set(w("right"), str(indent))
                self.touch(p)
            else:
                cx = str(int(fx["mm"] * 36000))
                for ext in p.el.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent",
                                     "{http://schemas.openxmlformats.org/drawingml/2006/main}ext"):
                    ext.set("cx", cx)
                self.touch(p)

    def op_appendix_restart(self, fx):
        sp = self._sect(fx["section"])
        if sp is not None:
            _child(sp, "pgNumType").set(w("start"), "1")
            self.dirty.add(self.pkg.main)

    def op_page_number(self, fx):
        """Normalise page numbering: a centred 14 pt PAGE field in the default header of every
        section, none in footers or on page 1 (titlePg), Arabic numerals starting at 1."""
        if getattr(self, "_pn_done", False):
            return
        self._pn_done = True
        size = layout.layout()["page"]["page_number"]["size_pt"]["default"]
        # 1. remove PAGE fields everywhere in headers/footers
        for s in self.m.sections:
            for hf in list(s.headers.values()) + list(s.footers.values()):
                root = self.pkg.xml(hf.name)
                if _strip_page_fields(root):
                    self.dirty.add(hf.name)
        # 2. a default header with a PAGE paragraph for the first section (later ones inherit)
        s0 = self.m.sections[0]
        hf = s0.headers.get("default")
        if hf is None:
            name = self._new_header(s0.el)
            root = self.pkg.xml(name) if name in self.pkg.names else etree.fromstring(self.new_parts[name])
            self._new_roots[name] = root
        else:
            name = hf.name
            root = self.pkg.xml(name)
        root.append(_page_paragraph(size))
        self.dirty.add(name)
        # even pages: one default header for all pages
        if self.m.even_and_odd:
            for name in self.pkg.names:
                if name.endswith("settings.xml"):
                    root = self.pkg.xml(name)
                    for el in root.findall(w("evenAndOddHeaders")):
                        root.remove(el)
                        self.dirty.add(name)
        # 3. no number on page 1; Arabic numerals from 1
        _child(s0.el, "titlePg").attrib.pop(w("val"), None)
        for s in self.m.sections:
            if s.el is None:
                continue
            pn = s.el.find(w("pgNumType"))
            if pn is not None:
                pn.attrib.pop(w("fmt"), None)
                if s.index == 0 and pn.get(w("start")) not in (None, "1"):
                    pn.set(w("start"), "1")
        self.dirty.add(self.pkg.main)

    _new_roots: dict = {}

    def _new_header(self, sect) -> str:
        i = 1
        while f"word/header{i}.xml" in self.pkg.names or f"word/header{i}.xml" in self.new_parts:
            i += 1
        name = f"word/header{i}.xml"
        xml = (f'<w:hdr xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>')
        self.new_parts[name] = xml.encode()
        # relationship from the main part
        rels_name = "word/_rels/" + self.pkg.main.rsplit("/", 1)[-1] + ".rels"
        rels = self.pkg.xml(rels_name)
        ids = {r.get("Id") for r in rels}
        k = 1
        while f"rIdVanthu{k}" in ids:
            k += 1
        rid = f"rIdVanthu{k}"
        etree.SubElement(rels, f"{{{PKG_REL}}}Relationship", Id=rid, Type=REL_HEADER, Target=f"header{i}.xml")
        self.dirty.add(rels_name)
        ct = self.pkg.xml("[Content_Types].xml")
        etree.SubElement(ct, f"{{{CT_NS}}}Override", PartName="/" + name, ContentType=CT_HEADER)
        self.dirty.add("[Content_Types].xml")
        ref = etree.Element(w("headerReference"))
        ref.set(w("type"), "default")
        ref.set(RID, rid)
        sect.insert(0, ref)
        self._new_roots = {**self._new_roots}
        return name

    # --- output
    def apply(self, report: Report) -> int:
        n = 0
        fixes = list({id(f.fix): f.fix for f in report.findings if f.fix}.values())   # mirrored findings share one
        fixes.sort(key=lambda fx: fx["op"] == "separator")      # separators last (they measure text)
        for fx in fixes:
            getattr(self, "op_" + fx["op"])(fx)
            n += 1
        return n

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        zf = self.pkg.zf
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for info in zf.infolist():
                name = info.filename
                if name in self.dirty:
                    data = etree.tostring(self.pkg.xml(name), xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
                else:
                    data = self.pkg.read(name)
                z.writestr(info, data)
            for name, data in self.new_parts.items():
                root = self._new_roots.get(name)
                if root is not None:
                    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                z.writestr(name, data)
        return out.getvalue()


def _strip_page_fields(root) -> bool:
    changed = False
    for fs in list(root.iter(w("fldSimple"))):
        if (fs.get(w("instr")) or "").split()[:1] == ["PAGE"]:
            fs.getparent().remove(fs)
            changed = True
    for p in root.iter(w("p")):
        runs = list(p.iter(w("r")))
        inside, instr, group = False, "", []
        for r in runs:
            fc = r.find(w("fldChar"))
            kind = fc.get(w("fldCharType")) if fc is not None else None
            if kind == "begin":
                inside, instr, group = True, "", [r]
                continue
            if inside:
                group.append(r)
                it = r.find(w("instrText"))
                if it is not None:
                    instr += it.text or ""
                if kind == "end":
                    inside = False
                    if instr.split()[:1] == ["PAGE"]:
                        for g in group:
                            g.getparent().remove(g)
                        changed = True
    return changed


def _page_paragraph(size_pt: float):
    p = etree.Element(w("p"))
    ppr = etree.SubElement(p, w("pPr"))
    etree.SubElement(ppr, w("jc")).set(w("val"), "center")

    def run(child_tag, **attrs):
        r = etree.SubElement(p, w("r"))
        rpr = etree.SubElement(r, w("rPr"))
        rf = etree.SubElement(rpr, w("rFonts"))
        _set_fonts(rf)
        for t in ("sz", "szCs"):
            etree.SubElement(rpr, w(t)).set(w("val"), str(int(size_pt * 2)))
        c = etree.SubElement(r, w(child_tag))
        for k, v in attrs.items():
            c.set(w(k), v)
        return c

    run("fldChar", fldCharType="begin")
    it = run("instrText")
    it.text = " PAGE "
    it.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run("fldChar", fldCharType="separate")
    run("t").text = "2"
    run("fldChar", fldCharType="end")
    return p


def fix_bytes(data: bytes, regime: str | None = None) -> tuple[bytes, Report, int]:
    """Return (fixed .docx bytes, the report of the ORIGINAL, number of fixes applied)."""
    model = read_model(data)
    if model.signed:
        raise SignedDocument(SIGNED_MESSAGE)
    report = run_rules(model, regime=regime)
    fixer = Fixer(model)
    fixer._new_roots = {}
    n = fixer.apply(report)
    return fixer.to_bytes(), report, n
