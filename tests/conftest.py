"""Shared fixtures: `app`, `client`, `runner` (flaskr style) and `db_url`, which runs every
store test on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app import create_app
from app.config import normalise_db_url
from app.store import migrate

from .services import PostgresServer, RedisServer

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# Tools that write under $HOME (LibreOffice, underthesea, playwright) get a private one.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@pytest.fixture(scope="session", autouse=True)
def _private_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    old = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    yield
    if old is not None:
        os.environ["HOME"] = old


@pytest.fixture(scope="session")
def postgres_admin_url():
    """Admin URL of a PostgreSQL server: VANTHU_TEST_POSTGRES_URL, or one started for the session."""
    url = os.environ.get("VANTHU_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    server = PostgresServer().start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("VANTHU_TEST_REDIS_URL")
    if url:
        yield url
        return
    server = RedisServer().start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    url = f"sqlite:///{path}"
    migrate(url)
    from app.store.db import get_engine
    get_engine(url).dispose()  # closing the last connection checkpoints the WAL into the file we copy
    return path


@pytest.fixture(scope="session")
def _pg_template(postgres_admin_url):
    admin = create_engine(normalise_db_url(postgres_admin_url), isolation_level="AUTOCOMMIT")
    name = f"vanthu_tmpl_{uuid.uuid4().hex[:8]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    tmpl_url = normalise_db_url(postgres_admin_url.rsplit("/", 1)[0] + f"/{name}")
    migrate(tmpl_url)
    from app.store.db import get_engine
    get_engine(tmpl_url).dispose()  # a template must have no open connections
    yield admin, name
    admin.dispose()


def _fresh_pg(admin, template: str, admin_url: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    return normalise_db_url(admin_url.rsplit("/", 1)[0] + f"/{name}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A freshly migrated, empty database; the test runs once on each backend."""
    from app.store import changes

    if request.param == "sqlite":
        path = tmp_path / "vanthu.sqlite3"
        shutil.copy(request.getfixturevalue("_sqlite_template"), path)
        yield f"sqlite:///{path}"
        changes.reset()
    else:
        admin, tmpl = request.getfixturevalue("_pg_template")
        url = _fresh_pg(admin, tmpl, request.getfixturevalue("postgres_admin_url"))
        yield url
        changes.reset()     # the change watchers' own connections are outside the engine's pool
        from app.store.db import get_engine
        get_engine(url).dispose()


@pytest.fixture
def sqlite_url(tmp_path, _sqlite_template):
    """A migrated SQLite database, for tests that are not about the store."""
    from app.store import changes

    path = tmp_path / "vanthu.sqlite3"
    shutil.copy(_sqlite_template, path)
    yield f"sqlite:///{path}"
    changes.reset()


def _make_app(url, tmp_path):
    return create_app({
        "TESTING": True,
        "DATABASE_URL": url,
        "STORAGE_DIR": str(tmp_path / "files"),
        "SECRET_KEY": "test",
        "WTF_CSRF_ENABLED": False,
        "BROKER_URL": None,
        "JOBS_EAGER": True,
        "LOGIN_DISABLED": True,   # feature tests; tests/test_office_* sign in for real (office_app)
    })


@pytest.fixture
def app(db_url, tmp_path):
    """The app on a fresh database, once per backend."""
    return _make_app(db_url, tmp_path)


@pytest.fixture
def sqlite_app(sqlite_url, tmp_path):
    """The app on a fresh SQLite database only (for tests that are not about the store)."""
    return _make_app(sqlite_url, tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback that keeps the messages it receives."""
    from .smtpserver import LocalSMTP

    server = LocalSMTP().start()
    yield server
    server.stop()


@pytest.fixture
def office_app(db_url, tmp_path):
    """The app with login enforced (as in production), on a fresh database, once per backend,
    with an office: units VP and NV and one user per role (password 'matkhau123')."""
    from datetime import date

    from app.store.db import session_scope
    from app.tracking import directory

    app = create_app({
        "TESTING": True, "DATABASE_URL": db_url, "STORAGE_DIR": str(tmp_path / "files"),
        "SECRET_KEY": "test", "BROKER_URL": None, "JOBS_EAGER": True, "TODAY": date(2025, 3, 10),
    })
    with session_scope(db_url) as s:
        admin = directory.create_user(s, None, username="admin", full_name="Quản Trị Viên", password="matkhau123", role="admin")
        vp = directory.create_unit(s, admin, "Văn phòng", "VP")
        nv = directory.create_unit(s, admin, "Phòng Nội vụ", "NV")
        for role, unit in (("clerk", vp), ("leader", vp), ("officer", nv)):
            directory.create_user(s, admin, username=role, full_name=f"Người {role}", password="matkhau123",
                                  role=role, unit_id=unit.id, email=f"{role}@example.vn")
        directory.create_user(s, admin, username="officer2", full_name="Chuyên viên Văn phòng",
                              password="matkhau123", role="officer", unit_id=vp.id)
        app.config["UNITS"] = {"VP": vp.id, "NV": nv.id}
    return app


def api_client(app, username):
    """A test client authenticated with a real API token of `username`."""
    from sqlalchemy import select

    from app.store.db import session_scope
    from app.store.models.directory import User
    from app.tracking import directory

    with session_scope(app.config["DATABASE_URL"]) as s:
        token = directory.issue_token(s, s.scalar(select(User).where(User.username == username)), "test")
    c = app.test_client()
    c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return c
