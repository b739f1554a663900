"""What a message says beyond the question asked: the fields it fills or corrects, and the one
line that tells the user so ("Noted: Country: Tanzania"). Shared by the opening (action_greet,
action_understand) and the form validator."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from actions.answers import country_name
from actions.parsing import countries, opening
from bot.interview import load_interview

# Fields a message in the middle of the interview may fill besides the one asked: those said
# plainly enough to be safe (problem and scale are taken only from the opening).
LATER_FIELDS = ("org_type", "country", "region", "budget_band", "grid_access", "water_access")
WISHED_NOT_HAD = {"grid_access", "water_access"}


def value_ref(name: str, value: Any, language: str) -> Any:
    field = load_interview()[name]
    if field.kind == "choice":
        return {"$": f"options.{name}.{value}"}
    if field.kind == "multi":
        return [{"$": f"options.{name}.{v}"} for v in value]
    if field.kind == "yes_no":
        return {"$": f"options.yes_no.{'yes' if value else 'no'}"}
    if field.kind == "country":
        return country_name(str(value), language)
    text = str(value)
    return text if len(text) <= 80 else text[:80].rsplit(" ", 1)[0] + "…"


def facts(updates: Mapping[str, Any], language: str) -> list[dict[str, Any]]:
    """ "Label: value" for every interview field in `updates`, in interview order."""
    return [
        {
            "$": "summary_line",
            "label": {"$": f"fields.{name}"},
            "value": value_ref(name, updates[name], language),
        }
        for name in load_interview().names
        if updates.get(name) not in (None, "")
    ]


def later_answers(
    text: str, language: str, current: Mapping[str, Any], asked: str | None, override: bool
) -> dict[str, Any]:
    """Fields the message fills (when still empty) or corrects (when `override`), not `asked`."""
    found = opening.extract(text, language, current.get("country"))
    if asked == "desired_outcome":  # what they want ("a solar borehole") is not what they have
        found = {k: v for k, v in found.items() if k not in WISHED_NOT_HAD}
    updates: dict[str, Any] = {}
    for name in LATER_FIELDS:
        if name == asked or name not in found or found[name] == current.get(name):
            continue
        if current.get(name) in (None, "") or override:
            updates[name] = found[name]
    # A town belongs to its country: keep it only with the country it is in, and ask again for a
    # region that lies in the country just corrected away from.
    if "region" in updates and found.get("country") != updates.get("country", current.get("country")):
        updates.pop("region")
    old_region = str(current.get("region") or "")
    if (
        "country" in updates
        and "region" not in updates
        and countries.place_country(old_region) not in (None, updates["country"])
    ):
        updates["region"] = None
    return updates


def opening_answers(text: str, language: str) -> dict[str, Any]:
    """Everything a first message says, including the problem and the scale."""
    return opening.extract(text, language)
