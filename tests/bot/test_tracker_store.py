"""The tracker store that forgets, on a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.utils.endpoints import read_endpoint_config

from bot import retention
from bot.tracker_store import DAY_SECONDS, PrivateSQLTrackerStore
from conversation.privacy import FORGET_SLOT, RetentionSettingError, retention_days

ROOT = Path(__file__).resolve().parents[2]
WORDS = "We dry mangoes in the sun near Nakuru"
PHONE = "254712345678"


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "bot" / "domain"))


@pytest.fixture
def store(
    tracker_db: dict[str, Any], domain: Domain, monkeypatch: pytest.MonkeyPatch
) -> Iterator[PrivateSQLTrackerStore]:
    monkeypatch.delenv("CONVERSATION_RETENTION_DAYS", raising=False)
    created = PrivateSQLTrackerStore(domain=domain, **tracker_db["store"])
    yield created
    created.engine.dispose()


def rows(url: str, sender_id: str | None = None) -> list[tuple[Any, ...]]:
    """The stored event rows, read with plain SQL (not through the store under test)."""
    engine = sa.create_engine(url)
    with engine.connect() as db:
        query = "SELECT sender_id, type_name, timestamp, data FROM events"
        if sender_id is None:
            found = db.execute(sa.text(query + " ORDER BY id")).fetchall()
        else:
            by_sender = sa.text(query + " WHERE sender_id = :s ORDER BY id")
            found = db.execute(by_sender, {"s": sender_id}).fetchall()
    engine.dispose()
    return [tuple(row) for row in found]


def user_turn(text: str, timestamp: float | None = None) -> list[Any]:
    return [
        UserUttered(text, {"name": "inform", "confidence": 1.0}, timestamp=timestamp),
        ActionExecuted("need_form", timestamp=timestamp),
        SlotSet("problem", text, timestamp=timestamp),
        BotUttered(f"You said: {text}", timestamp=timestamp),
        ActionExecuted("action_listen", timestamp=timestamp),
    ]


async def converse(store: PrivateSQLTrackerStore, sender_id: str, *turns: list[Any]) -> None:
    """Each turn as Rasa runs it: read the tracker, add the turn's events, save once."""
    for events in turns:
        tracker = await store.get_or_create_tracker(sender_id, append_action_listen=False)
        for event in events:
            tracker.update(event)
        await store.save(tracker)


def delete_turn() -> list[Any]:
    return [
        UserUttered("/delete_confirm", {"name": "delete_confirm", "confidence": 1.0}),
        ActionExecuted("action_delete_data"),
        BotUttered("Done. I deleted everything."),
        SlotSet("problem", None),
        SlotSet(FORGET_SLOT, True),
        ActionExecuted("action_listen"),
    ]


async def test_saving_turns_stores_each_event_once(store: PrivateSQLTrackerStore, tracker_db) -> None:
    await converse(store, PHONE, user_turn("first"), user_turn("second"), user_turn("third"))
    stored = rows(tracker_db["url"], PHONE)
    assert [r[1] for r in stored].count("user") == 3
    assert len(stored) == len((await store.retrieve(PHONE)).events) == 15


async def test_delete_removes_the_whole_conversation_and_nothing_of_the_turn_is_stored(
    store: PrivateSQLTrackerStore, tracker_db
) -> None:
    await converse(store, PHONE, user_turn(WORDS), user_turn("another answer"))
    await converse(store, "someone-else", user_turn("their own words"))
    await converse(store, PHONE, delete_turn())

    assert rows(tracker_db["url"], PHONE) == []
    assert not any(WORDS in str(row) or PHONE in str(row) for row in rows(tracker_db["url"]))
    assert len(rows(tracker_db["url"], "someone-else")) == 5
    assert await store.retrieve(PHONE) is None

    # The next message starts a fresh conversation, stored as usual.
    await converse(store, PHONE, user_turn("hello again"))
    assert [r[1] for r in rows(tracker_db["url"], PHONE)].count("user") == 1


async def test_a_marker_set_to_false_deletes_nothing(store: PrivateSQLTrackerStore, tracker_db) -> None:
    await converse(store, PHONE, user_turn(WORDS), [SlotSet(FORGET_SLOT, False)])
    assert len(rows(tracker_db["url"], PHONE)) == 6


async def test_retention_deletes_events_older_than_the_period(
    store: PrivateSQLTrackerStore, tracker_db
) -> None:
    now = time.time()
    old = now - 40 * DAY_SECONDS
    await converse(store, PHONE, user_turn("old words", timestamp=old), user_turn("recent words"))
    await converse(store, "gone-quiet", user_turn("old too", timestamp=old))
    store.retention_days = 30

    assert store.purge_expired(now) == 10
    remaining = rows(tracker_db["url"])
    assert len(remaining) == 5 and all(r[0] == PHONE for r in remaining)
    assert not any("old words" in r[3] or "old too" in r[3] for r in remaining)
    tracker = await store.retrieve(PHONE)
    assert tracker.get_slot("problem") == "recent words"


