"""`vanthu check FILE.docx [--json] [--fix OUT.docx] [--annotate OUT.docx]`.

Exit status: 0 = no error finding, 1 = at least one error, 2 = the file cannot be read.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import UnreadableFile
from .engine import COMPONENT_LABEL, REGIME_LABEL, check_bytes

SEV = {"error": "LỖI", "warning": "CẢNH BÁO", "info": "GỢI Ý"}


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise UnreadableFile(f"Không đọc được tệp “{path}”.", details=[str(e)]) from e


def print_report(report) -> None:
    click.echo(f"Chế độ: {REGIME_LABEL[report.regime]}")
    for n in report.notes[1:]:
        click.echo(f"Lưu ý: {n}")
    s = report.to_dict()["summary"]
    click.echo(f"Kết quả: {s['error']} lỗi, {s['warning']} cảnh báo, {s['info']} gợi ý; "
               f"{len(report.not_evaluated)} quy tắc không đánh giá được.")
    by_comp: dict[str, list] = {}
    for f in report.findings:
        by_comp.setdefault(f.component, []).append(f)
    for comp, fs in by_comp.items():
        click.echo(f"\n== {COMPONENT_LABEL.get(comp, comp)} ==")
        for f in fs:
            loc = f.location
            where = f"đoạn {loc['paragraph'] + 1}" if "paragraph" in loc else loc.get("part", "")
            if "table" in loc:
                where += f", bảng {loc['table'] + 1} ô ({loc['row'] + 1},{loc['col'] + 1})"
            click.echo(f"[{SEV[f.severity]}] {f.rule} – {f.message}")
            if f.expected or f.actual:
                click.echo(f"    yêu cầu: {f.expected or '—'} | hiện tại: {f.actual or '—'}")
            click.echo(f"    vị trí: {where}" + (f" «{loc['excerpt']}»" if loc.get("excerpt") else ""))
            click.echo(f"    căn cứ: {f.citation}")


@click.command("check")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@click.option("--fix", "fix_out", type=click.Path(dir_okay=False), help="Ghi bản đã sửa lỗi định dạng vào tệp này.")
@click.option("--annotate", "annotate_out", type=click.Path(dir_okay=False),
              help="Ghi bản có chú thích (comment) tại từng lỗi vào tệp này.")
@click.option("--regime", type=click.Choice(sorted(REGIME_LABEL)), default=None,
              help="Bỏ qua việc tự nhận diện và kiểm tra theo chế độ này.")
def check(file, as_json, fix_out, annotate_out, regime):
    """Kiểm tra thể thức văn bản .docx theo Nghị định 30/2020/NĐ-CP."""
    data = _read(file)
    report = check_bytes(data, regime=regime)
    extra = {}
    if fix_out:
        from .fix import SignedDocument, fix_bytes
        try:
            fixed, _, n = fix_bytes(data, regime)
            Path(fix_out).write_bytes(fixed)
            extra["fixed"] = {"path": fix_out, "fixes": n}
            if not as_json:
                click.echo(f"Đã ghi bản sửa ({n} chỉnh sửa): {fix_out}", err=True)
        except SignedDocument as e:
            extra["fixed"] = {"path": None, "message": e.message}
            click.echo(f"Lưu ý: {e.message}", err=True)
    if annotate_out:
        from .annotate import annotate_bytes
        out, _, n = annotate_bytes(data, regime)
        Path(annotate_out).write_bytes(out)
        extra["annotated"] = {"path": annotate_out, "comments": n}
        if not as_json:
            click.echo(f"Đã ghi bản có {n} chú thích: {annotate_out}", err=True)
    if as_json:
        d = report.to_dict()
        d.update(extra)
        click.echo(json.dumps(d, ensure_ascii=False, indent=2))
    else:
        print_report(report)
    sys.exit(1 if report.errors else 0)
