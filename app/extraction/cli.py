"""`vanthu extract FILE` and `vanthu eval corpus/`."""
from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import click

from ..errors import UnreadableFile


def read_file(path: str):
    """Read any supported file into a Document (intake reader; plain text as a fallback)."""
    p = Path(path)
    if not p.is_file():
        raise UnreadableFile(f"Không tìm thấy tệp: {path}")
    try:
        from ..intake import read  # type: ignore[attr-defined]
    except ImportError:
        read = None
    if read is not None:
        return read(str(p))
    from ..intake.document import Document
    raw = p.read_bytes()
    if not raw.strip():
        raise UnreadableFile("Tệp rỗng, không có nội dung để trích xuất.", code="empty_file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise UnreadableFile("Không đọc được tệp: nội dung không phải văn bản UTF-8.") from e
    if "\x00" in text:
        raise UnreadableFile("Không đọc được tệp: định dạng không được hỗ trợ.")
    return Document(text=unicodedata.normalize("NFC", text), source=p.name, format="txt")


@click.command("extract")
@click.argument("file")
@click.option("--compact", is_flag=True, help="In JSON trên một dòng.")
def extract_cmd(file, compact):
    """Trích xuất siêu dữ liệu, văn bản dẫn chiếu và nhiệm vụ từ văn bản đến (in JSON)."""
    from . import extract

    try:
        doc = read_file(file)
    except UnreadableFile as e:   # every unreadable input exits 2, whatever its precise code
        click.echo(f"Lỗi: {e.message}", err=True)
        sys.exit(2)
    result = extract(doc)
    click.echo(json.dumps(result, ensure_ascii=False, indent=None if compact else 2))


@click.command("eval")
@click.argument("corpus_dir", default="corpus")
@click.option("--verbose", "-v", is_flag=True, help="Bảng kết quả theo từng tài liệu.")
@click.option("--json", "as_json", is_flag=True, help="Kết quả dạng JSON.")
@click.option("--plain", is_flag=True, help="Đọc tệp .txt thô, không qua bộ đọc intake.")
def eval_cmd(corpus_dir, verbose, as_json, plain):
    """Chấm điểm trích xuất so với chú giải thủ công trong thư mục corpus/."""
    from .evaluate import evaluate, format_report

    if not Path(corpus_dir).is_dir():
        raise UnreadableFile(f"Không tìm thấy thư mục: {corpus_dir}")
    res = evaluate(corpus_dir, plain=plain)
    if as_json:
        if not verbose:
            for d in res["per_document"]:
                for k in ("misses", "extras", "wrong"):
                    d.pop(k, None)
        click.echo(json.dumps(res, ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(res, verbose=verbose))
    if res["documents"] == 0:
        sys.exit(1)
