"""The app factory, configuration, error pages and database plumbing."""
from sqlalchemy import inspect

from app import create_app
from app.config import from_env, normalise_db_url
from app.store.db import get_engine


def test_defaults_use_sqlite_in_instance_folder(tmp_path, monkeypatch):
    for k in ("VANTHU_DATABASE_URL", "VANTHU_STORAGE_DIR", "VANTHU_SECRET_KEY"):
        monkeypatch.delenv(k, raising=False)
    cfg = from_env(tmp_path)
    assert cfg["DATABASE_URL"] == f"sqlite:///{tmp_path / 'vanthu.sqlite3'}"
    assert cfg["STORAGE_DIR"] == str(tmp_path / "files")
    # the generated secret is kept, so sessions survive a restart
    assert len(cfg["SECRET_KEY"]) == 64 and from_env(tmp_path)["SECRET_KEY"] == cfg["SECRET_KEY"]


def test_environment_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv("VANTHU_DATABASE_URL", "postgresql://u@h/db")
    monkeypatch.setenv("VANTHU_MAX_UPLOAD_MB", "7")
    cfg = from_env(tmp_path)
    assert cfg["DATABASE_URL"] == "postgresql+psycopg://u@h/db"
    assert cfg["MAX_CONTENT_LENGTH"] == 7 * 1024 * 1024
    assert normalise_db_url("postgres://x/y") == "postgresql+psycopg://x/y"


def test_home_page_is_vietnamese(sqlite_app):
    html = sqlite_app.test_client().get("/").get_data(as_text=True)
    for label in ("Soạn thảo", "Kiểm tra thể thức", "Văn bản đến", "Nhiệm vụ", "Sổ văn bản"):
        assert label in html


def test_unknown_api_path_gives_json_error_code(sqlite_app):
    r = sqlite_app.test_client().get("/api/v1/khong-co")
    assert r.status_code == 404
    assert r.get_json()["error"]["code"] == "not_found"


def test_unknown_page_gives_vietnamese_page(sqlite_app):
    r = sqlite_app.test_client().get("/khong-co")
    assert r.status_code == 404 and "Không tìm thấy" in r.get_data(as_text=True)


def test_migrations_reach_every_model(db_url):
    """Alembic's heads create exactly the tables the models declare, on both backends."""
    import app.store.models  # noqa: F401
    from app.store.db import Base

    tables = set(inspect(get_engine(db_url)).get_table_names()) - {"alembic_version"}
    # SQLite's FTS5 search indexes (app/tracking/search.py) are virtual tables with shadow tables
    tables = {t for t in tables if "_fts" not in t}
    assert tables == set(Base.metadata.tables)


def test_create_app_accepts_config(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "STORAGE_DIR": str(tmp_path / "s")})
    assert app.testing and (tmp_path / "s").is_dir()


def test_concurrent_read_then_write_transactions_do_not_fail(db_url):
    """Jobs read, then write; on SQLite a deferred transaction would fail with 'database is locked'
    when another one committed in between. Writers take the lock at BEGIN instead."""
    import threading
    import time

    from sqlalchemy import func, select

    from app.store.db import session_scope
    from app.store.models.directory import Unit

    errors = []

    def work(i):
        try:
            with session_scope(db_url) as s:
                s.scalar(select(func.count(Unit.id)))   # read first ...
                time.sleep(0.02)
                s.add(Unit(name=f"Phòng {i}"))          # ... then write
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(e))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count(Unit.id))) == 8
