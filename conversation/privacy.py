"""What the conversation side of privacy shares between the Rasa process and the action server.

Pure Python, imported by both environments: the tracker store (`bot.tracker_store`) and the
actions that delete or list a user's data must agree on the marker slot and on the retention
setting.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

#: Set to true by `action_delete_data` once the knowledge API has deleted the user's records.
#: The tracker store then deletes the whole conversation and stores nothing of that turn, so
#: the slot itself is never written to the database.
FORGET_SLOT = "conversation_forgotten"

RETENTION_VARIABLE = "CONVERSATION_RETENTION_DAYS"


class RetentionSettingError(ValueError):
    """`CONVERSATION_RETENTION_DAYS` is set to something that is not a positive whole number."""


def retention_days(environ: Mapping[str, str] | None = None) -> int | None:
    """Days a conversation event is kept, or None (unset or empty) to keep it until deleted."""
    environ = os.environ if environ is None else environ
    raw = environ.get(RETENTION_VARIABLE, "").strip()
    if not raw:
        return None
    try:
        days = int(raw)
    except ValueError:
        days = 0
    if days < 1:
        raise RetentionSettingError(
            f"{RETENTION_VARIABLE} must be a whole number of days, 1 or more (or unset to keep "
            f"conversations until the user deletes them); got {raw!r}"
        )
    return days
