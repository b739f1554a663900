"""The action server's settings, read once from the environment and typed (as the knowledge API's
`knowledge.settings`). Tests build `ActionSettings(...)` directly."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_TOKEN_CHARS = 16


class ActionSettings(BaseSettings):
    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore")

    # The shared secret Rasa sends (`token` in endpoints.yml); the server refuses to start
    # without one of at least MIN_TOKEN_CHARS characters.
    action_server_token: SecretStr = SecretStr("")
    bind_host: str = "127.0.0.1"
    actions_port: int = Field(default=5055, ge=1, le=65535)
    # Larger request bodies are refused with a 413 (Sanic's own default is 100 MB).
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, le=2**31 - 1)
    knowledge_api_url: str = "http://127.0.0.1:8000"
    # Bearer token of the knowledge API's internal face; without it every call there is refused.
    knowledge_service_token: SecretStr | None = None


@lru_cache(maxsize=1)
def get_settings() -> ActionSettings:
    return ActionSettings()
