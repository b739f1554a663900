"""Finding 10: 300 wrong admin passwords in 0.6 s, no throttling. Now five failures within the
window lock the account name and the client address, with a doubling delay (429 and
Retry-After) that holds across API processes, since the counts live in the database."""

from datetime import timedelta
from typing import Any

from sqlalchemy import text

from knowledge.db import create_db_engine
from knowledge.models.base import utcnow
from knowledge.settings import Settings
from tests.security.admin_helpers import sign_in
from tests.security.knowledge_app import ADMIN, Client

WRONG = (ADMIN[0], "not the password")


def _dashboard(client: Client, auth: tuple[str, str]) -> int:
    return client.get("/admin", auth=auth).status_code


def test_finding_10_five_wrong_passwords_lock_the_account(knowledge_client: Client) -> None:
    assert [_dashboard(knowledge_client, WRONG) for _ in range(5)] == [401] * 5
    refused = knowledge_client.get("/admin", auth=WRONG)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    # Locked means locked: the right password waits too.
    assert _dashboard(knowledge_client, ADMIN) == 429


def test_finding_10_the_lock_holds_for_an_account_tried_from_many_addresses(
    make_knowledge_client: Any, knowledge_settings: Settings
) -> None:
    for n in range(5):
        _dashboard(make_knowledge_client(knowledge_settings, f"203.0.113.{n}"), WRONG)
    assert _dashboard(make_knowledge_client(knowledge_settings, "198.51.100.7"), ADMIN) == 429


def test_finding_10_the_lock_holds_for_an_address_trying_many_names(
    make_knowledge_client: Any, knowledge_settings: Settings
) -> None:
    attacker = make_knowledge_client(knowledge_settings, "203.0.113.9")
    for n in range(5):
        _dashboard(attacker, (f"user{n}", "guess"))
    assert _dashboard(attacker, ADMIN) == 429
    assert _dashboard(make_knowledge_client(knowledge_settings, "198.51.100.7"), ADMIN) == 200


def test_finding_10_the_lock_is_shared_by_every_api_process(
    make_knowledge_client: Any, knowledge_settings: Settings
) -> None:
    first, second = make_knowledge_client(knowledge_settings), make_knowledge_client(knowledge_settings)
    for _ in range(5):
        _dashboard(first, WRONG)
    assert _dashboard(second, ADMIN) == 429


def test_finding_10_the_login_form_is_throttled_too(knowledge_client: Client) -> None:
    statuses = [sign_in(knowledge_client, *WRONG).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    assert "try again in" in sign_in(knowledge_client, *ADMIN).text


def test_finding_10_the_lock_ends_and_a_success_clears_the_count(
    knowledge_client: Client, knowledge_db_url: str
) -> None:
    for _ in range(5):
        _dashboard(knowledge_client, WRONG)
    assert _dashboard(knowledge_client, ADMIN) == 429
    engine = create_db_engine(knowledge_db_url)
    with engine.begin() as connection:  # the lock's time passes
        past = utcnow() - timedelta(seconds=1)
        connection.execute(text("UPDATE login_throttles SET locked_until = :past"), {"past": past})
    engine.dispose()
    assert _dashboard(knowledge_client, ADMIN) == 200
    # The account's count was cleared by the success; the address still remembers its failures
    # within the window, so one more failure from it locks again, for twice as long.
    refused = knowledge_client.get("/admin", auth=WRONG)
    assert refused.status_code == 401
    assert _dashboard(knowledge_client, ADMIN) == 429
