"""Annotated copy: a Word comment anchored on the paragraph of each finding."""
from __future__ import annotations

import io
import zipfile

from lxml import etree

from app.compliance import check_bytes
from app.compliance.annotate import annotate_bytes
from tests.faults import catalog  # noqa: F401
from tests.faults.build import FAULTS, fault_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FAULT = {f"{r}:{n}": (b, fn) for r, n, b, fn in FAULTS}


def _comments(data: bytes) -> dict[str, tuple[str, str]]:
    """comment id -> (comment text, text of the paragraph holding its range start)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    doc = etree.fromstring(z.read("word/document.xml"))
    com = etree.fromstring(z.read("word/comments.xml"))
    texts = {c.get(W + "id"): "".join(t.text or "" for t in c.iter(W + "t")) for c in com.iter(W + "comment")}
    out = {}
    for start in doc.iter(W + "commentRangeStart"):
        p = start.getparent()
        while p.tag != W + "p":
            p = p.getparent()
        out[start.get(W + "id")] = (texts[start.get(W + "id")], "".join(t.text or "" for t in p.iter(W + "t")))
    return out


def test_comment_is_anchored_on_the_faulty_paragraph():
    data = fault_bytes(*FAULT["ND30-HDR-02:tieu_ngu_en_dash"])
    out, report, n = annotate_bytes(data)
    assert n == len(report.findings) == 1
    (text, para), = _comments(out).values()
    assert "ND30-HDR-02" in text and "Căn cứ:" in text and "Hiện tại: Độc lập – Tự do – Hạnh phúc" in text
    assert para == "Độc lập – Tự do – Hạnh phúc"
    # the annotated copy is still the same document for the checker
    assert check_bytes(out).rules_found == report.rules_found


def test_page_findings_go_on_the_first_paragraph_with_a_prefix():
    data = fault_bytes(*FAULT["ND30-PAGE-03:top_margin_10mm"])
    out, _, n = annotate_bytes(data)
    (text, para), = _comments(out).values()
    assert text.startswith("(Trang (khổ giấy, lề)) [LỖI] ND30-PAGE-03") and para == "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH"


def test_several_findings_several_comments():
    data = fault_bytes(*FAULT["ND30-SIG-11:kt_no_dot"])
    out, report, n = annotate_bytes(data)
    got = _comments(out)
    assert n == len(report.findings) == len(got) == 2      # SIG-01 and the mirrored SIG-11
    assert {p for _, p in got.values()} == {"KT GIÁM ĐỐC"}
