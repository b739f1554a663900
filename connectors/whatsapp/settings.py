"""WhatsApp channel settings, from credentials.yml values or the environment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from connectors.replay import DEFAULT_MAX_AGE_SECONDS, dedup_ttl
from connectors.settings import int_setting, setting

DEFAULT_API_BASE = "https://graph.facebook.com"
DEFAULT_API_VERSION = "v25.0"


@dataclass(frozen=True)
class WhatsAppSettings:
    access_token: str
    app_secret: str
    verify_token: str
    phone_number_id: str = ""
    api_base: str = DEFAULT_API_BASE
    api_version: str = DEFAULT_API_VERSION
    redis_url: str = ""
    dedup_ttl_seconds: int = 24 * 3600
    # Deliveries sent longer ago than this are acknowledged and dropped (replays, see connectors/replay.py).
    max_age_seconds: int = DEFAULT_MAX_AGE_SECONDS
    # How long a delivery waits for its turns before it is acknowledged anyway (see channel.py).
    ack_wait_seconds: int = 5

    @classmethod
    def from_sources(
        cls,
        credentials: Mapping[str, Any] | None,
        environ: Mapping[str, str] | None = None,
    ) -> WhatsAppSettings:
        def read(key: str, env_name: str, default: str = "") -> str:
            return setting(credentials, key, env_name, environ, default)

        return cls(
            access_token=read("access_token", "WHATSAPP_ACCESS_TOKEN"),
            app_secret=read("app_secret", "WHATSAPP_APP_SECRET"),
            verify_token=read("verify_token", "WHATSAPP_VERIFY_TOKEN"),
            phone_number_id=read("phone_number_id", "WHATSAPP_PHONE_NUMBER_ID"),
            api_base=read("api_base", "WHATSAPP_API_BASE", DEFAULT_API_BASE).rstrip("/"),
            api_version=read("api_version", "WHATSAPP_API_VERSION", DEFAULT_API_VERSION).strip("/"),
            redis_url=read("redis_url", "REDIS_URL"),
            dedup_ttl_seconds=int_setting(
                credentials, "dedup_ttl_seconds", "WHATSAPP_DEDUP_TTL_SECONDS", environ, 86400
            ),
            max_age_seconds=int_setting(
                credentials, "max_age_seconds", "WEBHOOK_MAX_AGE_SECONDS", environ, DEFAULT_MAX_AGE_SECONDS
            ),
            ack_wait_seconds=int_setting(
                credentials, "ack_wait_seconds", "WHATSAPP_ACK_WAIT_SECONDS", environ, 5, minimum=0
            ),
        )

    @property
    def effective_dedup_ttl(self) -> int:
        """Ids are remembered at least as long as deliveries are accepted (the replay window)."""
        return dedup_ttl(self.dedup_ttl_seconds, self.max_age_seconds)

    def problems(self) -> list[str]:
        """Why the channel cannot run; empty when it can."""
        found = []
        if not self.access_token:
            found.append("WHATSAPP_ACCESS_TOKEN is not set")
        if not self.app_secret:
            found.append("WHATSAPP_APP_SECRET is not set (webhooks could not be authenticated)")
        if not self.verify_token:
            found.append("WHATSAPP_VERIFY_TOKEN is not set")
        return found
