"""validate_need_form: turns each answer into a value, a helpful re-ask, or a move.

Each interview slot takes the whole text of the answer to its question (from_text,
conditioned on requested_slot), so everything the user sends during the interview arrives
here: typed answers, button payloads, "back"/"skip"/"help"/"restart" in any supported
language, empty or huge messages, and media placeholders. A slot set to None is asked again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import answers, understood
from actions.base import BaseAction, media_ref
from actions.language import language_buttons, language_for
from actions.parsing import opening
from actions.set_language import chosen_language
from conversation.interview import Field, load_interview
from conversation.messages import default_catalogue
from conversation.utterances import button, choice_payload, ref

FAILURES_BEFORE_SKIP_OFFER = 2
FAILURES_BEFORE_HELP = 3
# A typed "delete my data" during the interview is taken as that request, not as an answer,
# only when the classifier is this sure; the user still confirms with a button.
PRIVACY_CONFIDENCE = 0.9


class ValidateNeedForm(FormValidationAction):
    def name(self) -> str:
        return "validate_need_form"

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        privacy = self.privacy_request(dispatcher, tracker)
        if privacy is not None:
            return privacy
        slots: dict[str, Any] = tracker.slots_to_validate()
        requested = tracker.get_slot("requested_slot")
        if requested not in slots or requested not in load_interview().names:
            return [SlotSet(name, value) for name, value in slots.items()]
        updates = self.answer(requested, slots[requested], dispatcher, tracker)
        return [SlotSet(name, value) for name, value in updates.items()]

    def privacy_request(
        self, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[EventType] | None:
        """"Delete my data" works at every question, not only between interviews. Asked, the
        confirmation is shown and the question waits; confirmed (the button only: a typed "yes"
        is also an answer to the consent questions), the interview stops and
        action_delete_data runs; declined, the question is asked again."""
        requested = tracker.get_slot("requested_slot")
        intent = tracker.latest_message.get("intent") or {}
        name, confidence = intent.get("name"), float(intent.get("confidence") or 0.0)
        payload, _ = answers.payload(str(tracker.latest_message.get("text") or ""))
        if payload == "delete_confirm":
            return [SlotSet("requested_slot", None), ActiveLoop(None), FollowupAction("action_delete_data")]
        if not requested:
            return None
        if name == "delete_data" and confidence >= PRIVACY_CONFIDENCE:
            dispatcher.utter_message(response="utter_ask_delete", language=BaseAction.language(tracker))
            return [SlotSet(requested, None)]
        if payload == "cancel":
            return [SlotSet(requested, None)]
        return None

    def answer(
        self, name: str, raw: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        interview = load_interview()
        catalogue = default_catalogue()
        field = interview[name]
        text = str(raw or "")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        switch = language_for(tracker)
        lang = switch or BaseAction.language(tracker)
        updates: dict[str, Any] = {"language": switch} if switch else {}

        def say(response: str, **params: Any) -> None:
            # Rendered before the returned slot events apply: name the language explicitly.
            dispatcher.utter_message(response=response, language=lang, **params)

        if intent == "set_language" and (chosen := chosen_language(tracker)):
            lang = chosen
            say("utter_language_set")
            return {name: None, "language": chosen, "language_confirmed": True}
        if intent == "unsupported_media":
            kind = next(tracker.get_latest_entity_values("media_kind"), "unknown")
            say("utter_unsupported_media", media=media_ref(kind))
            return {**updates, name: None}
        if not text.strip():
            say("utter_empty_message")
            return {**updates, name: None}

        move = answers.move(text, lang, catalogue)
        if move == "language":
            say("utter_ask_language", extra_buttons=language_buttons())
            return {**updates, name: None}
        if move == "help":
            say("utter_help_form")
            return {**updates, name: None}
        if move == "restart":
            say("utter_restarted")
            return {**updates, **{n: None for n in interview.names}, "form_failures": 0}
        if move == "back":
            previous = interview.previous(name)
            say("utter_went_back")
            return {**updates, name: None, **({previous: None} if previous else {}), "form_failures": 0}
        if move == "skip":
            if field.skippable:
                return {**updates, name: field.skip, "form_failures": 0}
            say("utter_cannot_skip")
            return {**updates, name: None}

        current = {n: tracker.get_slot(n) for n in interview.names}
        if field.kind == "text":
            return {**updates, **self.text_answer(field, text, lang, current, say, tracker)}
        reading = self.read(field, text, lang, current)
        later = understood.later_answers(
            text, lang, current, name, override=not reading.clear or opening.corrects(text, lang)
        )
        if later:
            say("utter_noted", facts=understood.facts(later, lang))
            updates.update(later)
        if reading.clear:
            updates.update({name: reading.value, "form_failures": 0})
            if name == "consent_store" and reading.value is False:
                # Nothing more is asked: the summary step tells the user their answers are gone.
                updates.update({"consent_share": False, "contact_preference": "same_channel"})
            return updates
        if reading.candidates:
            first, second = (understood.value_ref(name, c, lang) for c in reading.candidates[:2])
            pair = reading.candidates[:2]
            buttons = [button(understood.value_ref(name, c, lang), choice_payload(c)) for c in pair]
            say("utter_did_you_mean", first=first, second=second, extra_buttons=buttons)
            return {**updates, name: None}
        if later:  # the message answered something else: ask this question again, no complaint
            return {**updates, name: None}
        problem = PROBLEMS[field.kind](field)
        return {**updates, **self.reask(field, problem, text, interview.max_chars, say, tracker)}

    def read(self, field: Field, text: str, lang: str, current: dict[str, Any]) -> answers.Reading:
        if len(text) > load_interview().max_chars:
            return answers.NOTHING
        return answers.read(field, text, lang, current.get("country"))

    def text_answer(
        self,
        field: Field,
        text: str,
        lang: str,
        current: dict[str, Any],
        say: Callable[..., None],
        tracker: Tracker,
    ) -> dict[str, Any]:
        """A free-text answer; a message that only corrects an earlier answer is not taken as one."""
        max_chars = load_interview().max_chars
        correcting = opening.corrects(text, lang)
        later = understood.later_answers(text, lang, current, field.name, override=correcting)
        updates: dict[str, Any] = {}
        if later:
            say("utter_noted", facts=understood.facts(later, lang))
            updates.update(later)
        if correcting and any(current.get(n) not in (None, "") for n in later):
            return {**updates, field.name: None}
        cleaned = " ".join(text.split())
        if len(text) > max_chars:
            return {**updates, **self.reask(field, "utter_invalid_text_long", text, max_chars, say, tracker)}
        if len(cleaned) < field.min_chars or not any(c.isalnum() for c in cleaned):
            return {**updates, **self.reask(field, "utter_invalid_text_short", text, max_chars, say, tracker)}
        return {**updates, field.name: cleaned, "form_failures": 0}

    def reask(
        self,
        field: Field,
        problem: str,
        text: str,
        max_chars: int,
        say: Callable[..., None],
        tracker: Tracker,
    ) -> dict[str, Any]:
        failures = int(tracker.get_slot("form_failures") or 0) + 1
        shown = text if len(text) <= 40 else text[:40] + "…"
        choices = [ref(f"options.{field.name}.{o}") for o in field.options]
        say(problem, value=shown, max_chars=max_chars, options=choices)
        if failures >= FAILURES_BEFORE_HELP:
            say("utter_offer_human")
            if field.skippable:
                return {field.name: field.skip, "form_failures": 0}
        elif failures >= FAILURES_BEFORE_SKIP_OFFER:
            say("utter_offer_skip" if field.skippable else "utter_help_form")
        return {field.name: None, "form_failures": failures}


# What to say when an answer cannot be read: each says what kind of answer fits.
PROBLEMS: dict[str, Callable[[Field], str]] = {
    "country": lambda f: "utter_invalid_country",
    "yes_no": lambda f: "utter_invalid_yes_no",
    "multi": lambda f: "utter_invalid_multi",
    "choice": lambda f: "utter_invalid_budget" if f.name == "budget_band" else "utter_invalid_choice",
}
