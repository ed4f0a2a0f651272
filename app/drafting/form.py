"""A web form generated from a type's JSON Schema, and the way back from form fields to JSON.

Fields are named by their dotted path ("signer.full_name"); lists are textareas with one item
per line; validation details ({"field": "to.1", ...}) are shown beside the closest field.
Dates are typed the Vietnamese way (dd/mm/yyyy, read by app.web.dates) and sent ISO to the pipeline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import ValidationError
from ..web import dates
from .validate import check

SKIP = {"document_type", "register"}
CHOICES = {
    "signer.competence": [("", "(để trống: người đứng đầu ký)"), ("TM.", "TM. (thay mặt)"), ("KT.", "KT. (ký thay)"),
                          ("TL.", "TL. (thừa lệnh)"), ("TUQ.", "TUQ. (thừa ủy quyền)"), ("Q.", "Q. (quyền)")],
    "priority": [("", "(không)"), ("Khẩn", "Khẩn"), ("Thượng khẩn", "Thượng khẩn"), ("Hỏa tốc", "Hỏa tốc")],
}
LONG_TEXT = {"subject", "issuing_authority", "proposal", "event", "purpose", "sender"}


@dataclass
class Field:
    name: str          # dotted path
    label: str
    kind: str          # text | textarea | lines | int | date | select
    required: bool = False
    help: str = ""
    choices: list = field(default_factory=list)
    example: str = ""
    pattern: str = ""  # HTML pattern (date fields)
    title: str = ""    # what the browser says when the pattern is not met


@dataclass
class Group:
    name: str
    label: str
    fields: list


def _kind(path: str, sch: dict) -> str:
    if path in CHOICES:
        return "select"
    types = sch.get("type")
    types = types if isinstance(types, list) else [types]
    any_of = sch.get("anyOf") or []
    if "array" in types or any(s.get("type") == "array" for s in any_of):
        return "lines"
    if "integer" in types:
        return "int"
    if sch.get("format") == "date":
        return "date"
    if path in LONG_TEXT:
        return "textarea"
    return "text"


def _example(sch: dict) -> str:
    ex = sch.get("examples")
    return str(ex[0]) if ex else ""


# Display order: the order of the components on the page; type-specific fields come after
# Kính gửi (they are the body of giấy mời, giấy giới thiệu, biên bản...).
ORDER = ["organ", "code", "promulgation", "priority", "subject", "to", "*", "content", "signer", "secretary",
         "to_places", "archive", "archive_copies", "drafter", "issued_copies", "due_date", "response_for"]
OPTIONAL_GROUP = {"archive_copies", "drafter", "issued_copies", "due_date", "response_for"}
RECIPIENT_GROUP = {"to_places", "archive"}      # after the signature, as on the page of the document


def _order(name: str) -> int:
    return ORDER.index(name) if name in ORDER else ORDER.index("*")


def _field(name: str, sch: dict, required: bool) -> Field:
    f = Field(name, sch.get("title", name), _kind(name, sch), required, sch.get("description", ""),
              CHOICES.get(name, []), _example(sch))
    if f.kind == "date":
        # typed dd/mm/yyyy; the schema's own hint is about the ISO of the JSON API
        rest = re.sub(r"Dạng YYYY-MM-DD;?\s*", "", f.help).strip()
        f.help = "Viết ngày/tháng/năm, ví dụ 05/03/2025" + (f"; {rest}" if rest else ".")
        f.example, f.pattern, f.title = dates.PLACEHOLDER, dates.PATTERN, dates.TITLE
    return f


def fields_for(schema: dict) -> list[Group]:
    """Groups of fields in page order: objects are their own group, runs of scalars share one."""
    groups: list[Group] = []
    required = set(schema.get("required", []))
    names = sorted((n for n in schema["properties"] if n not in SKIP), key=_order)
    for name in names:
        sch = schema["properties"][name]
        if sch.get("type") == "object":
            sub_req = set(sch.get("required", []))
            groups.append(Group(name, sch.get("title", name), [
                _field(f"{name}.{k}", v, k in sub_req and name in required) for k, v in sch["properties"].items()]))
            continue
        label = ("Thông tin thêm (không bắt buộc)" if name in OPTIONAL_GROUP
                 else "Nơi nhận" if name in RECIPIENT_GROUP else "Nội dung văn bản")
        if not groups or groups[-1].name != label:
            groups.append(Group(label, label, []))
        groups[-1].fields.append(_field(name, sch, name in required))
    return groups


def date_fields(schema: dict) -> list[str]:
    return [f.name for g in fields_for(schema) for f in g.fields if f.kind == "date"]


def from_form(slug: str, schema: dict, form) -> dict:
    """Form fields → input JSON (empty optional fields left out; bad numbers kept as text so
    the validator names them; dates turned to ISO). A date that cannot be read raises
    ValidationError with its message beside the field AND every other error of the input, so one
    submit shows them all."""
    data: dict = {"document_type": slug}
    bad_dates: list[dict] = []
    for group in fields_for(schema):
        for f in group.fields:
            raw = (form.get(f.name) or "").strip()
            if f.kind == "lines":
                value = [x.strip() for x in raw.splitlines() if x.strip()]
                value = value or None
            elif f.kind == "int":
                value = int(raw) if raw.isdigit() else (raw or None)
            elif f.kind == "date":
                try:
                    day = dates.parse(raw, f.label)
                except dates.DateError as e:
                    bad_dates.append({"field": f.name, "message": e.message})
                    day = None
                value = day.isoformat() if day else None
            else:
                value = raw or None
            if value is None:
                continue
            target = data
            parts = f.name.split(".")
            for p in parts[:-1]:
                target = target.setdefault(p, {})
            target[parts[-1]] = value
    for name, sch in schema["properties"].items():
        if sch.get("type") == "object" and name in schema.get("required", []):
            data.setdefault(name, {})
    if bad_dates:
        bad = {d["field"] for d in bad_dates}
        details = bad_dates + [e for e in check(data)[1] if e["field"] not in bad]
        raise ValidationError(f"Dữ liệu văn bản không hợp lệ: {len(details)} lỗi.", details=details)
    return data


def shown(values: dict, schema: dict) -> dict:
    """Form values as the form shows them: dates dd/mm/yyyy (what was typed when it cannot be read)."""
    names = set(date_fields(schema))
    return {k: (dates.shown(v) if k in names else v) for k, v in values.items()}


def to_form(data: dict, schema: dict) -> dict:
    """Input JSON → flat form values (for re-displaying a form or loading an example)."""
    out = {}

    def walk(prefix, value):
        if isinstance(value, dict) and prefix.count(".") < 1 and not ({"text", "kind"} & set(value)):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else k, v)
        elif isinstance(value, list):
            out[prefix] = "\n".join(x if isinstance(x, str) else (x.get("text") or x.get("title") or "")
                                    for x in value)
        elif value is not None:
            out[prefix] = str(value)
    walk("", data)
    return shown(out, schema)


def errors_by_field(details: list[dict], schema: dict) -> dict[str, list[str]]:
    names = {f.name for g in fields_for(schema) for f in g.fields}
    out: dict[str, list[str]] = {}
    for d in details or []:
        path = d.get("field") or ""
        parts = path.split(".")
        target = ""
        for i in range(len(parts), 0, -1):
            cand = ".".join(parts[:i])
            if cand in names:
                target = cand
                break
        out.setdefault(target, []).append(d.get("message", ""))
    return out
