"""Every document type the drafting pipeline renders passes the checker with zero `error`.

This is the contract of the drafting self-check (app.drafting.selfcheck): the integrator wires
`app.compliance.check_bytes` in there; this test proves the rendered documents satisfy it.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.compliance import check_bytes
from app.drafting.pipeline import render_document

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "app" / "drafting" / "examples").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_rendered_document_has_no_error(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    drafted = render_document(data, number=5)
    report = check_bytes(drafted.docx)
    assert report.regime == "administrative"
    assert report.doc_type == data["document_type"]
    assert report.errors == [], [f.to_dict() for f in report.errors]
    lay = report.layout
    assert lay.quoc_hieu is not None and lay.tieu_ngu is not None and lay.so is not None and lay.ban_hanh
    assert lay.noi_nhan is not None and lay.signer is not None
