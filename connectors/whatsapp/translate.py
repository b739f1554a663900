"""Pure translation between WhatsApp Cloud API webhooks/messages and Rasa turns. No I/O.

Incoming: a webhook body (`object: whatsapp_business_account`) becomes a `WebhookBatch` of user
turns, status callbacks and ignored items. Outgoing: a Rasa response becomes Graph API message
bodies, choosing reply buttons, a list, or numbered options by WhatsApp's limits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from connectors.inbound import Ignored, IncomingMessage, clean_text, normalize_command, unsupported_media_text
from connectors.replies import split_message, truncate
from connectors.whatsapp.language import language_from_phone

CHANNEL = "whatsapp"

# Cloud API limits (developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-*).
MAX_TEXT = 4096
MAX_INTERACTIVE_BODY = 1024
MAX_REPLY_BUTTONS = 3
MAX_REPLY_BUTTON_TITLE = 20
MAX_REPLY_BUTTON_ID = 256
MAX_LIST_ROWS = 10
MAX_ROW_TITLE = 24
MAX_ROW_DESCRIPTION = 72
MAX_ROW_ID = 200
MAX_LIST_BUTTON = 20
# Language-neutral default for the list's menu button; the NLG may pass a localized
# `list_button` with the response.
DEFAULT_LIST_BUTTON = "☰"

_CAPTIONED_MEDIA = {"image": "image", "video": "video", "document": "document"}
_SILENT_TYPES = {
    "reaction": "reaction",
    "edit": "edited message",  # as on Telegram: the original was already answered
    "revoke": "deleted message",
    "system": "system message",
    "ephemeral": "disappearing message notice",
}


@dataclass(frozen=True)
class WhatsAppInbound:
    message: IncomingMessage
    phone_number_id: str
    # Only a typed text may be a number picked from the options the bot listed last.
    may_pick_option: bool = False


@dataclass(frozen=True)
class StatusUpdate:
    message_id: str
    status: str
    error_codes: tuple[int, ...] = ()


@dataclass
class WebhookBatch:
    messages: list[WhatsAppInbound] = field(default_factory=list)
    statuses: list[StatusUpdate] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)


class MalformedWebhook(ValueError):
    """Valid JSON that is not a webhook body at all."""


# --------------------------------------------------------------------------- incoming


def parse_webhook(payload: Any) -> WebhookBatch:
    if not isinstance(payload, dict):
        raise MalformedWebhook("body is not a JSON object")
    batch = WebhookBatch()
    if payload.get("object") != "whatsapp_business_account":
        batch.ignored.append(Ignored(f"object {payload.get('object')!r}"))
        return batch
    entries = payload.get("entry")
    if not isinstance(entries, list):
        raise MalformedWebhook("no entry list")
    for entry in entries:
        for change in _dicts(_dict(entry).get("changes")):
            if change.get("field") != "messages":
                batch.ignored.append(Ignored(f"field {change.get('field')!r}"))
                continue
            value = _dict(change.get("value"))
            phone_number_id = clean_text(_dict(value.get("metadata")).get("phone_number_id") or "")
            for message in _dicts(value.get("messages")):
                result = translate_message(message, phone_number_id)
                if isinstance(result, Ignored):
                    batch.ignored.append(result)
                else:
                    batch.messages.append(result)
            for status in _dicts(value.get("statuses")):
                batch.statuses.append(
                    StatusUpdate(
                        message_id=clean_text(status.get("id", "")),
                        status=clean_text(status.get("status", "")),
                        error_codes=tuple(
                            int(error["code"])
                            for error in _dicts(status.get("errors"))
                            if isinstance(error.get("code"), int) and not isinstance(error["code"], bool)
                        ),
                    )
                )
    return batch


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _scalar_text(value: Any) -> str:
    """A string (or integer id) field as text; anything else (object, list, float, NaN) as empty."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return ""
    return clean_text(value)


def _sent_at(value: Any) -> float | None:
    """Meta's `timestamp` (Unix seconds, as a string) as a number; None when unreadable."""
    if isinstance(value, bool):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return seconds if seconds == seconds and abs(seconds) != float("inf") else None


def translate_message(message: Mapping[str, Any], phone_number_id: str) -> WhatsAppInbound | Ignored:
    sender = _scalar_text(message.get("from")).strip()
    if not sender:
        return Ignored("message without sender")
    kind = _scalar_text(message.get("type")) or "unsupported"
    if kind in _SILENT_TYPES:
        return Ignored(_SILENT_TYPES[kind])

    message_id = _scalar_text(message.get("id")) or None
    language = language_from_phone(sender)
    sent_at = _sent_at(message.get("timestamp"))

    def inbound(
        text: str,
        media_kind: str | None = None,
        may_pick_option: bool = False,
        extra: dict[str, Any] | None = None,
    ) -> WhatsAppInbound:
        return WhatsAppInbound(
            IncomingMessage(CHANNEL, sender, text, message_id, language, media_kind, extra or {}, sent_at),
            phone_number_id,
            may_pick_option,
        )

    body = _dict(message.get(kind))
    if kind == "text":
        typed = _scalar_text(body.get("body"))
        if not typed.strip():
            return Ignored("empty text")
        text, argument = normalize_command(typed)
        extra = {"command_args": argument} if argument else {}
        return inbound(text, may_pick_option=True, extra=extra)
    if kind == "interactive":
        reply_type = _scalar_text(body.get("type"))
        reply = _dict(body.get(reply_type))
        reply_id = _scalar_text(reply.get("id"))
        if reply_type in ("button_reply", "list_reply") and reply_id.strip():
            return inbound(reply_id)
        return inbound(unsupported_media_text("unsupported"), "unsupported")
    if kind == "button":  # a quick-reply button of a template message
        payload = _scalar_text(body.get("payload")) or _scalar_text(body.get("text"))
        if payload.strip():
            return inbound(payload)
        return inbound(unsupported_media_text("unsupported"), "unsupported")
    if kind in _CAPTIONED_MEDIA:
        media_kind = _CAPTIONED_MEDIA[kind]
        caption = _scalar_text(body.get("caption")).strip()
        # A caption is text the user typed: use it, and tell Rasa what it came with.
        return inbound(caption or unsupported_media_text(media_kind), media_kind)
    if kind == "audio":
        media_kind = "voice" if body.get("voice") else "audio"
        return inbound(unsupported_media_text(media_kind), media_kind)
    if kind in ("sticker", "location"):
        return inbound(unsupported_media_text(kind), kind)
    if kind == "contacts":
        return inbound(unsupported_media_text("contact"), "contact")
    # order, unsupported, and types added to the API after this was written
    return inbound(unsupported_media_text("unsupported"), "unsupported")


