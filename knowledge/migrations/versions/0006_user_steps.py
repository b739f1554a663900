"""What users do after the interview: notes added to a need, follow-ups asking how it went, and
the anonymous count of interviews started (the funnel's first step).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _need_column(table: str) -> sa.Column[int]:
    return sa.Column(
        "need_id",
        sa.Integer(),
        sa.ForeignKey("needs.id", name=op.f(f"fk_{table}_need_id_needs"), ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "need_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        _need_column("need_notes"),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need_notes")),
    )
    op.create_index(op.f("ix_need_notes_need_id"), "need_notes", ["need_id"])
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        _need_column("follow_ups"),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer", sa.String(length=16), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
    )
    op.create_index(op.f("ix_follow_ups_need_id"), "follow_ups", ["need_id"])
    op.create_index(op.f("ix_follow_ups_due_at"), "follow_ups", ["due_at"])
    op.create_table(
        "interview_starts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_starts")),
    )
    op.create_index(op.f("ix_interview_starts_started_at"), "interview_starts", ["started_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_interview_starts_started_at"), table_name="interview_starts")
    op.drop_table("interview_starts")
    op.drop_index(op.f("ix_follow_ups_due_at"), table_name="follow_ups")
    op.drop_index(op.f("ix_follow_ups_need_id"), table_name="follow_ups")
    op.drop_table("follow_ups")
    op.drop_index(op.f("ix_need_notes_need_id"), table_name="need_notes")
    op.drop_table("need_notes")