async def test_retention_runs_on_save_at_most_once_an_hour(store: PrivateSQLTrackerStore, tracker_db) -> None:
    old = time.time() - 3 * DAY_SECONDS
    await converse(store, "old-user", user_turn("old", timestamp=old))
    store.retention_days = 2
    await converse(store, PHONE, user_turn("now"))  # the first save of the process purges
    assert rows(tracker_db["url"], "old-user") == []

    # Within the hour another save does not purge again...
    store.retention_days = None
    await converse(store, "old-user", user_turn("old again", timestamp=old))
    store.retention_days = 2
    await converse(store, PHONE, user_turn("later"))
    assert len(rows(tracker_db["url"], "old-user")) == 5
    # ...and once the hour is over it does.
    store._next_purge = 0.0
    await converse(store, PHONE, user_turn("an hour later"))
    assert rows(tracker_db["url"], "old-user") == []


async def test_no_retention_keeps_everything(store: PrivateSQLTrackerStore, tracker_db) -> None:
    await converse(store, PHONE, user_turn("ancient", timestamp=time.time() - 3650 * DAY_SECONDS))
    assert store.purge_expired() == 0
    assert len(rows(tracker_db["url"], PHONE)) == 5


async def test_retention_between_read_and_save_does_not_store_events_twice(
    store: PrivateSQLTrackerStore, tracker_db
) -> None:
    old = time.time() - 10 * DAY_SECONDS
    await converse(store, PHONE, user_turn("old", timestamp=old), user_turn("recent"))
    store.retention_days = 5
    tracker = await store.retrieve(PHONE)  # the turn starts with every event in memory
    store.purge_expired()  # another process applies retention meanwhile
    for event in user_turn("this turn"):
        tracker.update(event)
    await store.save(tracker)

    stored = rows(tracker_db["url"], PHONE)
    assert [r[3].count("You said") for r in stored if r[1] == "bot"] == [1, 1]
    assert len(stored) == 10 and not any("You said: old" in r[3] for r in stored)


async def test_a_conversation_removed_by_retention_mid_turn_is_not_written_back(
    store: PrivateSQLTrackerStore, tracker_db
) -> None:
    await converse(store, PHONE, user_turn("old", timestamp=time.time() - 10 * DAY_SECONDS))
    store.retention_days = 5
    tracker = await store.retrieve(PHONE)
    store.purge_expired()
    for event in user_turn("this turn"):
        tracker.update(event)
    await store.save(tracker)
    stored = rows(tracker_db["url"], PHONE)
    assert len(stored) == 5 and all("this turn" in r[3] or r[1] == "action" for r in stored)


@pytest.mark.parametrize("value", ["0", "-3", "thirty", "1.5"])
def test_a_bad_retention_setting_is_refused_clearly(value: str) -> None:
    with pytest.raises(RetentionSettingError, match="CONVERSATION_RETENTION_DAYS must be a whole number"):
        retention_days({"CONVERSATION_RETENTION_DAYS": value})


def test_retention_setting() -> None:
    assert retention_days({}) is None and retention_days({"CONVERSATION_RETENTION_DAYS": " "}) is None
    assert retention_days({"CONVERSATION_RETENTION_DAYS": "30"}) == 30


@pytest.mark.parametrize("endpoints", ["endpoints.yml", "deploy/endpoints.scale.yml"])
def test_both_endpoint_files_use_this_store(
    endpoints: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for variable in re.findall(r"\$\{(\w+)\}", (ROOT / endpoints).read_text()):
        monkeypatch.setenv(variable, "5432" if variable.endswith("PORT") else "x")
    config = read_endpoint_config(str(ROOT / endpoints), "tracker_store")
    assert config.type == "bot.tracker_store.PrivateSQLTrackerStore"
    if config.kwargs["dialect"] == "sqlite":
        monkeypatch.setenv("TRACKER_DB_PATH", str(tmp_path / "t.db"))
        store = create_tracker_store(read_endpoint_config(str(ROOT / endpoints), "tracker_store"))
        assert isinstance(store, PrivateSQLTrackerStore) and isinstance(store, SQLTrackerStore)
        store.engine.dispose()


def test_retention_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, domain: Domain, capsys) -> None:
    db = tmp_path / "tracker.db"
    for variable in re.findall(r"\$\{(\w+)\}", (ROOT / "endpoints.yml").read_text()):
        monkeypatch.setenv(variable, "x")
    monkeypatch.setenv("TRACKER_DB_PATH", str(db))
    monkeypatch.delenv("CONVERSATION_RETENTION_DAYS", raising=False)
    assert retention.main(["--endpoints", str(ROOT / "endpoints.yml")]) == 0
    assert "is not set" in capsys.readouterr().out

    engine = sa.create_engine(f"sqlite:///{db}")
    SQLTrackerStore.Base.metadata.create_all(engine)
    with engine.begin() as conn:
        for age_days in (1, 8, 9):
            conn.execute(sa.text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES "
                                 "('u', 'user', :t, '{}')"), {"t": time.time() - age_days * DAY_SECONDS})
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "7")
    assert retention.main(["--endpoints", str(ROOT / "endpoints.yml")]) == 0
    assert "Deleted 2 conversation events older than 7 days." in capsys.readouterr().out
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM events")).scalar() == 1
    engine.dispose()

    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "soon")
    assert retention.main(["--endpoints", str(ROOT / "endpoints.yml")]) == 2
    assert "must be a whole number" in capsys.readouterr().err
