"""drafting: register counters, outgoing documents, agency templates

Revision ID: drafting_0001
Revises: 0001_base
Hand-written; SQLite and PostgreSQL.
"""
import sqlalchemy as sa
from alembic import op

revision = "drafting_0001"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "register_counters",
        sa.Column("organ", sa.String(200), nullable=False),
        sa.Column("register", sa.String(50), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("organ", "register", "year", name="pk_register_counters"),
    )
    op.create_table(
        "outgoing_documents",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("organ_key", sa.String(200), nullable=False),
        sa.Column("organ_name", sa.String(200), nullable=False),
        sa.Column("register", sa.String(50), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("number_source", sa.String(10), nullable=False),
        sa.Column("notation", sa.String(50), nullable=False),
        sa.Column("document_type", sa.String(30), nullable=False),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("issued_date", sa.Date(), nullable=False),
        sa.Column("type_and_subject", sa.Text(), nullable=False),
        sa.Column("signer", sa.String(200), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=True),
        sa.Column("archive_holder", sa.String(200), nullable=True),
        sa.Column("copies", sa.Integer(), nullable=True),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("receipt_signature", sa.String(200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("input_json", sa.JSON(), nullable=False),
        sa.Column("file_path", sa.String(500), nullable=True),
        sa.Column("template", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_outgoing_documents"),
    )
    op.create_index("ix_outgoing_documents_organ_key", "outgoing_documents", ["organ_key"])
    op.create_index("ix_outgoing_documents_year", "outgoing_documents", ["year"])
    op.create_table(
        "agency_templates",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("document_type", sa.String(30), nullable=False),
        sa.Column("organ_key", sa.String(200), nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("file_path", sa.String(500), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_agency_templates"),
    )
    op.create_index("ix_agency_templates_document_type", "agency_templates", ["document_type"])
    op.create_index("ix_agency_templates_organ_key", "agency_templates", ["organ_key"])


def downgrade() -> None:
    op.drop_table("agency_templates")
    op.drop_table("outgoing_documents")
    op.drop_table("register_counters")
