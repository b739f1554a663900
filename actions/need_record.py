"""The need as the interview collected it: the record sent to the knowledge API and the
summary lines shown to the user (as catalogue references, so the NLG renders them)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Tracker

from actions.answers import answer_ref
from conversation.interview import load_interview
from conversation.limits import TITLE_MAX
from conversation.messages import default_catalogue
from conversation.utterances import lines, ref

REQUIRED = ("org_type", "country", "problem", "support_sought", "consent_store")


def answers_of(tracker: Tracker) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in load_interview().names}


def is_complete(answers: dict[str, Any]) -> bool:
    return all(answers.get(name) not in (None, "") for name in REQUIRED)


def need_payload(tracker: Tracker, channel: str, language: str) -> dict[str, Any]:
    answers = answers_of(tracker)

    def optional(name: str) -> Any:
        return answers.get(name) or None  # "" means skipped

    return {
        "sender_id": tracker.sender_id,
        "channel": channel,
        "language": language,
        "org_type": answers["org_type"],
        "country": answers["country"],
        "region": optional("region"),
        "problem": answers["problem"],
        "current_practice": optional("current_practice"),
        "desired_outcome": optional("desired_outcome"),
        "scale": optional("scale"),
        "budget_band": None if answers.get("budget_band") in (None, "unknown") else answers["budget_band"],
        "grid_access": optional("grid_access"),
        "water_access": optional("water_access"),
        "support_sought": list(answers.get("support_sought") or []),
        "consent_store": bool(answers.get("consent_store")),
        "consent_share": bool(answers.get("consent_share")),
        "consent_at": consent_time(tracker),
        "consent_version": consent_version(language),
        "contact_preference": optional("contact_preference"),
        "title": tracker.get_slot("need_title") or answers["problem"][:TITLE_MAX],
        "sector": tracker.get_slot("need_sector"),
    }


def consent_time(tracker: Tracker) -> str | None:
    """When the user said yes to storing their answers (the time of that slot event), in ISO 8601
    UTC; None when the event is not in the tracker (the knowledge API then records "now")."""
    for event in reversed(tracker.events):
        if (event.get("event") == "slot" and event.get("name") == "consent_store"
                and event.get("value") is True and event.get("timestamp")):
            return datetime.fromtimestamp(float(event["timestamp"]), tz=timezone.utc).isoformat()
    return None


def consent_version(language: str) -> str:
    """Which wording the user agreed to: the language and the locale's `consent_version`."""
    catalogue = default_catalogue()
    language = catalogue.language(language)
    return f"{language}/{catalogue.lookup('consent_version', language)}"


def summary_lines(answers: dict[str, Any], language: str) -> dict[str, Any]:
    """Every answered question as "Label: value", one per line."""
    return lines(
        [
            ref(
                "summary_line",
                label=ref(f"fields.{field.name}"),
                value=answer_ref(field.name, answers[field.name], language),
            )
            for field in load_interview().fields
            if answers.get(field.name) not in (None, "")
        ]
    )
