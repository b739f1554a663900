"""Helpers shared by the Telegram and WhatsApp channels.

Everything here is pure; the deduplication store is in `connectors/dedup.py`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

# The deduplication store has its own module; its names stay importable from here.
from connectors.dedup import (  # noqa: F401
    Claim,
    Deduplicator,
    MemoryDeduplicator,
    RedisDeduplicator,
    close_deduplicator,
    make_deduplicator,
)

# Media kinds the domain answers (intent `unsupported_media`, entity `media_kind`).
MEDIA_KINDS = (
    "voice",
    "audio",
    "image",
    "video",
    "sticker",
    "location",
    "contact",
    "document",
    "unsupported",
)

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


def announce_channel(log: logging.Logger, label: str, webhook: str, problems: list[str]) -> None:
    """Said once per process (Rasa builds each channel once): is the channel on or off?"""
    if problems:
        log.warning("%s channel is off (%s); its webhook answers 503.", label, "; ".join(problems))
    else:
        log.info("%s channel is on (webhook at %s).", label, webhook)


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


def utf16_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji outside the BMP counts 2).

    `surrogatepass`: a lone surrogate (JSON allows `"\\ud800"`) counts one unit instead of raising.
    """
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: Any) -> str:
    """A platform string made safe to store and log: lone surrogates become U+FFFD.

    JSON may carry `"\\ud800"` on its own; Python then holds a str that cannot be encoded as
    UTF-8, which would fail later in the tracker store, a log line or an HMAC. json.loads joins
    valid pairs, so any surrogate left in a str is a lone one.
    """
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return _LONE_SURROGATE.sub("\ufffd", text)


def split_message(text: str, limit: int, length: Callable[[str], int] = len) -> list[str]:
    """Splits text into chunks of at most `limit`, preferring paragraph, line, then word breaks.

    Only a single word longer than `limit` is cut inside the word.
    """
    if length(text) <= limit:
        return [text]
    chunks: list[str] = []
    rest = text
    while length(rest) > limit:
        cut = _longest_prefix_within(rest, limit, length)
        window = rest[:cut]
        split_at = -1
        for separator in ("\n\n", "\n", " "):
            position = window.rfind(separator)
            if position > 0:
                split_at = position
                break
        if split_at <= 0:
            split_at = cut
        chunk = rest[:split_at].rstrip()
        if chunk:
            chunks.append(chunk)
        rest = rest[split_at:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def _longest_prefix_within(text: str, limit: int, length: Callable[[str], int]) -> int:
    """Largest index i such that length(text[:i]) <= limit (at least 1 character)."""
    if length is len:
        return max(1, min(limit, len(text)))
    low, high = 1, min(len(text), limit)
    while low < high:
        middle = (low + high + 1) // 2
        if length(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def parse_buttons(buttons: list[dict[str, Any]] | None) -> list[tuple[str, str]]:
    """Rasa buttons -> [(title, payload)]; a button without payload sends its title."""
    parsed: list[tuple[str, str]] = []
    for button in buttons or []:
        title = str(button.get("title") or "").strip()
        # A blank payload (even "\u2028") sends the title, never an empty callback.
        payload = str(button.get("payload") or "").strip() or title
        if title or payload:
            parsed.append((title or payload, payload))
    return parsed


def truncate(text: str, limit: int) -> str:
    """Cuts to `limit` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"


def is_json_content_type(header: str | None) -> bool:
    """`application/json`, with or without parameters (`; charset=utf-8`): what Telegram and
    Meta send. Anything else did not come from them."""
    media_type = (header or "").split(";", 1)[0].strip().lower()
    return media_type == "application/json"


# --------------------------------------------------------------------------- replay window

# Meta retries an unacknowledged delivery for up to 7 days and Telegram for a while too, but
# a message answered a day late only derails the interview; and the deduplication store forgets
# ids after its TTL, so the window must not be longer than that TTL (see `dedup_ttl`), else a
# delivery captured and replayed after the TTL would start a turn again.
DEFAULT_MAX_AGE_SECONDS = 24 * 3600


def too_old(sent_at: float | None, max_age_seconds: float, now: float | None = None) -> bool:
    """Whether a delivery sent at `sent_at` (Unix seconds) is outside the replay window.

    An unknown time (None, or Telegram's 0 for an inaccessible message) is not refused: a
    replayed capture carries its original time, which a signed body cannot change. A time in
    the future (clock skew) is not refused either.
    """
    if sent_at is None or sent_at <= 0:
        return False
    current = time.time() if now is None else now
    return current - sent_at > max_age_seconds


def dedup_ttl(configured_ttl: int, max_age_seconds: int) -> int:
    """The deduplication TTL actually used: at least the replay window plus an hour of skew."""
    return max(configured_ttl, max_age_seconds + 3600)


# --------------------------------------------------------------------------- settings


def setting(
    credentials: Mapping[str, Any] | None,
    key: str,
    env_name: str,
    environ: Mapping[str, str] | None = None,
    default: str = "",
) -> str:
    """A credentials.yml value when non-empty, else the environment variable, else default.

    credentials.yml may hold `${VAR}` (Rasa expands it, and fails to start if VAR is unset) or
    nothing at all, in which case the environment is read here.
    """
    environ = os.environ if environ is None else environ
    value = (credentials or {}).get(key)
    if value is not None and str(value).strip():
        return str(value).strip()
    return environ.get(env_name, default).strip()


def int_setting(
    credentials: Mapping[str, Any] | None,
    key: str,
    env_name: str,
    environ: Mapping[str, str] | None = None,
    default: int = 0,
    minimum: int = 1,
) -> int:
    """An integer setting, or a ValueError that names the variable (not just `int('x')`)."""
    raw = setting(credentials, key, env_name, environ, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{env_name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ValueError(f"{env_name} must be at least {minimum}, not {value}")
    return value


# --------------------------------------------------------------------------- logging privacy

_HASH_KEY = secrets.token_bytes(16)


def log_content_enabled(environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    return environ.get("DEBUG_LOG_CONTENT", "") == "1"


def redact(value: Any, environ: Mapping[str, str] | None = None) -> str:
    """A stable pseudonym for a phone number, chat id or text, for logs.

    Keyed with LOG_HASH_KEY when set (so pseudonyms match across replicas and restarts), else with
    a random per-process key: an unkeyed hash of a phone number is reversible by enumeration.
    """
    environ = os.environ if environ is None else environ
    text = "" if value is None else str(value)
    if log_content_enabled(environ):
        return text
    configured = environ.get("LOG_HASH_KEY", "")
    key = configured.encode() if configured else _HASH_KEY
    digest = hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"h:{digest[:12]}"


def describe_text(text: str | None) -> str:
    """How a message text may appear in logs: its length, or itself when debugging."""
    if text is None:
        return "<none>"
    if log_content_enabled():
        return repr(text)
    return f"<{len(text)} chars>"
