"""Real strings from corpus/ gold annotations (real dispatches): recognised, and no error."""
from __future__ import annotations

import pytest

from app.compliance import check_bytes
from app.nd30.text import upper
from tests.faults.build import render
from tests.faults.gold import golds, spec_from

GOLDS = golds()


def test_corpus_has_documents():
    assert len(GOLDS) >= 10


@pytest.mark.parametrize("stem,gold", GOLDS, ids=[s for s, _ in GOLDS])
def test_real_values_are_recognised_without_error(stem, gold):
    r = check_bytes(render(spec_from(gold)))
    assert r.errors == [], [(f.rule, f.message, f.actual) for f in r.errors]
    lay = r.layout
    assert lay.ban_hanh[-1].stripped == upper(gold["organ"]["name"])
    assert lay.so.stripped.endswith(gold["code"]["text"] if "/" in gold["code"]["text"] else gold["code"]["notation"])
    assert lay.signer.stripped == gold["signer"]["full_name"]
    assert r.doc_type == gold["document_type"]
