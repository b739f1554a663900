"""Catalogue tables: an index on updated_at, so that each process can read the catalogue's
version (latest update, highest id) without scanning the table (knowledge.search).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("technologies", "finance_offers", "training_offers", "service_providers")


def upgrade() -> None:
    for table in TABLES:
        op.create_index(op.f(f"ix_{table}_updated_at"), table, ["updated_at"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(op.f(f"ix_{table}_updated_at"), table_name=table)
