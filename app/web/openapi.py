"""GET /api/v1/openapi.json: the OpenAPI 3.1 description of every /api/v1 endpoint of the app.

The operations are written in data/openapi.yaml; the path list comes from the app's url_map, so
the document never lists a route that does not exist, and a route without a written entry is
still published (as a stub marked `x-undocumented`, which tests/test_openapi.py refuses).
Schemas of schemas/*.json (extraction output, drafting inputs) are embedded as components.
"""
from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from pathlib import Path

import yaml
from flask import Blueprint, current_app, jsonify

from . import auth

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")

SPEC_FILE = Path(__file__).parent / "data" / "openapi.yaml"
SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "schemas"
API_PREFIX = "/api/v1"
IGNORED_METHODS = {"HEAD", "OPTIONS"}
_CONVERTER = re.compile(r"<(?:[a-z_]+(?:\([^)]*\))?:)?([a-zA-Z_][a-zA-Z0-9_]*)>")

# The description itself is public (it holds no data), like the login page.
auth.PUBLIC_ENDPOINTS.add("openapi.spec")


@lru_cache(maxsize=1)
def _written() -> dict:
    return yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))


def openapi_path(rule: str) -> str:
    """Flask rule -> OpenAPI path template: /tasks/<int:task_id> -> /tasks/{task_id}."""
    return _CONVERTER.sub(r"{\1}", rule)


def api_routes(app) -> dict[tuple[str, str], object]:
    """(OpenAPI path, lower-case method) -> url_map rule, for every /api/v1 route of the app."""
    out = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API_PREFIX):
            continue
        for method in sorted((rule.methods or set()) - IGNORED_METHODS):
            out[(openapi_path(rule.rule), method.lower())] = rule
    return out


def _embedded_schemas() -> dict:
    """schemas/*.json as components: dispatch.schema.json -> ExtractedDispatch, <type>.schema.json ->
    DraftInput_<type>; their internal #/$defs/ references are re-rooted under the component."""
    out = {}
    if not SCHEMAS_DIR.is_dir():
        return out
    for f in sorted(SCHEMAS_DIR.glob("*.schema.json")):
        stem = f.name[: -len(".schema.json")]
        name = "ExtractedDispatch" if stem == "dispatch" else f"DraftInput_{stem}"
        raw = f.read_text(encoding="utf-8").replace('"#/$defs/', f'"#/components/schemas/{name}/$defs/')
        schema = json.loads(raw)
        schema.pop("$schema", None)
        schema.pop("$id", None)
        out[name] = schema
    return out


def _stub(rule, method: str) -> dict:
    view = current_app.view_functions.get(rule.endpoint)
    doc = ((view.__doc__ or "").strip().splitlines() or [rule.endpoint])[0] if view else rule.endpoint
    return {"summary": doc, "operationId": rule.endpoint, "x-undocumented": True,
            "parameters": [{"name": a, "in": "path", "required": True, "schema": {"type": "string"}}
                           for a in sorted(rule.arguments)],
            "responses": {"200": {"description": "Chưa được mô tả."}}}


def build_spec(app) -> dict:
    """The OpenAPI document of `app` (every /api/v1 route; written entries where they exist)."""
    written = copy.deepcopy(_written())
    components = written["components"]
    embedded = _embedded_schemas()
    components["schemas"].update(embedded)
    drafts = [{"$ref": f"#/components/schemas/{n}"} for n in embedded if n.startswith("DraftInput_")]
    if drafts:
        components["schemas"]["DraftInput"]["anyOf"] = drafts
    paths: dict[str, dict] = {}
    with app.app_context():
        for (path, method), rule in sorted(api_routes(app).items()):
            op = (written["paths"].get(path) or {}).get(method)
            if op is None:
                op = _stub(rule, method)
            op.setdefault("operationId", rule.endpoint)
            responses = op.setdefault("responses", {})
            if op.get("security") != []:
                responses.setdefault("401", {"$ref": "#/components/responses/Error"})
                responses.setdefault("403", {"$ref": "#/components/responses/Error"})
            if rule.arguments:
                responses.setdefault("404", {"$ref": "#/components/responses/Error"})
            responses.setdefault("default", {"$ref": "#/components/responses/Error"})
            paths.setdefault(path, {})[method] = op
    return {
        "openapi": "3.1.0",
        "info": written["info"],
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "servers": [{"url": "/", "description": "Máy chủ vanthu này"}],
        "security": [{"bearerAuth": []}, {"cookieAuth": []}],
        "tags": written["tags"],
        "paths": paths,
        "components": components,
        "x-error-codes": written["error_codes"],
    }


@bp.get("/openapi.json")
def spec():
    """This document (public)."""
    doc = current_app.extensions.get("vanthu_openapi")
    if doc is None:
        doc = current_app.extensions["vanthu_openapi"] = build_spec(current_app)
    return jsonify(doc)
