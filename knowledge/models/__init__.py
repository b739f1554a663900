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

__all__ = [
    "Account",
    "Base",
    "CatalogueEntry",
    "FinanceOffer",
    "LoginSession",
    "LoginThrottle",
    "Match",
    "Need",
    "Provider",
    "Referral",
    "ReferralEvent",
    "ServiceProvider",
    "Technology",
    "TrainingOffer",
]
