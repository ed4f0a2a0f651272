"""Office commands of `vanthu`: users, units, reminders, demo (Vietnamese help and messages).

Each command opens the app's database from the environment (VANTHU_DATABASE_URL, or the SQLite
file of the instance folder) and brings its schema up to date first.
"""
from __future__ import annotations

from datetime import date

import click
from sqlalchemy import or_, select

from ..errors import ValidationError


def _app_config() -> dict:
    from ..cli import make_app
    from ..store import migrate

    app = make_app()
    migrate(app.config["DATABASE_URL"])
    return app.config


def _parse_day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError("Ngày không hợp lệ.", details=[{"field": option, "message": "Ngày phải có dạng YYYY-MM-DD."}])


# ---------------------------------------------------------------- users

@click.group()
def users():
    """Quản lý người dùng."""


@users.command("create")
@click.option("--username", required=True, help="Tên đăng nhập (chữ không dấu, số, dấu chấm, gạch).")
@click.option("--full-name", required=True, help="Họ và tên.")
@click.option("--role", required=True, type=click.Choice(["clerk", "leader", "officer", "admin"]),
              help="Vai trò: clerk (văn thư), leader (lãnh đạo), officer (chuyên viên), admin (quản trị).")
@click.option("--unit", default=None, help="Đơn vị: tên, tên viết tắt hoặc mã số.")
@click.option("--email", default=None, help="Thư điện tử nhận nhắc việc.")
@click.option("--password", default=None, help="Mật khẩu (ít nhất 8 ký tự); bỏ trống để nhập ẩn.")
def users_create(username, full_name, role, unit, email, password):
    """Tạo người dùng mới."""
    from ..store.db import session_scope
    from . import directory

    cfg = _app_config()
    if password is None:
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")
    with session_scope(cfg["DATABASE_URL"]) as s:
        unit_id = _find_unit(s, unit).id if unit else None
        user = directory.create_user(s, None, username=username, full_name=full_name, password=password,
                                     role=role, unit_id=unit_id, email=email)
        click.echo(f"Đã tạo người dùng «{user.username}» ({user.role_label}).")


def _find_unit(s, ref: str):
    from ..store.models.directory import Unit
    from .directory import match_unit

    unit = s.get(Unit, int(ref)) if ref.isdigit() else None
    unit = unit or s.scalar(select(Unit).where(or_(Unit.name == ref, Unit.short_name == ref))) or match_unit(s, ref)
    if unit is None:
        raise ValidationError(f"Không tìm thấy đơn vị «{ref}».",
                              details=[{"field": "unit", "message": "Nhập tên, tên viết tắt hoặc mã số của một đơn vị có sẵn."}])
    return unit


# ---------------------------------------------------------------- units

@click.group()
def units():
    """Quản lý danh mục đơn vị."""


@units.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
def units_import(file):
    """Nhập đơn vị từ tệp Excel (.xlsx).

    Cột: Tên đơn vị | Viết tắt | Đơn vị cấp trên | Tên gọi khác (cách nhau bởi dấu ;).
    Dòng đầu là tiêu đề. Đơn vị đã có (cùng tên) được cập nhật viết tắt và tên gọi khác.
    """
    from pathlib import Path

    from ..errors import UnreadableFile
    from ..store.db import session_scope
    from . import directory

    if not Path(file).is_file():
        raise UnreadableFile(f"Không tìm thấy tệp «{file}».", code="file_not_found")
    cfg = _app_config()
    with session_scope(cfg["DATABASE_URL"]) as s:
        n = directory.import_units_xlsx(s, None, file)
    click.echo(f"Đã nhập {n} đơn vị.")


# ---------------------------------------------------------------- reminders

@click.group()
def reminders():
    """Nhắc việc sắp đến hạn và quá hạn."""


@reminders.command("send")
@click.option("--today", default=None, metavar="YYYY-MM-DD", help="Ngày tính hạn (mặc định hôm nay).")
def reminders_send(today):
    """Tạo nhắc việc trong ứng dụng và gửi thư điện tử (nếu đã cấu hình VANTHU_SMTP_URL)."""
    from . import reminders as service

    day = _parse_day(today, "today")
    cfg = _app_config()
    from ..jobs import job_config

    result = service.send_job(job_config(cfg), day.isoformat() if day else None)
    click.echo(f"Đã tạo {result['notifications']} nhắc việc, gửi {result['emails']} thư điện tử.")
    if not cfg.get("SMTP_URL"):
        click.echo("Chưa cấu hình VANTHU_SMTP_URL: nhắc việc chỉ hiển thị trong ứng dụng.")


# ---------------------------------------------------------------- demo

@click.command()
@click.option("--if-empty", is_flag=True, help="Chỉ nạp khi cơ sở dữ liệu chưa có người dùng nào.")
@click.option("--limit", type=int, default=None, help="Chỉ nạp N văn bản mẫu đầu tiên.")
@click.option("--today", default=None, metavar="YYYY-MM-DD", help="Ngày hiện tại của dữ liệu mẫu.")
def demo(if_empty, limit, today):
    """Nạp một cơ quan mẫu: đơn vị, người dùng mỗi vai trò, văn bản đến mẫu kèm nhiệm vụ.

    Chạy lại không tạo trùng.
    """
    from . import demo as service

    cfg = _app_config()
    url = cfg["DATABASE_URL"]
    if if_empty and not service.is_empty(url):
        click.echo("Cơ sở dữ liệu đã có dữ liệu: không nạp lại dữ liệu mẫu.")
        _print_logins(service, url)
        return
    click.echo("Đang nạp cơ quan mẫu (đọc và trích xuất các văn bản mẫu)...")
    summary = service.load(url, cfg["STORAGE_DIR"], today=_parse_day(today, "today"), limit=limit, echo=click.echo)
    click.echo(f"Đã nạp {summary.dispatches} văn bản đến, {summary.tasks} nhiệm vụ"
               + (f" (bỏ qua {summary.skipped} văn bản đã có)." if summary.skipped else "."))
    if summary.fallback_gold:
        click.echo(f"{len(summary.fallback_gold)} văn bản dùng dữ liệu chú giải vì chưa trích xuất được.")
    _print_logins(service, url)


def _print_logins(service, url: str) -> None:
    """How to log in: the demo accounts that exist in this database."""
    from sqlalchemy import select

    from ..store.db import session_scope
    from ..store.models.directory import User

    data = service.office_data()
    names = [u["username"] for u in data["users"]]
    with session_scope(url) as s:
        present = set(s.scalars(select(User.username).where(User.username.in_(names))))
    if not present:
        click.echo("Đăng nhập bằng tài khoản của cơ quan (tạo bằng: vanthu users create ...).")
        return
    click.echo("")
    click.echo(f"Đăng nhập bằng một trong các tài khoản mẫu (mật khẩu ban đầu: {data['password']}):")
    labels = {"clerk": "Văn thư", "leader": "Lãnh đạo", "officer": "Chuyên viên", "admin": "Quản trị"}
    for u in data["users"]:
        if u["username"] in present:
            click.echo(f"  {u['username']:<15} {labels[u['role']]:<12} {u['full_name']}")
