"""A fake Meta Graph API for WhatsApp: `POST /<version>/<phone_number_id>/messages`.

    python -m harness.fakes.graph_api --port 8082 [--token ACCESS_TOKEN]

Then point the bot at it with WHATSAPP_API_BASE=http://127.0.0.1:8082. Error modes
(POST /_mode): "429" (error 130429, with a Retry-After header when retry_after is given),
"500" (transient error), "drop" (connection closed without an answer).

It refuses what the Cloud API refuses, so tests catch it: text bodies over 4096 characters,
more than 3 reply buttons or titles over 20 characters, lists over 10 rows or row titles over
24 characters, interactive button bodies over 1024 characters.

`sign_delivery` builds the signature header Meta puts on webhooks, for tests that post to the
bot.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import sys
from typing import Any

from harness.fakes.recording_server import DROP, Answer, Mode, RecordingServer, parse_args, serve_forever

_PATH = re.compile(r"^/(?P<version>v\d+\.\d+)/(?P<phone_number_id>[^/]+)/messages$")


def sign_delivery(body: Any, app_secret: str) -> tuple[bytes, dict[str, str]]:
    """Raw bytes and headers of a webhook delivery as Meta signs it."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
    digest = hmac.new(app_secret.encode("utf-8"), raw, hashlib.sha256).hexdigest()
    return raw, {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={digest}"}


def _error(status: int, code: int, message: str, **extra: Any) -> Answer:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AFakeTraceId"}
    error.update(extra)
    return Answer(status, {"error": error})


def _invalid(details: str) -> Answer:
    return _error(
        400, 100, "(#100) Invalid parameter", error_data={"messaging_product": "whatsapp", "details": details}
    )


def check_message(body: dict[str, Any]) -> str | None:
    """What the Cloud API would object to in a message body, or None."""
    if body.get("messaging_product") != "whatsapp":
        return "messaging_product must be whatsapp"
    if not body.get("to"):
        return "to is required"
    kind = body.get("type", "text")
    content = body.get(kind)
    if not isinstance(content, dict):
        return f"{kind} object is required"
    if kind == "text":
        text = str(content.get("body", ""))
        if not text.strip():
            return "text.body is required"
        if len(text) > 4096:
            return "text.body is too long"
    if kind == "interactive":
        return _check_interactive(content)
    return None


def _check_interactive(interactive: dict[str, Any]) -> str | None:
    body_text = str((interactive.get("body") or {}).get("text", ""))
    action = interactive.get("action") or {}
    if not body_text:
        return "interactive.body.text is required"
    if interactive.get("type") == "button":
        buttons: list[dict[str, Any]] = action.get("buttons") or []
        titles = [str(b.get("reply", {}).get("title", "")) for b in buttons]
        ids = [str(b.get("reply", {}).get("id", "")) for b in buttons]
        if len(body_text) > 1024:
            return "interactive.body.text is too long for buttons"
        if not 1 <= len(buttons) <= 3:
            return "between 1 and 3 buttons"
        if any(not 1 <= len(title) <= 20 for title in titles) or len(set(titles)) != len(titles):
            return "button titles must be 1-20 characters and unique"
        if any(not 1 <= len(i) <= 256 for i in ids) or len(set(ids)) != len(ids):
            return "button ids must be 1-256 characters and unique"
        return None
    if interactive.get("type") == "list":
        if len(body_text) > 4096:
            return "interactive.body.text is too long"
        if not 1 <= len(str(action.get("button", ""))) <= 20:
            return "action.button must be 1-20 characters"
        rows = [row for section in action.get("sections") or [] for row in section.get("rows") or []]
        if not 1 <= len(rows) <= 10:
            return "between 1 and 10 rows"
        for row in rows:
            if not 1 <= len(str(row.get("title", ""))) <= 24:
                return "row titles must be 1-24 characters"
            if not 1 <= len(str(row.get("id", ""))) <= 200:
                return "row ids must be 1-200 characters"
            if len(str(row.get("description", ""))) > 72:
                return "row descriptions must be at most 72 characters"
        if len({row.get("id") for row in rows}) != len(rows):
            return "row ids must be unique"
        return None
    return "unknown interactive type"


class FakeGraphAPI(RecordingServer):
    name = "fake-graph-api"

    def __init__(self, host: str = "127.0.0.1", port: int = 0, token: str = "") -> None:
        super().__init__(host, port)
        self.token = token
        self._ids = itertools.count(1)

    def route(self, path: str) -> str | None:
        return "messages" if _PATH.match(path) else None

    def answer(self, call: dict[str, Any], mode: Mode) -> Any:
        match = _PATH.match(call["path"])
        assert match is not None
        call["phone_number_id"] = match.group("phone_number_id")
        call["version"] = match.group("version")
        if self.token and call.get("authorization") != f"Bearer {self.token}":
            return _error(401, 190, "Invalid OAuth access token - Cannot parse access token")
        if mode.name == "drop":
            return DROP
        if mode.name == "429":
            answer = _error(429, 130429, "(#130429) Rate limit hit")
            if mode.retry_after is not None:
                answer.headers["Retry-After"] = str(mode.retry_after)
            return answer
        if mode.name == "500":
            return _error(
                500,
                2,
                "An unexpected error has occurred. Please retry your request later.",
                is_transient=True,
            )
        problem = check_message(call["params"])
        if problem:
            return _invalid(problem)
        to = str(call["params"]["to"])
        return Answer(
            200,
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": to, "wa_id": to}],
                "messages": [{"id": f"wamid.FAKE{next(self._ids):08d}"}],
            },
        )


def main(argv: list | None = None) -> int:
    host, port, token = parse_args(__doc__.splitlines()[0], argv)
    serve_forever(FakeGraphAPI(host, port, token))
    return 0


if __name__ == "__main__":
    sys.exit(main())
