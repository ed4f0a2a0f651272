"""`vanthu check`: exit codes, JSON shape, --fix and --annotate outputs."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from app.cli import main
from app.compliance import check_bytes
from tests.faults import catalog  # noqa: F401
from tests.faults.build import FAULTS, cong_van_spec, fault_bytes, render

FAULT = {f"{r}:{n}": (b, fn) for r, n, b, fn in FAULTS}


@pytest.fixture
def files(tmp_path):
    clean = tmp_path / "clean.docx"
    clean.write_bytes(render(cong_van_spec()))
    bad = tmp_path / "bad.docx"
    bad.write_bytes(fault_bytes(*FAULT["ND30-DATE-02:day_without_zero"]))
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"this is not a zip")
    return clean, bad, junk


def test_exit_codes(files):
    clean, bad, junk = files
    r = CliRunner()
    assert r.invoke(main, ["check", str(clean)]).exit_code == 0
    res = r.invoke(main, ["check", str(bad)])
    assert res.exit_code == 1 and "ND30-DATE-02" in res.output and "ngày 05" in res.output
    res = r.invoke(main, ["check", str(junk)])
    assert res.exit_code == 2 and "không phải là tài liệu .docx" in res.output
    res = r.invoke(main, ["check", str(junk.parent / "missing.docx")])
    assert res.exit_code == 2


def test_json_fix_and_annotate(files, tmp_path):
    _, bad, _ = files
    out_fix, out_ann = tmp_path / "fixed.docx", tmp_path / "ann.docx"
    res = CliRunner().invoke(main, ["check", str(bad), "--json", "--fix", str(out_fix), "--annotate", str(out_ann)])
    assert res.exit_code == 1
    d = json.loads(res.stdout)
    assert d["regime"] == "administrative" and isinstance(d["not_evaluated"], list)
    f = next(f for f in d["findings"] if f["rule"] == "ND30-DATE-02")
    assert f["actual"].startswith("Nam Định, ngày 5 ") and f["location"]["col"] == 1
    assert set(f) >= {"rule", "severity", "message", "expected", "actual", "location", "citation"}
    fixed = check_bytes(out_fix.read_bytes())
    assert "ND30-DATE-02" not in fixed.rules_found and fixed.layout.date.stripped.startswith("Nam Định, ngày 05 ")
    assert d["annotated"]["comments"] >= 1 and out_ann.stat().st_size > 0
