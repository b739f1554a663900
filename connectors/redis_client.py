"""One lazily created Redis client, shared by the stores that live in Redis (connectors/dedup.py,
connectors/shared_store.py).

The client is created inside the running event loop on first use, never at import time (Rasa
forks Sanic workers after importing the channels), and again if the loop changed (tests run
each case in a loop of its own). A store whose Redis cannot be reached falls back to memory and
says so once in the log, not once per message.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from typing import Any

logger = logging.getLogger(__name__)

# Short: a channel answering a webhook must not hang on a Redis that went away.
SOCKET_TIMEOUT_SECONDS = 2


class LazyRedis:
    def __init__(self, url: str) -> None:
        self.url = url
        self._client: Any = None
        self._client_loop: asyncio.AbstractEventLoop | None = None
        self._warned = False

    def client(self) -> Any:
        """The `redis.asyncio` client for the running loop."""
        # Imported by name: redis-py 4 (Rasa's pin) ships no type information.
        redis_asyncio = importlib.import_module("redis.asyncio")
        loop = asyncio.get_running_loop()
        if self._client is None or self._client_loop is not loop:
            self._client = redis_asyncio.from_url(
                self.url, socket_timeout=SOCKET_TIMEOUT_SECONDS, socket_connect_timeout=SOCKET_TIMEOUT_SECONDS
            )
            self._client_loop = loop
        return self._client

    def degrade(self, error: Exception, what: str) -> None:
        """Logs, once, that `what` now runs in memory because Redis failed."""
        if not self._warned:
            logger.warning("Redis %s unavailable (%s); using in-memory %s.", what, type(error).__name__, what)
            self._warned = True

    async def close(self) -> None:
        if self._client is not None:
            # redis-py 4.x does not close a from_url() pool unless told to.
            await self._client.close(close_connection_pool=True)
            self._client = None
            self._client_loop = None
