"""Extraction on the annotated corpus: the seed worked example field by field, schema
validity of every output, and the scores of `vanthu eval corpus/` kept above the floor."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from app.extraction import extract
from app.extraction.evaluate import evaluate, read_document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SCHEMA = json.loads((ROOT / "schemas" / "dispatch.schema.json").read_text(encoding="utf-8"))
FLOOR = json.loads((Path(__file__).with_name("extraction_floor.json")).read_text(encoding="utf-8"))
SEED = CORPUS / "vp-ubnd-langson-2018-3508-cv.txt"


@pytest.fixture(scope="module")
def seed():
    doc = read_document(SEED)
    return doc, extract(doc)


def test_seed_metadata(seed):
    doc, r = seed
    assert r["document_type"] == "cong_van"
    assert r["code"] == {"number": 3508, "notation": "VP-KGVX", "text": "3508/VP-KGVX"}
    assert r["promulgation"] == {"place": "Lạng Sơn", "date": "2018-09-05"}
    assert r["subject"] == "thực hiện một số nội dung liên quan đến công tác thi đua, khen thưởng trên địa bàn tỉnh"
    assert r["to"] == ["Các đơn vị tham gia cụm thi đua của tỉnh"]
    assert r["signer"] == {"competence": "KT.", "on_behalf_of": "CHÁNH VĂN PHÒNG",
                           "position": "PHÓ CHÁNH VĂN PHÒNG", "full_name": "Phạm Hùng Trường"}
    a, b = r["spans"]["code"]
    assert doc.text[a:b] == "3508/VP-KGVX"
    refs = {x["code"]: x for x in r["references"]}
    assert refs["251/BC-SNV"]["date"] == "2018-08-30" and refs["251/BC-SNV"]["issuer"] == "Sở Nội vụ"


def test_seed_tasks(seed):
    _, r = seed
    t = r["tasks"]
    assert len(t) == 4                                       # item 1 ("Đồng ý với báo cáo") is not a task
    assert not any(x["text"].startswith("Đồng ý") for x in t)
    a, b, c1, c2 = t
    assert a["units"] == ["Sở Nội vụ"] and a["due_date"] is None and a["cooperating_units"] == []
    assert b["units"] == ["Sở Khoa học và Công nghệ"]
    assert b["cooperating_units"] == ["Sở Nội vụ", "các cơ quan, đơn vị có liên quan"]
    assert b["due_date"] == "2018-10-31" and b["due_text"] == "trong tháng 10 năm 2018"
    assert b["report_to"] == "UBND tỉnh"
    heading = "các sở, ban, ngành, UBND các huyện, thành phố và các cơ quan, đơn vị trên địa bàn"
    for x in (c1, c2):
        assert x["units"] == [heading]
        assert x["due_date"] is None and x["recurrence"] is None
    assert c1["text"].startswith("Tiếp tục thực hiện tốt các nội dung về đổi mới")
    assert c2["text"].startswith("Phổ biến, quán triệt, triển khai")


def corpus_texts():
    return sorted(p for p in CORPUS.glob("*.txt") if p.with_suffix(".json").exists())


@pytest.mark.parametrize("path", corpus_texts(), ids=lambda p: p.stem)
def test_output_is_valid_and_spans_point_into_the_text(path):
    doc = read_document(path)
    r = extract(doc)
    jsonschema.validate(r, SCHEMA)
    n = len(doc.text)
    for key, (a, b) in r["spans"].items():
        assert 0 <= a < b <= n, key
    for t in r["tasks"]:
        if t["span"]:
            a, b = t["span"]
            assert 0 <= a < b <= n


def test_scores_do_not_fall_below_the_floor():
    res = evaluate(CORPUS)
    assert res["documents"] >= FLOOR["documents_min"]
    for field, floor in FLOOR["fields"].items():
        assert res["fields"][field] >= floor, field
    assert res["tasks"]["f1"] >= FLOOR["task_f1"]
    assert res["units"]["f1"] >= FLOOR["unit_f1"]
    assert res["due_date_accuracy"] >= FLOOR["due_date_accuracy"]
    assert res["fully_correct"]["f1"] >= FLOOR["fully_correct_f1"]
    assert res["references"]["f1"] >= FLOOR["references_f1"]
