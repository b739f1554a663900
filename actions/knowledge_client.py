"""Async client of the knowledge API's internal face (contract: docs/architecture.md).

One pooled `httpx.AsyncClient` per process (`shared_client()`), with explicit timeouts and the
service credential (`KNOWLEDGE_SERVICE_TOKEN`) on every call. The transport can be swapped so
tests can serve the real FastAPI app in process (`httpx.ASGITransport`) instead of the network.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, cast
from urllib.parse import quote

import httpx

from actions.settings import get_settings

logger = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(10.0, connect=3.0)
# The action server runs one action per user turn; this many turns may wait on the API at once.
LIMITS = httpx.Limits(max_connections=20, max_keepalive_connections=10)


class KnowledgeError(Exception):
    """The knowledge API could not do what was asked."""


class KnowledgeUnavailable(KnowledgeError):
    """The knowledge API did not answer or answered with a server error."""


class KnowledgeRejected(KnowledgeError):
    """The knowledge API refused the request (a 4xx other than 404): a wrong service token or a
    request this client should not have made. Not an outage, so it is logged as an error."""

    def __init__(self, operation: str, status_code: int) -> None:
        super().__init__(f"{operation}: HTTP {status_code}")
        self.status_code = status_code


class KnowledgeClient:
    def __init__(
        self,
        base_url: str,
        transport: httpx.AsyncBaseTransport | None = None,
        token: str | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.transport = transport
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http: httpx.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _pool(self) -> httpx.AsyncClient:
        # A pool's connections belong to the event loop that opened them: the action server has
        # one, but a caller on another loop (a test) gets a pool of its own.
        loop = asyncio.get_running_loop()
        if self._http is None or self._http.is_closed or self._loop is not loop:
            self._http = httpx.AsyncClient(
                base_url=self.base_url,
                timeout=TIMEOUT,
                limits=LIMITS,
                transport=self.transport,
                headers=self._headers,
            )
            self._loop = loop
        return self._http

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def _request(self, operation: str, method: str, path: str, **kwargs: Any) -> Any:
        """`operation` names the call in errors and logs; paths may hold a sender id."""
        try:
            response = await self._pool().request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise KnowledgeUnavailable(f"{operation}: {type(error).__name__}") from error
        if response.status_code == 404:
            return None
        if response.status_code >= 500:
            raise KnowledgeUnavailable(f"{operation}: HTTP {response.status_code}")
        if response.status_code >= 400:
            logger.error("knowledge API refused %s: HTTP %d", operation, response.status_code)
            raise KnowledgeRejected(operation, response.status_code)
        if response.status_code == 204:
            return None
        return response.json()

    async def analyse(self, text: str, language: str) -> dict[str, Any]:
        found = await self._request(
            "analyse", "POST", "/api/needs/analyse", json={"text": text, "language": language}
        )
        return cast(dict[str, Any], found)

    async def create_need(self, need: dict[str, Any]) -> dict[str, Any]:
        return cast(dict[str, Any], await self._request("create need", "POST", "/api/needs", json=need))

    async def needs_of(self, sender_id: str) -> list[dict[str, Any]]:
        return await self._request("list needs", "GET", "/api/needs", params={"sender_id": sender_id}) or []

    async def need(self, reference: str) -> dict[str, Any] | None:
        found = await self._request("get need", "GET", f"/api/needs/{quote(reference, safe='')}")
        return cast("dict[str, Any] | None", found)

    async def sender_data(self, sender_id: str) -> dict[str, Any]:
        """`{"needs": [NeedOut], "referrals": [{reference, provider, status, created_at}]}`."""
        path = f"/api/senders/{quote(sender_id, safe='')}/data"
        return await self._request("sender data", "GET", path) or {"needs": [], "referrals": []}

    async def delete_sender_data(self, sender_id: str) -> dict[str, Any]:
        """Deletes the sender's needs, matches and referrals: `{"needs": n, "matches": n,
        "referrals": n}`."""
        path = f"/api/senders/{quote(sender_id, safe='')}/data"
        return await self._request("delete sender data", "DELETE", path) or {
            "needs": 0,
            "matches": 0,
            "referrals": 0,
        }

    async def delete_needs_of(self, sender_id: str) -> int:
        """How many needs `delete_sender_data` deleted (kept for callers that count needs)."""
        return int((await self.delete_sender_data(sender_id)).get("needs", 0))

    async def show_matches(self, reference: str, offset: int, limit: int, language: str) -> dict[str, Any]:
        """The page of matches, recorded as shown to the user (idempotent)."""
        params = {"offset": offset, "limit": limit, "language": language}
        path = f"/api/needs/{quote(reference, safe='')}/matches"
        return await self._request("show matches", "POST", path, params=params) or {"total": 0, "items": []}

    async def offers(self, reference: str, language: str) -> dict[str, Any]:
        path = f"/api/needs/{quote(reference, safe='')}/offers"
        return await self._request("offers", "GET", path, params={"language": language}) or {}

    async def refer(self, reference: str) -> dict[str, Any] | None:
        path = f"/api/needs/{quote(reference, safe='')}/referrals"
        return cast("dict[str, Any] | None", await self._request("refer", "POST", path, json={}))

    # After the interview (issue 9): "my needs", information added, withdrawal, follow-ups.
    async def my_needs(self, sender_id: str) -> list[dict[str, Any]]:
        """The sender's needs, newest first, with their latest referral's status and provider."""
        path = f"/api/senders/{quote(sender_id, safe='')}/needs"
        listed: list[dict[str, Any]] = await self._request("my needs", "GET", path) or []
        return listed

    async def _step(
        self, operation: str, reference: str, step: str, body: dict[str, Any]
    ) -> dict[str, Any] | None:
        """None when the need is not the sender's (404)."""
        path = f"/api/needs/{quote(reference, safe='')}/{step}"
        done: dict[str, Any] | None = await self._request(operation, "POST", path, json=body)
        return done

    async def add_note(self, reference: str, sender_id: str, text: str) -> dict[str, Any] | None:
        return await self._step("add note", reference, "notes", {"sender_id": sender_id, "text": text})

    async def withdraw(self, reference: str, sender_id: str) -> dict[str, Any] | None:
        return await self._step("withdraw", reference, "withdraw", {"sender_id": sender_id})

    async def answer_follow_up(self, reference: str, sender_id: str, answer: str) -> dict[str, Any] | None:
        body = {"sender_id": sender_id, "answer": answer}
        return await self._step("answer follow-up", reference, "follow-up", body)

    async def interview_started(self, language: str, channel: str) -> None:
        """Counts an interview start for the funnel (no sender id is sent)."""
        body = {"language": language, "channel": channel}
        await self._request("interview started", "POST", "/api/interviews/started", json=body)


_shared: KnowledgeClient | None = None


def shared_client() -> KnowledgeClient:
    """The process's client, made on first use from the action server's settings."""
    global _shared
    if _shared is None:
        settings = get_settings()
        token = settings.knowledge_service_token
        _shared = KnowledgeClient(
            settings.knowledge_api_url, token=token.get_secret_value() if token is not None else None
        )
    return _shared
