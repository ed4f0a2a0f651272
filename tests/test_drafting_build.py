"""Templates and schemas are reproducible from scripts/build_templates.py, and the schemas
accept the documented input shapes."""
from __future__ import annotations

import importlib.util
import io
import json
import zipfile
from pathlib import Path

import pytest

from app.drafting.context import TYPES
from app.drafting.schemagen import all_schemas
from app.drafting.validate import check

ROOT = Path(__file__).resolve().parents[1]


def _builder():
    spec = importlib.util.spec_from_file_location("build_templates", ROOT / "scripts" / "build_templates.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("slug", list(TYPES))
def test_committed_template_matches_builder(slug):
    built = zipfile.ZipFile(io.BytesIO(_builder().build(slug, TYPES[slug])))
    committed = zipfile.ZipFile(ROOT / "templates" / f"{slug}.docx")
    assert built.namelist() == committed.namelist()
    for name in built.namelist():
        assert built.read(name) == committed.read(name), (slug, name)


def test_committed_schemas_match_generator():
    for slug, sch in all_schemas().items():
        on_disk = json.loads((ROOT / "schemas" / f"{slug}.schema.json").read_text(encoding="utf-8"))
        assert on_disk == sch, slug


def test_template_has_no_word_leftovers():
    names = zipfile.ZipFile(ROOT / "templates" / "cong_van.docx").namelist()
    assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names


@pytest.mark.parametrize("slug", list(TYPES))
def test_examples_are_valid(slug):
    data = json.loads((ROOT / "app" / "drafting" / "examples" / f"{slug}.json").read_text(encoding="utf-8"))
    assert check(data)[1] == []


def test_issue_shape_exactly():
    data = {
        "document_type": "cong_van",
        "organ": {"name": "Ủy ban nhân dân xã Tân Lập", "in_charge": "Ủy ban nhân dân huyện Đan Phượng"},
        "code": {"number": 5, "notation": "UBND-VP"},
        "promulgation": {"place": "Tân Lập", "date": "2025-02-05"},
        "subject": "triển khai kế hoạch phòng, chống dịch bệnh mùa đông xuân",
        "to": ["Trạm Y tế xã Tân Lập"],
        "content": ["Đoạn thứ nhất ...", "Đoạn thứ hai ..."],
        "signer": {"competence": "KT.", "on_behalf_of": "CHỦ TỊCH", "position": "PHÓ CHỦ TỊCH",
                   "full_name": "Nguyễn Thị Hồng Nhung"},
        "to_places": ["Như trên", "Chủ tịch, các Phó Chủ tịch UBND xã"],
        "archive": "VP",
    }
    assert check(data)[1] == []
    for variant in ({"number": None, "notation": "UBND-VP"}, {"notation": "UBND-VP"}):
        assert check({**data, "code": variant})[1] == []
    assert check({**data, "signer": {**data["signer"], "competence": None, "on_behalf_of": None}})[1] == []


@pytest.mark.parametrize("mutate,field,words", [
    (lambda d: d.pop("organ"), "organ", "thiếu"),
    (lambda d: d["organ"].pop("name"), "organ.name", "tên cơ quan"),
    (lambda d: d["code"].update(number="năm"), "code.number", "số nguyên"),
    (lambda d: d["code"].update(notation="05/UBND-VP"), "code.notation", "định dạng"),
    (lambda d: d["promulgation"].update(date="05/02/2025"), "promulgation.date", "YYYY-MM-DD"),
    (lambda d: d.update(subject=""), "subject", "không được để trống"),
    (lambda d: d.update(to=[]), "to", "ít nhất 1"),
    (lambda d: d.update(content=[]), "content", "ít nhất 1"),
    (lambda d: d["signer"].update(position=None), "signer.position", "chuỗi ký tự"),
    (lambda d: d["signer"].update(competence="KT.", on_behalf_of=None), "signer.on_behalf_of", "thiếu"),
    (lambda d: d.update(to_places="Như trên"), "to_places", "danh sách"),
])
def test_validation_messages_name_the_field(mutate, field, words):
    data = json.loads((ROOT / "app" / "drafting" / "examples" / "cong_van.json").read_text(encoding="utf-8"))
    mutate(data)
    _, errors = check(data)
    hits = [e for e in errors if e["field"] == field]
    assert hits, errors
    assert words.lower() in hits[0]["message"].lower(), hits[0]["message"]


def test_all_errors_at_once():
    _, errors = check({"document_type": "cong_van"})
    assert {e["field"] for e in errors} >= {"organ", "code", "promulgation", "signer", "to", "subject", "content"}
