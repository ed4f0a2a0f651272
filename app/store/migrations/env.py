"""Alembic environment: runs on the engine handed in by app.store.db.migrate (or the URL)."""
from alembic import context
from sqlalchemy import create_engine

import app.store.models  # noqa: F401  (registers every table on Base.metadata)
from app.store.db import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata,
                          render_as_batch=conn.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
        conn.commit()


run_migrations_online()
