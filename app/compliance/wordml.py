"""WordprocessingML → `DocModel`: the one place that knows OOXML.

Resolves effective formatting the way Word does (docDefaults → table style → paragraph
style chain → numbering level → character style chain → direct formatting; theme fonts via
theme1.xml), walks the body in reading order (tables with cell coordinates, text boxes,
content controls), reads sections with their inherited headers/footers, fields and drawings.
Parsed with lxml directly (no python-docx objects) to stay fast.
"""
from __future__ import annotations

import unicodedata

from .model import Cell, DocModel, Drawing, HeaderFooter, Paragraph, Run, RunFormat, Section
from .package import Package, open_package
from .tabcolumns import TabSplitter

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V = "urn:schemas-microsoft-com:vml"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


T_P, T_R, T_T, T_TBL, T_TR, T_TC = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc")
T_PPR, T_RPR, T_SDT, T_SDTC = w("pPr"), w("rPr"), w("sdt"), w("sdtContent")
T_SECT = w("sectPr")
VAL = w("val")
RID = f"{{{R}}}id"
MC_ALT, MC_CHOICE = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice"
EMU_PER_MM = 36000.0

_FALSE = {"0", "false", "off", "none"}
_TOGGLES = ("bold", "italic", "caps")
_JC = {"start": "left", "end": "right", "both": "both", "center": "center", "left": "left",
       "right": "right", "distribute": "distribute", "justify": "both"}
_CONTAINERS = {w("hyperlink"), w("ins"), w("smartTag"), w("customXml"), w("fldSimple"),
               w("moveTo"), w("dir"), w("bdo")}


def _on(el) -> bool:
    if el is None:
        return False
    v = el.get(VAL)
    return v is None or v.lower() not in _FALSE


def _int(v) -> int | None:
    if v is None:
        return None
    try:
        return int(float(v))
    except ValueError:
        return None


# ---------------------------------------------------------------- property dictionaries

def _rpr(el, theme: dict) -> dict:
    """Direct run properties of a w:rPr as a sparse dict (only what is set)."""
    d: dict = {}
    if el is None:
        return d
    for c in el:
        tag = c.tag
        if not isinstance(tag, str):
            continue
        name = tag[len(W) + 2:] if tag.startswith("{" + W) else None
        if name == "rFonts":
            for key, attr, tattr in (("font", "ascii", "asciiTheme"), ("font_hansi", "hAnsi", "hAnsiTheme"),
                                     ("font_cs", "cs", "cstheme")):
                t = c.get(w(tattr))
                if t:
                    d[key] = theme.get("major" if t.startswith("major") else "minor") or c.get(w(attr))
                elif c.get(w(attr)):
                    d[key] = c.get(w(attr))
        elif name == "sz":
            v = _int(c.get(VAL))
            if v:
                d["size"] = v / 2
        elif name in ("b", "i", "caps"):
            d[{"b": "bold", "i": "italic", "caps": "caps"}[name]] = _on(c)
        elif name in ("vanish", "webHidden"):
            d["hidden"] = _on(c)
        elif name == "u":
            d["underline"] = (c.get(VAL) or "single") != "none"
        elif name == "color":
            d["color"] = c.get(VAL)
        elif name == "vertAlign":
            d["vert_align"] = c.get(VAL)
        elif name == "rStyle":
            d["_rstyle"] = c.get(VAL)
    return d


