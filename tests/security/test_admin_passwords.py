"""Finding 10: a non-ASCII admin password could never log in (FastAPI's HTTPBasic decodes
ASCII only). Now basic credentials are read as UTF-8, form logins work with any password, and
passwords are stored as argon2id hashes, never as given."""

from typing import Any

from sqlalchemy import text

from knowledge.db import create_db_engine
from knowledge.settings import Settings
from tests.security.admin_helpers import sign_in

PASSWORD = "Kilimo bora – ñandú 密码 ✓"


def _settings(knowledge_settings: Settings, **changes: Any) -> Settings:
    return Settings(**{**knowledge_settings.model_dump(), **changes})


def test_finding_10_a_non_ascii_admin_password_logs_in_over_basic_auth(
    make_knowledge_client: Any, knowledge_settings: Settings
) -> None:
    client = make_knowledge_client(_settings(knowledge_settings, admin_password=PASSWORD))
    assert client.get("/admin", auth=("admin", PASSWORD)).status_code == 200


def test_finding_10_a_non_ascii_password_logs_in_through_the_form(
    make_knowledge_client: Any, knowledge_settings: Settings
) -> None:
    client = make_knowledge_client(_settings(knowledge_settings, admin_password=PASSWORD))
    response = sign_in(client, "admin", PASSWORD)
    assert response.status_code == 303 and response.headers["location"] == "/admin"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/admin").status_code == 200


def test_the_password_is_stored_as_an_argon2_hash(
    knowledge_client: Any, knowledge_settings: Settings
) -> None:
    assert knowledge_client.get("/admin", auth=("admin", "correct horse battery staple")).status_code == 200
    engine = create_db_engine(knowledge_settings.knowledge_database_url)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM accounts")).scalar_one()
    engine.dispose()
    assert stored.startswith("$argon2id$") and "correct horse" not in stored


def test_changing_admin_password_in_the_environment_takes_effect(
    make_knowledge_client: Any, knowledge_settings: Settings
) -> None:
    first = make_knowledge_client(knowledge_settings)
    assert first.get("/admin", auth=("admin", "correct horse battery staple")).status_code == 200
    second = make_knowledge_client(_settings(knowledge_settings, admin_password=PASSWORD))
    assert second.get("/admin", auth=("admin", PASSWORD)).status_code == 200
    assert second.get("/admin", auth=("admin", "correct horse battery staple")).status_code == 401


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(
    make_knowledge_client: Any, knowledge_settings: Settings
) -> None:
    browser = make_knowledge_client(knowledge_settings)
    assert sign_in(browser, "admin", "correct horse battery staple").status_code == 303
    assert browser.get("/admin").status_code == 200
    # The operator changes ADMIN_PASSWORD and restarts: the new process saves the new password.
    restarted = make_knowledge_client(_settings(knowledge_settings, admin_password=PASSWORD))
    assert restarted.get("/admin", auth=("admin", PASSWORD)).status_code == 200
    assert browser.get("/admin").status_code == 303


def test_an_admin_user_name_the_accounts_refuse_is_logged_not_fatal(
    make_knowledge_client: Any, knowledge_settings: Settings, caplog: Any
) -> None:
    client = make_knowledge_client(_settings(knowledge_settings, admin_user="has space"))
    assert client.get("/admin", auth=("has space", "correct horse battery staple")).status_code == 401
    assert "ADMIN_USER not used" in caplog.text
