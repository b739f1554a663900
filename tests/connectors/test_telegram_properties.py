"""Properties of the Telegram channel's pure parts, on generated updates and texts: the
translator returns a well-formed turn or a reason to ignore, and never raises; the webhook
handler never raises whatever authenticated JSON arrives; replies are split within
Telegram's limits without losing or reordering text."""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Bot, Update

from connectors.dedup import MemoryDeduplicator, Outcome
from connectors.inbound import Ignored, IncomingMessage, clean_text
from connectors.replies import parse_buttons, utf16_length
from connectors.telegram import TelegramInput
from connectors.telegram.settings import TelegramSettings
from connectors.telegram.translate import (
    MAX_CALLBACK_DATA_BYTES,
    MAX_MESSAGE_LENGTH,
    CallbackDataRegistry,
    TelegramInbound,
    render_text,
    translate_update,
)
from tests.fakes.strategies import json_values, telegram_updates, texts

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BOT = Bot("123456:TEST-token")


def assert_well_formed(message: IncomingMessage) -> None:
    """What Rasa and the tracker store can take: non-empty UTF-8 text, a sender, JSON metadata."""
    assert message.channel == "telegram"
    assert isinstance(message.text, str) and message.text.strip()
    message.text.encode("utf-8")  # no lone surrogate left
    assert isinstance(message.sender_id, str) and message.sender_id
    json.dumps(message.rasa_metadata(), ensure_ascii=False, allow_nan=False).encode("utf-8")
    assert message.sent_at is None or math.isfinite(message.sent_at)


def build(payload: dict[str, Any]) -> Update | None:
    """PTB's own parsing, as the channel does it; None for a shape PTB refuses (the channel
    acknowledges and drops those, see test_handler_never_raises)."""
    try:
        return Update.de_json(payload, BOT)
    except Exception:  # noqa: BLE001
        return None


@BOUNDED
@given(payload=telegram_updates())
def test_translator_returns_a_turn_or_a_reason(payload: dict[str, Any]) -> None:
    update = build(payload)
    if update is None:
        return
    result = translate_update(update, CallbackDataRegistry())
    if isinstance(result, Ignored):
        assert result.reason
    else:
        assert isinstance(result, TelegramInbound)
        assert_well_formed(result.message)


class SilentSender:
    """The channel's sender without a network: the handler's own logic is under test."""

    def __init__(self) -> None:
        self._bot = BOT

    def bot(self) -> Bot:
        return self._bot

    async def answer_callback_query(self, callback_query_id: str) -> bool:
        return True

    async def close(self) -> None:
        return None


@BOUNDED
@given(payload=st.one_of(telegram_updates(), json_values().map(lambda v: {"update_id": 1, "message": v})))
def test_handler_never_raises(payload: dict[str, Any]) -> None:
    settings_ = TelegramSettings(token="123456:TEST-token", secret_token="s")
    channel = TelegramInput(settings_, sender=SilentSender(), deduplicator=MemoryDeduplicator())  # type: ignore[arg-type]
    received: list[Any] = []

    async def rasa(message: Any) -> None:
        assert_well_formed_user_message(message)
        received.append(message)

    outcome = asyncio.run(channel.handle_payload(payload, rasa))
    assert isinstance(outcome, Outcome) and not outcome.retry
    assert len(received) <= 1


def assert_well_formed_user_message(message: Any) -> None:
    assert isinstance(message.text, str) and message.text.strip()
    message.text.encode("utf-8")
    json.dumps(message.metadata, ensure_ascii=False).encode("utf-8")


@BOUNDED
@given(
    text=texts(),
    buttons=st.lists(st.tuples(texts(20), texts(40)), max_size=12),
)
def test_rendered_replies_respect_telegrams_limits_and_keep_the_text(
    text: str, buttons: list[tuple[str, str]]
) -> None:
    registry = CallbackDataRegistry()
    buttons = parse_buttons([{"title": title, "payload": payload} for title, payload in buttons])
    calls = render_text(42, text, buttons, registry)
    if not text.strip() and not buttons:
        assert calls == []
        return
    assert calls
    for call in calls:
        assert 0 < utf16_length(call.text) <= MAX_MESSAGE_LENGTH
    assert all(not call.keyboard for call in calls[:-1])
    if text.strip():
        assert_same_words("".join(call.text for call in calls), clean_text(text))
    for row in calls[-1].keyboard:
        for _, data in row:
            assert 0 < len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
    # Every button's payload comes back from its callback data.
    sent = [data for row in calls[-1].keyboard for _, data in row]
    assert [registry.decode(data) for data in sent] == [clean_text(payload) for _, payload in buttons]


def assert_same_words(joined: str, original: str) -> None:
    """Splitting drops only whitespace at the cuts: the rest is all there, in order."""

    def visible(text: str) -> str:
        return "".join(character for character in text if not character.isspace())

    assert visible(joined) == visible(original)
