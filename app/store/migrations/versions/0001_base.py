"""Base revision: every component's first migration revises this one.

Revision ID: 0001_base
"""
revision = "0001_base"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
