"""What users do with their needs after the interview (issue 9): information they add, the
follow-up that asks how it went, and the anonymous count of interviews started."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models.base import Base, utcnow


class NeedNote(Base):
    """Free text the user added to a need after submitting it ("my needs" > add information)."""

    __tablename__ = "need_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowUp(Base):
    """One "how did it go?" question, due `FOLLOW_UP_DAYS` after the need was stored.

    state: scheduled (waiting for due_at), sent (played to the user through Rasa), answered,
    stopped (the user asked for no more reminders). Kept in the database rather than as a Rasa
    reminder, which lives only in the memory of the Rasa process that scheduled it."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    due_at: Mapped[datetime] = mapped_column(index=True)
    state: Mapped[str] = mapped_column(String(16), default="scheduled")
    sent_at: Mapped[datetime | None]
    # helped | waiting | stop
    answer: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None]


class InterviewStart(Base):
    """An interview was started: only when, in which language and on which channel, never who,
    so the funnel can start before a need exists without keeping anything about the person."""

    __tablename__ = "interview_starts"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    language: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(32))
