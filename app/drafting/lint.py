"""Lint an agency .docx template before accepting it.

Refused, each with a Vietnamese message: not a .docx; a tag whose text is split across runs
(Word does this when part of a tag is formatted or spell-checked differently); a `{%tr %}` tag
that does not have its table row to itself, `{%p %}` not alone in its paragraph, `{%tc %}` not
alone in its cell; Jinja syntax errors; names the pipeline does not provide for the type
(app.drafting.context.VOCABULARY).
"""
from __future__ import annotations

import io
import re
import zipfile

import jinja2
from jinja2 import meta, nodes
from lxml import etree

from .context import JINJA_BUILTINS, VOCABULARY
from .engine import TAGGED_PART, make_environment, preprocess

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
OPEN = re.compile(r"\{[{%#]")
PART_NAMES = {"word/document.xml": "nội dung", "word/header1.xml": "đầu trang", "word/header2.xml": "đầu trang",
              "word/header3.xml": "đầu trang"}


def _where(part: str) -> str:
    return PART_NAMES.get(part, part)


def _texts(el) -> list[etree._Element]:
    return [t for t in el.iter(f"{W}t")]


def _structure_problems(part: str, root) -> list[dict]:
    out = []
    for p in root.iter(f"{W}p"):
        pieces = _texts(p)
        joined = "".join(t.text or "" for t in pieces)
        if "{" not in joined:
            continue
        bounds, pos = [], 0
        for t in pieces:
            n = len(t.text or "")
            bounds.append((pos, pos + n))
            pos += n

        def piece_at(i, bounds=bounds):
            return next(k for k, (a, b) in enumerate(bounds) if a <= i < b)

        found = list(TAG.finditer(joined))
        for m in found:
            if piece_at(m.start()) != piece_at(m.end() - 1):
                out.append({"field": _where(part), "message":
                            f"Thẻ “{m.group(0)}” bị tách thành nhiều đoạn định dạng (run) trong Word: "
                            "hãy gõ lại cả thẻ một lần, cùng một định dạng."})
        rest = TAG.sub("", joined)
        if OPEN.search(rest):
            out.append({"field": _where(part), "message": f"Thẻ chưa đóng trong đoạn “{joined.strip()[:80]}”."})
        for m in found:
            tag_text = m.group(0)
            kind = re.match(r"\{[{%]\s*(p|tr|tc|r)\s", tag_text)
            if not kind:
                continue
            k = kind.group(1)
            if k == "tc":
                out.append({"field": _where(part), "message":
                            f"Thẻ “{tag_text}” (lặp theo cột bảng) chưa được hỗ trợ; hãy dùng {{%tr %}} theo hàng."})
                continue
            if k == "p" and joined.strip() != tag_text.strip() and tag_text.startswith("{%"):
                out.append({"field": _where(part), "message":
                            f"Thẻ “{tag_text}” phải nằm riêng một đoạn (paragraph), không có chữ khác."})
            if k in ("tr", "tc"):
                container = p.getparent()
                target = f"{W}{k}"
                while container is not None and container.tag != target:
                    container = container.getparent()
                if container is None:
                    out.append({"field": _where(part), "message": f"Thẻ “{tag_text}” phải nằm trong một bảng."})
                    continue
                text = "".join(t.text or "" for t in _texts(container)).strip()
                if text != tag_text.strip():
                    what = "hàng (row) riêng của bảng" if k == "tr" else "ô (cell) riêng của bảng"
                    out.append({"field": _where(part), "message":
                                f"Thẻ “{tag_text}” phải nằm trong một {what}, không có chữ hay thẻ khác."})
    return out


def _explain(msg: str) -> str:
    """A Vietnamese reading of Jinja's most common syntax errors."""
    m = re.search(r"unknown tag '(\w+)'", msg)
    if m:
        return f"thẻ “{m.group(1)}” không tồn tại"
    if "Unexpected end of template" in msg:
        return "thiếu thẻ đóng khối ({% endfor %} hoặc {% endif %})"
    if "expected token" in msg or "unexpected" in msg.lower():
        return "thẻ viết sai (thừa hoặc thiếu ký hiệu)"
    return "thẻ không đọc được"


def _names(ast) -> list[tuple[str, str | None]]:
    """(name, attribute) pairs used on top-level names: organ.name → ("organ", "name")."""
    out = []
    for node in ast.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name):
            out.append((node.node.name, node.attr))
    return out


def _vocabulary_problems(part: str, ast) -> list[dict]:
    out = []
    unknown = meta.find_undeclared_variables(ast) - set(VOCABULARY) - JINJA_BUILTINS
    for name in sorted(unknown):
        out.append({"field": _where(part), "message":
                    f"Trường “{name}” không có trong dữ liệu văn bản; các trường dùng được: "
                    + ", ".join(sorted(VOCABULARY)) + "."})
    declared = meta.find_undeclared_variables(ast)
    for name, attr in sorted(set(_names(ast))):
        allowed = VOCABULARY.get(name)
        if name in declared and allowed is not None and attr not in allowed:
            out.append({"field": _where(part), "message":
                        f"Trường “{name}.{attr}” không tồn tại; “{name}” có: {', '.join(sorted(allowed))}."})
    return out


def lint_template(data: bytes, slug: str | None = None) -> list[dict]:
    """Every problem of a template (empty list = usable)."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        names = z.namelist()
    except zipfile.BadZipFile:
        return [{"field": "file", "message": "Tệp không phải là tệp Word .docx hợp lệ."}]
    if "word/document.xml" not in names:
        return [{"field": "file", "message": "Tệp .docx thiếu phần nội dung (word/document.xml)."}]
    out: list[dict] = []
    env = make_environment()
    any_tag = False
    for part in names:
        if not TAGGED_PART.match(part):
            continue
        raw = z.read(part)
        try:
            root = etree.fromstring(raw, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            out.append({"field": _where(part), "message": "Phần XML của tệp bị hỏng."})
            continue
        out += _structure_problems(part, root)
        xml = raw.decode("utf-8")
        if "{" not in xml:
            continue
        src = preprocess(xml)
        if TAG.search(src):
            any_tag = True
        try:
            ast = env.parse(src)
        except jinja2.TemplateSyntaxError as e:
            line = src.splitlines()[e.lineno - 1] if e.lineno and e.lineno <= len(src.splitlines()) else ""
            near = re.sub(r"<[^>]+>", "", line).strip()[:80]
            out.append({"field": _where(part), "message":
                        f"Lỗi cú pháp thẻ mẫu: {_explain(e.message or '')}" + (f" (gần “{near}”)" if near else "")
                        + f". Chi tiết: {e.message}"})
            continue
        out += _vocabulary_problems(part, ast)
    if not any_tag and not out:
        out.append({"field": "file", "message": "Mẫu không có thẻ nào ({{ ... }}): không có chỗ để điền dữ liệu."})
    # the same message may come from several parts
    seen, uniq = set(), []
    for p in out:
        key = (p["field"], p["message"])
        if key not in seen:
            seen.add(key)
            uniq.append(p)
    return uniq
