"""What vanthu drafts, vanthu reads back: every type rendered by the drafting pipeline, read by
intake and extracted, gives back its type, số/ký hiệu, date, place and signer."""
import json
from pathlib import Path

import pytest

from app.drafting.pipeline import render_document
from app.extraction import extract
from app.intake import read

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "app/drafting/examples").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_drafted_document_reads_back(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    drafted = render_document(data, number=7)
    got = extract(read(drafted.docx, filename=f"{path.stem}.docx"))
    assert got["document_type"] == data["document_type"]
    assert got["code"]["text"] == drafted.code
    assert got["code"]["number"] == 7
    if data["document_type"] != "bien_ban":          # Mẫu 1.9 has no place-and-date line
        assert got["promulgation"] == data["promulgation"]
    signer = data.get("signer") or {}
    if signer.get("full_name") and data["document_type"] != "bien_ban":
        assert got["signer"]["full_name"] == signer["full_name"]
        assert got["signer"]["competence"] == signer.get("competence")
