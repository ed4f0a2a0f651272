"""Annotated copy: the user's own .docx with a Word comment at each finding.

Findings located in the body are anchored to their paragraph; findings about the page
(sections), headers or footers go on the first paragraph with text, prefixed with where
they are. Uses python-docx 1.2's comments API on a fresh load of the original bytes.
"""
from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from .engine import Report, run_rules
from .engine import safe_model as read_model
from .wordml import w

AUTHOR = "vanthu – kiểm tra thể thức"
SEVERITY_VN = {"error": "LỖI", "warning": "CẢNH BÁO", "info": "GỢI Ý"}
PART_VN = {"header": "Đầu trang", "footer": "Chân trang", "section": "Trang (khổ giấy, lề)"}


def comment_text(f) -> str:
    parts = [f"[{SEVERITY_VN.get(f.severity, f.severity)}] {f.rule}: {f.message}"]
    if f.expected:
        parts.append(f"Yêu cầu: {f.expected}")
    if f.actual:
        parts.append(f"Hiện tại: {f.actual}")
    parts.append(f"Căn cứ: {f.citation}")
    return "\n".join(parts)


def annotate_bytes(data: bytes, regime: str | None = None) -> tuple[bytes, Report, int]:
    """Return (annotated .docx bytes, report, number of comments). The check runs on this call's
    own model so each finding's paragraph maps to the same element of the XML tree."""
    model = read_model(data)
    report = run_rules(model, regime=regime)
    # body paragraph elements in document order, in our tree and in python-docx's tree
    ours = list(model.parts[model.package.main].iter(w("p")))
    position = {id(el): i for i, el in enumerate(ours)}
    doc = Document(io.BytesIO(data))
    theirs = list(doc.element.body.iter(qn("w:p")))
    fallback = next((DocxParagraph(p, doc._body) for p in theirs
                     if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()), None)
    n = 0
    for f in report.findings:
        target = None
        prefix = ""
        p = f.paragraph
        if p is not None and p.part == "body" and p.el is not None and id(p.el) in position:
            idx = position[id(p.el)]
            if idx < len(theirs):
                target = DocxParagraph(theirs[idx], doc._body)
        if target is None:
            target = fallback
            where = f.location.get("part", "")
            prefix = f"({PART_VN.get(where, where)}) " if where in PART_VN else ""
        if target is None:
            break
        runs = [r for r in target.runs if r.text.strip()] or target.runs
        if not runs:
            runs = [target.add_run("")]
        doc.add_comment(runs, text=prefix + comment_text(f), author=AUTHOR, initials="VT")
        n += 1
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), report, n
