"""Users of Telegram and WhatsApp as the running Rasa server sees them: updates built from the
recorded payloads in tests/fixtures, posted to the real webhooks, and the replies read back from
the fake Bot API / Graph API servers (the only fakes: third parties we cannot reach)."""

from __future__ import annotations

import copy
import itertools
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from harness.fakes.graph_api import FakeGraphAPI, sign_delivery
from harness.fakes.redate import redated
from harness.fakes.telegram_api import FakeTelegramAPI

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
TELEGRAM_SECRET = "e2e-telegram-secret"
WHATSAPP_SECRET = "e2e-app-secret"
WHATSAPP_VERIFY = "e2e-verify-token"
QUIET_SECONDS = 1.5
_ids = itertools.count(1)


def fixture(channel: str, name: str) -> dict[str, Any]:
    """A recorded payload sent now (the channels refuse deliveries older than the replay window)."""
    return redated(json.loads((FIXTURES / channel / f"{name}.json").read_text(encoding="utf-8")))


def settle(calls: callable, before: int, timeout: float = 60) -> list[dict[str, Any]]:
    """The calls made after `before`, once the bot has been quiet for a moment."""
    deadline = time.monotonic() + timeout
    seen, quiet_since = before, time.monotonic()
    while time.monotonic() < deadline:
        now = len(calls())
        if now != seen:
            seen, quiet_since = now, time.monotonic()
        elif now > before and time.monotonic() - quiet_since > QUIET_SECONDS:
            break
        time.sleep(0.1)
    return calls()[before:]


@dataclass
class TelegramUser:
    rasa_url: str
    api: FakeTelegramAPI
    chat_id: int = field(default_factory=lambda: 500000 + next(_ids))
    language_code: str = "en"

    @property
    def webhook(self) -> str:
        return f"{self.rasa_url}/webhooks/telegram/webhook"

    def _sent(self) -> list[dict[str, Any]]:
        return [c for c in self.api.calls if str(c["params"].get("chat_id")) == str(self.chat_id)]

    def post(self, update: dict[str, Any], secret: str = TELEGRAM_SECRET) -> httpx.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
        return httpx.post(self.webhook, json=update, headers=headers, timeout=60)

    def _deliver(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        before = len(self._sent())
        response = self.post(update)
        assert response.status_code == 200, response.text
        return [c for c in settle(self._sent, before) if c["method"] == "sendMessage"]

    def say(self, text: str) -> list[dict[str, Any]]:
        return self._deliver(self.text_update(text))

    def text_update(self, text: str) -> dict[str, Any]:
        update = fixture("telegram", "text")
        update["update_id"] = next(_ids) + 10_000_000
        message = update["message"]
        message["message_id"] = next(_ids)
        message["chat"]["id"] = message["from"]["id"] = self.chat_id
        message["from"]["language_code"] = self.language_code
        message["text"] = text
        message.pop("entities", None)
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return update

    def tap(self, reply: dict[str, Any], title: str) -> list[dict[str, Any]]:
        """Taps the inline-keyboard button with this title on a message the bot sent."""
        markup = reply["params"]["reply_markup"]
        keyboard = (json.loads(markup) if isinstance(markup, str) else markup)["inline_keyboard"]
        button = next(b for row in keyboard for b in row if b["text"] == title)
        update = copy.deepcopy(fixture("telegram", "callback_query"))
        update["update_id"] = next(_ids) + 10_000_000
        query = update["callback_query"]
        query["id"] = str(next(_ids))
        query["from"]["id"] = query["message"]["chat"]["id"] = self.chat_id
        query["from"]["language_code"] = self.language_code
        query["data"] = button["callback_data"]
        return self._deliver(update)


def last_keyboard_message(replies: list[dict[str, Any]]) -> dict[str, Any]:
    return [r for r in replies if "reply_markup" in r["params"]][-1]


def telegram_texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(str(r["params"].get("text", "")) for r in replies)


@dataclass
class WhatsAppUser:
    rasa_url: str
    api: FakeGraphAPI
    phone: str = field(default_factory=lambda: f"2567{next(_ids):08d}")  # Uganda: English

    @property
    def webhook(self) -> str:
        return f"{self.rasa_url}/webhooks/whatsapp/webhook"

    def _sent(self) -> list[dict[str, Any]]:
        return [c for c in self.api.calls if c["params"].get("to") == self.phone]

    def post(self, delivery: dict[str, Any] | bytes, secret: str = WHATSAPP_SECRET) -> httpx.Response:
        raw, headers = sign_delivery(delivery, secret)
        return httpx.post(self.webhook, content=raw, headers=headers, timeout=60)

    def delivery(self, message: dict[str, Any]) -> dict[str, Any]:
        body = fixture("whatsapp", "text")
        value = body["entry"][0]["changes"][0]["value"]
        value["contacts"][0]["wa_id"] = self.phone
        message.update(
            {"from": self.phone, "id": f"wamid.e2e{next(_ids)}", "timestamp": str(int(time.time()))}
        )
        value["messages"] = [message]
        return body

    def send(self, delivery: dict[str, Any]) -> list[dict[str, Any]]:
        before = len(self._sent())
        response = self.post(delivery)
        assert response.status_code == 200, response.text
        return settle(self._sent, before)

    def say(self, text: str) -> list[dict[str, Any]]:
        return self.send(self.delivery({"type": "text", "text": {"body": text}}))

    def choose(self, payload: str, kind: str = "button_reply") -> list[dict[str, Any]]:
        interactive = {"type": kind, kind: {"id": payload, "title": "x"}}
        return self.send(self.delivery({"type": "interactive", "interactive": interactive}))


def whatsapp_texts(replies: list[dict[str, Any]]) -> str:
    parts = []
    for reply in replies:
        params = reply["params"]
        if params.get("type") == "text":
            parts.append(params["text"]["body"])
        elif params.get("type") == "interactive":
            parts.append(params["interactive"]["body"]["text"])
    return "\n".join(parts)
