"""Persistence: SQLAlchemy 2 models, Alembic migrations and file storage.

SQLite by default, PostgreSQL when VANTHU_DATABASE_URL says so; the same code serves both.
"""
from .db import Base, get_engine, init_app, migrate, session_scope  # noqa: F401
