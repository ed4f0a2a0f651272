"""search: full-text indexes over the folded search_text, composite indexes for the task list

Revision ID: search_0001
Revises: office_0001

SQLite: FTS5 trigram tables (external content) + triggers that keep them in sync.
PostgreSQL: pg_trgm GIN indexes (LIKE '%word%' uses them).
Both: composite indexes matching the task list's filters and its due-date order
(`due_date IS NULL, due_date, id`, see app.tracking.tasks.SORTS).
"""
from alembic import op
import sqlalchemy as sa

revision = "search_0001"
down_revision = "office_0001"
branch_labels = None
depends_on = None

SEARCHED = ("dispatches", "tasks")

# name -> columns/expressions; due order = (due_date IS NULL), due_date, id
TASK_INDEXES = {
    "ix_tasks_due_order": [sa.text("(due_date IS NULL)"), "due_date", "id"],
    "ix_tasks_unit_due_order": ["unit_id", sa.text("(due_date IS NULL)"), "due_date", "id"],
    "ix_tasks_owner_due_order": ["owner_id", sa.text("(due_date IS NULL)"), "due_date", "id"],
    "ix_tasks_status_due_order": ["status", sa.text("(due_date IS NULL)"), "due_date", "id"],
    "ix_tasks_unit_status_due": ["unit_id", "status", "due_date"],
}


def _sqlite_fts(table: str) -> list[str]:
    fts = f"{table}_fts"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{table}', content_rowid='id', "
        f"tokenize='trigram')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF search_text ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in SEARCHED:
            for stmt in _sqlite_fts(table):
                op.execute(stmt)
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table in SEARCHED:
            op.execute(f"CREATE INDEX ix_{table}_search_trgm ON {table} USING gin (search_text gin_trgm_ops)")
    for name, cols in TASK_INDEXES.items():
        op.create_index(name, "tasks", cols)
    op.create_index("ix_dispatches_status_id", "dispatches", ["status", "id"])


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.drop_index("ix_dispatches_status_id", "dispatches")
    for name in TASK_INDEXES:
        op.drop_index(name, "tasks")
    if dialect == "sqlite":
        for table in SEARCHED:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
    elif dialect == "postgresql":
        for table in SEARCHED:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_trgm")
