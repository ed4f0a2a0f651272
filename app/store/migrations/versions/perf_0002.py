"""perf: newest-first walks of an officer's scope for search (PostgreSQL)

Revision ID: perf_0002
Revises: perf_0001

Search reads the newest rows of the scope first (app.tracking.search._newest_ids_by_window):
`unit_id = mine ORDER BY id DESC` and `owner_id = me ORDER BY id DESC` need (unit_id, id) and
(owner_id, id). SQLite has them already: a single-column index there ends with the rowid (= id).
"""
from alembic import op

revision = "perf_0002"
down_revision = "perf_0001"
branch_labels = None
depends_on = None

INDEXES = {"ix_tasks_unit_newest": ["unit_id", "id"], "ix_tasks_owner_newest": ["owner_id", "id"]}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, cols in INDEXES.items():
        op.create_index(name, "tasks", cols)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.drop_index(name, "tasks")
