"""A turn that fails because a shared store is down gets a reply, not silence.

When the lock store (Redis) or the tracker store (PostgreSQL) does not answer, Rasa's
`Agent.handle_message` raises, every channel logs the exception, and the user hears nothing.
`install()` (called by `bot.server` before Rasa starts) wraps that method: on such an error the
user gets `utter_service_down` ("please try again") in their language on their channel, and
nothing of the turn is stored, since the turn stopped before it could write (the lock is taken
and the tracker read before anything else; Rasa saves the tracker only at the end of a turn).

Rasa also wraps the tracker store in a `FailSafeTrackerStore`, which on a database error
returns no tracker (the turn then starts the conversation over, as if the user were new) and
saves into process memory (the turn is lost for every other replica). `install()` makes it
re-raise instead, so such a turn ends in the same "please try again".

The language: the channel's hint in the message metadata, else the `language` slot when the
tracker store still answers (Redis down), else the script of the message, else English.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import redis.exceptions
import sqlalchemy.exc
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import LockError
from rasa.core.tracker_store import FailSafeTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain

from conversation.messages import Catalogue, default_catalogue
from languages import normalise_code
from languages.scripts import script_language

logger = logging.getLogger(__name__)

RESPONSE = "utter_service_down"
# A store that refused, dropped or timed out; not a bug in a policy or an action.
OUTAGES: tuple[type[BaseException], ...] = (
    LockError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.DisconnectionError,
    ConnectionError,
    TimeoutError,
)

Handler = Callable[[Agent, UserMessage], Awaitable[list[dict[str, Any]] | None]]


async def user_language(agent: Agent, message: UserMessage) -> str | None:
    metadata = message.metadata or {}
    hint = normalise_code(metadata.get("language_hint") or metadata.get("language"))
    if hint:
        return hint
    try:
        tracker = await agent.tracker_store.retrieve(message.sender_id) if agent.tracker_store else None
    except OUTAGES:
        tracker = None
    slot = normalise_code(tracker.get_slot("language")) if tracker else None
    return slot or script_language(message.text or "")


async def apologise(agent: Agent, message: UserMessage, catalogue: Catalogue) -> None:
    reply = catalogue.render(RESPONSE, await user_language(agent, message))
    if reply is None or message.output_channel is None:
        return
    try:
        await message.output_channel.send_response(message.sender_id, reply)
    except Exception:  # the channel is down too: nothing more can be said
        logger.exception("could not tell the user that the service is down")


def resilient(handle: Handler, catalogue: Catalogue) -> Handler:
    @functools.wraps(handle)
    async def handle_message(agent: Agent, message: UserMessage) -> list[dict[str, Any]] | None:
        try:
            return await handle(agent, message)
        except OUTAGES as error:
            # The error's class only: its text may quote the message or the sender.
            logger.error("turn not handled, a store is unavailable (%s); the user was asked to retry",
                         type(error).__name__)
            await apologise(agent, message, catalogue)
            return None

    handle_message.__wrapped_by_outage__ = True  # type: ignore[attr-defined]
    return handle_message


def reraise(error: Exception) -> None:
    """`FailSafeTrackerStore`'s error callback, called inside its `except`: no fallback."""
    raise error


def fail_loudly(create: Callable[[TrackerStore | None, Domain], TrackerStore]) -> Any:
    @functools.wraps(create)
    def create_tracker_store(store: TrackerStore | None, domain: Domain) -> TrackerStore:
        tracker_store = create(store, domain)
        if isinstance(tracker_store, FailSafeTrackerStore):
            tracker_store._on_tracker_store_error = reraise
        return tracker_store

    return staticmethod(create_tracker_store)


def install(catalogue: Catalogue | None = None) -> None:
    """Wrap `Agent.handle_message` once (every channel reaches the agent through it), and make
    the agent's tracker store raise on a database error instead of falling back to memory."""
    if getattr(Agent.handle_message, "__wrapped_by_outage__", False):
        return
    Agent._create_tracker_store = fail_loudly(Agent._create_tracker_store)  # type: ignore[method-assign]
    Agent.handle_message = resilient(Agent.handle_message, catalogue or default_catalogue())  # type: ignore[method-assign]
