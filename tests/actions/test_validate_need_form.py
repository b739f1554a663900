"""validate_need_form with real Tracker and CollectingDispatcher objects."""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.validate_need_form import ValidateNeedForm
from tests.actions.factory import make_tracker, responses

DOMAIN: dict[str, Any] = {"forms": {"need_form": {"required_slots": []}}, "slots": {}}


async def validate(requested: str, text: str, slots: dict[str, Any] | None = None, **kw: Any):
    tracker = make_tracker(
        text,
        {**(slots or {}), "requested_slot": requested, requested: text},
        active_loop="need_form",
        extracted={requested: text},
        **kw,
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateNeedForm().get_validation_events(dispatcher, tracker, DOMAIN)
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, responses(dispatcher)


async def test_a_valid_choice_is_stored_as_its_code() -> None:
    slots, said = await validate("org_type", '/choose{"value": "ngo"}')
    assert slots["org_type"] == "ngo" and said == []


async def test_an_invalid_choice_is_reasked_and_counted() -> None:
    slots, said = await validate("org_type", "banana")
    assert slots["org_type"] is None and slots["form_failures"] == 1
    assert said == ["utter_invalid_choice"]


async def test_repeated_failure_on_a_skippable_question_offers_help_and_moves_on() -> None:
    slots, said = await validate("budget_band", "abc", {"form_failures": 2})
    assert said == ["utter_invalid_budget", "utter_offer_human"]
    assert slots["budget_band"] == "unknown"


async def test_back_clears_this_and_the_previous_answer() -> None:
    slots, said = await validate("problem", "/go_back", {"org_type": "sme", "country": "KE", "region": "Nakuru"})
    assert slots == {"problem": None, "region": None, "form_failures": 0}
    assert said == ["utter_went_back"]


async def test_skip_stores_the_skip_value_or_refuses() -> None:
    slots, _ = await validate("region", "skip")
    assert slots["region"] == ""
    slots, said = await validate("country", "/skip")
    assert slots["country"] is None and said == ["utter_cannot_skip"]


async def test_restart_clears_everything() -> None:
    slots, said = await validate("scale", "/start_over", {"org_type": "sme", "country": "KE"})
    assert slots["org_type"] is None and slots["country"] is None and said == ["utter_restarted"]


async def test_help_explains_and_asks_again() -> None:
    slots, said = await validate("country", "help")
    assert slots["country"] is None and said == ["utter_help_form"]


async def test_empty_huge_and_emoji_only_answers_are_reasked() -> None:
    for text, expected in (("   ", "utter_empty_message"), ("x" * 5000, "utter_invalid_text_long"),
                           ("😀😀😀", "utter_invalid_text_short")):
        slots, said = await validate("problem", text, {"org_type": "sme"})
        assert slots["problem"] is None and said == [expected], text


async def test_unknown_country_is_named_in_the_reask() -> None:
    tracker = make_tracker(
        "Narnia", {"requested_slot": "country", "country": "Narnia"}, active_loop="need_form",
        extracted={"country": "Narnia"},
    )
    dispatcher = CollectingDispatcher()
    await ValidateNeedForm().get_validation_events(dispatcher, tracker, DOMAIN)
    assert dispatcher.messages[0]["response"] == "utter_invalid_country"
    assert dispatcher.messages[0]["value"] == "Narnia"


async def test_media_during_the_interview_gets_a_clear_answer() -> None:
    slots, said = await validate(
        "problem", '/unsupported_media{"media_kind": "voice"}', intent="unsupported_media",
        entities=[{"entity": "media_kind", "value": "voice"}],
    )
    assert slots["problem"] is None and said == ["utter_unsupported_media"]


async def test_refusing_consent_ends_the_interview_without_more_questions() -> None:
    slots, _ = await validate("consent_store", "no")
    assert slots["consent_store"] is False and slots["consent_share"] is False
    assert slots["contact_preference"] == "same_channel"


async def test_slots_other_than_the_requested_one_pass_through_unchanged() -> None:
    tracker = make_tracker("x", {"requested_slot": None}, extracted={"language": "fr"})
    dispatcher = CollectingDispatcher()
    events = await ValidateNeedForm().get_validation_events(dispatcher, tracker, DOMAIN)
    assert events == [SlotSet("language", "fr")] and dispatcher.messages == []
