"""The replay window: deliveries older than it are refused, and the deduplication store keeps
ids at least that long."""

from __future__ import annotations

import time

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
