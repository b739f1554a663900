"""A fake Telegram Bot API: `POST /bot<token>/<method>`, answers in the documented format.

    python -m harness.fakes.telegram_api --port 8081 [--token 123:ABC]

Then point the bot at it with TELEGRAM_API_BASE=http://127.0.0.1:8081. Error modes
(POST /_mode): "429" (flood control with parameters.retry_after), "500", "blocked" (403 from a
user who blocked the bot), "drop" (connection closed without an answer).

It also refuses what Telegram refuses, so tests catch it: texts over 4096 characters, empty
texts, callback_data over 64 bytes.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
import time
from typing import Any

from harness.fakes.recording_server import DROP, Answer, Mode, RecordingServer, parse_args, serve_forever

BOT_USER = {
    "id": 7000000001,
    "is_bot": True,
    "first_name": "Fake Tech Needs Bot",
    "username": "fake_techneeds_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
# Parameters the Bot API takes as JSON-serialized objects inside a form body.
JSON_PARAMETERS = {
    "reply_markup",
    "allowed_updates",
    "entities",
    "link_preview_options",
    "reply_parameters",
    "caption_entities",
}
_PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)$")
_TRUE_METHODS = {
    "answerCallbackQuery",
    "deleteWebhook",
    "setWebhook",
    "sendChatAction",
    "editMessageReplyMarkup",
    "setMyCommands",
    "deleteMessage",
}


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _error(code: int, description: str, **parameters: Any) -> Answer:
    payload: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        payload["parameters"] = parameters
    return Answer(code, payload)


class FakeTelegramAPI(RecordingServer):
    name = "fake-telegram-api"

    def __init__(self, host: str = "127.0.0.1", port: int = 0, token: str = "") -> None:
        super().__init__(host, port)
        self.token = token
        self._message_ids = itertools.count(1000)
        self.webhook: dict[str, Any] = {}

    def route(self, path: str) -> str | None:
        match = _PATH.match(path)
        return match.group("method") if match else None

    def decode_params(self, content_type: str, body: bytes) -> dict[str, Any]:
        params = super().decode_params(content_type, body)
        for key in JSON_PARAMETERS & params.keys():
            if isinstance(params[key], str):
                try:
                    params[key] = json.loads(params[key])
                except ValueError:
                    pass
        return params

    def answer(self, call: dict[str, Any], mode: Mode) -> Any:
        match = _PATH.match(call["path"])
        assert match is not None
        call["token"] = match.group("token")
        if self.token and match.group("token") != self.token:
            return _error(401, "Unauthorized")
        if mode.name == "drop":
            return DROP
        if mode.name == "429":
            wait = int(mode.retry_after if mode.retry_after is not None else 1)
            return _error(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
        if mode.name == "500":
            return _error(500, "Internal Server Error")
        if mode.name == "blocked":
            return _error(403, "Forbidden: bot was blocked by the user")
        return self._ok(match.group("method"), call["params"])

    def _ok(self, method: str, params: dict[str, Any]) -> Answer:
        if method == "getMe":
            return Answer(200, {"ok": True, "result": BOT_USER})
        if method == "sendMessage":
            text = str(params.get("text", ""))
            if not text.strip():
                return _error(400, "Bad Request: message text is empty")
            if _utf16_length(text) > 4096:
                return _error(400, "Bad Request: message is too long")
            for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if len(str(button.get("callback_data", "")).encode("utf-8")) > 64:
                        return _error(400, "Bad Request: BUTTON_DATA_INVALID")
            result = self._message(params)
            result["text"] = text
            if params.get("reply_markup"):
                result["reply_markup"] = params["reply_markup"]
            return Answer(200, {"ok": True, "result": result})
        if method == "sendPhoto":
            result = self._message(params)
            result["photo"] = [
                {"file_id": "fake-photo", "file_unique_id": "fake-photo-u", "width": 320, "height": 240}
            ]
            return Answer(200, {"ok": True, "result": result})
        if method == "setWebhook":
            self.webhook = dict(params)
            return Answer(200, {"ok": True, "result": True, "description": "Webhook was set"})
        if method == "deleteWebhook":
            self.webhook = {}
            return Answer(200, {"ok": True, "result": True, "description": "Webhook was deleted"})
        if method == "getWebhookInfo":
            info = {
                "url": self.webhook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": 0,
            }
            if self.webhook.get("allowed_updates"):
                info["allowed_updates"] = self.webhook["allowed_updates"]
            return Answer(200, {"ok": True, "result": info})
        if method in _TRUE_METHODS:
            return Answer(200, {"ok": True, "result": True})
        return _error(404, "Not Found")

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id", 0)
        try:
            chat_id = int(chat_id)
        except (TypeError, ValueError):
            pass
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
        }


def main(argv: list | None = None) -> int:
    host, port, token = parse_args(__doc__.splitlines()[0], argv)
    serve_forever(FakeTelegramAPI(host, port, token))
    return 0


if __name__ == "__main__":
    sys.exit(main())
