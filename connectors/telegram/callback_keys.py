"""Shortened callback keys shared between the Telegram channels of every replica.

A button whose payload is longer than Telegram's 64 bytes carries a short key instead
(`translate.short_key`). The replica that sends it writes key -> payload to the shared store
(connectors/shared_store.py: Redis when REDIS_URL is set, else this process's memory); the
replica that receives the tap, maybe another one, or the same one after a restart, reads it back.
A payload read back is accepted only if the key is its own hash, so a store written by anyone
else cannot turn a tap into another command.
"""

from __future__ import annotations

from collections.abc import Iterable

from telegram import Update

from connectors.shared_store import SharedStore
from connectors.telegram.translate import SHORT_KEY_PREFIX, CallbackDataRegistry, SendMessage

# Inline buttons stay in a chat for ever; a tap after a month is asked to type instead.
CALLBACK_KEY_TTL_SECONDS = 30 * 24 * 3600
NAMESPACE = "telegram:callback"


class CallbackKeys:
    def __init__(
        self,
        registry: CallbackDataRegistry,
        store: SharedStore,
        ttl_seconds: int = CALLBACK_KEY_TTL_SECONDS,
    ) -> None:
        self.registry = registry
        self.store = store
        self._ttl = ttl_seconds

    async def share(self, calls: Iterable[SendMessage]) -> None:
        """Writes the short keys of the calls' buttons to the store (before they are sent)."""
        for call in calls:
            for row in call.keyboard:
                for _, data in row:
                    payload = self.registry.decode(data) if data.startswith(SHORT_KEY_PREFIX) else None
                    if payload is not None:
                        await self.store.put(data, payload, self._ttl)

    async def recall(self, update: Update) -> None:
        """Teaches the registry the payload of a tapped short key it does not know."""
        query = update.callback_query
        data = getattr(query, "data", None)
        if not isinstance(data, str) or not data.startswith(SHORT_KEY_PREFIX):
            return
        if self.registry.decode(data) is not None:
            return
        payload = await self.store.get(data)
        if payload is not None:
            self.registry.learn(data, payload)
