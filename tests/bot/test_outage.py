"""A turn whose stores are down is answered with "please try again" in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
import redis.exceptions
import sqlalchemy.exc
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import LockError
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.outage import fail_loudly, resilient
from conversation.messages import default_catalogue

CATALOGUE = default_catalogue()
DOMAIN = Domain.from_dict({"slots": {"language": {"type": "text", "mappings": [{"type": "custom"}]}}})


def down_text(language: str) -> str:
    return CATALOGUE.render("utter_service_down", language)["text"]  # type: ignore[index]


@dataclass
class FakeAgent:
    """The two things the wrapper uses: the tracker store and the failing turn."""

    error: BaseException
    tracker_store: Any = field(default_factory=lambda: InMemoryTrackerStore(DOMAIN))

    async def handle_message(self, message: UserMessage) -> list[dict[str, Any]] | None:
        raise self.error


async def turn(agent: FakeAgent, text: str, metadata: dict[str, Any] | None = None) -> list[str]:
    collector = CollectingOutputChannel()
    message = UserMessage(text, collector, "user-1", metadata=metadata)
    handle = resilient(FakeAgent.handle_message, CATALOGUE)  # type: ignore[arg-type]
    assert await handle(agent, message) is None  # type: ignore[arg-type]
    return [m.get("text", "") for m in collector.messages]


@pytest.mark.parametrize(
    "error",
    [
        LockError("Error while acquiring lock."),
        redis.exceptions.ConnectionError("refused"),
        sqlalchemy.exc.OperationalError("SELECT", {}, Exception("server closed the connection")),
    ],
)
async def test_a_store_outage_gets_the_service_down_text(error: BaseException) -> None:
    assert await turn(FakeAgent(error), "Kenya") == [down_text("en")]


async def test_the_language_slot_decides_when_the_tracker_store_answers() -> None:
    agent = FakeAgent(redis.exceptions.ConnectionError("refused"))
    tracker = DialogueStateTracker.from_events("user-1", [SlotSet("language", "fr")], slots=DOMAIN.slots)
    await agent.tracker_store.save(tracker)
    assert await turn(agent, "Kenya") == [down_text("fr")]


async def test_the_channel_hint_then_the_script_decide_when_it_does_not() -> None:
    error = sqlalchemy.exc.OperationalError("SELECT", {}, Exception("refused"))
    agent = FakeAgent(error, tracker_store=None)
    assert await turn(agent, "hello", {"language_hint": "sw"}) == [down_text("sw")]
    assert await turn(agent, "ሰላም እንዴት ናችሁ") == [down_text("am")]


async def test_other_errors_are_not_hidden() -> None:
    with pytest.raises(KeyError):
        await turn(FakeAgent(KeyError("a bug")), "hello")


class BrokenStore(InMemoryTrackerStore):
    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        raise sqlalchemy.exc.OperationalError("SELECT", {}, Exception("connection refused"))

    async def save(self, tracker: DialogueStateTracker) -> None:
        raise sqlalchemy.exc.OperationalError("INSERT", {}, Exception("connection refused"))


async def test_the_agent_tracker_store_raises_instead_of_starting_over_in_memory() -> None:
    create = fail_loudly(Agent._create_tracker_store).__func__
    store = create(BrokenStore(DOMAIN), DOMAIN)
    with pytest.raises(sqlalchemy.exc.OperationalError):
        await store.retrieve("user-1")
    with pytest.raises(sqlalchemy.exc.OperationalError):
        await store.save(DialogueStateTracker("user-1", DOMAIN.slots))
    # Without the wrapper Rasa's store answers "no conversation", and the turn starts over.
    assert await Agent._create_tracker_store(BrokenStore(DOMAIN), DOMAIN).retrieve("user-1") is None
