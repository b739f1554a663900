"""What "my needs" says about each need: its status and the next step, as catalogue references
the NLG renders in the user's language, and the buttons of a need's own steps."""

from __future__ import annotations

import json
from typing import Any

from conversation.utterances import ref

# A referral in one of these waits for the partner to act.
WAITING = ("new", "notified", "submitted", "in_review", "referred")
NEXT_BY_REFERRAL = {
    "in_progress": "working",
    "transferred": "done",
    "closed": "closed",
    "declined": "declined",
}


def status_ref(need: dict[str, Any]) -> dict[str, str]:
    """The referral's status when there is one (it says more), else the need's."""
    if need.get("referral_status") and need["status"] != "closed":
        return ref(f"referral_status.{need['referral_status']}")
    return ref(f"status.{need['status']}")


def next_step_ref(need: dict[str, Any]) -> dict[str, Any]:
    provider = (need.get("provider") or {}).get("name") or ""
    referral = need.get("referral_status")
    if need["status"] == "closed":
        step = "closed"
    elif referral is None:
        step = "share" if need.get("consent_share") else "no_share"
    else:
        step = "waiting" if referral in WAITING else NEXT_BY_REFERRAL.get(referral, "waiting")
    return ref(f"need_steps.next.{step}", provider=provider, button=ref("buttons.refer"))


def payload(intent: str, **entities: str) -> str:
    """A button payload that plays `intent` with entities, bypassing the classifier."""
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}"


def step_button(name: str, intent: str, **entities: str) -> dict[str, Any]:
    return {"title": ref(f"need_steps.buttons.{name}"), "payload": payload(intent, **entities)}


def need_buttons(need: dict[str, Any]) -> list[dict[str, Any]]:
    """Add information and withdraw, for a need that is still open."""
    if need["status"] == "closed":
        return []
    reference = need["reference"]
    return [
        step_button("add_info", "add_need_info", need_reference=reference),
        step_button("withdraw", "withdraw_need", need_reference=reference),
    ]


def chosen_reference(tracker: Any) -> str | None:
    """The need a button named, else the one the conversation is about."""
    named = next(tracker.get_latest_entity_values("need_reference"), None)
    return str(named or tracker.get_slot("need_reference") or "") or None
