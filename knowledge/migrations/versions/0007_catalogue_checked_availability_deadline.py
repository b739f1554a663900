"""Catalogue fields the seed files and partner rows already carry: the date the source was checked
and availability "to_confirm" on every catalogue table; the deadline and application languages of
finance offers.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("technologies", "finance_offers", "training_offers", "service_providers")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("checked", sa.Date(), nullable=True))
        op.add_column(table, sa.Column("availability", sa.String(length=16), nullable=True))
    op.add_column("finance_offers", sa.Column("deadline", sa.String(length=200), nullable=True))
    # Existing rows get an empty list, as new rows do from the model's default.
    op.add_column(
        "finance_offers",
        sa.Column("application_languages", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild would drop and copy the tables that
    # matches and referrals point to.
    op.drop_column("finance_offers", "application_languages")
    op.drop_column("finance_offers", "deadline")
    for table in reversed(TABLES):
        op.drop_column(table, "availability")
        op.drop_column(table, "checked")
