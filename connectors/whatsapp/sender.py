"""Sends message bodies to the Graph API, with bounded retries on 429, 5xx and network errors.

A reply that cannot be delivered is logged and dropped rather than raised: an exception here
would abort Rasa's turn before the tracker is saved.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from connectors.log_privacy import redact
from connectors.retry import RetryPolicy
from connectors.whatsapp.settings import WhatsAppSettings

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]

# Graph error codes that are worth a retry even when the HTTP status is 400:
# 4 application rate limit, 80007 WABA rate limit, 130429 throughput limit,
# 131016 service unavailable, 131000 "something went wrong".
RETRYABLE_ERROR_CODES = frozenset({4, 80007, 130429, 131000, 131016})


class GraphSender:
    def __init__(
        self,
        settings: WhatsAppSettings,
        policy: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        timeout_seconds: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._settings = settings
        self._policy = policy or RetryPolicy()
        self._sleep = sleep
        self._timeout = timeout_seconds
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._client_loop: asyncio.AbstractEventLoop | None = None

    def _http(self) -> httpx.AsyncClient:
        # Built lazily, inside the loop that uses it (see connectors.telegram.sender).
        loop = asyncio.get_running_loop()
        if self._client is None or self._client_loop is not loop:
            self._client = httpx.AsyncClient(
                base_url=self._settings.api_base,
                timeout=httpx.Timeout(self._timeout),
                headers={"Authorization": f"Bearer {self._settings.access_token}"},
                transport=self._transport,
            )
            self._client_loop = loop
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def messages_path(self, phone_number_id: str) -> str:
        return f"/{self._settings.api_version}/{phone_number_id}/messages"

    async def send(self, phone_number_id: str, body: dict[str, Any]) -> str | None:
        """POSTs one message; returns its wamid, or None when it could not be delivered."""
        policy = self._policy
        recipient = redact(body.get("to"))
        for attempt in range(1, policy.max_attempts + 1):
            last = attempt == policy.max_attempts
            backoff = policy.backoff(attempt)
            try:
                response = await self._http().post(self.messages_path(phone_number_id), json=body)
            except httpx.TransportError as error:
                if last:
                    logger.error(
                        "WhatsApp send to %s failed after %d attempts: %s",
                        recipient,
                        attempt,
                        type(error).__name__,
                    )
                    return None
                logger.warning("WhatsApp send: %s, retrying in %.1f s.", type(error).__name__, backoff)
                await self._sleep(backoff)
                continue

            if response.is_success:
                return _message_id(response)
            error_code, error_title = _graph_error(response)
            retryable = (
                response.status_code == 429
                or response.status_code >= 500
                or error_code in RETRYABLE_ERROR_CODES
            )
            if not retryable or last:
                logger.error(
                    "WhatsApp send to %s refused: HTTP %d, error %s (%s)%s",
                    recipient,
                    response.status_code,
                    error_code,
                    error_title,
                    " after retries" if retryable else "",
                )
                return None
            delay = _retry_after(response, backoff)
            if delay > policy.max_retry_after:
                logger.error("WhatsApp send to %s dropped: asked to wait %.0f s.", recipient, delay)
                return None
            logger.warning(
                "WhatsApp send: HTTP %d (error %s), retrying in %.1f s.",
                response.status_code,
                error_code,
                delay,
            )
            await self._sleep(delay)
        return None


def _message_id(response: httpx.Response) -> str | None:
    try:
        return str(response.json()["messages"][0]["id"])
    except (ValueError, KeyError, IndexError, TypeError):
        return ""


def _graph_error(response: httpx.Response) -> tuple[int | None, str]:
    try:
        error = response.json().get("error") or {}
    except ValueError:
        return None, ""
    code = error.get("code") if isinstance(error.get("code"), int) else None
    # `message` and `error_data.details` may quote the recipient's number; the type does not.
    return code, str(error.get("type") or "")


def _retry_after(response: httpx.Response, default: float) -> float:
    header = response.headers.get("Retry-After")
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            pass
    return default
