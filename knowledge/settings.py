"""Typed settings, read only from the environment (no .env file: the Makefile or the
orchestrator exports variables). Tests build `Settings(...)` directly and pass it to
`create_app`, so the cached `get_settings()` is only used by real processes."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
MIN_SERVICE_TOKEN = 16


def default_database_url() -> str:
    return f"sqlite:///{REPO_ROOT / 'var' / 'knowledge.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore")

    knowledge_database_url: str = Field(default_factory=default_database_url)
    admin_user: str | None = None
    admin_password: SecretStr | None = None
    # The internal face (needs, matches, referrals, sender data) answers only callers that send
    # this as a bearer token: the action server. Unset, the internal face refuses every call.
    knowledge_service_token: SecretStr | None = None
    rasa_public_url: str = "http://localhost:5005"
    # Written by the web-widget engineer; overridable so tests can point at a tmp dir.
    knowledge_web_dir: Path = PACKAGE_DIR / "web"
    # Request bodies over this are refused (413) as they arrive, chunked uploads included;
    # the catalogue import has its own, larger limit.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, le=2**31 - 1)
    max_import_bytes: int = Field(default=5 * 1024 * 1024, ge=1024, le=2**31 - 1)
    # /docs, /redoc and /openapi.json are served only when this is true.
    knowledge_docs: bool = False
    # E-mail to service providers when a need is referred to them (knowledge.notify); without
    # SMTP_HOST and SMTP_FROM nobody is e-mailed. PUBLIC_BASE_URL makes the dashboard link.
    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_from: str | None = None
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    public_base_url: str = "http://localhost:8000"
    # Rasa's HTTP API, where the dashboard's status changes are played to the user
    # (knowledge.notify.user_updates); unset, the user is not told.
    rasa_url: str | None = None
    rasa_auth_token: SecretStr | None = None
    # "How did it go?" this many days after a need is stored (fractions allowed; 0: never),
    # sent through Rasa like the updates above; due follow-ups are looked for this often.
    follow_up_days: float = Field(default=14.0, ge=0, le=3650)
    follow_up_poll_seconds: float = Field(default=60.0, gt=0, le=86400)

    @field_validator("rasa_public_url")
    @classmethod
    def _plain_http_url(cls, value: str) -> str:
        # The value is pasted verbatim into the web page, so it must not be able to break out
        # of an attribute or a script string.
        if not value.startswith(("http://", "https://")) or any(c in value for c in "\"'<>` "):
            raise ValueError("must be a plain http(s) URL")
        return value.rstrip("/")

    @field_validator("knowledge_service_token")
    @classmethod
    def _strong_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if len(value.get_secret_value()) < MIN_SERVICE_TOKEN:
            raise ValueError(f"must be at least {MIN_SERVICE_TOKEN} characters (e.g. `openssl rand -hex 32`)")
        return value

    @property
    def smtp_enabled(self) -> bool:
        return bool(self.smtp_host) and bool(self.smtp_from)

    @property
    def admin_enabled(self) -> bool:
        return bool(self.admin_user) and bool(
            self.admin_password and self.admin_password.get_secret_value()
        )


@lru_cache
def get_settings() -> Settings:
    return Settings()
