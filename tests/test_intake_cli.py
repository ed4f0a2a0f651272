"""`vanthu read FILE`: the text, the layout blocks, JSON, and a clean error."""
from __future__ import annotations

import json

from click.testing import CliRunner

from app.intake.cli import read_cmd

SRC = ("|\n**ỦY BAN NHÂN DÂN**\n**TỈNH LẠNG SƠN**\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
       "Độc lập - Tự do - Hạnh phúc\n|\n|\nSố: 12/UBND-VP\n|\n*Lạng Sơn, ngày 05\ntháng 9 năm 2018*\n|\n"
       "Sở Nội vụ chủ trì, báo cáo trước ngày\n20/10/2018.\n")


def test_read_prints_text_and_blocks(tmp_path):
    f = tmp_path / "cv.md"
    f.write_text(SRC, encoding="utf-8")
    res = CliRunner().invoke(read_cmd, [str(f), "--blocks"])
    assert res.exit_code == 0
    out = res.output.split("\n")
    assert out[:6] == ["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                       "Độc lập - Tự do - Hạnh phúc", "Số: 12/UBND-VP", "Lạng Sơn, ngày 05 tháng 9 năm 2018"]
    assert "Sở Nội vụ chủ trì, báo cáo trước ngày 20/10/2018." in out
    assert "[header_right/place_date] Lạng Sơn, ngày 05 tháng 9 năm 2018" not in out   # cell blocks carry no role
    assert any(x.startswith("[header_left") and "ỦY BAN NHÂN DÂN" in x for x in out)


def test_read_json_and_errors(tmp_path):
    f = tmp_path / "cv.md"
    f.write_text(SRC, encoding="utf-8")
    res = CliRunner().invoke(read_cmd, [str(f), "--json"])
    doc = json.loads(res.output)
    assert doc["format"] == "txt" and doc["text"].startswith("ỦY BAN NHÂN DÂN")
    assert all(doc["text"][b["start"]:b["end"]] for b in doc["blocks"])
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    res = CliRunner().invoke(read_cmd, [str(empty)])
    assert res.exit_code == 2 and "rỗng" in res.output
