"""Delete my data, what do you know about me, and consent records: real Trackers against the real
knowledge API in process."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

import pytest
import sqlalchemy as sa
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.delete_data import CLEAR_TRANSCRIPT, ActionDeleteData
from actions.my_data import ActionMyData
from actions.refer import ActionRefer
from actions.submit_need import ActionSubmitNeed
from conversation.messages import default_catalogue
from conversation.privacy import FORGET_SLOT
from tests.actions.factory import make_tracker, responses
from tests.actions.test_need_actions import ANSWERS

PHONE = "254712345678"


async def run(action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    return await action.run(dispatcher, tracker, {}), dispatcher


async def submit(sender_id: str = PHONE, title: str = "Solar drying of mangoes", **slots: Any) -> str:
    tracker = make_tracker(sender_id=sender_id, slots={**ANSWERS, "need_title": title, **slots})
    events, _ = await run(ActionSubmitNeed(), tracker)
    return next(e["value"] for e in events if e.get("name") == "need_reference")


def slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def rendered(message: dict[str, Any], language: str) -> str:
    params = {k: v for k, v in message.items() if k not in ("response", "template")}
    return default_catalogue().render(message["response"], language, params)["text"]


async def test_delete_removes_needs_and_referrals_and_marks_the_conversation_for_deletion(knowledge) -> None:
    reference = await submit()
    await submit(title="Cold storage")
    await run(ActionRefer(), make_tracker(sender_id=PHONE, slots={**ANSWERS, "need_reference": reference}))
    other = await submit(sender_id="someone-else")

    events, dispatcher = await run(ActionDeleteData(), make_tracker(sender_id=PHONE, slots=ANSWERS))

    assert responses(dispatcher) == ["utter_deleted"] and dispatcher.messages[0]["count"] == 2
    slots = slot_values(events)
    assert slots[FORGET_SLOT] is True and slots["problem"] is None and slots["returning_user"] is False
    assert await knowledge.sender_data(PHONE) == {"needs": [], "referrals": []}
    assert await knowledge.need(other) is not None


async def test_only_the_web_widget_is_told_to_clear_its_transcript(knowledge) -> None:
    _, web = await run(ActionDeleteData(), make_tracker(sender_id="a" * 32, channel="socketio"))
    assert web.messages[-1]["custom"] == CLEAR_TRANSCRIPT
    for channel in ("rest", "telegram", "whatsapp"):
        _, dispatcher = await run(ActionDeleteData(), make_tracker(sender_id=PHONE, channel=channel))
        assert not [m for m in dispatcher.messages if m.get("custom")], channel


async def test_nothing_is_forgotten_when_the_knowledge_api_is_down(knowledge_down) -> None:
    events, dispatcher = await run(ActionDeleteData(), make_tracker(sender_id=PHONE))
    assert events == [] and responses(dispatcher) == ["utter_service_down"]


async def test_what_do_you_know_about_me_lists_everything_in_the_users_language(
    knowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONVERSATION_RETENTION_DAYS", raising=False)
    reference = await submit()
    await run(ActionRefer(), make_tracker(sender_id=PHONE, slots={**ANSWERS, "need_reference": reference}))
    await submit(sender_id="someone-else", title="Not mine")

    _, dispatcher = await run(ActionMyData(), make_tracker(sender_id=PHONE, slots={"language": "fr"}))
    assert responses(dispatcher) == ["utter_my_data"]
    text = rendered(dispatcher.messages[0], "fr")
    today = datetime.now(timezone.utc).date().isoformat()
    assert "Langue : Français" in text
    assert f"- {reference}: Solar drying of mangoes (" in text and today in text
    assert f"- {reference} → " in text  # the referral, with the partner's name
    assert "Not mine" not in text
    assert "gardée jusqu'à ce que vous la supprimiez" in text and "supprimer mes données" in text


async def test_what_do_you_know_about_me_with_nothing_stored_and_a_retention_period(
    knowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "30")
    _, dispatcher = await run(ActionMyData(), make_tracker(sender_id="nobody", slots={"language": "sw"}))
    text = rendered(dispatcher.messages[0], "sw")
    assert "Lugha: Kiswahili" in text and text.count("- hakuna") == 2
    assert "yanahifadhiwa siku 30, kisha yanafutwa" in text


async def test_what_do_you_know_about_me_when_the_knowledge_api_is_down(knowledge_down) -> None:
    _, dispatcher = await run(ActionMyData(), make_tracker(sender_id=PHONE))
    assert responses(dispatcher) == ["utter_service_down"]


async def test_consent_is_stored_with_its_time_and_wording_version(knowledge, settings) -> None:
    consented = time.time() - 120
    tracker = make_tracker(sender_id=PHONE, slots={**ANSWERS, "language": "fr", "need_title": "Séchage"})
    tracker.events.append({"event": "slot", "name": "consent_store", "value": True, "timestamp": consented})
    tracker.events.append({"event": "slot", "name": "consent_share", "value": True, "timestamp": time.time()})
    events, _ = await run(ActionSubmitNeed(), tracker)
    reference = slot_values(events)["need_reference"]

    engine = sa.create_engine(settings.knowledge_database_url)
    with engine.connect() as db:
        row = db.execute(
            sa.text("SELECT consent_at, consent_version FROM needs WHERE reference = :r"), {"r": reference}
        ).one()
    engine.dispose()
    stored_at = row.consent_at
    if not isinstance(stored_at, datetime):
        stored_at = datetime.fromisoformat(stored_at)
    if stored_at.tzinfo is None:
        stored_at = stored_at.replace(tzinfo=timezone.utc)
    assert abs(stored_at.timestamp() - consented) < 1
    assert row.consent_version == f"fr/{default_catalogue().lookup('consent_version', 'fr')}"
