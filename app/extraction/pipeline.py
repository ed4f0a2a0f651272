"""Document -> Dispatch dict (schemas/dispatch.schema.json): layout, metadata, references, tasks."""
from __future__ import annotations

import re

from ..intake.document import Document
from . import roles as R
from .directives import Draft, TableTask, extract_tasks, linear_table_tasks, table_tasks
from .layout import Para, Table, block_tables, line_tables, paragraphs, pipe_tables
from .metadata import _title_of, extract_metadata, is_upper
from .references import find_references


def _tables(text: str, blocks) -> list[Table]:
    """The reader's table cells when it gave them, else the tables written in the text."""
    if any(b.kind == "table_cell" for b in blocks):
        return block_tables(text, blocks)
    return pipe_tables(text) + line_tables(text)


def _join_lines(doc: Document) -> bool:
    """Readers that already built paragraphs mark them as blocks; raw web text needs joining."""
    return not any(b.kind == "paragraph" for b in doc.blocks)


def extract(document: Document) -> dict:
    """Metadata, cited documents and tasks of a read document, each value with its evidence
    span in `document.text`; Vietnamese warnings list what the clerk must fill in by hand."""
    text = document.text or ""
    paras = paragraphs(text, join_lines=_join_lines(document))
    meta = extract_metadata(text, paras, lambda: _tables(text, document.blocks))
    v = meta.values
    if meta.doc_date is None:   # an edXML header may date a text that does not print its date
        meta.doc_date = ((document.metadata.get("edxml") or {}).get("promulgation") or {}).get("date")
    out: dict = {"source": document.source or None}
    out.update({
        "regime": v["regime"], "document_type": v["document_type"], "organ": v["organ"],
        "code": v["code"], "promulgation": v["promulgation"], "subject": v["subject"], "to": v["to"],
        "to_places": v["to_places"], "signer": v["signer"], "priority": v["priority"],
        "secrecy": v["secrecy"],
    })
    if out["source"] is None:
        out.pop("source")
    out["references"] = find_references(paras, v["code"]["text"])
    out["received"] = v["received"]
    out["tasks"] = _tasks(text, paras, meta, document.blocks)
    _fill_from_edxml(out, document.metadata.get("edxml") or {})
    out["spans"] = {k: s for k, s in meta.spans.items() if s}
    out["warnings"] = list(document.warnings)
    if not text.strip():
        out["warnings"].append("Văn bản không có nội dung chữ để trích xuất.")
    else:
        for path, msg in _CHECKS:
            cur = out
            for part in path.split("."):
                cur = cur.get(part) if isinstance(cur, dict) else None
            if cur in (None, "", []):
                out["warnings"].append(msg)
    return out


# fields a clerk must check by hand when they were not found (Vietnamese, shown to the reviewer)
_CHECKS = [
    ("code.text", "Không tìm thấy số, ký hiệu văn bản: vui lòng nhập tay."),
    ("promulgation.date", "Không tìm thấy ngày ban hành: vui lòng nhập tay."),
    ("organ.name", "Không tìm thấy tên cơ quan ban hành: vui lòng kiểm tra."),
    ("subject", "Không tìm thấy trích yếu: vui lòng kiểm tra."),
    ("signer.position", "Không tìm thấy chức vụ người ký: vui lòng kiểm tra."),
]


_ATTACHED = {"quy_dinh", "quy_che", "ke_hoach", "chuong_trinh", "huong_dan", "de_an", "phuong_an"}


def _body(paras: list[Para], meta) -> tuple[list[Para], int | None]:
    """Body paragraphs, and the index where an attached document (quy định, quy chế, kế hoạch
    ... after the signature) starts, if any."""
    start = meta.header_end
    end = meta.body_end if meta.body_end is not None else len(paras)
    body = paras[start:end]
    for k in range(end + 1, len(paras)):
        t = paras[k].text
        if len(t) < 40 and is_upper(t) and _title_of(t)[0] in _ATTACHED:
            return body + paras[k:], len(body)
    return body, None


