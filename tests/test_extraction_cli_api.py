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


def test_docx_task_table_through_the_reader(tmp_path):
    """A real .docx with a task table, read by the intake reader (table cells as blocks)."""
    import docx

    from app.extraction import extract
    from app.intake import read

    d = docx.Document()
    for t in ["ỦY BAN NHÂN DÂN TỈNH X", "Số: 15/KH-UBND", "X, ngày 10 tháng 3 năm 2024", "KẾ HOẠCH",
              "Triển khai công tác năm 2024", "I. NHIỆM VỤ CỤ THỂ"]:
        d.add_paragraph(t)
    rows = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
            ["1", "Xây dựng kế hoạch kiểm tra", "Sở Nội vụ", "Sở Tài chính, Sở Tư pháp", "Quý II/2024"],
            ["2", "Tổng kết công tác", "Văn phòng UBND tỉnh", "Các sở, ngành", "Tháng 12/2024"],
            ["3", "Theo dõi, đôn đốc", "Sở Nội vụ", "", "Thường xuyên"]]
    tb = d.add_table(rows=4, cols=5)
    for r, row in zip(tb.rows, rows, strict=True):
        for c, val in zip(r.cells, row, strict=True):
            c.text = val
    for t in ["Nơi nhận:", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Bình"]:
        d.add_paragraph(t)
    path = tmp_path / "kh.docx"
    d.save(path)
    r = extract(read(str(path)))
    assert r["document_type"] == "ke_hoach" and r["code"]["text"] == "15/KH-UBND"
    t = r["tasks"]
    assert [x["units"] for x in t] == [["Sở Nội vụ"], ["Văn phòng UBND tỉnh"], ["Sở Nội vụ"]]
    assert t[0]["cooperating_units"] == ["Sở Tài chính", "Sở Tư pháp"] and t[2]["cooperating_units"] == []
    assert [x["due_date"] for x in t] == ["2024-06-30", "2024-12-31", None]
    assert t[2]["recurrence"] == "continuous"
    assert r["signer"]["full_name"] == "Nguyễn Văn Bình"


def test_edxml_header_fills_what_the_text_lacks():
    from app.extraction import extract
    from app.intake import read
    from app.intake.edxml import build_edxml

    md = {"organ": {"name": "SỞ NỘI VỤ", "in_charge": "UBND TỈNH LẠNG SƠN"},
          "code": {"number": "125", "notation": "SNV-TĐKT"},
          "promulgation": {"place": "Lạng Sơn", "date": "2024-03-05"},
          "subject": "V/v triển khai công tác thi đua", "document_type": "Công văn"}
    body = ("Kính gửi: Các phòng chuyên môn.\n1. Giao Phòng Tổ chức chủ trì rà soát hồ sơ, "
            "báo cáo trước ngày 20/3 để tổng hợp.\n").encode()
    r = extract(read(build_edxml(md, [("noidung.txt", body, "text/plain")]), filename="goi.edxml"))
    assert r["organ"] == {"name": "SỞ NỘI VỤ", "in_charge": "UBND TỈNH LẠNG SƠN"}
    assert r["code"] == {"number": 125, "notation": "SNV-TĐKT", "text": "125/SNV-TĐKT"}
    assert r["subject"] == "triển khai công tác thi đua" and r["document_type"] == "cong_van"
    assert r["to"] == ["Các phòng chuyên môn"]
    assert [(t["units"], t["due_date"]) for t in r["tasks"]] == [(["Phòng Tổ chức"], "2024-03-20")]