# --------------------------------------------------------------------------- numbered options

_NUMBER_REPLY = re.compile(r"^\s*#?\s*(\d{1,3})\s*[.)]?\s*$")


def resolve_numbered_reply(text: str, options: Sequence[str]) -> str | None:
    """`2` (or `2.`, `#2`, `٢`) -> the second option's payload; None when it is not a pick."""
    match = _NUMBER_REPLY.match(text)
    if not match or not options:
        return None
    number = int(match.group(1))  # int() reads any Unicode decimal digits, e.g. Arabic-Indic
    if 1 <= number <= len(options):
        return options[number - 1]
    return None


# --------------------------------------------------------------------------- outgoing


@dataclass(frozen=True)
class Rendered:
    """Message bodies for POST /{phone_number_id}/messages, in order.

    `numbered_options` holds the payloads when buttons had to become numbered lines of text,
    so that a reply "2" can be mapped back; empty otherwise.
    """

    bodies: tuple[dict[str, Any], ...]
    numbered_options: tuple[str, ...] = ()


def _envelope(to: str, kind: str, content: dict[str, Any]) -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": kind,
        kind: content,
    }


def text_body(to: str, text: str) -> dict[str, Any]:
    return _envelope(to, "text", {"preview_url": False, "body": text})


def image_body(to: str, link: str, caption: str | None = None) -> dict[str, Any]:
    image: dict[str, Any] = {"link": link}
    if caption:
        image["caption"] = truncate(caption, MAX_INTERACTIVE_BODY)
    return _envelope(to, "image", image)


def render_response(
    to: str,
    text: str,
    buttons: Sequence[tuple[str, str]] = (),
    list_button: str | None = None,
) -> Rendered:
    """A Rasa text with (title, payload) buttons as WhatsApp messages.

    Lone surrogates (from a user's words echoed back) become U+FFFD: the Graph API rejects them.
    """
    text = clean_text(text)
    buttons = [(clean_text(title), clean_text(payload)) for title, payload in buttons]
    text = text if text and text.strip() else ""
    if not buttons:
        if not text:
            return Rendered(())
        return Rendered(tuple(text_body(to, part) for part in split_message(text, MAX_TEXT)))

    titles = [title for title, _ in buttons]
    payloads = [payload for _, payload in buttons]
    unique = len(set(titles)) == len(titles) and len(set(payloads)) == len(payloads)

    if (
        unique
        and len(buttons) <= MAX_REPLY_BUTTONS
        and all(len(title) <= MAX_REPLY_BUTTON_TITLE for title in titles)
        and all(len(payload) <= MAX_REPLY_BUTTON_ID for payload in payloads)
    ):
        leading, body = _interactive_body(to, text)
        action = {
            "buttons": [
                {"type": "reply", "reply": {"id": payload, "title": title}} for title, payload in buttons
            ]
        }
        interactive = {"type": "button", "body": {"text": body}, "action": action}
        return Rendered(leading + (_envelope(to, "interactive", interactive),))

    row_titles = [truncate(title, MAX_ROW_TITLE) for title in titles]
    if (
        unique
        and len(set(row_titles)) == len(row_titles)
        and len(buttons) <= MAX_LIST_ROWS
        and all(len(payload) <= MAX_ROW_ID for payload in payloads)
    ):
        leading, body = _interactive_body(to, text, MAX_TEXT)
        rows = []
        for (title, payload), row_title in zip(buttons, row_titles, strict=True):
            row: dict[str, str] = {"id": payload, "title": row_title}
            if row_title != title:  # the full wording, as far as the description allows
                row["description"] = truncate(title, MAX_ROW_DESCRIPTION)
            rows.append(row)
        label = truncate(clean_text(list_button).strip() or DEFAULT_LIST_BUTTON, MAX_LIST_BUTTON)
        interactive = {
            "type": "list",
            "body": {"text": body},
            "action": {"button": label, "sections": [{"rows": rows}]},
        }
        return Rendered(leading + (_envelope(to, "interactive", interactive),))

    lines = "\n".join(f"{number}. {title}" for number, title in enumerate(titles, start=1))
    numbered = f"{text}\n\n{lines}" if text else lines
    return Rendered(
        tuple(text_body(to, part) for part in split_message(numbered, MAX_TEXT)),
        tuple(payloads),
    )


def _interactive_body(
    to: str, text: str, limit: int = MAX_INTERACTIVE_BODY
) -> tuple[tuple[dict[str, Any], ...], str]:
    """Text too long for an interactive body goes ahead as plain messages; the rest is the body."""
    if not text:
        return (), "…"
    parts = split_message(text, MAX_TEXT)
    last = split_message(parts[-1], limit)
    leading_texts = parts[:-1] + last[:-1]
    return tuple(text_body(to, part) for part in leading_texts), last[-1]
