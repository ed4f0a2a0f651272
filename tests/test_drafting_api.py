"""Drafting interfaces: API (POST /api/v1/documents, downloads), CLI `vanthu render`, web form,
agency template registration; the register on both database backends."""
from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from app import create_app
from app.cli import main as cli_main

from .test_drafting_render import Doc, example

HAS_SOFFICE = shutil.which("soffice") is not None or bool(os.environ.get("CI"))  # CI installs it: run, and fail if missing


def _app(url, tmp_path, **extra):
    return create_app({"TESTING": True, "DATABASE_URL": url, "STORAGE_DIR": str(tmp_path / "files"),
                       "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False, "BROKER_URL": None,
                       "LOGIN_DISABLED": True, **extra})


@pytest.fixture
def dapp(db_url, tmp_path):
    return _app(db_url, tmp_path)


@pytest.fixture
def sqlite_dapp(sqlite_url, tmp_path):
    return _app(sqlite_url, tmp_path)


def test_api_create_numbers_from_register_and_downloads(dapp):
    c = dapp.test_client()
    data = example("cong_van")
    data["code"]["number"] = None
    r1 = c.post("/api/v1/documents", json=data)
    assert r1.status_code == 201, r1.get_json()
    body = r1.get_json()
    assert body["code"] == "01/UBND-VP" and body["number"] == 1 and body["id"]
    data["code"].pop("number")
    r2 = c.post("/api/v1/documents", json=data)
    assert r2.get_json()["code"] == "02/UBND-VP"
    data["promulgation"]["date"] = "2026-01-02"
    r3 = c.post("/api/v1/documents", json=data)
    assert r3.get_json()["code"] == "01/UBND-VP"           # a new year restarts at 01
    d = c.get(f"/api/v1/documents/{body['id']}.docx")
    assert d.status_code == 200 and d.mimetype.endswith("wordprocessingml.document")
    doc = Doc(d.data)
    assert "Số: 01/UBND-VP" in [p["text"] for p in doc.paras]
    meta = c.get(f"/api/v1/documents/{body['id']}").get_json()
    row = meta["register_row"]
    assert row["code"] == "01/UBND-VP" and row["issued_date"] == "2025-02-05"
    assert row["type_and_subject"].startswith("Công văn V/v triển khai")
    assert row["signer"] == "Nguyễn Thị Hồng Nhung" and row["archive_holder"] == "VT, VP"
    assert "Trạm Y tế xã Tân Lập" in row["recipients"]


def test_api_explicit_number_is_kept(sqlite_dapp):
    c = sqlite_dapp.test_client()
    r = c.post("/api/v1/documents", json=example("quyet_dinh"))
    assert r.status_code == 201 and r.get_json()["code"] == "12/QĐ-UBND"


def test_api_validation_422_lists_every_field(sqlite_dapp):
    c = sqlite_dapp.test_client()
    data = example("cong_van")
    del data["signer"]["full_name"]
    data["promulgation"]["date"] = "2025-02-30"
    data["to"] = []
    data["code"]["number"] = 0
    data["signer"]["competence"] = "K/T"
    r = c.post("/api/v1/documents", json=data)
    assert r.status_code == 422
    err = r.get_json()["error"]
    assert err["code"] == "validation_failed"
    fields = {d["field"]: d["message"] for d in err["details"]}
    assert {"signer.full_name", "promulgation.date", "to", "code.number"} <= set(fields)
    assert "họ và tên người ký" in fields["signer.full_name"].lower()
    assert "YYYY-MM-DD" in fields["promulgation.date"]


def test_api_bad_competence_and_type(sqlite_dapp):
    c = sqlite_dapp.test_client()
    data = example("cong_van")
    data["signer"]["competence"] = "XX"
    err = c.post("/api/v1/documents", json=data).get_json()["error"]
    assert [d["field"] for d in err["details"]] == ["signer.competence"]
    data = example("quyet_dinh")
    data["code"]["notation"] = "TB-UBND"
    err = c.post("/api/v1/documents", json=data).get_json()["error"]
    assert err["details"][0]["field"] == "code.notation" and "QĐ" in err["details"][0]["message"]
    r = c.post("/api/v1/documents", json={"document_type": "khong_co"})
    assert r.status_code == 422 and r.get_json()["error"]["details"][0]["field"] == "document_type"
    r = c.post("/api/v1/documents", data="not json", content_type="text/plain")
    assert r.status_code == 422


