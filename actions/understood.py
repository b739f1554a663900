"""What a message says beyond the question asked: the fields it fills or corrects, and the one
line that tells the user so ("Noted: Country: Tanzania"). Shared by the opening (action_greet,
action_understand) and the form validator."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from actions.answers import answer_ref
from actions.parsing import countries, opening
from conversation.interview import load_interview
from conversation.utterances import ref

# Fields a message in the middle of the interview may fill besides the one asked: those said
# plainly enough to be safe (problem and scale are taken only from the opening).
LATER_FIELDS = ("org_type", "country", "region", "budget_band", "grid_access", "water_access")
WISHED_NOT_HAD = {"grid_access", "water_access"}


def value_ref(name: str, value: Any, language: str) -> Any:
    """The answer as said back to the user; a long text is cut at a word."""
    rendered = answer_ref(name, value, language)
    if not isinstance(rendered, str) or load_interview()[name].kind == "country":
        return rendered
    return rendered if len(rendered) <= 80 else rendered[:80].rsplit(" ", 1)[0] + "…"


def facts(updates: Mapping[str, Any], language: str) -> list[dict[str, Any]]:
    """ "Label: value" for every interview field in `updates`, in interview order."""
    return [
        ref("summary_line", label=ref(f"fields.{name}"), value=value_ref(name, updates[name], language))
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
