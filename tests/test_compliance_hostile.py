"""Hostile uploads through the real interfaces: `vanthu check` exits 2 and the API answers 422,
with a Vietnamese message, quickly, and without reading local files (XXE)."""
from __future__ import annotations

import io
import time
import zipfile

import pytest
from click.testing import CliRunner

from app.cli import main
from tests.faults.build import cong_van_spec, render, xml_edit


def _zip(entries: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in entries.items():
            z.writestr(k, v)
    return out.getvalue()


def _cases(secret_path: str) -> dict[str, bytes]:
    base = render(cong_van_spec())
    return {
        "not_a_zip": b"%PDF-1.4 not a docx",
        "corrupt_zip": base[:200] + b"\0" * 500 + base[700:1000],
        "zip_bomb": _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": " " * (80 * 1024 * 1024)}),
        "xxe": xml_edit(base, "word/document.xml", lambda d: d.replace(
            "<w:document", f'<!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret_path}">]><w:document', 1).replace(
            "Trần Văn Bình", "&x;")),
        "no_document_xml": _zip({"[Content_Types].xml": "<Types/>", "word/styles.xml": "<w:styles/>"}),
        "old_doc_format": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
    }


CASES = ["not_a_zip", "corrupt_zip", "zip_bomb", "xxe", "no_document_xml", "old_doc_format"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    secret = d / "secret.txt"
    secret.write_text("BÍ-MẬT-KHÔNG-ĐƯỢC-LỘ")
    return _cases(str(secret))


@pytest.mark.parametrize("case", CASES)
def test_cli_exit_2(hostile, case, tmp_path):
    f = tmp_path / f"{case}.docx"
    f.write_bytes(hostile[case])
    t = time.perf_counter()
    res = CliRunner().invoke(main, ["check", str(f), "--json", "--fix", str(tmp_path / "o.docx")])
    assert time.perf_counter() - t < 10
    assert res.exit_code == 2, res.output
    assert res.output.startswith("Lỗi: ") and "Traceback" not in res.output
    assert "BÍ-MẬT" not in res.output and not (tmp_path / "o.docx").exists()


@pytest.mark.parametrize("case", CASES)
def test_api_422(sqlite_app, hostile, case):
    t = time.perf_counter()
    r = sqlite_app.test_client().post("/api/v1/compliance/check",
                                      data={"file": (io.BytesIO(hostile[case]), f"{case}.docx")},
                                      content_type="multipart/form-data")
    assert time.perf_counter() - t < 10
    assert r.status_code == 422
    body = r.get_json()
    assert body["error"]["code"] == "unreadable_file" and body["error"]["message"]
    assert "BÍ-MẬT" not in r.get_data(as_text=True)
