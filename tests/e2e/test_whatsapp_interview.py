"""A complete interview through the WhatsApp Cloud API webhook of the running Rasa server;
replies go to a fake Graph API on 127.0.0.1."""

from __future__ import annotations

import re

import httpx
import pytest

from harness.channels import WhatsAppUser, fixture, whatsapp_texts
from harness.chat import choose

pytestmark = pytest.mark.e2e


def interactive(replies: list[dict]) -> list[dict]:
    return [r["params"]["interactive"] for r in replies if r["params"].get("type") == "interactive"]


def test_complete_interview_on_whatsapp(stack, graph_api) -> None:
    user = WhatsAppUser(stack.rasa_url, graph_api)
    replies = user.say("hello")
    assert "Who are you?" in whatsapp_texts(replies)
    assert interactive(replies)[-1]["type"] == "list"  # 8 choices: a list message
    replies = user.choose(choose("sme"), kind="list_reply")
    assert "Which country" in whatsapp_texts(replies)
    for answer in ("Kenya", "Kisumu", "We smoke fish over wood fires and the smoke makes us sick.",
                   "Open fires.", "/skip", "/skip", "$40000", "4", "2", "1"):
        replies = user.say(answer)  # a typed number picks that option of a list or buttons
    assert "keep your answers" in whatsapp_texts(replies)
    assert interactive(replies)[-1]["type"] == "button"  # yes / no: reply buttons
    replies = user.choose(choose("yes"))
    replies = user.choose(choose("yes"))
    replies = user.choose(choose("same_channel"), kind="list_reply")
    assert "Here is your need" in whatsapp_texts(replies) and "Kenya" in whatsapp_texts(replies)
    replies = user.choose("/confirm")
    text = whatsapp_texts(replies)
    assert re.search(r"TN-[0-9A-Z]{6,}", text) and "Why:" in text
    for call in replies:
        assert call["authorization"] == "Bearer e2e-graph-token"


def test_media_and_status_callbacks(stack, graph_api) -> None:
    user = WhatsAppUser(stack.rasa_url, graph_api)
    user.say("hello")
    image = fixture("whatsapp", "image")["entry"][0]["changes"][0]["value"]["messages"][0]
    replies = user.send(user.delivery({k: v for k, v in image.items() if k not in ("from", "id")}))
    assert "I cannot read pictures yet" in whatsapp_texts(replies)
    status = fixture("whatsapp", "status_read")
    assert user.post(status).status_code == 200


def test_refused_and_replayed_deliveries(stack, graph_api) -> None:
    user = WhatsAppUser(stack.rasa_url, graph_api)
    delivery = user.delivery({"type": "text", "text": {"body": "hello"}})
    assert user.post(delivery, secret="not-the-app-secret").status_code in (401, 403)
    unsigned = httpx.post(user.webhook, json=delivery, timeout=10)
    assert unsigned.status_code in (401, 403)
    assert not [c for c in graph_api.calls if c["params"].get("to") == user.phone]

    first = user.send(delivery)
    assert first
    assert user.post(delivery).status_code == 200  # Meta retries the same message id
    again = [c for c in graph_api.calls if c["params"].get("to") == user.phone]
    assert len(again) == len(first), "a replayed message id is processed once"


def test_webhook_verification(stack) -> None:
    url = f"{stack.rasa_url}/webhooks/whatsapp/webhook"
    ok = httpx.get(url, params={"hub.mode": "subscribe", "hub.verify_token": "e2e-verify-token",
                                "hub.challenge": "1158201444"}, timeout=10)
    assert ok.status_code == 200 and ok.text == "1158201444"
    wrong = httpx.get(url, params={"hub.mode": "subscribe", "hub.verify_token": "nope",
                                   "hub.challenge": "1158201444"}, timeout=10)
    assert wrong.status_code == 403


def test_a_kenyan_number_is_greeted_in_swahili(stack, graph_api) -> None:
    user = WhatsAppUser(stack.rasa_url, graph_api, phone="254711000222")
    replies = user.say("hello")
    assert "Wewe ni nani?" in whatsapp_texts(replies), whatsapp_texts(replies)
