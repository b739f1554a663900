"""The short actions: editing one field, languages, media, later, summary, deletion."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.ask_edit_field import ActionAskEditField
from actions.ask_language import ActionAskLanguage
from actions.delete_data import ActionDeleteData
from actions.later import ActionLater
from actions.reset_field import ActionResetField
from actions.send_summary import ActionSendSummary
from actions.set_language import ActionSetLanguage
from actions.start_need import ActionStartNeed
from actions.submit_need import ActionSubmitNeed
from actions.unsupported_media import ActionUnsupportedMedia
from conversation.interview import load_interview
from tests.actions.factory import make_tracker, responses
from tests.actions.test_need_actions import ANSWERS


async def run(action: Any, **tracker_args: Any) -> tuple[dict[str, Any], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, make_tracker(**tracker_args), {})
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher


async def test_every_question_but_consent_can_be_changed() -> None:
    _, dispatcher = await run(ActionAskEditField())
    payloads = [b["payload"] for b in dispatcher.messages[0]["extra_buttons"]]
    assert len(payloads) == len(load_interview().names) - 1
    assert '/edit_field{"field": "country"}' in payloads
    assert not any("consent_store" in p for p in payloads)


async def test_reset_field_empties_only_that_field() -> None:
    slots, _ = await run(ActionResetField(), entities=[{"entity": "field", "value": "region"}], slots=ANSWERS)
    assert slots == {"region": None}
    slots, _ = await run(ActionResetField(), entities=[{"entity": "field", "value": "password"}])
    assert slots == {}


async def test_start_need_clears_every_answer() -> None:
    slots, _ = await run(ActionStartNeed(), slots=ANSWERS)
    assert all(slots[name] is None for name in load_interview().names)
    assert slots["match_offset"] == 0


async def test_language_buttons_name_each_language_in_itself() -> None:
    _, dispatcher = await run(ActionAskLanguage())
    titles = [b["title"] for b in dispatcher.messages[0]["extra_buttons"]]
    assert {"English", "Français", "Kiswahili", "العربية", "Hausa", "አማርኛ"} <= set(titles)
    assert len(titles) == 8


async def test_a_tapped_language_is_set_and_confirmed_in_that_language() -> None:
    slots, dispatcher = await run(ActionSetLanguage(), entities=[{"entity": "language", "value": "pt-BR"}])
    assert slots == {"language": "pt", "language_confirmed": True}
    assert dispatcher.messages[0]["language"] == "pt"
    slots, dispatcher = await run(ActionSetLanguage(), entities=[{"entity": "language", "value": "tlh"}])
    assert slots == {} and responses(dispatcher) == ["utter_default"]


async def test_media_kinds_from_the_connectors_map_to_messages() -> None:
    for kind, key in (
        ("voice", "media.voice"),
        ("image", "media.image"),  # Telegram's "photo" is already "image" (connectors)
        ("contact", "media.contacts"),
        ("hologram", "media.unknown"),
    ):
        _, dispatcher = await run(
            ActionUnsupportedMedia(), entities=[{"entity": "media_kind", "value": kind}]
        )
        assert dispatcher.messages[0]["media"] == {"$": key}


async def test_later_gives_the_reference_or_says_goodbye() -> None:
    _, dispatcher = await run(ActionLater(), slots={"need_reference": "TN-000007"})
    assert responses(dispatcher) == ["utter_later"] and dispatcher.messages[0]["reference"] == "TN-000007"
    _, dispatcher = await run(ActionLater())
    assert responses(dispatcher) == ["utter_goodbye"]


async def test_summary_of_everything(knowledge) -> None:
    submitted, _ = await run(ActionSubmitNeed(), slots=ANSWERS)
    reference = submitted["need_reference"]
    _, dispatcher = await run(
        ActionSendSummary(),
        slots={
            **ANSWERS,
            "need_reference": reference,
            "need_title": "Mango drying",
            "shown_matches": ["A", "B"],
        },
    )
    summary = dispatcher.messages[0]
    assert summary["response"] == "utter_full_summary" and summary["matches"] == ["A", "B"]
    assert summary["status"] == {"$": "status.submitted"} and summary["title"] == "Mango drying"


async def test_delete_removes_every_need_of_the_user(knowledge) -> None:
    await run(ActionSubmitNeed(), slots=ANSWERS)
    await run(ActionSubmitNeed(), slots=ANSWERS)
    slots, dispatcher = await run(ActionDeleteData())
    assert dispatcher.messages[0]["count"] == 2 and slots["returning_user"] is False
    assert await knowledge.needs_of("user-1") == []
