"""Runs in the bot environment, started by tests/security/test_privacy_conversation.py: replays
conversation turns into the tracker store that an endpoints file configures, the way Rasa's
processor handles a turn (read the tracker, add the turn's events, save once at the end).

    .venv-bot/bin/python -m tests.security.tracker_replay ENDPOINTS < turns.json

with `turns.json` holding `{"sender_id": ..., "turns": [[event, ...], ...]}`.

Events are in Rasa's JSON form, as the action server returns them. Uses only what Rasa offered
before issue 12, so the test can be run against the old code too.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from rasa.core.tracker_store import create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.utils.endpoints import read_endpoint_config

ROOT = Path(__file__).resolve().parents[2]


async def replay(endpoints: str, sender_id: str, turns: list[list[dict[str, Any]]]) -> None:
    domain = Domain.load(str(ROOT / "bot" / "domain"))
    store = create_tracker_store(read_endpoint_config(endpoints, "tracker_store"), domain)
    for turn in turns:
        tracker = await store.get_or_create_tracker(sender_id, append_action_listen=False)
        for event in turn:
            tracker.update(Event.from_parameters(event), domain)
        await store.save(tracker)


def main() -> int:
    payload = json.load(sys.stdin)
    asyncio.run(replay(sys.argv[1], payload["sender_id"], payload["turns"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
