"""A complete interview through the Telegram webhook of the running Rasa server; replies go to
a fake Bot API on 127.0.0.1 that answers in Telegram's documented format."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from harness.channels import TelegramUser, fixture, last_keyboard_message, telegram_texts

pytestmark = pytest.mark.e2e


def test_complete_interview_on_telegram(stack, telegram_api) -> None:
    user = TelegramUser(stack.rasa_url, telegram_api)
    replies = user.say("/start")
    assert "Who are you?" in telegram_texts(replies)
    replies = user.tap(last_keyboard_message(replies), "Farmers' group")
    assert telegram_api.calls_to("answerCallbackQuery"), "the button's spinner must stop"
    assert "Which country" in telegram_texts(replies)
    for answer in ("Uganda", "Gulu", "Our maize rots in storage because of damp and weevils.",
                   "We keep it in sacks at home.", "/skip", "/skip", "3000"):
        replies = user.say(answer)
    assert "electricity" in telegram_texts(replies)
    for title in ("No grid", "Only rain"):
        replies = user.tap(last_keyboard_message(replies), title)
    replies = user.tap(last_keyboard_message(replies), "Technology")
    for title in ("Yes", "Yes", "Here, in this chat"):
        replies = user.tap(last_keyboard_message(replies), title)
    assert "Here is your need" in telegram_texts(replies) and "Uganda" in telegram_texts(replies)
    replies = user.tap(last_keyboard_message(replies), "Yes, that is right")
    text = telegram_texts(replies)
    assert re.search(r"TN-[0-9A-Z]{6,}", text) and "Why:" in text
    markup = last_keyboard_message(replies)["params"]["reply_markup"]
    keyboard = (json.loads(markup) if isinstance(markup, str) else markup)["inline_keyboard"]
    assert ["More", "Money and training"] == [b["text"] for row in keyboard for b in row]


def test_telegram_language_code_chooses_the_first_language(stack, telegram_api) -> None:
    user = TelegramUser(stack.rasa_url, telegram_api, language_code="fr")
    replies = user.say("/start")
    assert "Qui êtes-vous ?" in telegram_texts(replies), telegram_texts(replies)
    replies = user.tap(last_keyboard_message(replies), "ONG")
    assert "pays" in telegram_texts(replies)


def test_voice_note_gets_a_clear_reply_and_the_question_again(stack, telegram_api) -> None:
    user = TelegramUser(stack.rasa_url, telegram_api)
    user.say("/start")
    update = fixture("telegram", "voice")
    update["update_id"] = 99_000_001
    update["message"]["chat"]["id"] = update["message"]["from"]["id"] = user.chat_id
    replies = user._deliver(update)
    assert "I cannot read voice notes yet" in telegram_texts(replies)
    assert "Who are you?" in telegram_texts(replies)


def test_refused_requests_change_nothing(stack, telegram_api) -> None:
    user = TelegramUser(stack.rasa_url, telegram_api)
    update = fixture("telegram", "text")
    update["message"]["chat"]["id"] = update["message"]["from"]["id"] = user.chat_id
    assert user.post(update, secret="wrong").status_code == 403
    assert user.post(update, secret="").status_code == 403
    bad_json = httpx.post(user.webhook, content=b"{not json", timeout=10,
                          headers={"X-Telegram-Bot-Api-Secret-Token": "e2e-telegram-secret",
                                   "Content-Type": "application/json"})
    assert bad_json.status_code == 400
    assert not [c for c in telegram_api.calls if str(c["params"].get("chat_id")) == str(user.chat_id)]

    update["update_id"] = 99_000_002
    first = user._deliver(update)
    assert first, "the first delivery is answered"
    assert user.post(update).status_code == 200
    again = [c for c in telegram_api.calls if str(c["params"].get("chat_id")) == str(user.chat_id)]
    assert len(again) == len(first), "a replayed update_id is processed once"
