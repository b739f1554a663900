"""Async client of the knowledge API (contract: docs/architecture.md).

Every call has an explicit timeout; the transport can be swapped so tests can serve the real
FastAPI app in process (`httpx.ASGITransport`) instead of the network.
"""

from __future__ import annotations

import os
from typing import Any, Optional

import httpx

DEFAULT_URL = "http://127.0.0.1:8000"
TIMEOUT = httpx.Timeout(10.0, connect=3.0)


class KnowledgeUnavailable(Exception):
    """The knowledge API did not answer or answered with a server error."""


class KnowledgeClient:
    def __init__(
        self, base_url: Optional[str] = None, transport: Optional[httpx.AsyncBaseTransport] = None
    ) -> None:
        self.base_url = (base_url or os.environ.get("KNOWLEDGE_API_URL") or DEFAULT_URL).rstrip("/")
        self.transport = transport

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            async with httpx.AsyncClient(
                base_url=self.base_url, timeout=TIMEOUT, transport=self.transport
            ) as client:
                response = await client.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise KnowledgeUnavailable(str(error)) from error
        if response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise KnowledgeUnavailable(f"{method} {path}: HTTP {response.status_code}")
        return response.json()

    async def analyse(self, text: str, language: str) -> dict[str, Any]:
        return await self._request("POST", "/api/needs/analyse", json={"text": text, "language": language})

    async def create_need(self, need: dict[str, Any]) -> dict[str, Any]:
        return await self._request("POST", "/api/needs", json=need)

    async def needs_of(self, sender_id: str) -> list[dict[str, Any]]:
        return await self._request("GET", "/api/needs", params={"sender_id": sender_id}) or []

    async def need(self, reference: str) -> Optional[dict[str, Any]]:
        return await self._request("GET", f"/api/needs/{reference}")

    async def delete_needs_of(self, sender_id: str) -> int:
        result = await self._request("DELETE", "/api/needs", params={"sender_id": sender_id})
        return int((result or {}).get("deleted", 0))

    async def matches(self, reference: str, offset: int, limit: int, language: str) -> dict[str, Any]:
        params = {"offset": offset, "limit": limit, "language": language}
        return await self._request("GET", f"/api/needs/{reference}/matches", params=params) or {
            "total": 0,
            "items": [],
        }

    async def offers(self, reference: str, language: str) -> dict[str, Any]:
        params = {"language": language}
        return await self._request("GET", f"/api/needs/{reference}/offers", params=params) or {}

    async def refer(self, reference: str) -> Optional[dict[str, Any]]:
        return await self._request("POST", f"/api/needs/{reference}/referrals", json={})
