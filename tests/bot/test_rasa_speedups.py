"""The speed-ups change no behaviour: same checks of action answers, same event classes."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

from bot.rasa_speedups import resolve_by_type, validate_action_result

GOOD = {"events": [{"event": "slot", "name": "country", "value": "KE"}], "responses": [{"text": "hi"}]}
BAD = [
    {"events": "not a list"},
    {"events": [{"name": "country"}]},  # an event without its type
    {"responses": [{"text": 3}], "events": [{"event": 7}]},
]


def original_verdict(result: dict) -> str | None:
    try:
        jsonschema.validate(result, RemoteAction.action_response_format_spec())
    except jsonschema.ValidationError as error:
        return error.message
    return None


def test_valid_answers_pass() -> None:
    assert validate_action_result(RemoteAction("action_x", None), GOOD) is True


@pytest.mark.parametrize("result", BAD)
def test_invalid_answers_fail_as_before(result: dict) -> None:
    expected = original_verdict(result)
    assert expected is not None
    with pytest.raises(jsonschema.ValidationError) as raised:
        validate_action_result(RemoteAction("action_x", None), result)
    assert raised.value.message.startswith(expected + ". Failed to validate Action server response")


def test_every_event_type_resolves_to_the_same_class() -> None:
    for cls in all_subclasses(Event):
        assert resolve_by_type(cls.type_name) is Event.resolve_by_type(cls.type_name)
    assert resolve_by_type("slot") is SlotSet and resolve_by_type("user") is UserUttered
    assert resolve_by_type("action") is ActionExecuted


def test_unknown_types_are_not_remembered() -> None:
    with pytest.raises(ValueError):
        resolve_by_type("no_such_event")
    assert resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    assert resolve_by_type("topic") is None
    with pytest.raises(ValueError):
        resolve_by_type("no_such_event")
