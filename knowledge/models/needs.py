"""The needs registry: what users told us, what we showed them and whom we referred them to."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from knowledge.models.accounts import Account
from knowledge.models.base import Base, utcnow
from knowledge.models.catalogue import ServiceProvider


class Need(Base):
    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random (knowledge.registry.references), unique so it can be the public key.
    reference: Mapped[str | None] = mapped_column(String(16), unique=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16))
    org_type: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(120))
    sector: Mapped[str | None] = mapped_column(String(40))
    # The user's own words, in their language.
    problem: Mapped[str] = mapped_column(Text)
    current_practice: Mapped[str | None] = mapped_column(Text)
    desired_outcome: Mapped[str | None] = mapped_column(Text)
    scale: Mapped[str | None] = mapped_column(String(500))
    budget_band: Mapped[str | None] = mapped_column(String(16))
    grid_access: Mapped[str | None] = mapped_column(String(16))
    water_access: Mapped[str | None] = mapped_column(String(20))
    support_sought: Mapped[list[str]] = mapped_column(default=list)
    consent_store: Mapped[bool]
    consent_share: Mapped[bool] = mapped_column(default=False)
    # When the user agreed to storage, and which wording they agreed to.
    consent_at: Mapped[datetime | None]
    consent_version: Mapped[str | None] = mapped_column(String(32))
    contact_preference: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    matches: Mapped[list["Match"]] = relationship(
        back_populates="need", cascade="all, delete-orphan", passive_deletes=True
    )
    referrals: Mapped[list["Referral"]] = relationship(
        back_populates="need", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def text(self) -> str:
        """Everything the user wrote about the need, for concept and BM25 matching."""
        parts = (self.title, self.problem, self.current_practice, self.desired_outcome)
        return "\n".join(p for p in parts if p)


class Match(Base):
    """One catalogue item shown for a need, with the reasons given at the time."""

    __tablename__ = "matches"
    # An item is recorded once per need, however often it is shown: the table stays bounded.
    __table_args__ = (UniqueConstraint("need_id", "item_kind", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    item_kind: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[int]
    rank: Mapped[int]
    score: Mapped[float]
    # [{code, params}] exactly as returned to the bot.
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    shown_at: Mapped[datetime] = mapped_column(default=utcnow)

    need: Mapped[Need] = relationship(back_populates="matches")


class Referral(Base):
    __tablename__ = "referrals"
    # A need is referred to a provider once; asking again returns the first referral.
    __table_args__ = (UniqueConstraint("need_id", "service_provider_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    service_provider_id: Mapped[int] = mapped_column(
        ForeignKey("service_providers.id", ondelete="RESTRICT")
    )
    status: Mapped[str] = mapped_column(String(16), default="new")
    note: Mapped[str | None] = mapped_column(Text)
    # The dashboard account that took the referral on; unassigned until someone does.
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    need: Mapped[Need] = relationship(back_populates="referrals")
    service_provider: Mapped[ServiceProvider] = relationship()
    assignee: Mapped[Account | None] = relationship()
    events: Mapped[list["ReferralEvent"]] = relationship(
        back_populates="referral",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ReferralEvent.id",
    )


class ReferralEvent(Base):
    """One step in a referral's history: its new status, who made the change and why."""

    __tablename__ = "referral_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)
    # A user name, or "system" for automatic steps such as the e-mail notification; kept as
    # text so the history survives the account's removal.
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    referral: Mapped[Referral] = relationship(back_populates="events")
