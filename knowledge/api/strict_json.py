"""JSON bodies hold only what JSON (RFC 8259) and our databases can: no NaN or Infinity
(Python's json module accepts them, and 1e999 becomes inf), no lone surrogates ("\\ud800" is
valid JSON syntax but no valid Unicode, and SQLite and PostgreSQL refuse it), no NUL character
(PostgreSQL refuses it in text), no integer beyond 64 bits (no column holds it).

A pure ASGI middleware checks every JSON body before any route sees it, whatever the field, and
answers 422 with the locations only. It must sit inside the body-limit middleware, which bounds
what it buffers.
"""

import json
import math
from collections.abc import Iterator
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from knowledge.api.errors import validation_response

INT_LIMIT = 2**63 - 1
MAX_REPORTED = 20


class _NonFinite:
    pass


_NON_FINITE = _NonFinite()


class _Overflow:
    pass


_OVERFLOW = _Overflow()


def _parse_float(text: str) -> float | _NonFinite:
    value = float(text)
    return value if math.isfinite(value) else _NON_FINITE


def _parse_int(text: str) -> int | _Overflow:
    # Checked on the digits: int() of a 5000-digit string raises ValueError on Python 3.10.7+.
    digits = text.lstrip("-")
    if len(digits) > 19:
        return _OVERFLOW
    value = int(text)
    return value if -INT_LIMIT - 1 <= value <= INT_LIMIT else _OVERFLOW


def _string_problem(text: str) -> str | None:
    if "\x00" in text:
        return "contains a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return f"not valid Unicode: lone surrogate at character {error.start}"
    return None


def problems(body: bytes) -> list[dict[str, Any]]:
    """The errors of a JSON body, as validation errors; [] also when it is not JSON at all
    (the route then reports the syntax error itself)."""
    try:
        data = json.loads(
            body, parse_constant=lambda _: _NON_FINITE, parse_float=_parse_float, parse_int=_parse_int
        )
    except (ValueError, RecursionError):
        return []
    found = []
    for loc, message in _walk(data):
        found.append({"loc": ["body", *loc], "msg": message, "type": "value_error"})
        if len(found) == MAX_REPORTED:
            break
    return found


def _walk(data: Any) -> Iterator[tuple[list[Any], str]]:
    # Iterative: the parser accepts nesting deeper than a recursive walk could follow.
    stack: list[tuple[list[Any], Any]] = [([], data)]
    while stack:
        loc, value = stack.pop()
        if value is _NON_FINITE:
            yield loc, "NaN and Infinity are not JSON numbers"
        elif value is _OVERFLOW:
            yield loc, "integer out of range"
        elif isinstance(value, str):
            problem = _string_problem(value)
            if problem:
                yield loc, problem
        elif isinstance(value, list):
            stack.extend((loc + [i], item) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                problem = _string_problem(key)
                if problem:
                    yield loc + [key], f"field name {problem}"
                stack.append((loc + [key], item))


def _is_json(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            media: bytes = value.split(b";", 1)[0].strip().lower()
            return media == b"application/json" or media.endswith(b"+json")
    return False


class StrictJSONMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        found = problems(body) if body else []
        if found:
            await validation_response(found)(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
