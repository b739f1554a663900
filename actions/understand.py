from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import understood
from actions.greet import ActionGreet
from actions.language import language_for
from actions.need_record import answers_of

START = "start_interview"


class ActionUnderstand(ActionGreet):
    """A message outside the interview that the classifier could not place (or read as plain
    information) goes through the extractor before any "not understood": as the first message
    it opens the conversation like a greeting; later it fills or corrects the fields it names.
    Sets `start_interview` so the rules start (or resume) the interview, or listen."""

    def name(self) -> str:
        return "action_understand"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[Any]:
        answers = answers_of(tracker)
        started = any(value not in (None, "") for value in answers.values()) or tracker.get_slot(
            "need_reference"
        )
        if not started:
            events = await self.open_conversation(dispatcher, tracker)
            returning = any(e == SlotSet("returning_user", True) for e in events)
            return events + [SlotSet(START, not returning)]
        language = language_for(tracker) or self.language(tracker)
        text = str(tracker.latest_message.get("text") or "")
        later = understood.later_answers(text, language, answers, None, override=True)
        if later and not tracker.get_slot("need_reference"):
            dispatcher.utter_message(
                response="utter_noted", facts=understood.facts(later, language), language=language
            )
            # The form runs again: it asks what is still open, or, when nothing is, ends at once and
            # the summary is shown again with the change.
            return [SlotSet(n, v) for n, v in later.items()] + [SlotSet(START, True)]
        dispatcher.utter_message(response="utter_default", language=language)
        return [SlotSet(START, False)]
