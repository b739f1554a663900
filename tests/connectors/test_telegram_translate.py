"""Pure translation for Telegram, on every recorded update, plus the shared helpers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from connectors.dedup import MemoryDeduplicator
from connectors.inbound import Ignored, normalize_command, unsupported_media_text
from connectors.log_privacy import redact
from connectors.replies import split_message, utf16_length
from connectors.telegram.settings import TelegramSettings
from connectors.telegram.translate import (
    MAX_MESSAGE_LENGTH,
    CallbackDataRegistry,
    SendMessage,
    TelegramInbound,
    render_text,
    translate_update,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "telegram"


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def update(name: str) -> Update:
    parsed = Update.de_json(load(name), None)
    assert parsed is not None
    return parsed


def media(kind: str) -> str:
    return unsupported_media_text(kind)


# fixture -> (text sent to Rasa, media_kind, metadata that must be present) or an ignore reason
EXPECTED: dict[str, Any] = {
    "text": ("Tunahitaji kikaushio cha jua kwa mahindi", None, {"language_hint": "sw"}),
    "text_pt_br": ("Olá", None, {"language_hint": "pt"}),
    "text_no_language_code": ("Hello", None, {"language_hint": None}),
    "start": ("/start", None, {}),
    "start_deeplink": ("/start", None, {"start_payload": "ref-ke-coop-42"}),
    "command_language": ("/language", None, {}),
    "command_help_mention": ("/help", None, {}),
    "command_restart": ("/start_over", None, {}),
    "command_unknown": ("affirm", None, {}),
    "voice": (media("voice"), "voice", {"media_kind": "voice"}),
    "audio": (media("audio"), "audio", {}),
    "document": (media("document"), "document", {}),
    "photo": (media("image"), "image", {}),
    "photo_caption": ("Mahindi yetu yanaoza baada ya mavuno", "image", {"media_kind": "image"}),
    "sticker": (media("sticker"), "sticker", {}),
    "location": (media("location"), "location", {}),
    "venue": (media("location"), "location", {}),
    "contact": (media("contact"), "contact", {}),
    "video": (media("video"), "video", {}),
    "video_note": (media("video"), "video", {}),
    "dice": (media("unsupported"), "unsupported", {}),
    "callback_query": ("/affirm", None, {"telegram_callback": True}),
    "callback_query_inline_message": ("Data from button callback", None, {}),
    "group_message": "not a private chat",
    "edited_message": "edited message",
    "my_chat_member_blocked": "update type my_chat_member",
}


def test_every_fixture_has_an_expectation() -> None:
    assert {path.stem for path in FIXTURES.glob("*.json")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_translate_fixture(name: str) -> None:
    result = translate_update(update(name), CallbackDataRegistry())
    expected = EXPECTED[name]
    if isinstance(expected, str):
        assert result == Ignored(expected)
        return
    text, media_kind, metadata = expected
    assert isinstance(result, TelegramInbound)
    message = result.message
    assert message.text == text
    assert message.media_kind == media_kind
    assert message.sender_id == "1111111"
    assert message.message_id == str(load(name)["update_id"])
    rasa_metadata = message.rasa_metadata()
    assert rasa_metadata["channel"] == "telegram"
    assert "language_hint" in rasa_metadata
    for key, value in metadata.items():
        assert rasa_metadata[key] == value
    assert result.callback_query_id == ("4382bfdwdsb323b2d9" if name.startswith("callback_query") else None)


def test_unsupported_media_text_is_rasa_intent_syntax() -> None:
    assert unsupported_media_text("voice") == '/unsupported_media{"media_kind":"voice"}'
    assert unsupported_media_text("hologram") == '/unsupported_media{"media_kind":"unsupported"}'


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/start", ("/start", None)),
        ("/start abc-123", ("/start", "abc-123")),
        ("/HELP@SomeBot", ("/help", None)),
        ("/language fr", ("/language", "fr")),
        ("/restart", ("/start_over", None)),
        ("/start_over", ("start_over", None)),
        ('/unsupported_media{"media_kind":"voice"}', ('unsupported_media{"media_kind":"voice"}', None)),
        ("/affirm", ("affirm", None)),
        ("/", ("/", None)),
        ("hello /start", ("hello /start", None)),
    ],
)
def test_normalize_command(typed: str, expected: Any) -> None:
    assert normalize_command(typed) == expected


# --------------------------------------------------------------------------- outgoing


def test_plain_text_is_one_send_message() -> None:
    assert render_text(42, "Karibu!") == [SendMessage(42, "Karibu!")]
    assert render_text(42, "   ") == []


def test_short_buttons_share_rows_and_long_ones_do_not() -> None:
    [short] = render_text(42, "Sawa?", [("Yes", "/affirm"), ("No", "/deny"), ("Skip", "/skip")])
    assert short.keyboard == ((("Yes", "/affirm"), ("No", "/deny")), (("Skip", "/skip"),))
    [long] = render_text(42, "Who are you?", [("Farmers' cooperative", "/a"), ("SME", "/b")])
    assert long.keyboard == ((("Farmers' cooperative", "/a"),), (("SME", "/b"),))


def test_buttons_without_text_still_get_a_message_body() -> None:
    [call] = render_text(42, "", [("Yes", "/affirm")])
    assert call.text and call.keyboard


def test_long_payload_is_shortened_and_resolved_back() -> None:
    registry = CallbackDataRegistry()
    payload = '/inform{"organisation_type":"farmers_cooperative","country":"KE","x":"' + "y" * 40 + '"}'
    [call] = render_text(42, "Pick", [("Cooperative", payload)], registry)
    data = call.keyboard[0][0][1]
    assert len(data.encode("utf-8")) <= 64 and data != payload
    assert registry.decode(data) == payload
    # deterministic: the same payload gets the same key
    assert registry.encode(payload) == data

    tap = load("callback_query")
    tap["callback_query"]["data"] = data
    result = translate_update(Update.de_json(tap, None), registry)
    assert isinstance(result, TelegramInbound) and result.message.text == payload


def test_unknown_short_key_asks_the_user_to_type() -> None:
    tap = load("callback_query")
    tap["callback_query"]["data"] = "k:" + "0" * 24
    result = translate_update(Update.de_json(tap, None), CallbackDataRegistry())
    assert isinstance(result, TelegramInbound)
    assert result.message.text == unsupported_media_text("unsupported")
    assert result.message.rasa_metadata()["expired_button"] is True
    assert result.callback_query_id  # still answered, so the spinner stops


def test_registry_is_bounded() -> None:
    registry = CallbackDataRegistry(max_entries=2)
    keys = [registry.encode("/x" + str(i) * 70) for i in range(3)]
    assert registry.decode(keys[0]) is None
    assert registry.decode(keys[2]) == "/x" + "2" * 70


def test_long_text_is_split_with_keyboard_on_last_part() -> None:
    paragraph = ("Solar drying keeps maize dry and safe. " * 30).strip()
    text = "\n\n".join([paragraph] * 6)  # about 7000 characters
    calls = render_text(42, text, [("More", "/more")])
    assert len(calls) == 2
    assert all(utf16_length(call.text) <= MAX_MESSAGE_LENGTH for call in calls)
    assert [bool(call.keyboard) for call in calls] == [False, True]
    assert " ".join(call.text for call in calls).split() == text.split()


def test_split_counts_emoji_as_telegram_does() -> None:
    text = "🌽" * 3000  # 6000 UTF-16 code units, one "word"
    parts = split_message(text, MAX_MESSAGE_LENGTH, utf16_length)
    assert len(parts) == 2
    assert all(utf16_length(part) <= MAX_MESSAGE_LENGTH for part in parts)
    assert "".join(parts) == text


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, ["short"]),
        ("one two three four", 9, ["one two", "three", "four"]),
        ("line one\nline two", 12, ["line one", "line two"]),
        ("para one.\n\npara two is here", 20, ["para one.", "para two is here"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
    ],
)
def test_split_message_prefers_natural_breaks(text: str, limit: int, expected: Any) -> None:
    assert split_message(text, limit) == expected


# --------------------------------------------------------------------------- settings, logs


def test_settings_prefer_credentials_then_environment() -> None:
    environ = {"TELEGRAM_TOKEN": "env-token", "TELEGRAM_SECRET_TOKEN": "env_secret"}
    from_env = TelegramSettings.from_sources(None, environ)
    assert (from_env.token, from_env.secret_token) == ("env-token", "env_secret")
    assert from_env.api_base == "https://api.telegram.org"
    assert from_env.problems() == []
    # `${TELEGRAM_TOKEN}` expanded to "" by Rasa falls back to the environment too
    mixed = TelegramSettings.from_sources(
        {"access_token": "", "secret_token": "yml_secret", "api_base": "http://127.0.0.1:9/"},
        environ,
    )
    assert (mixed.token, mixed.secret_token, mixed.api_base) == (
        "env-token",
        "yml_secret",
        "http://127.0.0.1:9",
    )


def test_settings_problems() -> None:
    assert len(TelegramSettings.from_sources(None, {}).problems()) == 2
    bad_secret = TelegramSettings.from_sources(
        None, {"TELEGRAM_TOKEN": "t", "TELEGRAM_SECRET_TOKEN": "has spaces!"}
    )
    assert bad_secret.problems() == ["TELEGRAM_SECRET_TOKEN must be 1-256 characters of A-Z a-z 0-9 _ -"]


def test_redact_hashes_unless_debugging() -> None:
    hidden = redact("254712345678", {})
    assert "254712345678" not in hidden and hidden.startswith("h:")
    assert redact("254712345678", {"LOG_HASH_KEY": "k"}) == redact("254712345678", {"LOG_HASH_KEY": "k"})
    assert redact("254712345678", {"DEBUG_LOG_CONTENT": "1"}) == "254712345678"


def test_memory_deduplicator_expires_and_stays_bounded() -> None:
    now = [0.0]
    dedup = MemoryDeduplicator(ttl_seconds=10, max_entries=3, clock=lambda: now[0])
    assert dedup.seen_sync("a") is True
    assert dedup.seen_sync("a") is False
    now[0] = 11
    assert dedup.seen_sync("a") is True  # expired, so new again
    for key in "bcde":
        dedup.seen_sync(key)
    assert len(dedup) == 3
