"""`vanthu extract`, `vanthu eval` and POST /api/v1/dispatches/extract."""
from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner

from app.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "vp-ubnd-langson-2018-3508-cv.txt"


def test_cli_extract_prints_json():
    res = CliRunner().invoke(main, ["extract", str(SEED)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["code"]["text"] == "3508/VP-KGVX"
    assert len(data["tasks"]) == 4


def test_cli_extract_unreadable_file_exits_2(tmp_path):
    bad = tmp_path / "x.bin"
    bad.write_bytes(b"\x00\x01\x02\x03" * 100)
    res = CliRunner().invoke(main, ["extract", str(bad)])
    assert res.exit_code == 2
    assert "Lỗi" in res.output
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "missing.txt")])
    assert res.exit_code == 2


def test_cli_eval_json_on_two_documents(tmp_path):
    for stem in ("vp-ubnd-langson-2018-3508-cv", "cong_van-fcd40850adc894a0"):
        for ext in (".txt", ".json"):
            (tmp_path / (stem + ext)).write_bytes((ROOT / "corpus" / (stem + ext)).read_bytes())
    res = CliRunner().invoke(main, ["eval", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["documents"] == 2
    assert data["tasks"]["gold"] == 5 and data["tasks"]["recall"] == 1.0
    assert data["fields"]["code.text"] == 1.0
    res = CliRunner().invoke(main, ["eval", str(tmp_path), "--verbose"])
    assert "vp-ubnd-langson-2018-3508-cv" in res.output and "Nhiệm vụ" in res.output


def test_api_extract(sqlite_app):
    client = sqlite_app.test_client()
    r = client.post("/api/v1/dispatches/extract",
                    data={"file": (io.BytesIO(SEED.read_bytes()), "3508.txt")},
                    content_type="multipart/form-data")
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["signer"]["full_name"] == "Phạm Hùng Trường"
    assert body["source"] == "3508.txt"
    assert body["tasks"][1]["due_date"] == "2018-10-31"


def test_api_errors(sqlite_app):
    client = sqlite_app.test_client()
    r = client.post("/api/v1/dispatches/extract", data={}, content_type="multipart/form-data")
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "missing_file"
    r = client.post("/api/v1/dispatches/extract", data={"file": (io.BytesIO(b""), "a.txt")},
                    content_type="multipart/form-data")
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "empty_file"
    r = client.post("/api/v1/dispatches/extract",
                    data={"file": (io.BytesIO(b"\x00\x01\x02garbage" * 50), "a.bin")},
                    content_type="multipart/form-data")
    assert r.status_code == 422
    assert r.get_json()["error"]["code"] in ("unreadable_file", "unsupported_format")
    sqlite_app.config["MAX_CONTENT_LENGTH"] = 1000
    r = client.post("/api/v1/dispatches/extract", data={"file": (io.BytesIO(b"a" * 5000), "a.txt")},
                    content_type="multipart/form-data")
    assert r.status_code == 413 and r.get_json()["error"]["code"] == "file_too_large"
