"""Properties of the WhatsApp channel's pure parts, on generated webhook bodies and texts: the
parser returns well-formed turns, statuses and reasons to ignore, or refuses a body that is
not a webhook at all, and never raises anything else; rendered replies respect the Cloud API's
limits without losing or reordering text; numbered options map back only to what was sent."""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.inbound import IncomingMessage, clean_text
from connectors.replies import parse_buttons, split_message, utf16_length
from connectors.whatsapp.options import OptionStore
from connectors.whatsapp.translate import (
    MAX_INTERACTIVE_BODY,
    MAX_LIST_BUTTON,
    MAX_LIST_ROWS,
    MAX_REPLY_BUTTON_ID,
    MAX_REPLY_BUTTON_TITLE,
    MAX_REPLY_BUTTONS,
    MAX_ROW_DESCRIPTION,
    MAX_ROW_ID,
    MAX_ROW_TITLE,
    MAX_TEXT,
    MalformedWebhook,
    parse_webhook,
    render_response,
    resolve_numbered_reply,
)
from tests.fakes.strategies import json_values, texts, whatsapp_webhooks

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_well_formed(message: IncomingMessage) -> None:
    assert message.channel == "whatsapp"
    assert isinstance(message.text, str) and message.text.strip()
    message.text.encode("utf-8")  # no lone surrogate left
    assert isinstance(message.sender_id, str) and message.sender_id.strip()
    message.sender_id.encode("utf-8")
    assert message.message_id is None or (isinstance(message.message_id, str) and message.message_id)
    json.dumps(message.rasa_metadata(), ensure_ascii=False, allow_nan=False).encode("utf-8")
    assert message.sent_at is None or math.isfinite(message.sent_at)


@BOUNDED
@given(body=st.one_of(whatsapp_webhooks(), json_values()))
def test_parser_returns_turns_statuses_and_reasons_or_refuses_the_body(body: Any) -> None:
    try:
        batch = parse_webhook(body)
    except MalformedWebhook:
        return  # the channel answers 400
    for inbound in batch.messages:
        assert_well_formed(inbound.message)
        assert isinstance(inbound.phone_number_id, str)
        inbound.phone_number_id.encode("utf-8")
    for status in batch.statuses:
        status.message_id.encode("utf-8")
        assert all(isinstance(code, int) and not isinstance(code, bool) for code in status.error_codes)
    for ignored in batch.ignored:
        assert ignored.reason


def visible(text: str) -> str:
    return "".join(character for character in text if not character.isspace())


@BOUNDED
@given(
    text=texts(),
    limit=st.integers(2, 300),
    telegram_units=st.booleans(),
)
def test_splitting_keeps_every_word_in_order_within_the_limit(
    text: str, limit: int, telegram_units: bool
) -> None:
    length = utf16_length if telegram_units else len
    chunks = split_message(text, limit, length)
    if length(text) <= limit:
        assert chunks == [text]
        return
    assert all(chunk and length(chunk) <= limit for chunk in chunks)
    assert visible("".join(chunks)) == visible(text)
    position = 0
    for chunk in chunks:  # each chunk is the next piece of the text, not a rearrangement
        found = text.find(chunk, position)
        assert found >= 0
        position = found + len(chunk)


def interactive_limits(body: dict[str, Any]) -> None:
    interactive = body["interactive"]
    assert (
        0
        < len(interactive["body"]["text"])
        <= (MAX_INTERACTIVE_BODY if interactive["type"] == "button" else MAX_TEXT)
    )
    if interactive["type"] == "button":
        buttons = interactive["action"]["buttons"]
        assert 0 < len(buttons) <= MAX_REPLY_BUTTONS
        for button in buttons:
            assert len(button["reply"]["title"]) <= MAX_REPLY_BUTTON_TITLE
            assert 0 < len(button["reply"]["id"]) <= MAX_REPLY_BUTTON_ID
    else:
        assert len(interactive["action"]["button"]) <= MAX_LIST_BUTTON
        rows = interactive["action"]["sections"][0]["rows"]
        assert 0 < len(rows) <= MAX_LIST_ROWS
        for row in rows:
            assert len(row["title"]) <= MAX_ROW_TITLE
            assert len(row.get("description", "")) <= MAX_ROW_DESCRIPTION
            assert 0 < len(row["id"]) <= MAX_ROW_ID


@BOUNDED
@given(
    text=texts(),
    raw_buttons=st.lists(st.tuples(texts(30), texts(40)), max_size=12),
    list_button=st.one_of(st.none(), texts(30)),
)
def test_rendered_replies_respect_the_cloud_api_limits(
    text: str, raw_buttons: list[tuple[str, str]], list_button: str | None
) -> None:
    buttons = parse_buttons([{"title": title, "payload": payload} for title, payload in raw_buttons])
    rendered = render_response("254712345678", text, buttons, list_button)
    for body in rendered.bodies:
        json.dumps(body, ensure_ascii=False).encode("utf-8")  # what the sender posts
        assert body["to"] == "254712345678"
        if body["type"] == "text":
            assert 0 < len(body["text"]["body"]) <= MAX_TEXT
        else:
            interactive_limits(body)
    if not buttons:
        assert rendered.numbered_options == ()
        if clean_text(text).strip():
            joined = "".join(body["text"]["body"] for body in rendered.bodies)
            assert visible(joined) == visible(clean_text(text))
        return
    assert rendered.bodies
    if rendered.numbered_options:
        assert list(rendered.numbered_options) == [clean_text(payload) for _, payload in buttons]


@BOUNDED
@given(reply=texts(12), options=st.lists(texts(20), max_size=12))
def test_a_numbered_reply_picks_one_of_the_options_or_none(reply: str, options: list[str]) -> None:
    picked = resolve_numbered_reply(reply, options)
    assert picked is None or picked in options


@BOUNDED
@given(
    operations=st.lists(
        st.tuples(
            st.sampled_from(["remember", "take"]),
            st.sampled_from(["a", "b", "c"]),
            st.lists(st.sampled_from(["/affirm", "/deny", "٢", ""]), max_size=4),
        ),
        max_size=30,
    )
)
def test_options_answer_only_the_very_next_message(operations: list[tuple[str, str, list[str]]]) -> None:
    store = OptionStore(max_users=2)
    model: dict[str, tuple[str, ...]] = {}

    async def run() -> None:
        for operation, user, payloads in operations:
            if operation == "remember":
                await store.remember(user, payloads)
                model.pop(user, None)
                model[user] = tuple(payloads)
                while len(model) > 2:  # the least recently remembered user is forgotten first
                    model.pop(next(iter(model)))
            else:
                assert await store.take(user) == model.pop(user, ())

    asyncio.run(run())