def _tasks(text: str, paras: list[Para], meta, blocks=()) -> list[dict]:
    doc_date = meta.doc_date
    ttasks = table_tasks(text, blocks)
    found = {t.span for t in ttasks}
    for lt in linear_table_tasks(paras):
        if not any(a <= lt.span[0] < b or lt.span[0] <= a < lt.span[1] for a, b in found):
            ttasks.append(lt)
    spans_in_tables: list[tuple[int, int]] = []
    for tt in ttasks:
        if tt.span not in spans_in_tables:
            spans_in_tables.append(tt.span)
    body, attached = _body(paras, meta)
    if attached is not None:
        keep = [not _inside(p, spans_in_tables) for p in body]
        attached = sum(keep[:attached])
        body = [p for p, k in zip(body, keep, strict=False) if k]
    else:
        body = [p for p in body if not _inside(p, spans_in_tables)]
    restrict = 0 if meta.values.get("regime") == "legal_normative" and \
        meta.values.get("document_type") not in ("quyet_dinh", "ke_hoach") else attached
    drafts = extract_tasks(body, doc_date, text, restrict_from=restrict)
    received = (meta.values.get("received") or {}).get("date")
    tasks = [_from_draft(d, doc_date, received) for d in drafts]
    tasks += [_from_table(t, doc_date) for t in ttasks]
    tasks = [t for t in tasks if t["text"]]
    tasks.sort(key=lambda t: (t["span"] or [0])[0])
    return tasks


def _inside(p: Para, spans: list[tuple[int, int]]) -> bool:
    return any(a <= p.start < b or p.start <= a < p.end for a, b in spans)


def _from_draft(d: Draft, doc_date: str | None, received: str | None = None) -> dict:
    p = d.para
    body = p.text[d.start:d.end].strip()
    full = " ".join([body] + [e.text for e in d.extra])
    due_date, due_text, rec, _ = R.due(full, doc_date, received)
    if due_date is None and rec is not None and due_text:
        first = re.split(r"(?<=[.;])\s+", full, maxsplit=1)[0]
        if due_text not in first:
            due_text = rec = None   # a recurrence mentioned in passing, not the directive's
    end_para = d.extra[-1] if d.extra else p
    span = p.span(d.start, d.end)
    if span and d.extra:
        span = [span[0], end_para.end]
    return {
        "text": full,
        "units": d.units,
        "cooperating_units": [u for u in d.cooperating if u not in d.units],
        "report_to": R.report_to(full),
        "due_date": due_date,
        "due_text": due_text,
        "recurrence": rec,
        "span": span,
    }


def _from_table(t: TableTask, doc_date: str | None) -> dict:
    content = re.sub(r"^[-–+•]\s*", "", t.content.text.strip())
    content = re.sub(r"\s*\n\s*[-–+•]?\s*", " ", content)
    due_date = due_text = rec = None
    if t.time is not None:
        due_date, due_text, rec, _ = R.due(t.time.text.strip(), doc_date)
        if due_text is None and due_date is None:
            due_date, due_text, rec, _ = R.due("trong " + t.time.text.strip(), doc_date)
            if due_text and due_text.startswith("trong "):
                due_text = due_text[len("trong "):]
    if due_date is None and rec is None and t.period is not None:
        pt = t.period.text.strip()
        due_date, due_text, rec, _ = R.due(pt, doc_date)
        if due_date is None:
            due_date, due_text, rec, _ = R.due("trong " + pt, doc_date)
            if due_text and due_text.lower().startswith("trong "):
                due_text = due_text[len("trong "):]
    return {
        "text": content,
        "units": t.units,
        "cooperating_units": [u for u in t.cooperating if u not in t.units],
        "report_to": R.report_to(content),
        "due_date": due_date,
        "due_text": due_text,
        "recurrence": rec,
        "span": t.content.span(),
    }


def _fill_from_edxml(out: dict, md: dict) -> None:
    """An edXML header carries the sender's own metadata: it fills what the text did not give."""
    if not md:
        return
    for key in ("organ", "code", "promulgation", "signer"):
        src = md.get(key) or {}
        for k, val in src.items():
            if k in out[key] and out[key][k] in (None, "") and val not in (None, ""):
                if key == "code" and k == "number":
                    try:
                        val = int(val)
                    except (TypeError, ValueError):
                        continue
                out[key][k] = val
    if not out.get("subject") and md.get("subject"):
        out["subject"] = re.sub(r"^(?:V/v|Về việc)\s*", "", md["subject"].strip(), flags=re.I)
    if not out.get("to") and md.get("to"):
        out["to"] = [t.get("name") if isinstance(t, dict) else str(t) for t in md["to"] if t]
        out["to"] = [t for t in out["to"] if t]
    if not out.get("to_places") and md.get("to_places"):
        out["to_places"] = list(md["to_places"])
    if out.get("priority") is None and md.get("priority") in ("Khẩn", "Thượng khẩn", "Hỏa tốc"):
        out["priority"] = md["priority"]
    if out.get("document_type") is None and md.get("document_type"):
        from .metadata import _up, doc_titles
        out["document_type"] = doc_titles().get(_up(md["document_type"]))