def test_api_document_name_is_accepted_as_type(sqlite_dapp):
    data = example("cong_van")
    data["document_type"] = "Công văn"
    r = sqlite_dapp.test_client().post("/api/v1/documents", json=data)
    assert r.status_code == 201


def test_api_unknown_document_404(sqlite_dapp):
    r = sqlite_dapp.test_client().get("/api/v1/documents/nope.docx")
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "document_not_found"


def test_pdf_unavailable_is_clear(sqlite_dapp, tmp_path):
    sqlite_dapp.config["SOFFICE"] = "soffice-not-installed"
    c = sqlite_dapp.test_client()
    doc_id = c.post("/api/v1/documents", json=example("cong_van")).get_json()["id"]
    r = c.get(f"/api/v1/documents/{doc_id}.pdf")
    assert r.status_code == 503
    err = r.get_json()["error"]
    assert err["code"] == "pdf_unavailable" and "LibreOffice" in err["message"]


@pytest.mark.slow
@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice not installed")
def test_pdf_export(sqlite_dapp):
    c = sqlite_dapp.test_client()
    doc_id = c.post("/api/v1/documents", json=example("cong_van")).get_json()["id"]
    r = c.get(f"/api/v1/documents/{doc_id}.pdf")
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    import pdfplumber
    with pdfplumber.open(io.BytesIO(r.data)) as pdf:
        first = pdf.pages[0].extract_text()
        assert "Số: 05/UBND-VP" in first and "KT. CHỦ TỊCH" in first
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first


def test_schema_and_types_endpoints(sqlite_dapp):
    c = sqlite_dapp.test_client()
    types = c.get("/api/v1/document-types").get_json()
    assert {t["slug"] for t in types} >= {"cong_van", "quyet_dinh", "bien_ban", "cong_dien"}
    sch = c.get("/api/v1/schemas/cong_van").get_json()
    assert sch["properties"]["signer"]["properties"]["full_name"]["title"] == "Họ và tên người ký"


# --- CLI ----------------------------------------------------------------------------------------

def _cli_env(tmp_path):
    return {"VANTHU_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "VANTHU_STORAGE_DIR": str(tmp_path / "f"),
            "VANTHU_INSTANCE_DIR": str(tmp_path / "inst"), "VANTHU_SECRET_KEY": "x"}


def test_cli_render(tmp_path):
    src = tmp_path / "in.json"
    data = example("cong_van")
    data["code"]["number"] = None
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.docx"
    r = CliRunner().invoke(cli_main, ["render", str(src), "-o", str(out)], env=_cli_env(tmp_path))
    assert r.exit_code == 0, r.output
    assert "01/UBND-VP" in r.output
    assert "Số: 01/UBND-VP" in [p["text"] for p in Doc(out.read_bytes()).paras]
    r = CliRunner().invoke(cli_main, ["render", str(src), "-o", str(out)], env=_cli_env(tmp_path))
    assert "02/UBND-VP" in r.output


def test_cli_render_invalid_input(tmp_path):
    src = tmp_path / "bad.json"
    data = example("cong_van")
    del data["organ"]["name"]
    data["signer"]["full_name"] = ""
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = CliRunner().invoke(cli_main, ["render", str(src), "-o", str(tmp_path / "o.docx"), "--no-register"],
                           env=_cli_env(tmp_path))
    assert r.exit_code == 1
    assert "organ.name" in r.output and "signer.full_name" in r.output and "Lỗi" in r.output
    assert not (tmp_path / "o.docx").exists()
    src.write_text("{not json", encoding="utf-8")
    r = CliRunner().invoke(cli_main, ["render", str(src), "-o", str(tmp_path / "o.docx")], env=_cli_env(tmp_path))
    assert r.exit_code == 1 and "JSON" in r.output


