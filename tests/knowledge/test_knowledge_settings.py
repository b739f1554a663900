"""Settings from the environment, with a cached accessor."""

from pathlib import Path

import pytest

from knowledge.settings import REPO_ROOT, Settings, get_settings


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "KNOWLEDGE_DATABASE_URL",
        "ADMIN_USER",
        "ADMIN_PASSWORD",
        "RASA_PUBLIC_URL",
        "KNOWLEDGE_WEB_DIR",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.knowledge_database_url == f"sqlite:///{REPO_ROOT / 'var' / 'knowledge.db'}"
    assert settings.rasa_public_url == "http://localhost:5005"
    assert settings.admin_enabled is False
    assert settings.knowledge_web_dir == REPO_ROOT / "knowledge" / "web"


def test_environment_and_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KNOWLEDGE_DATABASE_URL", "postgresql+psycopg2://u@db/knowledge")
    monkeypatch.setenv("ADMIN_USER", "ops")
    monkeypatch.setenv("ADMIN_PASSWORD", "s3cret")
    monkeypatch.setenv("RASA_PUBLIC_URL", "https://bot.example.org")
    monkeypatch.setenv("KNOWLEDGE_WEB_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        settings = get_settings()
        assert settings is get_settings()
        assert settings.knowledge_database_url == "postgresql+psycopg2://u@db/knowledge"
        assert settings.admin_enabled
        assert settings.admin_password is not None
        assert "s3cret" not in repr(settings)  # secrets are not printed
        assert settings.rasa_public_url == "https://bot.example.org"
        assert settings.knowledge_web_dir == tmp_path
    finally:
        get_settings.cache_clear()


def test_empty_password_disables_admin() -> None:
    assert Settings(admin_user="ops", admin_password="").admin_enabled is False


def test_edge_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MAX_BODY_BYTES", "MAX_IMPORT_BYTES", "KNOWLEDGE_DOCS"):
        monkeypatch.delenv(name, raising=False)
    defaults = Settings()
    assert (defaults.max_body_bytes, defaults.max_import_bytes) == (1024 * 1024, 5 * 1024 * 1024)
    assert defaults.knowledge_docs is False
    monkeypatch.setenv("MAX_BODY_BYTES", "65536")
    monkeypatch.setenv("KNOWLEDGE_DOCS", "true")
    assert (Settings().max_body_bytes, Settings().knowledge_docs) == (65536, True)
    monkeypatch.setenv("MAX_BODY_BYTES", "10")  # below 1 KiB nothing useful fits
    with pytest.raises(ValueError, match="max_body_bytes"):
        Settings()
