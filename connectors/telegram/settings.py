"""Telegram channel settings, from credentials.yml values or the environment."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from connectors.replay import DEFAULT_MAX_AGE_SECONDS, dedup_ttl
from connectors.settings import int_setting, setting

DEFAULT_API_BASE = "https://api.telegram.org"
# Bot API rule for setWebhook's secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
SECRET_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    secret_token: str
    api_base: str = DEFAULT_API_BASE
    redis_url: str = ""
    dedup_ttl_seconds: int = 24 * 3600
    # Deliveries sent longer ago than this are acknowledged and dropped (replays, see connectors/replay.py).
    max_age_seconds: int = DEFAULT_MAX_AGE_SECONDS

    @classmethod
    def from_sources(
        cls,
        credentials: Mapping[str, Any] | None,
        environ: Mapping[str, str] | None = None,
    ) -> TelegramSettings:
        def read(key: str, env_name: str, default: str = "") -> str:
            return setting(credentials, key, env_name, environ, default)

        return cls(
            token=read("access_token", "TELEGRAM_TOKEN"),
            secret_token=read("secret_token", "TELEGRAM_SECRET_TOKEN"),
            api_base=read("api_base", "TELEGRAM_API_BASE", DEFAULT_API_BASE).rstrip("/"),
            redis_url=read("redis_url", "REDIS_URL"),
            dedup_ttl_seconds=int_setting(
                credentials, "dedup_ttl_seconds", "TELEGRAM_DEDUP_TTL_SECONDS", environ, 86400
            ),
            max_age_seconds=int_setting(
                credentials, "max_age_seconds", "WEBHOOK_MAX_AGE_SECONDS", environ, DEFAULT_MAX_AGE_SECONDS
            ),
        )

    @property
    def effective_dedup_ttl(self) -> int:
        """Ids are remembered at least as long as deliveries are accepted (the replay window)."""
        return dedup_ttl(self.dedup_ttl_seconds, self.max_age_seconds)

    def problems(self) -> list[str]:
        """Why the channel cannot run; empty when it can."""
        found = []
        if not self.token:
            found.append("TELEGRAM_TOKEN is not set")
        if not self.secret_token:
            found.append("TELEGRAM_SECRET_TOKEN is not set (webhooks could not be authenticated)")
        elif not SECRET_TOKEN_PATTERN.match(self.secret_token):
            found.append("TELEGRAM_SECRET_TOKEN must be 1-256 characters of A-Z a-z 0-9 _ -")
        return found

    @property
    def bot_base_url(self) -> str:
        return f"{self.api_base}/bot"
