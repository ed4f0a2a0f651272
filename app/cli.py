"""The `vanthu` command. Subcommands live beside the code they drive and load lazily,
so `vanthu --help` is fast and a broken optional part does not break the others."""
from __future__ import annotations

import importlib
import sys

import click

from .errors import VanthuError

# command name -> "module:attribute" of a click.Command
COMMANDS = {
    "serve": "app.cli:serve",
    "db": "app.cli:db",
    "check": "app.compliance.cli:check",
    "users": "app.tracking.cli:users",
    "units": "app.tracking.cli:units",
    "reminders": "app.tracking.cli:reminders",
    "demo": "app.tracking.cli:demo",
    "render": "app.drafting.cli:render",
    "template": "app.drafting.cli:template",
    "extract": "app.extraction.cli:extract_cmd",
    "eval": "app.extraction.cli:eval_cmd",
    "read": "app.intake.cli:read_cmd",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        spec = COMMANDS.get(name)
        if spec is None:
            return None
        mod, attr = spec.split(":")
        return getattr(importlib.import_module(mod), attr)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except VanthuError as e:
            click.echo(f"Lỗi: {e.message}", err=True)
            if isinstance(e.details, list):
                for d in e.details:
                    if isinstance(d, dict):
                        field = d.get("field")
                        click.echo(f"  - {field + ': ' if field else ''}{d.get('message', d)}", err=True)
                    else:
                        click.echo(f"  - {d}", err=True)
            sys.exit(2 if e.code == "unreadable_file" else 1)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vanthu")
def main():
    """vanthu: văn thư điện tử theo Nghị định 30/2020/NĐ-CP."""


def make_app():
    from . import create_app

    return create_app()


@click.command()
@click.option("--host", default=None, help="Địa chỉ lắng nghe (mặc định VANTHU_HOST hoặc 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Cổng (mặc định VANTHU_PORT hoặc 5000).")
@click.option("--workers", default=2, show_default=True, type=int, help="Số tiến trình phục vụ.")
@click.option("--debug", is_flag=True, help="Chế độ phát triển (máy chủ Flask, tự nạp lại mã).")
def serve(host, port, workers, debug):
    """Chạy dịch vụ web (cơ sở dữ liệu được nâng cấp tự động)."""
    from .store import migrate

    app = make_app()
    migrate(app.config["DATABASE_URL"])
    host = host or app.config["HOST"]
    port = port or app.config["PORT"]
    click.echo(f"vanthu đang chạy tại http://{host}:{port}/  (Ctrl+C để dừng)")
    click.echo(f"  cơ sở dữ liệu: {app.config['DATABASE_URL']}")
    if debug:
        app.run(host=host, port=port, debug=True, use_reloader=True)
    else:
        _gunicorn(app, host, port, workers)


def _gunicorn(app, host: str, port: int, workers: int) -> None:
    """Serve with gunicorn (threads for slow uploads; the Flask development server is not for offices)."""
    from gunicorn.app.base import BaseApplication

    class _Server(BaseApplication):
        def load_config(self):
            for k, v in {"bind": f"{host}:{port}", "workers": workers, "threads": 4,
                         "timeout": 120, "accesslog": "-", "errorlog": "-"}.items():
                self.cfg.set(k, v)

        def load(self):
            return app

    _Server().run()


@click.group()
def db():
    """Quản lý cơ sở dữ liệu."""


@db.command("upgrade")
def db_upgrade():
    """Nâng cấp lược đồ cơ sở dữ liệu lên phiên bản mới nhất."""
    from .store import migrate

    app = make_app()
    migrate(app.config["DATABASE_URL"])
    click.echo("Đã nâng cấp cơ sở dữ liệu.")
