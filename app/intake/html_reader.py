"""A web page saved as .html → the same text the converted corpus has, then the text reader.

Block elements end lines, bold/italic become emphasis marks (the text reader uses them to
rejoin broken lines), tables become markdown rows; scripts, styles and navigation are dropped.
"""
from __future__ import annotations

from app.errors import UnreadableFile

from .document import Document
from .limits import Limits

_DROP = {"script", "style", "noscript", "head", "nav", "iframe", "object", "embed", "svg", "form",
         "button", "select", "textarea", "template"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "pre",
          "ul", "ol", "dl", "dt", "dd", "header", "footer", "main", "aside", "figure", "figcaption",
          "address", "center", "hr"}


def html_to_text(data: bytes) -> str:
    import re

    import lxml.html
    from lxml import etree
    data = re.sub(rb"<!DOCTYPE[^\[>]*\[.*?\]\s*>", b"", data[:65536], count=1, flags=re.S | re.I) + data[65536:]
    try:
        source: bytes | str = data.decode("utf-8-sig")      # most pages are UTF-8, declared or not
        source = re.sub(r"^\s*<\?xml[^>]*>", "", source)
    except UnicodeDecodeError:
        source = data                                         # let the page's <meta charset> decide
    try:
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
        root = lxml.html.document_fromstring(source, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise UnreadableFile("Tệp HTML bị hỏng hoặc rỗng; không đọc được.", code="corrupt_file") from e
    for el in list(root.iter()):
        if isinstance(el.tag, str) and el.tag.lower() in _DROP and el.getparent() is not None:
            el.drop_tree()
    body = root.find("body")
    out: list[str] = []
    _walk(body if body is not None else root, out)
    text = "".join(out)
    lines = [ln.rstrip() for ln in text.split("\n")]
    # collapse runs of blank lines
    clean: list[str] = []
    for ln in lines:
        if ln.strip() or (clean and clean[-1].strip()):
            clean.append(ln.strip() if not ln.startswith("|") else ln)
    return "\n".join(clean).strip()


def _walk(el, out: list[str], ordered: list[int] | None = None) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag == "table":
        out.append("\n\n" + _table(el) + "\n\n")
        if el.tail:
            out.append(_inline(el.tail))
        return
    if tag == "br":
        out.append("\n")
    elif tag in _BLOCK or tag == "li" or tag == "tr":
        out.append("\n\n" if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote") else "\n")
    if tag == "li":
        if ordered is not None:
            ordered[0] += 1
            out.append(f"{ordered[0]}. ")
        else:
            out.append("- ")
    mark = {"b": "**", "strong": "**", "i": "*", "em": "*"}.get(tag, "")
    if tag == "sup":
        out.append("<sup>")
    if mark:
        out.append(mark)
    if el.text:
        out.append(_inline(el.text))
    child_ordered = [0] if tag == "ol" else (None if tag == "ul" else ordered)
    for c in el:
        if isinstance(c.tag, str):
            _walk(c, out, child_ordered)
        elif c.tail:
            out.append(_inline(c.tail))
    if mark:
        out.append(mark)
    if tag == "sup":
        out.append("</sup>")
    if tag in _BLOCK or tag == "li":
        out.append("\n")
    if el.tail:
        out.append(_inline(el.tail))


def _inline(s: str) -> str:
    return " ".join(s.replace("\xa0", " ").split(" ")).replace("\n", " ").replace("\r", " ")


def _table(tbl) -> str:
    rows = []
    for tr in tbl.iter("tr"):
        cells = []
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            parts: list[str] = []
            _walk(td, parts)
            text = "".join(parts)
            lines = [x.strip() for x in text.split("\n") if x.strip()]
            cell = "<br>".join(x.replace("|", "/") for x in lines)
            if td.tag.lower() == "th" and cell and not cell.startswith("**"):
                cell = f"**{cell}**"
            cells.append(cell)
            try:
                span = min(int(td.get("colspan", "1")), 50)
            except ValueError:
                span = 1
            cells.extend([""] * (span - 1))
        if cells:
            rows.append("| " + " | ".join(cells) + " |")
    if not rows:
        return ""
    ncols = max(r.count(" | ") + 1 for r in rows)
    sep = "|" + "---|" * ncols
    return "\n".join([rows[0], sep] + rows[1:])


def read_html(data: bytes, source: str = "", limits: Limits | None = None) -> Document:
    from .text_reader import TextLayout
    text = html_to_text(data)
    doc = TextLayout(text, source).build()
    doc.format = "html"
    return doc
