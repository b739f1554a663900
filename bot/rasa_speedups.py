"""Two per-turn costs of Rasa 3.6 that are the same work every time, done once instead.

- Every answer of the action server is checked with `jsonschema.validate(result, schema)`,
  which first checks the schema itself against its meta-schema: about 30 ms on a quiet 2-core
  machine (130 ms when it is busy), two or three times per turn, since every form turn runs two
  custom actions. `install()` checks answers with one validator built once from the same
  schema: the same errors, about 0.1 ms.
- Reading a stored conversation resolves each event's class from its type name by walking
  every subclass of `Event` (30 per event): about half the time spent reading a tracker of a
  hundred events. The class found for a type name is kept.

`bot.server` calls `install()` before Rasa starts; behaviour is unchanged (tests/bot).
"""

from __future__ import annotations

import functools
from typing import Any

from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event

_ORIGINAL_RESOLVE = Event.resolve_by_type
_EVENT_TYPES: dict[str, type[Event]] = {}


@functools.lru_cache(maxsize=1)
def action_result_validator() -> Validator:
    schema = RemoteAction.action_response_format_spec()
    return validator_for(schema)(schema)  # type: ignore[no-any-return]


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result` with the validator built once."""
    # The error `jsonschema.validate` would raise: the best match, not the first one found.
    error = best_match(action_result_validator().iter_errors(result))
    if error is not None:
        # Rasa's own wording, so its logs read the same.
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            "from the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """`Event.resolve_by_type`, remembering what it found (a miss is looked up every time, so
    an event class imported later is still found)."""
    found = _EVENT_TYPES.get(type_name)
    if found is not None:
        return found
    resolved = _ORIGINAL_RESOLVE(type_name, default)
    if resolved is not None and getattr(resolved, "type_name", None) == type_name:
        _EVENT_TYPES[type_name] = resolved
    return resolved


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign,assignment]
