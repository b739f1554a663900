"""Consent time and wording version on needs; a match is recorded once per need and item, a
need is referred once per provider (duplicates made before are removed, the first one kept).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNIQUE = {
    "matches": ("need_id", "item_kind", "item_id"),
    "referrals": ("need_id", "service_provider_id"),
}


def _name(table: str) -> str:
    return f"uq_{table}_{'_'.join(UNIQUE[table])}"


def upgrade() -> None:
    # Plain ADD COLUMN: a batch rebuild of `needs` would drop the table, and with SQLite's
    # foreign keys on that cascades into matches and referrals.
    op.add_column("needs", sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("needs", sa.Column("consent_version", sa.String(length=32), nullable=True))
    for table, columns in UNIQUE.items():
        keys = ", ".join(columns)
        # Before the constraint: a GET on matches used to add rows on every call.
        op.execute(f"DELETE FROM {table} WHERE id NOT IN (SELECT MIN(id) FROM {table} GROUP BY {keys})")
        with op.batch_alter_table(table) as batch:
            batch.create_unique_constraint(op.f(_name(table)), list(columns))


def downgrade() -> None:
    for table in reversed(list(UNIQUE)):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(_name(table)), type_="unique")
    op.drop_column("needs", "consent_version")
    op.drop_column("needs", "consent_at")
