"""When nothing in the catalogue is about the need, the bot says so and offers the partner."""

from __future__ import annotations

from actions.show_matches import ActionShowMatches
from actions.submit_need import ActionSubmitNeed
from tests.actions.factory import responses
from tests.actions.test_need_actions import ANSWERS, run


async def test_nothing_relevant_says_so_once_and_offers_the_partner(knowledge) -> None:
    unknown = {**ANSWERS, "problem": "Zorblex quuxing of our flimflam is too slow.", "current_practice": "",
               "scale": "", "need_title": "Zorblex"}
    slots, _ = await run(ActionSubmitNeed(), slots=unknown)
    reference = slots["need_reference"]
    _, dispatcher = await run(ActionShowMatches(), slots={**unknown, "need_reference": reference})
    assert responses(dispatcher) == ["utter_no_matches"]
