"""Pure translation for WhatsApp, on every recorded delivery; signatures; numbered options."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from connectors.inbound import unsupported_media_text
from connectors.whatsapp.language import language_from_phone
from connectors.whatsapp.options import OptionStore
from connectors.whatsapp.security import (
    expected_signature,
    signature_is_valid,
    subscription_challenge,
)
from connectors.whatsapp.settings import WhatsAppSettings
from connectors.whatsapp.translate import (
    DEFAULT_LIST_BUTTON,
    MalformedWebhook,
    parse_webhook,
    render_response,
    resolve_numbered_reply,
)
from harness.fakes.graph_api import check_message

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "whatsapp"
TO = "254712345678"


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def media(kind: str) -> str:
    return unsupported_media_text(kind)


# fixture -> list of (text for Rasa, media_kind), or ("ignored", reason), or ("status", status)
EXPECTED: dict[str, Any] = {
    "text": [("Body Text", None)],
    "text_reply": [("replied text", None)],
    "text_forwarded": [("forwarded text", None)],
    "text_referral": [("BODY", None)],
    "text_kenya": [("Habari, tunahitaji kikaushio cha jua", None)],
    "text_batch": [("Body Text", None), ("Bonjour", None)],
    "image": [(media("image"), "image")],
    "image_with_url": [(media("image"), "image")],
    "video_caption": [("caption", "video")],
    "document_caption": [("caption", "document")],
    "audio": [(media("audio"), "audio")],
    "voice": [(media("voice"), "voice")],
    "sticker_static": [(media("sticker"), "sticker")],
    "sticker_animated": [(media("sticker"), "sticker")],
    "location_current": [(media("location"), "location")],
    "location_chosen": [(media("location"), "location")],
    "contacts": [(media("contact"), "contact")],
    "order": [(media("unsupported"), "unsupported")],
    "unsupported": [(media("unsupported"), "unsupported")],
    "unsupported_with_type": [(media("unsupported"), "unsupported")],
    "interactive_with_error": [(media("unsupported"), "unsupported")],
    "button_reply": [("callback_data", None)],
    "template_quick_reply": [("callback_data", None)],
    "list_reply": [("callback_data", None)],
    "list_reply_description": [("callback_data", None)],
    "reaction": ("ignored", "reaction"),
    "unreaction": ("ignored", "reaction"),
    "edited_message": ("ignored", "edited message"),
    "revoke": ("ignored", "deleted message"),
    "system_number_change": ("ignored", "system message"),
    "status_sent": ("status", "sent"),
    "status_delivered": ("status", "delivered"),
    "status_read": ("status", "read"),
    "status_failed": ("status", "failed"),
}


def test_every_fixture_has_an_expectation() -> None:
    assert {path.stem for path in FIXTURES.glob("*.json")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_parse_fixture(name: str) -> None:
    batch = parse_webhook(load(name))
    expected = EXPECTED[name]
    if isinstance(expected, tuple) and expected[0] == "ignored":
        assert batch.messages == [] and batch.statuses == []
        assert [item.reason for item in batch.ignored] == [expected[1]]
        return
    if isinstance(expected, tuple) and expected[0] == "status":
        assert batch.messages == [] and batch.ignored == []
        assert [status.status for status in batch.statuses] == [expected[1]]
        return
    assert [(m.message.text, m.message.media_kind) for m in batch.messages] == expected
    value = load(name)["entry"][0]["changes"][0]["value"]
    for inbound, raw in zip(batch.messages, value["messages"], strict=True):
        assert inbound.phone_number_id == "1122334455667"
        assert inbound.message.sender_id == raw["from"]
        assert inbound.message.message_id == raw["id"]
        metadata = inbound.message.rasa_metadata()
        assert metadata["channel"] == "whatsapp"
        assert metadata["language_hint"] == language_from_phone(raw["from"])
        # only a typed text can be a pick from numbered options
        assert inbound.may_pick_option == (raw["type"] == "text")


def test_failed_status_carries_error_codes() -> None:
    [status] = parse_webhook(load("status_failed")).statuses
    assert status.error_codes == (130472,)


def test_swahili_number_gives_swahili_hint() -> None:
    [inbound] = parse_webhook(load("text_kenya")).messages
    assert inbound.message.rasa_metadata()["language_hint"] == "sw"


@pytest.mark.parametrize("body", [[], "x", 3, None])
def test_non_object_body_is_malformed(body: Any) -> None:
    with pytest.raises(MalformedWebhook):
        parse_webhook(body)


def test_other_objects_and_fields_are_ignored() -> None:
    assert parse_webhook({"object": "page", "entry": []}).ignored
    batch = parse_webhook(
        {
            "object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "message_template_status_update", "value": {}}]}],
        }
    )
    assert batch.messages == [] and [i.reason for i in batch.ignored] == [
        "field 'message_template_status_update'"
    ]


def test_typed_commands_are_normalized() -> None:
    body = load("text")
    body["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] = "/Language"
    [inbound] = parse_webhook(body).messages
    assert inbound.message.text == "/language"
    body["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] = "/affirm"
    [inbound] = parse_webhook(body).messages
    assert inbound.message.text == "affirm"


@pytest.mark.parametrize(
    ("number", "language"),
    [
        ("254712345678", "sw"),
        ("255754123456", "sw"),
        ("256772123456", "en"),
        ("2348031234567", "en"),
        ("251911234567", "am"),
        ("33612345678", "fr"),
        ("221771234567", "fr"),
        ("2250701234567", "fr"),
        ("34612345678", "es"),
        ("5215512345678", "es"),
        ("573001234567", "es"),
        ("5511987654321", "pt"),
        ("258841234567", "pt"),
        ("244923123456", "pt"),
        ("201001234567", "ar"),
        ("212612345678", "ar"),
        ("966501234567", "ar"),
        ("971501234567", "ar"),
        ("14155550123", "en"),
        ("972987654321", "en"),
        ("", "en"),
        ("+254 712 345 678", "sw"),
    ],
)
def test_language_from_phone(number: str, language: str) -> None:
    assert language_from_phone(number) == language


# --------------------------------------------------------------------------- outgoing


def buttons(*titles: str) -> list[tuple[str, str]]:
    return [(title, f'/choose{{"n":{i}}}') for i, title in enumerate(titles, start=1)]


def test_text_only() -> None:
    rendered = render_response(TO, "Karibu!")
    assert rendered.bodies == (
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": TO,
            "type": "text",
            "text": {"preview_url": False, "body": "Karibu!"},
        },
    )
    assert rendered.numbered_options == ()
    assert render_response(TO, "  ").bodies == ()


def test_up_to_three_short_buttons_are_reply_buttons() -> None:
    rendered = render_response(TO, "Sawa?", buttons("Ndiyo", "Hapana", "Ruka"))
    [body] = rendered.bodies
    assert body["type"] == "interactive"
    assert body["interactive"] == {
        "type": "button",
        "body": {"text": "Sawa?"},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": '/choose{"n":1}', "title": "Ndiyo"}},
                {"type": "reply", "reply": {"id": '/choose{"n":2}', "title": "Hapana"}},
                {"type": "reply", "reply": {"id": '/choose{"n":3}', "title": "Ruka"}},
            ]
        },
    }
    assert check_message(body) is None


def test_long_titles_or_four_buttons_become_a_list() -> None:
    long_title = "Farmers' cooperative or association"  # 35 characters
    for choices in (buttons("A", "B", "C", "D"), buttons(long_title, "SME")):
        [body] = render_response(TO, "Who are you?", choices, list_button="Chagua").bodies
        assert body["interactive"]["type"] == "list"
        assert body["interactive"]["action"]["button"] == "Chagua"
        assert check_message(body) is None
    rows = body["interactive"]["action"]["sections"][0]["rows"]
    assert rows[0] == {
        "id": '/choose{"n":1}',
        "title": "Farmers' cooperative or…",
        "description": long_title,
    }
    assert len(rows[0]["title"]) == 24
    assert rows[1] == {"id": '/choose{"n":2}', "title": "SME"}


def test_list_button_label_defaults_to_a_language_neutral_symbol() -> None:
    [body] = render_response(TO, "Pick", buttons("A", "B", "C", "D")).bodies
    assert body["interactive"]["action"]["button"] == DEFAULT_LIST_BUTTON


def test_more_than_ten_buttons_become_numbered_options() -> None:
    choices = buttons(*[f"Country {i}" for i in range(1, 13)])
    rendered = render_response(TO, "Which country?", choices)
    [body] = rendered.bodies
    assert body["type"] == "text"
    assert body["text"]["body"].startswith("Which country?\n\n1. Country 1\n2. Country 2\n")
    assert body["text"]["body"].endswith("12. Country 12")
    assert rendered.numbered_options == tuple(payload for _, payload in choices)


def test_duplicate_titles_fall_back_to_numbered_options() -> None:
    rendered = render_response(TO, "Pick", [("Same", "/a"), ("Same", "/b")])
    assert rendered.numbered_options == ("/a", "/b")


def test_long_text_with_buttons_is_split_before_the_interactive_body() -> None:
    text = " ".join(["Solar dryers reduce post-harvest losses."] * 40)  # about 1700 characters
    rendered = render_response(TO, text, buttons("Yes", "No"))
    assert [body["type"] for body in rendered.bodies] == ["text", "interactive"]
    assert all(check_message(body) is None for body in rendered.bodies)
    sent = rendered.bodies[0]["text"]["body"] + " " + rendered.bodies[1]["interactive"]["body"]["text"]
    assert sent.split() == text.split()


def test_very_long_text_is_split_under_4096() -> None:
    text = "\n".join(f"{i}. Provider with a long description of its services" for i in range(200))
    rendered = render_response(TO, text)
    assert len(rendered.bodies) >= 3
    assert all(check_message(body) is None for body in rendered.bodies)
    assert "\n".join(body["text"]["body"] for body in rendered.bodies) == text


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("2", "/b"),
        (" 2. ", "/b"),
        ("#3", "/c"),
        ("3)", "/c"),
        ("٢", "/b"),
        ("0", None),
        ("4", None),
        ("2 apples", None),
        ("two", None),
        ("", None),
    ],
)
def test_resolve_numbered_reply(reply: str, expected: Any) -> None:
    assert resolve_numbered_reply(reply, ("/a", "/b", "/c")) == expected


async def test_option_store_answers_only_the_next_message_and_expires() -> None:
    now = [0.0]
    store = OptionStore(ttl_seconds=60, max_users=2, clock=lambda: now[0])
    await store.remember("u1", ["/a", "/b"])
    assert await store.take("u1") == ("/a", "/b")
    assert await store.take("u1") == ()
    await store.remember("u1", ["/a"])
    now[0] = 61
    assert await store.take("u1") == ()
    for user in ("u1", "u2", "u3"):
        await store.remember(user, ["/x"])
    assert await store.take("u1") == ()  # the oldest user was dropped to stay bounded
    assert await store.take("u3") == ("/x",)


# --------------------------------------------------------------------------- security, settings


def test_signature_is_checked_on_raw_bytes() -> None:
    raw = b'{"object":"whatsapp_business_account", "entry":[]}'
    header = expected_signature("app-secret", raw)
    assert header.startswith("sha256=") and len(header) == 7 + 64
    assert signature_is_valid("app-secret", raw, header)
    assert signature_is_valid("app-secret", raw, header.upper().replace("SHA256=", "sha256="))
    assert not signature_is_valid("app-secret", raw + b" ", header)
    assert not signature_is_valid("other-secret", raw, header)
    assert not signature_is_valid("app-secret", raw, header[7:])  # prefix required
    assert not signature_is_valid("app-secret", raw, None)
    assert not signature_is_valid("", raw, header)
    assert not signature_is_valid("app-secret", raw, "sha256=ü")


def test_subscription_challenge() -> None:
    good = {"hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "1158201444"}
    assert subscription_challenge("tok", good) == "1158201444"
    assert subscription_challenge("tok", {**good, "hub.verify_token": "nope"}) is None
    assert subscription_challenge("tok", {**good, "hub.mode": "unsubscribe"}) is None
    assert subscription_challenge("", {**good, "hub.verify_token": ""}) is None


def test_settings_from_environment_and_problems() -> None:
    environ = {
        "WHATSAPP_ACCESS_TOKEN": "EAAG",
        "WHATSAPP_APP_SECRET": "sec",
        "WHATSAPP_VERIFY_TOKEN": "ver",
        "WHATSAPP_PHONE_NUMBER_ID": "1122334455667",
        "WHATSAPP_API_BASE": "http://127.0.0.1:9/",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    settings = WhatsAppSettings.from_sources({"api_version": "v21.0"}, environ)
    assert settings.problems() == []
    assert settings.api_base == "http://127.0.0.1:9"
    assert settings.api_version == "v21.0"
    assert settings.redis_url == "redis://127.0.0.1:6379/0"
    assert len(WhatsAppSettings.from_sources(None, {}).problems()) == 3
