"""`vanthu render INPUT.json -o OUT.docx [--pdf]` and `vanthu template add|check`."""
from __future__ import annotations

import json
from pathlib import Path

import click

from app.errors import ValidationError, VanthuError


def _read_json(path: str) -> dict:
    try:
        raw = Path(path).read_text(encoding="utf-8-sig")
    except OSError as e:
        raise VanthuError(f"Không đọc được tệp “{path}”: {e.strerror}.", code="file_not_readable") from e
    try:
        return json.loads(raw)
    except json.JSONDecodeError as e:
        raise ValidationError(f"Tệp “{path}” không phải JSON hợp lệ (dòng {e.lineno}, cột {e.colno}).",
                              code="invalid_json", details=[{"field": "", "message": e.msg}]) from e


@click.command("render")
@click.argument("input_json", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), required=True,
              help="Tệp .docx kết quả.")
@click.option("--pdf", "want_pdf", is_flag=True, help="Tạo thêm tệp PDF cùng tên (cần LibreOffice).")
@click.option("--no-register", is_flag=True,
              help="Không ghi vào sổ văn bản đi (bản nháp; số để trống nếu đầu vào không có số).")
def render(input_json, output, want_pdf, no_register):
    """Soạn văn bản từ tệp JSON theo thể thức Nghị định 30/2020/NĐ-CP."""
    from app.cli import make_app
    from app.store import migrate

    from .pdf import docx_to_pdf
    from .pipeline import issue, render_document

    data = _read_json(input_json)
    if no_register:
        drafted = render_document(data)
        app = None
    else:
        app = make_app()
        migrate(app.config["DATABASE_URL"])
        drafted = issue(data, database_url=app.config["DATABASE_URL"], storage_dir=app.config["STORAGE_DIR"])
    out = Path(output)
    if out.suffix.lower() == ".pdf":
        out = out.with_suffix(".docx")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(drafted.docx)
    click.echo(f"Đã tạo {out} (số, ký hiệu: {drafted.code.strip()})")
    if drafted.id:
        click.echo(f"  đã ghi sổ văn bản đi, mã {drafted.id}")
    if want_pdf:
        soffice = app.config["SOFFICE"] if app else "soffice"
        pdf = out.with_suffix(".pdf")
        pdf.write_bytes(docx_to_pdf(drafted.docx, soffice=soffice))
        click.echo(f"Đã tạo {pdf}")


@click.group("template")
def template():
    """Mẫu văn bản riêng của cơ quan (.docx có thẻ docxtpl)."""


@template.command("check")
@click.argument("docx_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--type", "slug", required=True, help="Loại văn bản, ví dụ cong_van.")
def template_check(docx_file, slug):
    """Kiểm tra một mẫu .docx (không lưu)."""
    from .lint import lint_template

    problems = lint_template(Path(docx_file).read_bytes(), slug)
    if problems:
        raise ValidationError(f"Mẫu văn bản không dùng được: {len(problems)} lỗi.", code="template_invalid",
                              details=problems)
    click.echo("Mẫu hợp lệ.")


@template.command("add")
@click.argument("docx_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--type", "slug", required=True, help="Loại văn bản, ví dụ cong_van.")
@click.option("--organ", default=None, help="Tên cơ quan dùng mẫu này (mặc định: mọi cơ quan).")
@click.option("--name", default=None, help="Tên gọi của mẫu.")
def template_add(docx_file, slug, organ, name):
    """Kiểm tra rồi đăng ký mẫu .docx riêng cho một loại văn bản."""
    from app.cli import make_app
    from app.nd30 import text
    from app.store import migrate, session_scope

    from .templates import register

    app = make_app()
    migrate(app.config["DATABASE_URL"])
    with session_scope(app.config["DATABASE_URL"]) as s:
        row = register(s, app.config["STORAGE_DIR"], slug, Path(docx_file).read_bytes(),
                       name or Path(docx_file).name, text.fold(organ)[:200] if organ else None)
        click.echo(f"Đã đăng ký mẫu {row.name} cho loại {slug} (mã {row.id}).")
