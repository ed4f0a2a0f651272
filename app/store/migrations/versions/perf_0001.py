"""perf: indexes for the officer's task list (scope read as two parts, see tracking.tasks.scoped_parts)

Revision ID: perf_0001
Revises: search_0001

- ix_tasks_unit_due_desc: (unit_id, (due_date IS NULL) DESC, due_date, id) read backwards is the
  "-due_date" order (due_date IS NULL, due_date DESC, id DESC), so the unit part of an officer's
  "latest deadline first" list stops after a page instead of sorting the whole unit.
- ix_tasks_owner_unit_status: (owner_id, unit_id, status, due_date) covers the count of the owner
  part ("given to me outside my unit") without reading the table.
"""
from alembic import op
import sqlalchemy as sa

revision = "perf_0001"
down_revision = "search_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_tasks_unit_due_desc", "tasks",
                    ["unit_id", sa.text("(due_date IS NULL) DESC"), "due_date", "id"])
    op.create_index("ix_tasks_owner_unit_status", "tasks", ["owner_id", "unit_id", "status", "due_date"])


def downgrade() -> None:
    op.drop_index("ix_tasks_owner_unit_status", "tasks")
    op.drop_index("ix_tasks_unit_due_desc", "tasks")