def _ppr(el) -> dict:
    d: dict = {}
    if el is None:
        return d
    for c in el:
        tag = c.tag
        if not isinstance(tag, str) or not tag.startswith("{" + W):
            continue
        name = tag[len(W) + 2:]
        if name == "jc":
            d["align"] = _JC.get(c.get(VAL, "left"), "left")
        elif name == "ind":
            fl, hg = c.get(w("firstLine")), c.get(w("hanging"))
            if hg is not None:
                d["first_line"] = -(_int(hg) or 0)
            elif fl is not None:
                d["first_line"] = _int(fl) or 0
            for key, attrs in (("left", ("left", "start")), ("right", ("right", "end"))):
                for a in attrs:
                    if c.get(w(a)) is not None:
                        d[key] = _int(c.get(w(a))) or 0
                        break
        elif name == "spacing":
            for key in ("before", "after", "line"):
                if c.get(w(key)) is not None:
                    d[key] = _int(c.get(w(key)))
            if c.get(w("lineRule")) is not None:
                d["line_rule"] = c.get(w("lineRule"))
            elif "line" in d:
                d["line_rule"] = "auto"
        elif name == "pBdr":
            sides = {s.tag[len(W) + 2:] for s in c if isinstance(s.tag, str)
                     and (s.get(VAL) or "nil") not in ("nil", "none")}
            d["border_top"] = "top" in sides
            d["border_bottom"] = "bottom" in sides
            d["boxed"] = {"top", "bottom", "left", "right"} <= sides
        elif name == "pStyle":
            d["_pstyle"] = c.get(VAL)
        elif name == "numPr":
            ilvl, nid = c.find(w("ilvl")), c.find(w("numId"))
            d["_num"] = (nid.get(VAL) if nid is not None else None, _int(ilvl.get(VAL)) if ilvl is not None else 0)
        elif name == "pageBreakBefore":
            d["page_break_before"] = _on(c)
        elif name == "tabs":
            d["tabs"] = [_int(t.get(w("pos"))) or 0 for t in c if isinstance(t.tag, str)
                         and t.get(w("val")) not in ("clear", "bar")]
    return d


class Styles:
    """styles.xml + theme + numbering, with memoised basedOn chains."""

    def __init__(self, pkg: Package, doc_rels: dict):
        self.theme = {}
        self.styles: dict[str, tuple] = {}     # id -> (type, basedOn, ppr, rpr)
        self.default: dict[str, str] = {}      # type -> default style id
        self.doc_rpr: dict = {}
        self.doc_ppr: dict = {}
        self.num: dict = {}                    # numId -> abstract id
        self.abstract: dict = {}               # (abstract id, ilvl) -> (fmt, text, ppr, start)
        self._memo: dict = {}
        self._parsed: dict = {}
        targets = {typ.rsplit("/", 1)[-1]: t for typ, t, mode in doc_rels.values() if mode != "External"}
        theme_part = targets.get("theme")
        if theme_part and pkg.has(theme_part):
            root = pkg.xml(theme_part)
            for kind in ("major", "minor"):
                lat = root.find(f".//{{{A}}}{kind}Font/{{{A}}}latin")
                if lat is not None:
                    self.theme[kind] = lat.get("typeface")
        st = targets.get("styles")
        if st and pkg.has(st):
            root = pkg.xml(st)
            dd = root.find(w("docDefaults"))
            if dd is not None:
                self.doc_rpr = _rpr(dd.find(f"{w('rPrDefault')}/{T_RPR}"), self.theme)
                self.doc_ppr = _ppr(dd.find(f"{w('pPrDefault')}/{T_PPR}"))
            for s in root.iter(w("style")):
                sid = s.get(w("styleId"))
                typ = s.get(w("type"), "paragraph")
                based = s.find(w("basedOn"))
                # properties are parsed lazily (styles.xml lists far more styles than a document uses)
                self.styles[sid] = (typ, based.get(VAL) if based is not None else None, s)
                if s.get(w("default")) in ("1", "true", "on"):
                    self.default.setdefault(typ, sid)
        nb = targets.get("numbering")
        if nb and pkg.has(nb):
            root = pkg.xml(nb)
            for an in root.iter(w("abstractNum")):
                aid = an.get(w("abstractNumId"))
                for lvl in an.iter(w("lvl")):
                    il = _int(lvl.get(w("ilvl"))) or 0
                    fmt = lvl.find(w("numFmt"))
                    txt = lvl.find(w("lvlText"))
                    start = lvl.find(w("start"))
                    self.abstract[(aid, il)] = (fmt.get(VAL) if fmt is not None else "decimal",
                                                txt.get(VAL) if txt is not None else "",
                                                lvl.find(T_PPR),
                                                _int(start.get(VAL)) if start is not None else 1)
            for n in root.iter(w("num")):
                a = n.find(w("abstractNumId"))
                if a is not None:
                    self.num[n.get(w("numId"))] = a.get(VAL)

    def chain(self, sid: str | None, kind: int) -> dict:
        """Merged pPr (kind 0) or rPr (kind 1) of a style and its basedOn ancestors."""
        key = (sid, kind)
        if key in self._memo:
            return self._memo[key]
        out: dict = {}
        seen = set()
        order = []
        cur = sid
        while cur and cur in self.styles and cur not in seen and len(seen) < 50:
            seen.add(cur)
            order.append(cur)
            cur = self.styles[cur][1]
        for s in reversed(order):
            out.update(self._props(s)[kind])
        self._memo[key] = out
        return out

    def _props(self, sid: str) -> tuple[dict, dict]:
        got = self._parsed.get(sid)
        if got is None:
            el = self.styles[sid][2]
            ppr = _ppr(el.find(T_PPR))
            ppr.pop("_pstyle", None)
            rpr = _rpr(el.find(T_RPR), self.theme)
            rpr.pop("_rstyle", None)
            got = self._parsed[sid] = (ppr, rpr)
        return got


