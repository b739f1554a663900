"""Referral workflow: the provider's notification address, the referral's assignee, and the
history of each referral's status changes with their comments.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: batch mode would copy and drop service_providers, which referrals
    # point at (SQLite refuses the drop with foreign keys on).
    op.add_column("service_providers", sa.Column("notify_email", sa.String(length=254), nullable=True))
    with op.batch_alter_table("referrals") as batch:
        batch.add_column(sa.Column("assignee_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_referrals_assignee_id_accounts"),
            "accounts",
            ["assignee_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "referral_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_referral_events_referral_id_referrals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_events")),
    )
    op.create_index(op.f("ix_referral_events_referral_id"), "referral_events", ["referral_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_referral_events_referral_id"), table_name="referral_events")
    op.drop_table("referral_events")
    with op.batch_alter_table("referrals") as batch:
        batch.drop_constraint(op.f("fk_referrals_assignee_id_accounts"), type_="foreignkey")
        batch.drop_column("assignee_id")
    op.drop_column("service_providers", "notify_email")
