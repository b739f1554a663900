"""Moves recorded webhook payloads in time: their senders' clocks said 2015 or 2023, and the
channels refuse deliveries older than the replay window."""

from __future__ import annotations

import copy
import time
from typing import Any

# Telegram: `date` and `edit_date` (int seconds); WhatsApp: `timestamp` (a string of seconds).
_TIME_KEYS = {"date": int, "edit_date": int, "timestamp": str}


def redated(payload: Any, when: float | None = None) -> Any:
    """A copy of `payload` whose every send time is `when` (default: now)."""
    seconds = int(time.time() if when is None else when)
    result = copy.deepcopy(payload)
    _redate(result, seconds)
    return result


def _redate(node: Any, seconds: int) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            kind = _TIME_KEYS.get(key)
            # Telegram's inaccessible message has date 0 ("unknown"): keep it so.
            if kind is not None and not isinstance(value, (dict, list)) and value not in (0, "0"):
                node[key] = kind(seconds)
            else:
                _redate(value, seconds)
    elif isinstance(node, list):
        for item in node:
            _redate(item, seconds)
