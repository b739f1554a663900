"""Closed vocabularies shared by the database models, the API schemas and the importer.

Values follow ../shared/reference/need_schema.json where it has an enumeration (the sectors add
food_processing and climate_adaptation to it), and the API contract in docs/architecture.md
otherwise. They are stored as plain strings (not database enum types) so that adding a value
never needs a PostgreSQL ALTER TYPE migration.
"""

from typing import Literal, get_args

from languages import SUPPORTED

Sector = Literal[
    "agriculture_food",
    "forestry_land_use",
    "water_sanitation",
    "energy_generation",
    "energy_efficiency",
    "industry_manufacturing",
    "buildings_construction",
    "transport_mobility",
    "waste_pollution",
    "coastal_marine_fisheries",
    "health",
    "disaster_risk_early_warning",
    "ict_digital",
    "cross_sectoral_policy",
    # Beyond need_schema.json: sectors asked for by the catalogue (issue 8).
    "food_processing",
    "climate_adaptation",
]
OrgType = Literal[
    "sme",
    "farmer_cooperative",
    "individual_farmer",
    "municipality",
    "ngo",
    "university_or_research",
    "government_agency",
    "startup",
    "other",
]
# need_schema.json's channels, plus the names of the Rasa input channels this project runs
# ("socketio" for the web widget, "rest" for the REST API, "cmdline" for `rasa shell`): the
# action server sends the name of the channel the user actually wrote on.
Channel = Literal[
    "web",
    "whatsapp",
    "telegram",
    "sms",
    "ussd",
    "ivr",
    "facebook_messenger",
    "assisted_by_agent",
    "socketio",
    "rest",
    "cmdline",
]
BudgetBand = Literal["<5k", "5k-50k", "50k-250k", "250k-2.5M", ">2.5M"]
GridAccess = Literal["reliable", "unreliable", "none", "unknown"]
WaterAccess = Literal["piped", "borehole_or_well", "surface", "rainfed_only", "unknown"]
SupportSought = Literal["technology", "finance", "training", "ip_legal", "partner"]
ContactPreference = Literal["same_channel", "phone_call", "email", "via_local_intermediary"]
NeedStatus = Literal["submitted", "matched", "referred", "closed"]
# A referral's life: new (recorded), notified (the provider was e-mailed), then the steps of
# the dashboard: submitted, in_review, referred, in_progress, transferred, closed, or declined.
ReferralStatus = Literal[
    "new",
    "notified",
    "submitted",
    "in_review",
    "referred",
    "in_progress",
    "transferred",
    "closed",
    "declined",
]
Readiness = Literal["proven_commercial", "pilot"]
ServiceKind = Literal["ip", "testing", "legal", "intermediary", "broker"]
TrainingFormat = Literal["online", "in_person", "blended"]
ItemKind = Literal["technology", "finance", "training", "service"]
ReasonCode = Literal[
    "concept",
    "words",
    "sector",
    "country",
    "region",
    "global",
    "budget",
    "off_grid",
    "org_type",
    "proven",
    "local",
    "eligible",
    "ticket",
    "language",
]

SECTORS: tuple[str, ...] = get_args(Sector)
ORG_TYPES: tuple[str, ...] = get_args(OrgType)
BUDGET_BANDS: tuple[str, ...] = get_args(BudgetBand)
SERVICE_KINDS: tuple[str, ...] = get_args(ServiceKind)
REFERRAL_STATUSES: tuple[str, ...] = get_args(ReferralStatus)
READINESS_LEVELS: tuple[str, ...] = get_args(Readiness)
TRAINING_FORMATS: tuple[str, ...] = get_args(TrainingFormat)

# USD bounds of each band; the upper bound of the open band is only used for overlap tests.
BUDGET_BAND_USD: dict[str, tuple[int, int]] = {
    "<5k": (0, 5_000),
    "5k-50k": (5_000, 50_000),
    "50k-250k": (50_000, 250_000),
    "250k-2.5M": (250_000, 2_500_000),
    ">2.5M": (2_500_000, 10**12),
}

# Languages the conversation supports (one list, in languages/); the lexicon aims to cover all of them.
LANGUAGES: tuple[str, ...] = SUPPORTED
