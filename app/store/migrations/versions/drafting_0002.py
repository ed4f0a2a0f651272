"""drafting: one outgoing number per (organ, register, year)

Revision ID: drafting_0002
Revises: drafting_0001
Hand-written; SQLite and PostgreSQL.

A unique index on outgoing_documents(organ_key, register, year, number) (ND30-NUM-01/02).
A database that already holds the same number twice cannot get the index: the upgrade stops
and lists the duplicates, so the office decides which document keeps the number (nothing in a
register is renumbered or deleted behind its back).
"""
import sqlalchemy as sa
from alembic import op

revision = "drafting_0002"
down_revision = "drafting_0001"
branch_labels = None
depends_on = None

INDEX = "uq_outgoing_documents_number"
COLUMNS = ["organ_key", "register", "year", "number"]


def upgrade() -> None:
    dup = op.get_bind().execute(sa.text(
        "SELECT organ_key, register, year, number, COUNT(*) FROM outgoing_documents "
        "WHERE number IS NOT NULL GROUP BY organ_key, register, year, number HAVING COUNT(*) > 1 "
        "ORDER BY organ_key, register, year, number")).all()
    if dup:
        listed = "; ".join(f"{o} / {r} / {y}: số {n} ({c} văn bản)" for o, r, y, n, c in dup[:20])
        raise RuntimeError(
            "Sổ văn bản đi có số bị cấp trùng, không tạo được ràng buộc số duy nhất. "
            f"Sửa các văn bản sau rồi chạy lại nâng cấp: {listed}")
    op.create_index(INDEX, "outgoing_documents", COLUMNS, unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="outgoing_documents")