def _run_format(d: dict) -> RunFormat:
    return RunFormat(font=d.get("font"), font_hansi=d.get("font_hansi"), font_cs=d.get("font_cs"),
                     size=d.get("size"), bold=d.get("bold", False), italic=d.get("italic", False),
                     underline=d.get("underline", False), caps=d.get("caps", False),
                     color=d.get("color"), vert_align=d.get("vert_align"), hidden=d.get("hidden", False))


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _fmt_num(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        out, k = "", n
        for v, sym in _ROMAN:
            while k >= v:
                out += sym
                k -= v
        return out.upper() if fmt == "upperRoman" else out
    return str(n)


# ---------------------------------------------------------------- the reader

class _Reader:
    def __init__(self, pkg: Package):
        self.pkg = pkg
        self.doc_rels = pkg.rels(pkg.main)
        self.styles = Styles(pkg, self.doc_rels)
        self.table_count = 0
        self.images = 0
        self.page_breaks = 0
        self.counters: dict = {}
        self._fmt_memo: dict = {}
        self.tabs = TabSplitter()

    # -- formatting
    def para_props(self, ppr_el, tbl_style: str | None) -> tuple[dict, str | None]:
        direct = _ppr(ppr_el)
        sid = direct.pop("_pstyle", None) or self.styles.default.get("paragraph")
        d = dict(self.styles.doc_ppr)
        if tbl_style:
            d.update(self.styles.chain(tbl_style, 0))
        d.update(self.styles.chain(sid, 0))
        num = direct.pop("_num", None) or d.pop("_num", None)
        d.pop("_num", None)
        if num and num[0] and num[0] != "0":
            lvl = self.styles.abstract.get((self.styles.num.get(num[0]), num[1] or 0))
            if lvl:
                d.update(_ppr(lvl[2]))
            d["_num"] = num
        d.update(direct)
        return d, sid

    def run_format(self, rpr_el, sid: str | None, tbl_style: str | None) -> RunFormat:
        direct = _rpr(rpr_el, self.styles.theme)
        rs = direct.pop("_rstyle", None)
        key = (sid, tbl_style, rs, tuple(sorted(direct.items())))
        f = self._fmt_memo.get(key)
        if f is None:
            d = dict(self.styles.doc_rpr)
            if tbl_style:
                d.update(self.styles.chain(tbl_style, 1))
            pstyle = self.styles.chain(sid, 1)
            d.update(pstyle)
            if rs:
                cstyle = self.styles.chain(rs, 1)
                d.update(cstyle)
                # toggle properties (ECMA-376 17.7.3): set in both the paragraph and the character
                # style hierarchy, they cancel out (bold style + bold character style = not bold)
                for t in _TOGGLES:
                    if t in pstyle and t in cstyle:
                        d[t] = pstyle[t] != cstyle[t]
            d.update(direct)
            f = self._fmt_memo[key] = _run_format(d)
        return f

    def num_label(self, num) -> str | None:
        nid, il = num
        aid = self.styles.num.get(nid)
        lvl = self.styles.abstract.get((aid, il or 0))
        if not lvl:
            return None
        fmt, text, _ppr_, start = lvl
        if fmt == "bullet":
            return text
        if fmt == "none":
            return text or None
        cnt = self.counters.setdefault(aid, {})
        cnt[il] = cnt.get(il, start - 1) + 1
        for deeper in [k for k in cnt if k > il]:
            del cnt[deeper]
        out = text
        for k in range(9):
            if f"%{k + 1}" in out:
                lv = self.styles.abstract.get((aid, k))
                out = out.replace(f"%{k + 1}", _fmt_num(cnt.get(k, lv[3] if lv else 1), lv[0] if lv else "decimal"))
        return out

    # -- walking
    def walk(self, container, out: list, ctx: dict):
        for el in container:
            tag = el.tag
            if tag == T_P:
                self.paragraph(el, out, ctx)
            elif tag == T_TBL:
                self.table(el, out, ctx)
            elif tag == T_SDT:
                c = el.find(T_SDTC)
                if c is not None:
                    self.walk(c, out, ctx)
            elif tag == w("customXml") or tag == MC_ALT:
                if tag == MC_ALT:
                    ch = el.find(MC_CHOICE)
                    if ch is not None:
                        self.walk(ch, out, ctx)
                else:
                    self.walk(el, out, ctx)

    def table(self, tbl, out, ctx):
        ti = self.table_count
        self.table_count += 1
        ctx["has_table"] = True
        ts = tbl.find(f"{w('tblPr')}/{w('tblStyle')}")
        tstyle = ts.get(VAL) if ts is not None else self.styles.default.get("table")
        grid = [_int(g.get(w("w"))) or 0 for g in tbl.findall(f"{w('tblGrid')}/{w('gridCol')}")]
        r = 0
        for tr in tbl.iter(T_TR):
            if tr.getparent() is not tbl and tr.getparent().getparent() is not tbl:
                continue   # rows of nested tables are walked from their own cell
            cells = [tc for tc in tr if tc.tag == T_TC]
            col = 0
            for tc in cells:
                span_el = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
                span = (_int(span_el.get(VAL)) or 1) if span_el is not None else 1
                tcw = tc.find(f"{w('tcPr')}/{w('tcW')}")
                width = _int(tcw.get(w("w"))) if tcw is not None and tcw.get(w("type"), "dxa") == "dxa" else None
                if not width and grid[col:col + span]:
                    width = sum(grid[col:col + span]) or None
                sub = dict(ctx, cell=Cell(ti, r, col, len(cells), width), tbl_style=tstyle)
                self.walk(tc, out, sub)
                col += span
            r += 1

    def paragraph(self, p, out: list, ctx: dict):
        ppr_el = p.find(T_PPR)
        props, sid = self.para_props(ppr_el, ctx.get("tbl_style"))
        runs: list[Run] = []
        fields: list[str] = []
        drawings: list[Drawing] = []
        boxes: list = []
        state = {"instr": None}
        self._inline(p, runs, fields, drawings, boxes, state, sid, ctx.get("tbl_style"))
        text = "".join(r.text for r in runs)
        label = None
        if props.get("_num"):
            label = self.num_label(props["_num"])
        if label:
            text = (label + (" " if not label.endswith(" ") else "")) + text
        para = Paragraph(
            index=len(out), part=ctx["part"], runs=runs, text=unicodedata.normalize("NFC", text),
            style=sid, align=props.get("align", "left"), first_line=props.get("first_line", 0) or 0,
            left=props.get("left", 0) or 0, right=props.get("right", 0) or 0,
            before=props.get("before", 0) or 0, after=props.get("after", 0) or 0,
            line=props.get("line"), line_rule=props.get("line_rule", "auto"),
            border_top=props.get("border_top", False), border_bottom=props.get("border_bottom", False),
            boxed=props.get("boxed", False), cell=ctx.get("cell"), in_textbox=ctx.get("textbox", False),
            section=ctx.get("section", 0), part_kind=ctx.get("kind"), part_name=ctx.get("part_name"),
            fields=fields, drawings=drawings, page_break_before=props.get("page_break_before", False),
            el=p, num_label=label, tab_stops=props.get("tabs") or [])
        parts = self.tabs.split(para) if ctx["part"] == "body" and ctx.get("cell") is None else None
        if parts:
            for q in parts:
                q.index = len(out)
                out.append(q)
        else:
            out.append(para)
        for box in boxes:
            self.walk(box, out, dict(ctx, textbox=True))
        if ppr_el is not None and ppr_el.find(T_SECT) is not None and ctx["part"] == "body":
            ctx["sect_breaks"].append((ppr_el.find(T_SECT), len(out) - 1))

    def _inline(self, parent, runs, fields, drawings, boxes, state, sid, tstyle):
        for el in parent:
            tag = el.tag
            if tag == T_R:
                self._run(el, runs, fields, drawings, boxes, state, sid, tstyle)
            elif tag in _CONTAINERS:
                if tag == w("fldSimple"):
                    instr = (el.get(w("instr")) or "").split()
                    if instr:
                        fields.append(instr[0].upper())
                self._inline(el, runs, fields, drawings, boxes, state, sid, tstyle)
            elif tag == T_SDT:
                c = el.find(T_SDTC)
                if c is not None:
                    self._inline(c, runs, fields, drawings, boxes, state, sid, tstyle)
            elif tag == MC_ALT:
                ch = el.find(MC_CHOICE)
                if ch is not None:
                    self._inline(ch, runs, fields, drawings, boxes, state, sid, tstyle)

    def _run(self, r, runs, fields, drawings, boxes, state, sid, tstyle):
        parts = []
        for c in r:
            tag = c.tag
            if tag == T_T:
                parts.append(c.text or "")
            elif tag == w("tab") or tag == w("ptab"):
                parts.append("\t")
            elif tag == w("br"):
                if c.get(w("type")) == "page":
                    self.page_breaks += 1
                else:
                    parts.append("\n")
            elif tag == w("cr"):
                parts.append("\n")
            elif tag == w("noBreakHyphen"):
                parts.append("-")
            elif tag == w("lastRenderedPageBreak"):
                self.page_breaks += 1
            elif tag == w("fldChar"):
                t = c.get(w("fldCharType"))
                if t == "begin":
                    state["instr"] = ""
                elif t in ("separate", "end") and state["instr"] is not None:
                    words = state["instr"].split()
                    if words:
                        fields.append(words[0].upper())
                    state["instr"] = None
            elif tag == w("instrText"):
                if state["instr"] is not None:
                    state["instr"] += c.text or ""
            elif tag == w("drawing"):
                self._drawing(c, drawings, boxes)
            elif tag == w("pict") or tag == w("object"):
                self._vml(c, drawings, boxes)
            elif tag == MC_ALT:
                ch = c.find(MC_CHOICE)
                if ch is not None:
                    for cc in ch:
                        if cc.tag == w("drawing"):
                            self._drawing(cc, drawings, boxes)
                        elif cc.tag == w("pict"):
                            self._vml(cc, drawings, boxes)
        if parts or r.find(T_RPR) is not None:
            fmt = self.run_format(r.find(T_RPR), sid, tstyle)
            if fmt.hidden:
                return              # hidden text is not printed: not part of the document's text
            runs.append(Run("".join(parts), fmt, r))

    def _drawing(self, d, drawings, boxes):
        ext = d.find(f".//{{{WP}}}extent")
        cx = _int(ext.get("cx")) if ext is not None else None
        cy = _int(ext.get("cy")) if ext is not None else None
        wmm = cx / EMU_PER_MM if cx else None
        hmm = cy / EMU_PER_MM if cy else None
        geom = d.find(f".//{{{A}}}prstGeom")
        txbx = d.findall(f".//{w('txbxContent')}")
        if d.find(f".//{{{PIC}}}pic") is not None:
            self.images += 1
            drawings.append(Drawing("image", wmm, hmm))
        elif txbx:
            drawings.append(Drawing("textbox", wmm, hmm))
            boxes.extend(txbx)
        elif geom is not None and geom.get("prst") in ("line", "straightConnector1"):
            drawings.append(Drawing("line", wmm, hmm))
        else:
            drawings.append(Drawing("shape", wmm, hmm))

    def _vml(self, pict, drawings, boxes):
        txbx = pict.findall(f".//{w('txbxContent')}")
        if txbx:
            drawings.append(Drawing("textbox"))
            boxes.extend(txbx)
        elif pict.find(f".//{{{V}}}line") is not None:
            drawings.append(Drawing("line", _vml_line_mm(pict.find(f".//{{{V}}}line"))))
        elif pict.find(f".//{{{V}}}imagedata") is not None:
            self.images += 1
            drawings.append(Drawing("image"))
        else:
            drawings.append(Drawing("shape"))

    # -- sections and header/footer parts
    def hf_part(self, name: str, kind: str, role: str, section: int, cache: dict) -> HeaderFooter | None:
        if name in cache:
            return cache[name]
        if not self.pkg.has(name):
            return None
        root = self.pkg.xml(name)
        paras: list[Paragraph] = []
        self.walk(root, paras, {"part": role, "kind": kind, "part_name": name, "section": section,
                                "sect_breaks": []})
        hf = cache[name] = HeaderFooter(name, kind, role, paras)
        return hf


def _vml_line_mm(line) -> float | None:
    try:
        fx = [float(v.rstrip("pt")) for v in (line.get("from") or "").split(",")]
        tx = [float(v.rstrip("pt")) for v in (line.get("to") or "").split(",")]
        return abs(tx[0] - fx[0]) * 25.4 / 72 if fx and tx else None
    except ValueError:
        return None


def _section(sp, index: int, reader: _Reader, prev: Section | None, cache: dict) -> Section:
    s = Section(index=index, el=sp)
    if sp is None:
        return s
    sz = sp.find(w("pgSz"))
    if sz is not None:
        s.width, s.height = _int(sz.get(w("w"))), _int(sz.get(w("h")))
        s.orient = sz.get(w("orient")) or ("landscape" if (s.width or 0) > (s.height or 0) else "portrait")
    mar = sp.find(w("pgMar"))
    if mar is not None:
        s.top, s.bottom = _int(mar.get(w("top"))), _int(mar.get(w("bottom")))
        s.left, s.right = _int(mar.get(w("left"))), _int(mar.get(w("right")))
        s.header_dist, s.footer_dist = _int(mar.get(w("header"))), _int(mar.get(w("footer")))
    s.title_page = _on(sp.find(w("titlePg")))
    pn = sp.find(w("pgNumType"))
    if pn is not None:
        s.page_start = _int(pn.get(w("start")))
        s.page_fmt = pn.get(w("fmt"))
    if prev is not None:
        s.headers, s.footers = dict(prev.headers), dict(prev.footers)
    for ref_tag, role, target in (("headerReference", "header", s.headers), ("footerReference", "footer", s.footers)):
        for ref in sp.findall(w(ref_tag)):
            kind = ref.get(w("type"), "default")
            rel = reader.doc_rels.get(ref.get(RID))
            if rel:
                hf = reader.hf_part(rel[1], kind, role, index, cache)
                if hf:
                    target[kind] = hf
    return s


def read_model(data: bytes) -> DocModel:
    """Read .docx bytes into a DocModel (raises UnreadableFile for anything unsafe or broken)."""
    pkg = open_package(data)
    return model_from_package(pkg)


def model_from_package(pkg: Package) -> DocModel:
    from ..errors import UnreadableFile

    root = pkg.xml(pkg.main)
    if isinstance(root.tag, str) and root.tag.startswith("{http://purl.oclc.org/ooxml/"):
        raise UnreadableFile("Tệp lưu ở dạng “Strict Open XML” chưa được hỗ trợ; hãy lưu lại bằng "
                             "“Word Document (.docx)” thông thường rồi kiểm tra lại.")
    body = root.find(w("body"))
    if body is None:
        raise UnreadableFile("Tệp .docx không có phần thân văn bản (w:body).")
    reader = _Reader(pkg)
    paras: list[Paragraph] = []
    ctx = {"part": "body", "section": 0, "sect_breaks": [], "has_table": False}
    # sections: walk block by block so each paragraph knows its section
    sect_tables: list[bool] = []
    for el in body:
        before = len(ctx["sect_breaks"])
        reader.walk([el], paras, ctx)
        if len(ctx["sect_breaks"]) > before:
            sect_tables.append(ctx["has_table"])
            ctx["section"] += 1
            ctx["has_table"] = False
    sect_tables.append(ctx["has_table"])
    sect_els = [sp for sp, _ in ctx["sect_breaks"]] + [body.find(T_SECT)]
    cache: dict = {}
    sections: list[Section] = []
    bounds = [i for _, i in ctx["sect_breaks"]]
    start = 0
    for i, sp in enumerate(sect_els):
        s = _section(sp, i, reader, sections[-1] if sections else None, cache)
        s.has_table = sect_tables[i] if i < len(sect_tables) else False
        end = bounds[i] if i < len(bounds) else len(paras) - 1
        s.first_paragraph, s.last_paragraph = start, end
        start = end + 1
        sections.append(s)
    settings = {t: tg for t, tg, m in reader.doc_rels.values()}
    even = False
    default_tab = 720
    for typ, tg in settings.items():
        if typ.endswith("/settings") and pkg.has(tg):
            st = pkg.xml(tg)
            even = _on(st.find(w("evenAndOddHeaders")))
            dt = st.find(w("defaultTabStop"))
            default_tab = (_int(dt.get(VAL)) if dt is not None else None) or 720
    parts = {pkg.main: root}
    parts.update({hf.name: pkg.xml(hf.name) for hf in cache.values() if hf})
    return DocModel(paragraphs=paras, sections=sections, tables=reader.table_count,
                    signed=pkg.has_signature, even_and_odd=even, images=reader.images, default_tab=default_tab,
                    page_breaks=reader.page_breaks, parts=parts, package=pkg)
