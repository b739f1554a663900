"""Helpers shared by the Telegram and WhatsApp channels.

Everything here is pure or in-memory, except the optional Redis deduplicator, whose client is
created lazily inside the running event loop (never at import time).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

logger = logging.getLogger(__name__)

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

# Commands that reach Rasa as `/name` (the NLU maps them to intents). Any other `/word` typed by
# a user is passed on without its slash, so that users cannot trigger arbitrary intents.
KNOWN_COMMANDS = ("start", "language", "help", "restart")


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
    if name in KNOWN_COMMANDS:
        return f"/{name}", argument
    # `/unsupported_media{...}` or `/affirm` typed by hand must not become an intent.
    return stripped.lstrip("/").strip() or text, None


def primary_language(tag: str | None) -> str | None:
    """`pt-BR` -> `pt`; None or empty stays None."""
    if not tag:
        return None
    primary = tag.replace("_", "-").split("-", 1)[0].strip().lower()
    return primary or None


def utf16_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


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
        payload = str(button.get("payload") or title).strip()
        if title or payload:
            parsed.append((title or payload, payload))
    return parsed


def truncate(text: str, limit: int) -> str:
    """Cuts to `limit` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"


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


# --------------------------------------------------------------------------- deduplication


class Deduplicator(Protocol):
    async def first_seen(self, key: str) -> bool:
        """True the first time `key` is seen within the TTL, False for a replay."""


class MemoryDeduplicator:
    """A bounded set of recently seen keys with a time to live, for one process.

    With several replicas behind a load balancer a replay may land on another replica: use
    RedisDeduplicator (REDIS_URL) there.
    """

    def __init__(
        self,
        ttl_seconds: float = 24 * 3600,
        max_entries: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_seconds
        self._max_entries = max_entries
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    def _forget_expired(self, now: float) -> None:
        while self._seen:
            oldest_key, expires_at = next(iter(self._seen.items()))
            if expires_at > now and len(self._seen) <= self._max_entries:
                break
            del self._seen[oldest_key]

    def seen_sync(self, key: str) -> bool:
        now = self._clock()
        self._forget_expired(now)
        expires_at = self._seen.get(key)
        if expires_at is not None and expires_at > now:
            return False
        self._seen[key] = now + self._ttl
        self._seen.move_to_end(key)
        self._forget_expired(now)
        return True

    async def first_seen(self, key: str) -> bool:
        return self.seen_sync(key)

    def __len__(self) -> int:
        return len(self._seen)


class RedisDeduplicator:
    """Shared across replicas: `SET key 1 NX EX ttl` is atomic, so exactly one replica wins.

    If Redis cannot be reached the in-memory fallback answers (a replay on another replica may
    then be processed twice, which beats dropping a first delivery).
    """

    def __init__(
        self,
        redis_url: str,
        namespace: str,
        ttl_seconds: int = 24 * 3600,
        fallback: MemoryDeduplicator | None = None,
    ) -> None:
        self._redis_url = redis_url
        self._namespace = namespace
        self._ttl = int(ttl_seconds)
        self._fallback = fallback or MemoryDeduplicator(ttl_seconds)
        self._client: Any = None
        self._client_loop: Any = None
        self._warned = False

    def _redis(self) -> Any:
        import asyncio

        import redis.asyncio as redis_asyncio

        loop = asyncio.get_running_loop()
        if self._client is None or self._client_loop is not loop:
            self._client = redis_asyncio.from_url(self._redis_url, socket_timeout=2, socket_connect_timeout=2)
            self._client_loop = loop
        return self._client

    async def first_seen(self, key: str) -> bool:
        redis_key = f"{self._namespace}:{key}"
        try:
            created = await self._redis().set(redis_key, b"1", nx=True, ex=self._ttl)
        except Exception as error:  # noqa: BLE001 - any Redis failure degrades to memory
            if not self._warned:
                logger.warning(
                    "Redis deduplication unavailable (%s); using in-memory deduplication.",
                    type(error).__name__,
                )
                self._warned = True
            return await self._fallback.first_seen(key)
        # The fallback also learns the key so a later Redis outage still catches this replay.
        self._fallback.seen_sync(key)
        return bool(created)

    async def close(self) -> None:
        if self._client is not None:
            # redis-py 4.x does not close a from_url() pool unless told to.
            await self._client.close(close_connection_pool=True)
            self._client = None


async def close_deduplicator(deduplicator: Deduplicator) -> None:
    close = getattr(deduplicator, "close", None)
    if close is not None:
        await close()


def make_deduplicator(redis_url: str, namespace: str, ttl_seconds: int) -> Deduplicator:
    if redis_url:
        return RedisDeduplicator(redis_url, namespace, ttl_seconds)
    return MemoryDeduplicator(ttl_seconds)
