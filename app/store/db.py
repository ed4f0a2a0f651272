"""Engine, sessions and migrations.

One engine per database URL (cached); a request gets a session from `db_session()` that is
removed at teardown, like flaskr's `get_db`. Schema changes go through Alembic only.
"""
from __future__ import annotations

import contextlib
from functools import lru_cache
from pathlib import Path

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


@lru_cache(maxsize=16)
def get_engine(url: str) -> Engine:
    """One engine per URL. SQLite gets WAL, foreign keys and a busy timeout for concurrent writers."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        # Let BEGIN IMMEDIATE be issued explicitly (see app.store.locks); pysqlite's own
        # transaction handling would otherwise defer the write lock.
        @event.listens_for(engine, "connect")
        def _no_pysqlite_tx(dbapi_conn, _record):
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn):
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")
    else:
        # psycopg prepares a statement after 5 runs and PostgreSQL may then switch to a generic
        # plan, which cannot see the LIKE words or the unit: a unit + search list went from 30 to
        # 105 ms (bench_office.py). Plans stay per-value; parsing is still saved.
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20,
                               connect_args={"options": "-c plan_cache_mode=force_custom_plan"})
    return engine


@event.listens_for(Session, "after_flush")
def _mark_flushed(session, _ctx):
    """Uncommitted writes are visible to this session only: caches keyed by the change token
    (app.store.changes) must not keep what such a session reads."""
    session.info["uncommitted"] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _mark_clean(session):
    session.info.pop("uncommitted", None)


def has_uncommitted_writes(session: Session) -> bool:
    return bool(session.info.get("uncommitted") or session.new or session.dirty or session.deleted)


@lru_cache(maxsize=32)
def _sessionmaker(url: str, write: bool) -> sessionmaker:
    engine = get_engine(url)
    if write and engine.dialect.name == "sqlite":
        # A SQLite transaction that reads and then writes fails with "database is locked" when
        # another connection committed in between; a writer takes the write lock at BEGIN
        # (readers are never blocked in WAL mode).
        engine = engine.execution_options(sqlite_begin="IMMEDIATE")
    return sessionmaker(bind=engine, expire_on_commit=False)


def new_session(url: str, *, write: bool = False) -> Session:
    """A session; `write=True` for work that will write (its transactions take the SQLite write lock)."""
    return _sessionmaker(url, write)()


@contextlib.contextmanager
def session_scope(url: str, *, write: bool = True):
    """A session committed on success and rolled back on error (jobs, CLI)."""
    s = new_session(url, write=write)
    try:
        yield s
        s.commit()
    except BaseException:
        s.rollback()
        raise
    finally:
        s.close()


def migrate(url: str) -> None:
    """Bring the database at `url` to the newest schema (all Alembic heads)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["engine"] = get_engine(url)
    command.upgrade(cfg, "heads")


def end_request_transaction() -> None:
    """Commit the request's session, if it has one. Work about to run in a session of its own
    (the outgoing register, an inline job) must see what the request wrote and, on SQLite, must
    not wait for the request's write lock: a POST's session holds it from the user lookup on."""
    from flask import g, has_app_context

    if has_app_context() and g.get("db") is not None:
        g.db.commit()


def init_app(app) -> None:
    """Request-scoped session in flask.g, removed at teardown; `vanthu db upgrade` via the CLI."""
    from flask import g

    @app.teardown_appcontext
    def _close(exc):
        s = g.pop("db", None)
        if s is not None:
            if exc is not None:
                s.rollback()
            s.close()


def db_session() -> Session:
    """The current request's session (created on first use)."""
    from flask import current_app, g

    if "db" not in g:
        from flask import request

        g.db = new_session(current_app.config["DATABASE_URL"],
                           write=request.method not in ("GET", "HEAD", "OPTIONS"))
    return g.db
