"""`vanthu read FILE`: show what intake makes of a file (the text a clerk would read, and
optionally the layout blocks and metadata as JSON)."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict

import click

from ..errors import VanthuError


@click.command("read")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="In toàn bộ Document (văn bản, khối bố cục, siêu dữ liệu) dạng JSON.")
@click.option("--blocks", is_flag=True, help="In thêm các khối bố cục (tiêu đề, bảng, nơi nhận, chữ ký).")
def read_cmd(file, as_json, blocks):
    """Đọc một tệp văn bản đến (.docx, .pdf, ảnh, .txt/.md, edXML) và in nội dung đã chuẩn hóa."""
    from . import read

    try:
        doc = read(file)
    except VanthuError as e:
        click.echo(f"Lỗi: {e.message}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(_to_dict(doc), ensure_ascii=False, indent=2))
        return
    click.echo(doc.text)
    if blocks:
        click.echo("\n--- khối bố cục ---")
        for b in doc.blocks:
            if b.kind == "paragraph" and not b.role:
                continue
            where = f" bảng {b.table} dòng {b.row} cột {b.col}" if b.table is not None else ""
            first = doc.block_text(b).split("\n")[0]
            click.echo(f"[{b.kind}{'/' + b.role if b.role else ''}{where}] {first[:100]}")
    for w in doc.warnings:
        click.echo(f"Cảnh báo: {w}", err=True)


def _to_dict(doc) -> dict:
    d = asdict(doc)
    d["blocks"] = [{k: v for k, v in b.items() if v is not None} for b in d["blocks"]]
    d["attachments"] = [_to_dict(a) for a in doc.attachments]
    return d
