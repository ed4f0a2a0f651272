"""The drafting pipeline runs the compliance checker on what it renders: a template that breaks a
Decree 30 rule cannot issue a document (and uses no number)."""
import io
import json
import zipfile
from pathlib import Path

import pytest

from app.drafting.pipeline import render_document
from app.drafting.selfcheck import self_check
from app.errors import ValidationError

ROOT = Path(__file__).resolve().parent.parent


def _with_font(src: Path, dst: Path, font: str) -> Path:
    """Copy a .docx with every Times New Roman replaced (styles and runs)."""
    zin = zipfile.ZipFile(src)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.endswith(".xml"):
                data = data.replace(b"Times New Roman", font.encode())
            zout.writestr(item, data)
    dst.write_bytes(buf.getvalue())
    return dst


def test_clean_render_passes_the_checker():
    data = json.loads((ROOT / "app/drafting/examples/cong_van.json").read_text(encoding="utf-8"))
    drafted = render_document(data, number=5)
    findings = self_check(drafted.docx)
    assert [f for f in findings if f["severity"] == "error"] == []


def test_a_faulty_template_is_stopped_by_the_checker(tmp_path):
    data = json.loads((ROOT / "app/drafting/examples/cong_van.json").read_text(encoding="utf-8"))
    bad = _with_font(ROOT / "templates/cong_van.docx", tmp_path / "arial.docx", "Arial")
    with pytest.raises(ValidationError) as e:
        render_document(data, number=5, template_path=bad)
    assert e.value.code == "self_check_failed"
    assert "ND30-PAGE-07" in {d["rule"] for d in e.value.details}
