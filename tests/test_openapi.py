"""The OpenAPI document: valid OpenAPI 3.1, describes every /api/v1 route of the app (generated
from the url_map: an undocumented route fails here), and tells the truth: real responses of
the running app validate against the documented schemas, errors against the error body."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from app.store.db import session_scope
from app.store.models.incoming import Dispatch
from app.tracking import dispatches
from app.web.openapi import api_routes

from .conftest import api_client

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def spec_app(sqlite_url, tmp_path):
    from app import create_app

    return create_app({"TESTING": True, "DATABASE_URL": sqlite_url, "STORAGE_DIR": str(tmp_path / "f"),
                       "SECRET_KEY": "t", "BROKER_URL": None, "JOBS_EAGER": True})


def _spec(app):
    r = app.test_client().get("/api/v1/openapi.json")   # public: no token
    assert r.status_code == 200
    return r.get_json()


def test_document_is_valid_openapi_31(spec_app):
    doc = _spec(spec_app)
    assert doc["openapi"].startswith("3.1")
    validate(doc)   # raises OpenAPIValidationError with the path of the first problem
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": doc["components"]["securitySchemes"]["bearerAuth"]["description"]}
    assert {"bearerAuth": []} in doc["security"]
    # the extraction output schema of schemas/ is reused, its internal refs re-rooted
    ext = doc["components"]["schemas"]["ExtractedDispatch"]
    assert ext["properties"]["promulgation"]["properties"]["date"]["$ref"] == \
        "#/components/schemas/ExtractedDispatch/$defs/date"


def test_every_api_route_is_documented(spec_app):
    doc = _spec(spec_app)
    routes = api_routes(spec_app)
    assert len(routes) >= 25
    documented = {(p, m) for p, ops in doc["paths"].items() for m in ops}
    assert documented == set(routes)
    undocumented = sorted(f"{m.upper()} {p}" for p, ops in doc["paths"].items()
                          for m, op in ops.items() if op.get("x-undocumented"))
    assert undocumented == [], "add these to app/web/data/openapi.yaml: " + ", ".join(undocumented)
    for p, ops in doc["paths"].items():
        for m, op in ops.items():
            assert op.get("summary"), f"{m} {p}"
            names = {x["name"] for x in op.get("parameters", []) if "name" in x} | \
                    {doc["components"]["parameters"][x["$ref"].rsplit("/", 1)[1]]["name"]
                     for x in op.get("parameters", []) if "$ref" in x}
            assert set(re.findall(r"{(\w+)}", p)) <= names, f"path parameters of {m} {p}"


def test_error_codes_raised_in_the_code_are_documented(spec_app):
    doc = _spec(spec_app)
    codes = set(doc["x-error-codes"])
    found = set()
    for f in (ROOT / "app").rglob("*.py"):
        src = f.read_text(encoding="utf-8")
        found |= set(re.findall(r'\bcode="([a-z_]+)"', src))
        found |= set(re.findall(r'^\s+code = "([a-z_]+)"', src, re.M))
        found |= set(re.findall(r'"code": "([a-z_]+)"', src))
        found |= set(re.findall(r'\(\s*"([a-z_]+)",\s*"[^"]*"\s*\)', src)) if f.name == "__init__.py" and f.parent.name == "web" else set()
    assert found - codes == set(), "document these error codes in app/web/data/openapi.yaml"


def _validator(doc, schema):
    return OAS31Validator({**schema, "components": doc["components"]})


def _check(doc, path, method, response, status=None):
    status = str(status or response.status_code)
    op = doc["paths"][path][method]
    resp = op["responses"].get(status) or op["responses"]["default"]
    if "$ref" in resp:
        resp = doc["components"]["responses"][resp["$ref"].rsplit("/", 1)[1]]
    schema = resp["content"]["application/json"]["schema"]
    errors = sorted(_validator(doc, schema).iter_errors(response.get_json()), key=str)
    assert not errors, f"{method} {path} -> {status}: {errors[0]}"


def test_real_responses_match_the_documented_schemas(office_app):
    doc = _spec(office_app)
    with session_scope(office_app.config["DATABASE_URL"]) as s:
        d = Dispatch(status="review", text="Đề nghị Phòng Nội vụ báo cáo.", file_name="cv.txt",
                     extraction={"document_type": "cong_van", "organ": {"name": "SỞ NỘI VỤ", "in_charge": None},
                                 "code": {"number": 5, "notation": "SNV", "text": "5/SNV"},
                                 "promulgation": {"place": "Lạng Sơn", "date": "2025-03-01"},
                                 "subject": "báo cáo", "to": [], "to_places": [], "signer": {},
                                 "references": [], "tasks": []})
        dispatches.apply_fields(d, d.extraction)
        s.add(d)
        s.flush()
        did = d.id
    units = office_app.config["UNITS"]
    leader, admin, officer = (api_client(office_app, u) for u in ("leader", "admin", "officer"))
    r = leader.post("/api/v1/tasks", json={"text": "Rà soát quy chế", "unit_id": units["NV"], "due_date": "2025-03-20"})
    _check(doc, "/api/v1/tasks", "post", r)
    tid = r.get_json()["id"]
    r = officer.post(f"/api/v1/tasks/{tid}/notes", json={"text": "Đang làm", "percent": 30})
    _check(doc, "/api/v1/tasks/{task_id}/notes", "post", r)
    r = leader.post(f"/api/v1/tasks/{tid}/extensions", json={"new_due_date": "2025-04-01", "reason": "Chờ số liệu"})
    _check(doc, "/api/v1/tasks/{task_id}/extensions", "post", r)
    gets = {
        "/api/v1/tasks": "/api/v1/tasks?status=open&sort=-due_date",
        "/api/v1/tasks/{task_id}": f"/api/v1/tasks/{tid}",
        "/api/v1/dispatches": "/api/v1/dispatches",
        "/api/v1/dispatches/{dispatch_id}": f"/api/v1/dispatches/{did}",
        "/api/v1/dispatches/{dispatch_id}/reply": f"/api/v1/dispatches/{did}/reply",
        "/api/v1/registers/incoming": "/api/v1/registers/incoming?year=2025",
        "/api/v1/registers/tracking": "/api/v1/registers/tracking",
        "/api/v1/reports/units": "/api/v1/reports/units?start=2025-01-01&end=2025-12-31",
        "/api/v1/search": "/api/v1/search?q=ra soat",
        "/api/v1/notifications": "/api/v1/notifications",
        "/api/v1/me": "/api/v1/me",
        "/api/v1/units": "/api/v1/units",
        "/api/v1/users": "/api/v1/users",
        "/api/v1/meta": "/api/v1/meta",
    }
    for path, url in gets.items():
        r = admin.get(url)
        assert r.status_code == 200, (url, r.get_json())
        _check(doc, path, "get", r)
    r = officer.post(f"/api/v1/tasks/{tid}/complete", json={"reply_code": "7/NV"})
    _check(doc, "/api/v1/tasks/{task_id}/complete", "post", r)
    # errors: the documented body, with documented codes
    for resp in (leader.post("/api/v1/tasks", json={"text": ""}), officer.get("/api/v1/users"),
                 leader.get("/api/v1/tasks/999999"), office_app.test_client().get("/api/v1/tasks"),
                 leader.get("/api/v1/search?q=")):
        assert resp.status_code >= 400
        _check(doc, "/api/v1/tasks", "get", resp, status="default")
        assert resp.get_json()["error"]["code"] in doc["x-error-codes"]
