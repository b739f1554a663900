"""validate_need_form with real Tracker and CollectingDispatcher objects."""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
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
    slots, said = await validate(
        "problem", "/go_back", {"org_type": "sme", "country": "KE", "region": "Nakuru"}
    )
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
    for text, expected in (
        ("   ", "utter_empty_message"),
        ("x" * 5000, "utter_invalid_text_long"),
        ("😀😀😀", "utter_invalid_text_short"),
    ):
        slots, said = await validate("problem", text, {"org_type": "sme"})
        assert slots["problem"] is None and said == [expected], text


async def test_unknown_country_is_named_in_the_reask() -> None:
    tracker = make_tracker(
        "Narnia",
        {"requested_slot": "country", "country": "Narnia"},
        active_loop="need_form",
        extracted={"country": "Narnia"},
    )
    dispatcher = CollectingDispatcher()
    await ValidateNeedForm().get_validation_events(dispatcher, tracker, DOMAIN)
    assert dispatcher.messages[0]["response"] == "utter_invalid_country"
    assert dispatcher.messages[0]["value"] == "Narnia"


async def test_media_during_the_interview_gets_a_clear_answer() -> None:
    slots, said = await validate(
        "problem",
        '/unsupported_media{"media_kind": "voice"}',
        intent="unsupported_media",
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


async def test_two_plausible_options_are_asked_between_with_two_buttons() -> None:
    tracker = make_tracker(
        "yes",
        {"requested_slot": "grid_access", "grid_access": "yes"},
        active_loop="need_form",
        extracted={"grid_access": "yes"},
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateNeedForm().get_validation_events(dispatcher, tracker, DOMAIN)
    asked = dispatcher.messages[0]
    assert asked["response"] == "utter_did_you_mean"
    assert [b["payload"] for b in asked["extra_buttons"]] == [
        '/choose{"value": "reliable"}',
        '/choose{"value": "unreliable"}',
    ]
    assert {e["name"]: e["value"] for e in events}["grid_access"] is None


async def test_a_later_answer_in_the_same_message_is_kept_and_said() -> None:
    slots, said = await validate("org_type", "we are a farmers cooperative in Kenya")
    assert slots["org_type"] == "farmer_cooperative" and slots["country"] == "KE"
    assert said == ["utter_noted"]


async def test_a_correction_of_an_earlier_answer_fills_that_field_and_asks_again() -> None:
    answered = {"country": "KE", "org_type": "sme"}
    slots, said = await validate("water_access", "actually we are in Tanzania", answered)
    assert slots["country"] == "TZ" and slots["water_access"] is None
    assert said == ["utter_noted"] and "form_failures" not in slots


async def test_a_correction_typed_at_a_free_text_question_is_not_taken_as_the_answer() -> None:
    slots, said = await validate("current_practice", "sorry, we are in Uganda", {"country": "KE"})
    assert slots["country"] == "UG" and slots["current_practice"] is None and said == ["utter_noted"]


async def test_an_answer_that_mentions_an_answered_field_does_not_overwrite_it() -> None:
    slots, said = await validate(
        "problem", "our cooperative in Uganda loses mangoes to rain", {"country": "KE", "org_type": "sme"}
    )
    assert "country" not in slots and "org_type" not in slots and said == []
    assert slots["problem"].startswith("our cooperative")


async def test_the_reask_lists_the_options_and_the_second_miss_offers_to_skip() -> None:
    tracker = make_tracker(
        "banana",
        {"requested_slot": "water_access", "water_access": "banana", "form_failures": 1},
        active_loop="need_form",
        extracted={"water_access": "banana"},
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateNeedForm().get_validation_events(dispatcher, tracker, DOMAIN)
    assert responses(dispatcher) == ["utter_invalid_choice", "utter_offer_skip"]
    assert [o["$"] for o in dispatcher.messages[0]["options"]][:2] == [
        "options.water_access.piped",
        "options.water_access.borehole_or_well",
    ]
    assert {e["name"]: e["value"] for e in events}["form_failures"] == 2


async def test_a_budget_in_local_currency_lands_in_its_band() -> None:
    slots, _ = await validate("budget_band", "20 lakh taka", {"country": "BD"})
    assert slots["budget_band"] == "5k-50k"
    slots, _ = await validate(
        "budget_band",
        "shilingi milioni kumi",
        {"country": "TZ"},
    )
    assert slots["budget_band"] == "<5k"


async def test_a_country_button_from_the_did_you_mean_question_is_taken() -> None:
    slots, _ = await validate("country", '/choose{"value": "NE"}', intent="choose")
    assert slots["country"] == "NE"


async def test_correcting_the_country_asks_again_for_a_town_of_the_old_one() -> None:
    answered = {"country": "KE", "region": "Kisumu", "org_type": "sme"}
    slots, said = await validate("scale", "sorry, we are in Uganda", answered)
    assert slots["country"] == "UG" and slots["region"] is None and slots["scale"] is None


async def privacy(requested: str, text: str, intent: str):
    tracker = make_tracker(
        text,
        {"requested_slot": requested, requested: text},
        intent=intent,
        active_loop="need_form",
        extracted={requested: text},
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateNeedForm().get_validation_events(dispatcher, tracker, DOMAIN)
    return events, responses(dispatcher)


async def test_delete_my_data_during_the_interview_asks_first_and_keeps_the_question() -> None:
    events, said = await privacy("problem", "please delete my data", "delete_data")
    assert said == ["utter_ask_delete"]
    assert events == [SlotSet("problem", None)]


async def test_confirming_deletion_during_the_interview_stops_it_and_deletes() -> None:
    events, said = await privacy("region", "/delete_confirm", "delete_confirm")
    assert said == []
    assert events == [SlotSet("requested_slot", None), ActiveLoop(None), FollowupAction("action_delete_data")]


async def test_a_typed_yes_to_a_consent_question_never_deletes() -> None:
    """Only the button confirms: "yes" read as delete_confirm is still the consent answer."""
    events, _ = await privacy("consent_store", "yes", "delete_confirm")
    assert not any(e.get("event") == "followup" for e in events)
    assert SlotSet("consent_store", True) in events


async def test_declining_deletion_during_the_interview_asks_the_question_again() -> None:
    events, said = await privacy("country", "/cancel", "cancel")
    assert events == [SlotSet("country", None)] and said == []
