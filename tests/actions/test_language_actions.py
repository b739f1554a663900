"""The steadiness rule on real rasa-sdk Trackers: action_settle_language after every message.

Each conversation is replayed as Rasa runs it: the user message (with what the NLU put in it:
a confident ``language_guess``, a ``set_language`` intent, the channel's hint) is appended,
action_settle_language runs, and its SlotSet events are applied before the next message.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.language import language_for, settled_state
from actions.settle_language import ActionSettleLanguage


def user_event(text: str, guess: str | None = None, confidence: float = 0.99, intent: str = "inform",
               chosen: str | None = None, hint: str | None = None) -> dict[str, Any]:
    entities: list[dict[str, Any]] = []
    if guess:
        entities.append({"entity": "language_guess", "value": guess, "confidence_entity": confidence})
    if chosen:
        entities.append({"entity": "language", "value": chosen})
    parse_data = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities}
    return {"event": "user", "text": text, "parse_data": parse_data, "input_channel": "rest",
            "metadata": {"language_hint": hint} if hint else {}}


class Conversation:
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.slots: dict[str, Any] = {"language": "en", "language_confirmed": False}

    def tracker(self) -> Tracker:
        users = [event for event in self.events if event["event"] == "user"]
        latest = users[-1]["parse_data"] if users else {}
        events = list(self.events)
        return Tracker("user-1", dict(self.slots), latest, events, False, None, {}, "action_listen")

    async def says(self, event: dict[str, Any]) -> str:
        self.events.append(event)
        slot_events = await ActionSettleLanguage().run(CollectingDispatcher(), self.tracker(), {})
        for slot_event in slot_events:
            self.slots[slot_event["name"]] = slot_event["value"]
            self.events.append(slot_event)
        # Idempotent: a second look (the form validator's, the greeting's) changes nothing.
        assert language_for(self.tracker()) is None
        return str(self.slots["language"])


async def languages_after(*messages: dict[str, Any]) -> list[str]:
    conversation = Conversation()
    return [await conversation.says(message) for message in messages]


async def test_the_first_message_with_language_sets_it_and_one_other_does_not_switch() -> None:
    assert await languages_after(
        user_event("hi"),
        user_event("Sannu, mu ƙungiyar manoman rogo ne a Najeriya", "ha"),
        user_event("we need water", "en"),
        user_event("Ina son taimako game da ruwan sha", "ha"),
    ) == ["en", "ha", "ha", "ha"]


async def test_two_messages_in_a_row_switch() -> None:
    assert await languages_after(
        user_event("Olá, trabalho numa clínica rural em Moçambique", "pt"),
        user_event("We would rather continue in English now", "en"),
        user_event("The clinic has no electricity at night", "en"),
    ) == ["pt", "pt", "en"]


async def test_a_message_without_language_breaks_the_run() -> None:
    assert await languages_after(
        user_event("Olá, trabalho numa clínica rural em Moçambique", "pt"),
        user_event("menos de 8.000 dólares", "es"),
        user_event("no"),
        user_event("con una bomba solar", "es"),
    ) == ["pt", "pt", "pt", "pt"]


async def test_a_guess_below_the_confidence_bar_counts_as_none() -> None:
    assert await languages_after(
        user_event("bonjour", "fr"),
        user_event("hola amigos", "es", confidence=0.5),
        user_event("necesito ayuda", "es", confidence=0.5),
    ) == ["fr", "fr", "fr"]


async def test_the_channel_hint_sets_it_until_a_message_carries_language() -> None:
    assert await languages_after(
        user_event("/start", intent="start", hint="sw"),
        user_event("ok", hint="sw"),
        user_event("Hello, we are a small family business", "en", hint="sw"),
    ) == ["sw", "sw", "en"]


@pytest.mark.parametrize(
    ("request_event", "language"),
    [
        (user_event('/set_language{"language": "fr"}', intent="set_language", chosen="fr"), "fr"),
        (user_event("in English please", "en"), "en"),
        (user_event("kwa Kiswahili tafadhali", "sw"), "sw"),
        (user_event("da Hausa"), "ha"),
        (user_event("بالعربية من فضلك", "ar"), "ar"),
    ],
)
async def test_a_request_switches_at_once_and_detection_never_undoes_it(
    request_event: dict[str, Any], language: str
) -> None:
    conversation = Conversation()
    await conversation.says(user_event("Bonjour, nous sommes une coopérative", "fr"))
    assert await conversation.says(request_event) == language
    assert conversation.slots["language_confirmed"] is True
    other = "pt" if language != "pt" else "es"
    for _ in range(3):
        assert await conversation.says(user_event("...", other)) == language
    assert settled_state(conversation.tracker()).source == "request"


async def test_a_restart_forgets_the_history() -> None:
    conversation = Conversation()
    await conversation.says(user_event("habari", "sw"))
    conversation.events.append({"event": "restart"})
    conversation.slots = {"language": "en", "language_confirmed": False}
    assert await conversation.says(user_event("bonjour", "fr")) == "fr"


async def test_an_english_hint_is_kept_when_a_later_message_hints_another_language() -> None:
    """A Telegram /start from an English phone, then a voice note whose update says "sw"."""
    assert await languages_after(
        user_event("/start", intent="start", hint="en"),
        user_event("", intent="unsupported_media", hint="sw"),
    ) == ["en", "en"]


async def test_the_first_hint_sets_the_language_when_nothing_was_hinted_before() -> None:
    assert await languages_after(
        user_event("/start", intent="start"),
        user_event("", intent="unsupported_media", hint="sw"),
    ) == ["en", "sw"]


async def test_short_answers_confidently_french_do_not_switch_an_arabic_conversation() -> None:
    assert await languages_after(
        user_event("مرحبا، نحن تعاونية نحل في المغرب ونحتاج مساعدة", guess="ar"),
        user_event("oui", guess="fr"),
        user_event("oui merci", guess="fr"),
        user_event("oui", guess="fr"),
    ) == ["ar", "ar", "ar", "ar"]
    assert await languages_after(
        user_event("مرحبا، نحن تعاونية نحل في المغرب ونحتاج مساعدة", guess="ar"),
        user_event("nous travaillons avec quarante familles de la région", guess="fr"),
        user_event("nous avons une coopérative de miel", guess="fr"),
    ) == ["ar", "ar", "fr"]


async def test_an_arabizi_opening_sets_arabic_even_when_the_detector_says_french() -> None:
    assert await languages_after(
        user_event("salam, 3andi ma3mal sghir f Fes w bghit n7ssen l'emballage", guess="fr"),
        user_event("technologie et financement", guess="fr"),
    ) == ["ar", "ar"]
