"""SQLAlchemy 2 typed models. Importing this package registers every table on Base.metadata."""

from knowledge.models.accounts import Account, LoginSession, LoginThrottle
from knowledge.models.base import Base
from knowledge.models.catalogue import (
    CatalogueEntry,
    FinanceOffer,
    Provider,
    ServiceProvider,
    Technology,
    TrainingOffer,
)
from knowledge.models.needs import Match, Need, Referral, ReferralEvent
from knowledge.models.user_steps import FollowUp, InterviewStart, NeedNote

__all__ = [
    "Account",
    "Base",
    "CatalogueEntry",
    "FinanceOffer",
    "FollowUp",
    "InterviewStart",
    "LoginSession",
    "LoginThrottle",
    "Match",
    "Need",
    "NeedNote",
    "Provider",
    "Referral",
    "ReferralEvent",
    "ServiceProvider",
    "Technology",
    "TrainingOffer",
]