def test_cli_no_register_keeps_given_number(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(example("to_trinh"), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "tt.docx"
    r = CliRunner().invoke(cli_main, ["render", str(src), "-o", str(out), "--no-register"], env=_cli_env(tmp_path))
    assert r.exit_code == 0, r.output
    assert "Số: 03/TTr-UBND" in [p["text"] for p in Doc(out.read_bytes()).paras]


# --- agency templates ---------------------------------------------------------------------------

def _edit_template(slug: str, fn) -> bytes:
    src = (Path(__file__).resolve().parents[1] / "templates" / f"{slug}.docx").read_bytes()
    zin = zipfile.ZipFile(io.BytesIO(src))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            blob = zin.read(info.filename)
            if info.filename == "word/document.xml":
                blob = fn(blob.decode("utf-8")).encode("utf-8")
            z.writestr(info.filename, blob)
    return out.getvalue()


def test_agency_template_registered_and_used(dapp):
    c = dapp.test_client()
    # a customisation that stays within Decree 30 (the self-check refuses one that does not)
    own = _edit_template("cong_van", lambda x: x.replace("{{ subject_line }}", "{{ subject_line }} (mẫu riêng)"))
    r = c.post("/api/v1/templates", data={"document_type": "cong_van", "file": (io.BytesIO(own), "mau.docx")},
               content_type="multipart/form-data")
    assert r.status_code == 201, r.get_json()
    doc_id = c.post("/api/v1/documents", json=example("cong_van")).get_json()["id"]
    doc = Doc(c.get(f"/api/v1/documents/{doc_id}.docx").data)
    assert any(p["text"].startswith("V/v ") and p["text"].endswith("(mẫu riêng)") for p in doc.paras)


@pytest.mark.parametrize("edit,needle", [
    (lambda x: x.replace("{{ code.line }}", "{{ code.so_hieu }}"), "code.so_hieu"),
    (lambda x: x.replace("{{ code.line }}", "{{ ma_so }}"), "ma_so"),
    (lambda x: x.replace("{{ code.line }}", "{{ code.line }"), "chưa đóng"),
    (lambda x: x.replace("{{ code.line }}", "{{ code.line | }}"), "cú pháp"),
    (lambda x: x.replace('<w:t xml:space="preserve">{{ code.line }}</w:t></w:r>',
                         '<w:t xml:space="preserve">{{ code.</w:t></w:r><w:r><w:t>line }}</w:t></w:r>'), "tách"),
    (lambda x: x.replace("{%p for line in to_places %}", "{%tr for line in to_places %}"), "bảng"),
    (lambda x: x.replace("{%p for line in to_places %}", "{%tr for line in to_places %}")
     .replace("{%p endfor %}", "{%tr endfor %}", 1), "{%tr"),
], ids=["unknown-attr", "unknown-field", "unclosed", "syntax", "split-run", "tr-outside-table", "tr-wrong-row"])
def test_agency_template_lint_refuses(sqlite_dapp, edit, needle):
    c = sqlite_dapp.test_client()
    bad = _edit_template("cong_van", edit)
    r = c.post("/api/v1/templates", data={"document_type": "cong_van", "file": (io.BytesIO(bad), "bad.docx")},
               content_type="multipart/form-data")
    assert r.status_code == 422
    err = r.get_json()["error"]
    assert err["code"] == "template_invalid"
    assert any(needle in d["message"] for d in err["details"]), err["details"]


def test_template_lint_rejects_non_docx(sqlite_dapp):
    r = sqlite_dapp.test_client().post("/api/v1/templates/check", data={
        "document_type": "cong_van", "file": (io.BytesIO(b"hello"), "x.docx")}, content_type="multipart/form-data")
    assert r.status_code == 422 and "Word" in r.get_json()["error"]["details"][0]["message"]


def test_builtin_templates_pass_lint():
    from app.drafting.context import TYPES
    from app.drafting.lint import lint_template
    for slug in TYPES:
        data = (Path(__file__).resolve().parents[1] / "templates" / f"{slug}.docx").read_bytes()
        assert lint_template(data, slug) == [], slug


def test_cli_template_check(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(_edit_template("cong_van", lambda x: x.replace("{{ code.line }}", "{{ ma_so }}")))
    r = CliRunner().invoke(cli_main, ["template", "check", str(bad), "--type", "cong_van"], env=_cli_env(tmp_path))
    assert r.exit_code == 1 and "ma_so" in r.output


# --- web ----------------------------------------------------------------------------------------

def test_web_pages(sqlite_dapp):
    c = sqlite_dapp.test_client()
    r = c.get("/drafting")
    assert r.status_code == 200 and "Công văn" in r.get_data(as_text=True)
    r = c.get("/drafting/cong_van")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "Họ và tên người ký" in html and 'name="signer.full_name"' in html
    assert c.get("/drafting/khong_co").status_code == 404


def test_web_form_errors_beside_fields_then_success(sqlite_dapp):
    c = sqlite_dapp.test_client()
    r = c.post("/drafting/cong_van", data={"organ.name": "Ủy ban nhân dân xã Tân Lập", "code.notation": "UBND-VP"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "Thiếu họ và tên người ký." in html and "Thiếu địa danh." in html
    form = {"organ.name": "Ủy ban nhân dân xã Tân Lập", "organ.in_charge": "Ủy ban nhân dân huyện Đan Phượng",
            "code.notation": "UBND-VP", "promulgation.place": "Tân Lập", "promulgation.date": "2025-02-05",
            "subject": "triển khai kế hoạch", "to": "Trạm Y tế xã Tân Lập", "content": "Đoạn một.\nĐoạn hai.",
            "signer.competence": "KT.", "signer.on_behalf_of": "CHỦ TỊCH", "signer.position": "PHÓ CHỦ TỊCH",
            "signer.full_name": "Nguyễn Thị Hồng Nhung", "to_places": "Như trên", "archive": "VP"}
    r = c.post("/drafting/cong_van", data=form)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "01/UBND-VP" in html and ".docx" in html
    import re
    link = re.search(r'href="(/api/v1/documents/[0-9a-f]+\.docx)"', html).group(1)
    assert "Số: 01/UBND-VP" in [p["text"] for p in Doc(c.get(link).data).paras]
    r = c.get("/drafting/cong_van?example=1")
    assert "Nguyễn Thị Hồng Nhung" in r.get_data(as_text=True)


def test_concurrent_issue_numbers_are_unique_and_gapless(db_url, tmp_path):
    """Concurrent POSTs: each document gets its own number, 01..N, and its own register row."""
    import threading

    from sqlalchemy import select

    from app.drafting.pipeline import issue
    from app.store.db import session_scope
    from app.store.models.outgoing import OutgoingDocument

    data = example("cong_van")
    data["code"]["number"] = None
    codes, errors = [], []

    def worker():
        try:
            for _ in range(5):
                codes.append(issue(data, database_url=db_url, storage_dir=str(tmp_path / "files")).code)
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(codes) == [f"{n:02d}/UBND-VP" for n in range(1, 21)]
    with session_scope(db_url) as s:
        rows = s.execute(select(OutgoingDocument)).scalars().all()
        assert sorted(r.number for r in rows) == list(range(1, 21))
        assert all((tmp_path / "files" / r.file_path).exists() for r in rows)


def test_self_check_error_blocks_issue_without_consuming_a_number(sqlite_url, tmp_path, monkeypatch):
    from app.drafting import selfcheck
    from app.drafting.pipeline import issue
    from app.errors import ValidationError
    from app.nd30 import Problem

    data = example("cong_van")
    data["code"]["number"] = None
    monkeypatch.setattr(selfcheck, "self_check",
                        lambda docx: [Problem("ND30-PAGE-07", "font", "Phông chữ không phải Times New Roman.")])
    with pytest.raises(ValidationError) as e:
        issue(data, database_url=sqlite_url, storage_dir=str(tmp_path))
    assert e.value.code == "self_check_failed" and e.value.details[0]["rule"] == "ND30-PAGE-07"
    assert not list((tmp_path / "outgoing").rglob("*.docx")) if (tmp_path / "outgoing").exists() else True
    monkeypatch.setattr(selfcheck, "self_check", lambda docx: [])
    assert issue(data, database_url=sqlite_url, storage_dir=str(tmp_path)).code == "01/UBND-VP"


def test_web_template_upload_page(sqlite_dapp):
    c = sqlite_dapp.test_client()
    assert c.get("/drafting/templates").status_code == 200
    bad = _edit_template("cong_van", lambda x: x.replace("{{ code.line }}", "{{ ma_so }}"))
    r = c.post("/drafting/templates", data={"document_type": "cong_van", "file": (io.BytesIO(bad), "bad.docx")},
               content_type="multipart/form-data")
    assert r.status_code == 422 and "ma_so" in r.get_data(as_text=True)
    good = _edit_template("cong_van", lambda x: x)
    r = c.post("/drafting/templates", data={"document_type": "cong_van", "name": "Mẫu xã",
                                            "file": (io.BytesIO(good), "good.docx")}, content_type="multipart/form-data")
    assert r.status_code == 200 and "Đã đăng ký mẫu “Mẫu xã”" in r.get_data(as_text=True)
