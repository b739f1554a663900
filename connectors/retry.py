"""How the Telegram and WhatsApp senders retry a call that failed (network error, 429, 5xx)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4
    base_delay: float = 0.5  # doubled after each failure
    max_delay: float = 8.0
    max_retry_after: float = 60.0  # a longer wait asked by the platform is given up, not slept through

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        return min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))
