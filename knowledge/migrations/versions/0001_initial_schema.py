"""Initial schema: catalogue (providers, technologies, finance and training offers, service
providers) and needs registry (needs, matches, referrals).

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CATALOGUE_TABLES = ("technologies", "finance_offers", "training_offers", "service_providers")


def _timestamp(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _catalogue_columns(table: str) -> list[sa.Column[Any] | sa.Constraint]:
    """Columns of knowledge.models.catalogue.CatalogueEntry, shared by the four tables."""
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("translations", sa.JSON(), nullable=False),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("concepts", sa.JSON(), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("source", "external_id", name=op.f(f"uq_{table}_source_external_id")),
    ]


def upgrade() -> None:
    op.create_table(
        "providers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_providers")),
        sa.UniqueConstraint("source", "external_id", name=op.f("uq_providers_source_external_id")),
    )
    op.create_table(
        "technologies",
        *_catalogue_columns("technologies"),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("cost_min_usd", sa.Integer(), nullable=True),
        sa.Column("cost_max_usd", sa.Integer(), nullable=True),
        sa.Column("needs_grid", sa.Boolean(), nullable=False),
        sa.Column("readiness", sa.String(length=32), nullable=False),
        sa.Column("org_types", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
            name=op.f("fk_technologies_provider_id_providers"),
            ondelete="SET NULL",
        ),
    )
    op.create_table(
        "finance_offers",
        *_catalogue_columns("finance_offers"),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("instruments", sa.JSON(), nullable=False),
        sa.Column("amount_min_usd", sa.Integer(), nullable=True),
        sa.Column("amount_max_usd", sa.Integer(), nullable=True),
        sa.Column("eligible_org_types", sa.JSON(), nullable=False),
        sa.Column("how_to_apply", sa.Text(), nullable=True),
    )
    op.create_table(
        "training_offers",
        *_catalogue_columns("training_offers"),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("free", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "service_providers",
        *_catalogue_columns("service_providers"),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("based_in", sa.String(length=2), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("contact_url", sa.String(length=500), nullable=True),
    )
    op.create_table(
        "needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=True),
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("org_type", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=True),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("current_practice", sa.Text(), nullable=True),
        sa.Column("desired_outcome", sa.Text(), nullable=True),
        sa.Column("scale", sa.String(length=500), nullable=True),
        sa.Column("budget_band", sa.String(length=16), nullable=True),
        sa.Column("grid_access", sa.String(length=16), nullable=True),
        sa.Column("water_access", sa.String(length=20), nullable=True),
        sa.Column("support_sought", sa.JSON(), nullable=False),
        sa.Column("consent_store", sa.Boolean(), nullable=False),
        sa.Column("consent_share", sa.Boolean(), nullable=False),
        sa.Column("contact_preference", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs")),
        sa.UniqueConstraint("reference", name=op.f("uq_needs_reference")),
    )
    op.create_index(op.f("ix_needs_sender_id"), "needs", ["sender_id"])
    op.create_table(
        "matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("item_kind", sa.String(length=16), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        _timestamp("shown_at"),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_matches_need_id_needs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matches")),
    )
    op.create_index(op.f("ix_matches_need_id"), "matches", ["need_id"])
    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("service_provider_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        _timestamp("created_at"),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_referrals_need_id_needs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["service_provider_id"],
            ["service_providers.id"],
            name=op.f("fk_referrals_service_provider_id_service_providers"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    op.create_index(op.f("ix_referrals_need_id"), "referrals", ["need_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_referrals_need_id"), table_name="referrals")
    op.drop_table("referrals")
    op.drop_index(op.f("ix_matches_need_id"), table_name="matches")
    op.drop_table("matches")
    op.drop_index(op.f("ix_needs_sender_id"), table_name="needs")
    op.drop_table("needs")
    for table in reversed(CATALOGUE_TABLES):
        op.drop_table(table)
    op.drop_table("providers")
