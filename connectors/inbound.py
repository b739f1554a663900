"""What a channel hands to Rasa: one user turn (or an update ignored on purpose), commands,
media placeholders and the cleaning of platform strings."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from conversation.media import MEDIA_KINDS

# Commands that reach Rasa as `/intent`, by command name. `/restart` is the assistant's own
# "start over" (a new interview, same language and saved needs), never Rasa's built-in restart,
# which would wipe the conversation and its language. Any other `/word` typed by a user is passed
# on without its slash, so that users cannot trigger arbitrary intents.
COMMAND_INTENTS = {"start": "start", "language": "language", "help": "help", "restart": "start_over"}


@dataclass(frozen=True)
class IncomingMessage:
    """One user turn, ready to become a Rasa `UserMessage`."""

    channel: str
    sender_id: str
    text: str
    message_id: str | None = None
    language_hint: str | None = None
    media_kind: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    # When the user sent it (Unix seconds, as the platform says), None when it did not say:
    # deliveries older than the replay window are refused (`too_old`).
    sent_at: float | None = None

    def rasa_metadata(self) -> dict[str, Any]:
        metadata: dict[str, Any] = {
            "channel": self.channel,
            "language_hint": self.language_hint,
        }
        if self.media_kind:
            metadata["media_kind"] = self.media_kind
        metadata.update(self.extra)
        return metadata


@dataclass(frozen=True)
class Ignored:
    """An update that is acknowledged but deliberately not passed to Rasa."""

    reason: str


def unsupported_media_text(kind: str) -> str:
    """The user text that makes Rasa answer a media message it cannot read."""
    if kind not in MEDIA_KINDS:
        kind = "unsupported"
    entities = json.dumps({"media_kind": kind}, separators=(",", ":"))
    return f"/unsupported_media{entities}"


def normalize_command(text: str) -> tuple[str, str | None]:
    """Maps `/help@SomeBot args` to (`/help`, `args`); unknown commands lose their slash.

    Returns the text for Rasa and the command's argument (or None).
    """
    stripped = text.strip()
    if not stripped.startswith("/") or len(stripped) == 1:
        return text, None
    head, _, rest = stripped[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    argument = rest.strip() or None
    if name in COMMAND_INTENTS:
        return f"/{COMMAND_INTENTS[name]}", argument
    # `/unsupported_media{...}` or `/affirm` typed by hand must not become an intent.
    return stripped.lstrip("/").strip() or text, None


_LANGUAGE_SUBTAG = re.compile(r"[a-z]{2,8}")


def primary_language(tag: Any) -> str | None:
    """`pt-BR` -> `pt`; None, empty or not a language tag at all -> None."""
    if not isinstance(tag, str) or not tag:
        return None
    primary = tag.replace("_", "-").split("-", 1)[0].strip().lower()
    return primary if _LANGUAGE_SUBTAG.fullmatch(primary) else None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: Any) -> str:
    """A platform string made safe to store and log: lone surrogates become U+FFFD.

    JSON may carry `"\\ud800"` on its own; Python then holds a str that cannot be encoded as
    UTF-8, which would fail later in the tracker store, a log line or an HMAC. json.loads joins
    valid pairs, so any surrogate left in a str is a lone one.
    """
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return _LONE_SURROGATE.sub("\ufffd", text)


def is_json_content_type(header: str | None) -> bool:
    """`application/json`, with or without parameters (`; charset=utf-8`): what Telegram and
    Meta send. Anything else did not come from them."""
    media_type = (header or "").split(";", 1)[0].strip().lower()
    return media_type == "application/json"
