"""The actions after the interview, with real Trackers against the real knowledge API."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.greet import ActionGreet
from actions.list_needs import ActionListNeeds
from actions.refer import ActionRefer
from actions.show_matches import ActionShowMatches
from actions.show_offers import ActionShowOffers
from actions.show_summary import ActionShowSummary
from actions.submit_need import ActionSubmitNeed
from tests.actions.factory import make_tracker, responses

ANSWERS: dict[str, Any] = {
    "org_type": "farmer_cooperative",
    "country": "KE",
    "region": "Nakuru",
    "problem": "We dry mangoes in the open sun and lose a third to rain and insects.",
    "current_practice": "Drying on mats.",
    "desired_outcome": "",
    "scale": "500 kg a day",
    "budget_band": "5k-50k",
    "grid_access": "none",
    "water_access": "borehole_or_well",
    "support_sought": ["technology", "finance"],
    "consent_store": True,
    "consent_share": True,
    "contact_preference": "same_channel",
}


async def run(action: Any, **tracker_args: Any) -> tuple[dict[str, Any], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, make_tracker(**tracker_args), {})
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher


async def submitted(knowledge) -> str:
    slots, _ = await run(ActionSubmitNeed(), slots={**ANSWERS, "need_title": "Solar drying of mangoes"})
    return slots["need_reference"]


async def test_summary_proposes_a_title_and_lists_every_answer(knowledge) -> None:
    slots, dispatcher = await run(ActionShowSummary(), slots=ANSWERS)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_summary"
    assert slots["need_title"] and len(slots["need_title"]) <= 60
    assert slots["need_sector"] == "agriculture_food"
    labels = [line["label"]["$"] for line in message["summary"]["$lines"]]
    assert "fields.country" in labels and "fields.desired_outcome" not in labels  # skipped: not shown


async def test_summary_without_consent_deletes_the_answers(knowledge) -> None:
    slots, dispatcher = await run(ActionShowSummary(), slots={**ANSWERS, "consent_store": False})
    assert responses(dispatcher) == ["utter_no_consent"]
    assert slots["problem"] is None and slots["country"] is None


async def test_submit_stores_the_need_and_gives_a_reference(knowledge) -> None:
    reference = await submitted(knowledge)
    need = await knowledge.need(reference)
    assert need["org_type"] == "farmer_cooperative" and need["desired_outcome"] is None
    assert need["support_sought"] == ["technology", "finance"] and need["title"] == "Solar drying of mangoes"


async def test_matches_come_three_at_a_time_with_reasons(knowledge) -> None:
    reference = await submitted(knowledge)
    slots, dispatcher = await run(ActionShowMatches(), slots={**ANSWERS, "need_reference": reference})
    items = [m for m in dispatcher.messages if m["response"] == "utter_match_item"]
    assert [i["rank"] for i in items] == [1, 2, 3]
    assert all(i["reasons"] for i in items)
    assert (
        responses(dispatcher)[0] == "utter_matches_intro"
        and responses(dispatcher)[-1] == "utter_after_matches"
    )
    more, dispatcher = await run(ActionShowMatches(), slots={**ANSWERS, "need_reference": reference, **slots})
    assert [m["rank"] for m in dispatcher.messages if m["response"] == "utter_match_item"][0] == 4
    assert more["match_offset"] == 6 and len(more["shown_matches"]) == 6


async def test_offers_list_finance_training_and_services_then_next_steps(knowledge) -> None:
    reference = await submitted(knowledge)
    _, dispatcher = await run(ActionShowOffers(), slots={**ANSWERS, "need_reference": reference})
    said = responses(dispatcher)
    assert said[0] == "utter_finance_intro" and said[-1] == "utter_next_step"
    assert said.count("utter_offer_item") >= 6


async def test_referral_respects_consent(knowledge) -> None:
    reference = await submitted(knowledge)
    _, dispatcher = await run(ActionRefer(), slots={**ANSWERS, "need_reference": reference})
    assert responses(dispatcher) == ["utter_referral_proposed"] and dispatcher.messages[0]["provider"]
    _, dispatcher = await run(
        ActionRefer(), slots={**ANSWERS, "need_reference": reference, "consent_share": False}
    )
    assert responses(dispatcher) == ["utter_referral_no_consent"]


async def test_a_returning_user_is_welcomed_and_sees_their_needs(knowledge) -> None:
    await submitted(knowledge)
    slots, dispatcher = await run(ActionGreet())
    assert slots["returning_user"] is True and dispatcher.messages[0]["count"] == 1
    slots, dispatcher = await run(ActionListNeeds())
    assert responses(dispatcher)[:2] == ["utter_needs_intro", "utter_my_need_item"]
    assert slots["need_reference"].startswith("TN-")


async def test_greeting_follows_the_channel_language_hint(knowledge) -> None:
    slots, dispatcher = await run(ActionGreet(), metadata={"language_hint": "sw"})
    assert slots["language"] == "sw" and dispatcher.messages[0]["language"] == "sw"
    assert slots["returning_user"] is False


@pytest.mark.parametrize(
    "action", [ActionSubmitNeed(), ActionShowMatches(), ActionShowOffers(), ActionListNeeds()]
)
async def test_a_knowledge_api_outage_gets_a_clear_message(knowledge_down, action) -> None:
    _, dispatcher = await run(action, slots={**ANSWERS, "need_reference": "TN-000001"})
    assert responses(dispatcher) in (["utter_save_failed"], ["utter_service_down"])
