""""Delete my data" end to end over REST, Telegram and WhatsApp, against the running stack.

Each user files a need in words nobody else uses, then asks to delete their data. Afterwards no
row of the knowledge database, no event of the tracker store and no line of any process's log
in the stack's data directory holds those words or the user's number, and the next message
starts a new conversation. (The web widget's stored transcript: test_widget_browser.py.)
"""

from __future__ import annotations

import random
import re
import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from harness.channels import (
    TelegramUser,
    WhatsAppUser,
    last_keyboard_message,
    telegram_texts,
    whatsapp_texts,
)
from harness.chat import RestUser, choose, texts

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"TN-[0-9A-Z]{6,}")


def private_problem() -> tuple[str, str]:
    """A problem statement holding a word that appears nowhere else, and that word."""
    word = f"Kolo{uuid.uuid4().hex[:8]}"
    return f"Our tilapia ponds near {word} village lose fish every dry season.", word


def rows_of(database_url: str, query: str, params: dict[str, Any] | None = None) -> list[str]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as db:
            return [" ".join(map(str, row)) for row in db.execute(sa.text(query), params or {})]
    finally:
        engine.dispose()


def tracker_url(stack: Any) -> str:
    return f"sqlite:///{stack.env()['TRACKER_DB_PATH']}"


def need_ids(stack: Any, sender_needle: str) -> list[int]:
    rows = rows_of(stack.knowledge_db, "SELECT id, sender_id FROM needs")
    return [int(row.split()[0]) for row in rows if sender_needle in row]


def traces(stack: Any, needles: list[str], ids: list[int]) -> list[str]:
    """Every stored row or log line that holds one of the needles, or refers to the needs."""
    found = []
    for table in ("needs", "matches", "referrals"):
        found += [f"{table}: {row}" for row in rows_of(stack.knowledge_db, f"SELECT * FROM {table}")
                  if any(n in row for n in needles)]
    for table in ("matches", "referrals"):
        for need_id in ids:
            found += [f"{table}: {row}" for row in rows_of(
                stack.knowledge_db, f"SELECT * FROM {table} WHERE need_id = :n", {"n": need_id})]
    events = rows_of(tracker_url(stack), "SELECT sender_id, data FROM events")
    found += [f"tracker: {row[:200]}" for row in events if any(n in row for n in needles)]
    for log in sorted(stack.data_dir.glob("*.log")):
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if any(n in line for n in needles):
                found.append(f"{log.name}: {line[:200]}")
    return found


def stored_before(stack: Any, needles: list[str]) -> None:
    """The checks can fail: before the deletion the words are in both databases."""
    assert any(needles[0] in row for row in rows_of(stack.knowledge_db, "SELECT problem FROM needs"))
    assert any(needles[0] in row for row in rows_of(tracker_url(stack), "SELECT data FROM events"))


def test_delete_my_data_over_rest(stack: Any) -> None:
    problem, word = private_problem()
    user = RestUser(stack.rasa_url, sender=f"e2e-delete-{uuid.uuid4().hex[:10]}")
    assert "Who are you?" in texts(user.say("hello"))
    for answer in (choose("farmer_cooperative"), "Kenya", "Kisumu", problem, "We net them by hand.", "/skip",
                   "/skip", "$8000", choose("none"), choose("surface"), "1", "yes", choose("yes")):
        user.say(answer)
    assert "Here is your need" in texts(user.say(choose("same_channel")))
    saved = texts(user.say("/confirm"))
    reference = REFERENCE.search(saved)
    assert reference, saved
    ids = need_ids(stack, user.sender)
    stored_before(stack, [word, user.sender])

    known = texts(user.say("what do you know about me?"))
    assert "Language: English" in known and f"- {reference.group()}: " in known, known
    assert "Our conversation: kept until you delete it" in known

    assert "Delete all your needs" in texts(user.say("delete my data"))
    done = texts(user.say("/delete_confirm"))
    assert "I deleted everything" in done and "our conversation" in done, done

    assert traces(stack, [word, user.sender], ids) == []
    fresh = texts(user.say("hello"))
    assert "Who are you?" in fresh and "Welcome back" not in fresh


