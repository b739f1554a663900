"""Pure translation between Telegram Bot API objects and Rasa turns.

Incoming: a python-telegram-bot `Update` (built with `Update.de_json`) becomes a
`TelegramInbound` or an `Ignored`. Outgoing: a Rasa response becomes `SendMessage` calls.
No I/O here.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from telegram import Message, Update

from connectors.inbound import (
    Ignored,
    IncomingMessage,
    clean_text,
    normalize_command,
    primary_language,
    unsupported_media_text,
)
from connectors.replies import split_message, utf16_length

CHANNEL = "telegram"
MAX_MESSAGE_LENGTH = 4096  # characters (UTF-16 code units) per sendMessage
MAX_CALLBACK_DATA_BYTES = 64
SHORT_KEY_PREFIX = "k:"
EXPIRED_BUTTON_KIND = "unsupported"

# Message attributes that carry content the bot cannot read, in the order they are checked, and
# the media kind reported to Rasa for each.
_MEDIA_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("voice", "voice"),
    ("audio", "audio"),
    ("video_note", "video"),
    ("animation", "video"),  # checked before `document`: Telegram sets both for a GIF
    ("video", "video"),
    ("photo", "image"),
    ("sticker", "sticker"),
    ("venue", "location"),  # before `location`: a venue carries a location too
    ("location", "location"),
    ("contact", "contact"),
    ("document", "document"),
)

# Service messages (members joined, pinned, ...) and other non-user content: no reply.
_UNSUPPORTED_CONTENT = (
    "poll",
    "dice",
    "game",
    "story",
    "invoice",
    "paid_media",
    "checklist",
    "giveaway",
)


@dataclass(frozen=True)
class TelegramInbound:
    message: IncomingMessage
    chat_id: int
    callback_query_id: str | None = None


def short_key(payload: str) -> str:
    """The callback data that stands for a payload too long for Telegram: `k:` + 24 hex
    characters of its SHA-256 (the same on every replica)."""
    return SHORT_KEY_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


class CallbackDataRegistry:
    """Keeps callback_data within Telegram's 64-byte limit.

    A payload that fits is used as is. A longer one is replaced by its `short_key` and
    remembered here (bounded, least recently used dropped). The key is deterministic, so sending
    the same button again re-registers it. A key this process does not know (sent before a
    restart, or by another replica) is looked up in the shared store by the channel
    (connectors/telegram/callback_keys.py) and `learn`ed; one found nowhere reaches Rasa as
    `/unsupported_media{"media_kind":"unsupported"}` so the user is asked to type.
    """

    def __init__(self, max_entries: int = 10_000) -> None:
        self._max_entries = max_entries
        self._payloads: OrderedDict[str, str] = OrderedDict()

    def encode(self, payload: str) -> str:
        if len(payload.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES and not payload.startswith(
            SHORT_KEY_PREFIX
        ):
            return payload
        key = short_key(payload)
        self._remember(key, payload)
        return key

    def learn(self, key: str, payload: str) -> bool:
        """Remembers a payload found elsewhere, only if `key` is truly its short key."""
        if key != short_key(payload):
            return False
        self._remember(key, payload)
        return True

    def _remember(self, key: str, payload: str) -> None:
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        while len(self._payloads) > self._max_entries:
            self._payloads.popitem(last=False)

    def decode(self, data: str) -> str | None:
        """The payload for callback data, or None for a short key that is not known here."""
        if not data.startswith(SHORT_KEY_PREFIX):
            return data
        payload = self._payloads.get(data)
        if payload is not None:
            self._payloads.move_to_end(data)
        return payload


# --------------------------------------------------------------------------- incoming


def translate_update(
    update: Update, registry: CallbackDataRegistry | None = None
) -> TelegramInbound | Ignored:
    """What Rasa should receive for an update, or why nothing is sent."""
    if update.callback_query is not None:
        return _translate_callback_query(update, registry or CallbackDataRegistry())
    if update.message is not None:
        return _translate_message(update.message, update.update_id)
    if update.edited_message is not None:
        # The bot has already answered the original; answering the edit as a new turn would
        # derail a form mid-interview. The user can simply send the corrected answer again.
        return Ignored("edited message")
    kind = next(
        (name for name in Update.ALL_TYPES if getattr(update, name, None) is not None),
        "unknown",
    )
    return Ignored(f"update type {kind}")


def _translate_message(message: Message, update_id: int) -> TelegramInbound | Ignored:
    # PTB builds objects without checking field types: every value here is checked before use.
    chat = message.chat
    if chat is None:
        return Ignored("message without chat")
    if chat.type != "private":
        return Ignored("not a private chat")
    chat_id = _integer(chat.id)
    if chat_id is None:
        return Ignored("chat without a numeric id")
    user = message.from_user
    language = primary_language(getattr(user, "language_code", None))
    sender_id = str(chat_id)
    message_id = str(update_id)
    extra: dict[str, Any] = {"telegram_message_id": _integer(message.message_id)}
    sent_at = _timestamp(message)

    if message.text is not None:
        typed = _string(message.text)
        if not typed.strip():
            return Ignored("empty text")
        text, argument = normalize_command(typed)
        if text == "/start" and argument:
            extra["start_payload"] = argument
        elif argument and text.startswith("/"):
            extra["command_args"] = argument
        return TelegramInbound(
            IncomingMessage(CHANNEL, sender_id, text, message_id, language, extra=extra, sent_at=sent_at),
            chat_id=chat_id,
        )

    kind = _media_kind(message)
    if kind is None:
        return Ignored("service message")
    caption = _string(message.caption).strip()
    # A caption is text the user typed: use it, and tell Rasa what it came with.
    text = caption if caption else unsupported_media_text(kind)
    return TelegramInbound(
        IncomingMessage(CHANNEL, sender_id, text, message_id, language, kind, extra, sent_at),
        chat_id=chat_id,
    )


def _integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _string(value: Any) -> str:
    """A text field as safe text; a field of the wrong type as empty."""
    return clean_text(value) if isinstance(value, str) else ""


def _timestamp(message: Any) -> float | None:
    """When a message was sent, in Unix seconds; None when PTB has no date for it."""
    date = getattr(message, "date", None)
    try:
        return float(date.timestamp()) if date is not None else None
    except (AttributeError, OverflowError, OSError, ValueError):
        return None


def _media_kind(message: Message) -> str | None:
    for attribute, kind in _MEDIA_ATTRIBUTES:
        if getattr(message, attribute, None):
            return kind
    for attribute in _UNSUPPORTED_CONTENT:
        if getattr(message, attribute, None):
            return "unsupported"
    return None


def _translate_callback_query(update: Update, registry: CallbackDataRegistry) -> TelegramInbound | Ignored:
    query = update.callback_query
    assert query is not None
    source = query.message
    if source is not None:
        chat = getattr(source, "chat", None)
        if chat is None or chat.type != "private":
            return Ignored("callback query outside a private chat")
        chat_id = _integer(chat.id)
    else:
        chat_id = _integer(getattr(query.from_user, "id", None))
    if chat_id is None:
        return Ignored("callback query without a numeric chat id")
    language = primary_language(getattr(query.from_user, "language_code", None))
    extra: dict[str, Any] = {"telegram_callback": True}
    if source is not None:
        extra["telegram_message_id"] = _integer(source.message_id)
    data = _string(query.data)
    payload = registry.decode(data) if data.strip() else None
    media_kind = None
    if payload is None:
        # A game button, or a shortened payload this process no longer knows.
        media_kind = EXPIRED_BUTTON_KIND
        payload = unsupported_media_text(EXPIRED_BUTTON_KIND)
        extra["expired_button"] = True
    # A tap has no time of its own: the message that carried the buttons dates it, so a
    # captured tap cannot be replayed for ever. (An inaccessible message has date 0: unknown.)
    sent_at = _timestamp(source) if source is not None else None
    return TelegramInbound(
        IncomingMessage(
            CHANNEL, str(chat_id), payload, str(update.update_id), language, media_kind, extra, sent_at
        ),
        chat_id=chat_id,
        callback_query_id=_string(query.id) or None,
    )


# --------------------------------------------------------------------------- outgoing


@dataclass(frozen=True)
class SendMessage:
    """One sendMessage call; `keyboard` rows hold (text, callback_data) pairs."""

    chat_id: int
    text: str
    keyboard: tuple[tuple[tuple[str, str], ...], ...] = field(default=())


@dataclass(frozen=True)
class SendPhoto:
    chat_id: int
    photo: str
    caption: str | None = None


def render_text(
    chat_id: int,
    text: str,
    buttons: Sequence[tuple[str, str]] = (),
    registry: CallbackDataRegistry | None = None,
) -> list[SendMessage]:
    """A Rasa text (and buttons) as sendMessage calls; the keyboard goes on the last part.

    Lone surrogates (from a user's words echoed back) become U+FFFD: the Bot API rejects them.
    """
    text = clean_text(text)
    buttons = [(clean_text(title), clean_text(payload)) for title, payload in buttons]
    body = text if text and text.strip() else ("…" if buttons else "")
    if not body:
        return []
    parts = split_message(body, MAX_MESSAGE_LENGTH, utf16_length)
    keyboard = _keyboard(buttons, registry or CallbackDataRegistry())
    calls = [SendMessage(chat_id, part) for part in parts[:-1]]
    calls.append(SendMessage(chat_id, parts[-1], keyboard))
    return calls


def _keyboard(
    buttons: Sequence[tuple[str, str]], registry: CallbackDataRegistry
) -> tuple[tuple[tuple[str, str], ...], ...]:
    if not buttons:
        return ()
    keys = [(title, registry.encode(payload)) for title, payload in buttons]
    # Short titles (yes/no, numbers) side by side; anything longer one per row so it stays
    # readable on a small phone screen.
    per_row = 2 if all(utf16_length(title) <= 14 for title, _ in keys) else 1
    return tuple(tuple(keys[i : i + per_row]) for i in range(0, len(keys), per_row))
