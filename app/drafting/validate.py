"""Input validation: JSON Schema per type plus the decree's checks, ALL errors at once.

Each error is {"field": "signer.full_name", "message": "<Vietnamese>"}; `validate()` raises
app.errors.ValidationError(details=[...]) so the API answers 422 `validation_failed` and the
CLI prints every message and exits non-zero.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
from functools import cache
from pathlib import Path

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker

from app.errors import ValidationError
from app.nd30 import codes, doc_types, signing

from .context import TYPES

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"

TYPE_NAMES = {"string": "chuỗi ký tự", "integer": "số nguyên", "number": "số", "array": "danh sách",
              "object": "nhóm thông tin (object)", "null": "để trống", "boolean": "đúng/sai"}


@cache
def schema(slug: str) -> dict:
    path = SCHEMA_DIR / f"{slug}.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _validator(slug: str) -> Draft202012Validator:
    return Draft202012Validator(schema(slug), format_checker=FormatChecker())


def supported_types() -> list[str]:
    return [s for s in TYPES if (SCHEMA_DIR / f"{s}.schema.json").exists()]


def _path(parts) -> str:
    return ".".join(str(p) for p in parts)


def _label(sch: dict | None, fallback: str) -> str:
    return (sch or {}).get("title") or fallback


def _message(err: jsonschema.ValidationError, root: dict, parent_label: str | None = None) -> dict:
    field = _path(err.absolute_path)
    own = err.schema.get("title") if isinstance(err.schema, dict) else None
    label = own or parent_label or field or "Dữ liệu"
    v = err.validator
    if v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else "?"
        sub = (err.schema.get("properties") or {}).get(missing, {})
        return {"field": _path([*err.absolute_path, missing]), "message": f"Thiếu {_label(sub, missing).lower()}."}
    if v == "type":
        want = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        names = " hoặc ".join(TYPE_NAMES.get(w, w) for w in want if w != "null")
        return {"field": field, "message": f"{label}: phải là {names}."}
    if v == "minLength":
        return {"field": field, "message": f"{label} không được để trống."}
    if v == "maxLength":
        return {"field": field, "message": f"{label}: dài quá {err.validator_value} ký tự."}
    if v == "minItems":
        return {"field": field, "message": f"{label}: cần ít nhất {err.validator_value} mục."}
    if v == "maxItems":
        return {"field": field, "message": f"{label}: nhiều nhất {err.validator_value} mục."}
    if v == "minimum":
        return {"field": field, "message": f"{label} phải lớn hơn hoặc bằng {err.validator_value}."}
    if v == "format" and err.validator_value == "date":
        return {"field": field, "message": f"{label}: ngày không hợp lệ, cần dạng YYYY-MM-DD (ví dụ 2025-02-05)."}
    if v == "const":
        return {"field": field, "message": f"{label}: phải là “{err.validator_value}”."}
    if v == "enum":
        vals = ", ".join(str(x) for x in err.validator_value)
        return {"field": field, "message": f"{label}: chỉ nhận một trong các giá trị {vals}."}
    if v == "pattern":
        return {"field": field, "message": f"{label}: không đúng định dạng (không ghi số và dấu “/” ở đây)."}
    if v in ("anyOf", "oneOf"):
        # the branch that has the right type says what is wrong (e.g. an empty list)
        subs = [e for e in (err.context or []) if e.validator not in ("type", "anyOf", "oneOf")]
        if subs:
            return _message(subs[0], root, label)
        return {"field": field, "message": f"{label}: giá trị không hợp lệ."}
    return {"field": field, "message": f"{label}: giá trị không hợp lệ."}


def _coerce(data: dict) -> dict:
    """Tolerated spellings of the document type (name, abbreviation) become the slug."""
    data = copy.deepcopy(data)
    dt_ = data.get("document_type")
    if isinstance(dt_, str):
        t = doc_types.get(dt_)
        if t is not None:
            data["document_type"] = t.slug
    return data


def check(data) -> tuple[dict, list[dict]]:
    """(coerced input, errors). Errors are sorted by field; empty list = valid."""
    if not isinstance(data, dict):
        return data, [{"field": "", "message": "Dữ liệu đầu vào phải là một đối tượng JSON."}]
    data = _coerce(data)
    slug = data.get("document_type")
    if not isinstance(slug, str) or slug not in supported_types():
        names = ", ".join(supported_types())
        return data, [{"field": "document_type",
                       "message": f"Loại văn bản không được hỗ trợ: “{slug}”. Chọn một trong: {names}."
                       if slug else f"Thiếu loại văn bản (document_type). Chọn một trong: {names}."}]
    errors = []
    seen = set()
    for err in sorted(_validator(slug).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        m = _message(err, data)
        key = (m["field"], m["message"])
        if key not in seen:
            seen.add(key)
            errors.append(m)
    bad_fields = {e["field"] for e in errors}
    errors += _decree_checks(data, slug, bad_fields)
    order = {name: i for i, name in enumerate(schema(slug)["properties"])}
    errors.sort(key=lambda e: (order.get(e["field"].split(".")[0], len(order)), e["field"]))
    return data, errors


def _decree_checks(data: dict, slug: str, bad: set[str]) -> list[dict]:
    """Checks JSON Schema cannot express: notation vs type, signing authority, dates."""
    out = []
    code = data.get("code") or {}
    if isinstance(code, dict) and isinstance(code.get("notation"), str) and "code.notation" not in bad:
        from .normalise import notation
        try:
            n = notation(data)
        except Exception:  # noqa: BLE001 - reported below as a message
            n = code["notation"]
        for p in codes.check_code(f"01/{n}", slug):
            if p.severity == "error" and p.code not in ("missing_leading_zero",):
                out.append({"field": "code.notation", "message": p.message})
    signer = data.get("signer") or {}
    if isinstance(signer, dict) and slug != "bien_ban" and not any(f.startswith("signer") for f in bad):
        try:
            signing.authority_lines(signer.get("competence"), signer.get("on_behalf_of"), signer.get("position"))
        except ValueError as e:
            field = "signer.competence" if "thẩm quyền" in str(e) else "signer.on_behalf_of"
            out.append({"field": field, "message": str(e)[:1].upper() + str(e)[1:] + "."})
        for p in signing.check_signer_name(signer.get("full_name") or ""):
            if p.severity == "error":
                out.append({"field": "signer.full_name", "message": p.message})
    for field in ("to", "to_places"):
        items = data.get(field)
        items = [items] if isinstance(items, str) else items
        if isinstance(items, list) and field not in bad:
            for i, item in enumerate(items):
                if isinstance(item, str) and not any(ch.isalnum() for ch in item):
                    out.append({"field": f"{field}[{i}]" if isinstance(data.get(field), list) else field,
                                "message": "Tên nơi nhận phải có chữ hoặc số (không chỉ dấu câu)."})
    if isinstance(data.get("subject"), str) and "subject" not in bad and not any(ch.isalnum() for ch in data["subject"]):
        out.append({"field": "subject", "message": "Trích yếu phải có chữ hoặc số (không chỉ dấu câu)."})
    prom = data.get("promulgation") or {}
    if isinstance(prom, dict) and isinstance(prom.get("date"), str) and "promulgation.date" not in bad:
        try:
            d = dt.date.fromisoformat(prom["date"])
            if d.year < 1945 or d.year > 2200:
                out.append({"field": "promulgation.date", "message": "Ngày ban hành: năm không hợp lệ."})
        except ValueError:
            pass
    return out


def validate(data) -> dict:
    """The coerced input, or ValidationError listing every problem."""
    data, errors = check(data)
    if errors:
        raise ValidationError("Dữ liệu văn bản không hợp lệ: " + f"{len(errors)} lỗi.", details=errors)
    return data