def test_delete_my_data_in_the_middle_of_the_interview(stack: Any) -> None:
    """Typed at a question, "delete my data" is that request, not an answer: declined, the
    question comes back with nothing lost; confirmed, the interview stops and nothing is kept."""
    problem, word = private_problem()
    user = RestUser(stack.rasa_url, sender=f"e2e-delete-mid-{uuid.uuid4().hex[:10]}")
    user.say("hello")
    for answer in (choose("farmer_cooperative"), "Kenya", "Kisumu", problem):
        user.say(answer)
    asked = texts(user.say("delete my data"))
    assert "Delete all your needs" in asked, asked
    kept = texts(user.say("/cancel"))
    assert "Delete all your needs" not in kept and "?" in kept, kept
    assert any(word in row for row in rows_of(tracker_url(stack), "SELECT data FROM events"))

    assert "Delete all your needs" in texts(user.say("please delete my data"))
    done = texts(user.say("/delete_confirm"))
    assert "I deleted everything" in done, done
    assert traces(stack, [word, user.sender], []) == []
    fresh = texts(user.say("hello"))
    assert "Who are you?" in fresh and "Welcome back" not in fresh


def test_delete_my_data_over_telegram(stack: Any, telegram_api: Any) -> None:
    problem, word = private_problem()
    user = TelegramUser(stack.rasa_url, telegram_api, chat_id=random.randint(7_100_000_000, 7_199_999_999))
    chat = str(user.chat_id)
    replies = user.tap(last_keyboard_message(user.say("/start")), "Farmers' group")
    for answer in ("Uganda", "Gulu", problem, "We net them by hand.", "/skip", "/skip", "$3000"):
        replies = user.say(answer)
    for title in ("No grid", "Only rain", "Technology", "Yes", "Yes", "Here, in this chat"):
        replies = user.tap(last_keyboard_message(replies), title)
    assert "Here is your need" in telegram_texts(replies)
    replies = user.tap(last_keyboard_message(replies), "Yes, that is right")
    assert REFERENCE.search(telegram_texts(replies)), telegram_texts(replies)
    ids = need_ids(stack, chat)
    stored_before(stack, [word, chat])

    replies = user.say("delete my data")
    assert "Delete all your needs" in telegram_texts(replies)
    done = telegram_texts(user.tap(last_keyboard_message(replies), "Yes, delete"))
    assert "I deleted everything" in done, done

    assert traces(stack, [word, chat], ids) == []
    fresh = telegram_texts(user.say("hello"))
    assert "Who are you?" in fresh and "Welcome back" not in fresh


def test_delete_my_data_over_whatsapp(stack: Any, graph_api: Any) -> None:
    problem, word = private_problem()
    user = WhatsAppUser(stack.rasa_url, graph_api, phone=f"2567{random.randint(0, 99_999_999):08d}")
    user.say("hello")
    user.choose(choose("sme"), kind="list_reply")
    for answer in ("Kenya", "Kisumu", problem, "We net them by hand.", "/skip", "/skip", "$40000",
                   "4", "2", "1"):
        user.say(answer)
    user.choose(choose("yes"))
    user.choose(choose("yes"))
    replies = user.choose(choose("same_channel"), kind="list_reply")
    assert "Here is your need" in whatsapp_texts(replies)
    assert REFERENCE.search(whatsapp_texts(user.choose("/confirm")))
    ids = need_ids(stack, user.phone)
    stored_before(stack, [word, user.phone])

    assert "Delete all your needs" in whatsapp_texts(user.say("delete my data"))
    done = whatsapp_texts(user.choose("/delete_confirm"))
    assert "I deleted everything" in done, done

    assert traces(stack, [word, user.phone], ids) == []
    fresh = whatsapp_texts(user.say("hello"))
    assert "Who are you?" in fresh and "Welcome back" not in fresh
