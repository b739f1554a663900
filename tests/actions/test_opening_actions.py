"""Openings: action_greet and action_understand keep what the first message says, say it back in
one line, and never answer a message with content "not understood"."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.greet import ActionGreet
from actions.understand import ActionUnderstand
from conversation.messages import default_catalogue
from tests.actions.factory import make_tracker, responses


async def run(action: Any, text: str, **tracker_args: Any) -> tuple[dict[str, Any], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, make_tracker(text, **tracker_args), {})
    slots: dict[str, Any] = {}
    for event in events:  # later events win, as in Rasa
        if event["event"] == "slot":
            slots[event["name"]] = event["value"]
    return slots, dispatcher


async def test_a_greeting_with_content_keeps_it_and_says_it_back(knowledge) -> None:
    slots, dispatcher = await run(
        ActionGreet(),
        "Habari, sisi ni kikundi cha wakulima Kenya, hatuna umeme, tunahitaji msaada wa kukausha maembe",
        slots={"language": "sw"},
    )
    assert responses(dispatcher) == ["utter_greet", "utter_understood"]
    assert (
        slots["org_type"] == "farmer_cooperative"
        and slots["country"] == "KE"
        and slots["grid_access"] == "none"
    )
    assert "kukausha maembe" in slots["problem"] and slots["region"] is None
    facts = dispatcher.messages[1]["facts"]
    rendered = default_catalogue().text("responses.utter_understood.text", "sw", facts=facts)
    assert rendered.startswith("Nimeelewa:") and "Kenya" in rendered and "Kikundi cha wakulima" in rendered


async def test_a_plain_greeting_says_nothing_more(knowledge) -> None:
    slots, dispatcher = await run(ActionGreet(), "hello")
    assert responses(dispatcher) == ["utter_greet"] and slots["org_type"] is None


async def test_an_unplaced_first_message_opens_the_conversation(knowledge) -> None:
    slots, dispatcher = await run(
        ActionUnderstand(), "ina kwana, ni manomi ne a Kano", slots={"language": "ha"}, intent="nlu_fallback"
    )
    assert responses(dispatcher) == ["utter_greet", "utter_understood"]
    assert slots["start_interview"] is True and slots["country"] == "NG" and slots["region"] == "Kano"


async def test_even_an_unreadable_first_message_is_greeted_not_refused(knowledge) -> None:
    slots, dispatcher = await run(ActionUnderstand(), "asdfgh", intent="nlu_fallback")
    assert responses(dispatcher) == ["utter_greet"] and slots["start_interview"] is True


async def test_a_correction_after_the_interview_changes_that_field(knowledge) -> None:
    answered = {"org_type": "sme", "country": "KE", "problem": "We dry mangoes and lose many to rain."}
    slots, dispatcher = await run(
        ActionUnderstand(), "actually we are in Tanzania", slots=answered, intent="nlu_fallback"
    )
    assert responses(dispatcher) == ["utter_noted"] and slots["country"] == "TZ"
    assert slots["start_interview"] is True  # the form runs again: open questions, or the summary again


async def test_nothing_new_after_the_interview_gets_the_help_line(knowledge) -> None:
    answered = {"org_type": "sme", "country": "KE", "problem": "We dry mangoes and lose many to rain."}
    slots, dispatcher = await run(ActionUnderstand(), "blorp", slots=answered, intent="nlu_fallback")
    assert responses(dispatcher) == ["utter_default"] and slots == {"start_interview": False}


async def test_a_returning_user_who_tells_a_new_problem_starts_a_new_need(knowledge) -> None:
    from tests.actions.test_need_actions import submitted

    await submitted(knowledge)
    slots, dispatcher = await run(
        ActionGreet(), "hello again, now our borehole pump is broken and we need help to repair it"
    )
    assert responses(dispatcher) == ["utter_welcome_back", "utter_understood"]
    assert slots["returning_user"] is False and "borehole pump" in slots["problem"]
