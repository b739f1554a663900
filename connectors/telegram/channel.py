"""The Telegram channel: a thin Rasa InputChannel/OutputChannel around `translate` and `sender`.

Routes (under Rasa's `/webhooks/telegram`):
  GET  /          health: {"status": "ok"} or {"status": "disabled"}
  POST /webhook   Telegram updates; needs X-Telegram-Bot-Api-Secret-Token

Updates are processed before answering (Telegram waits up to its webhook timeout and redelivers
on errors): this keeps one chat's messages in order and lets Sanic finish in-flight turns on a
graceful shutdown. An update id is marked as handled only once its turn has run (connectors/
dedup.py): while it runs, a duplicate delivery is answered 503 (retry later); if the turn raises,
the claim is released and the answer is 503 too, so Telegram's redelivery runs the turn again
(up to MAX_HANDLING_ATTEMPTS, then it is acknowledged and dropped). An update whose message was
sent longer ago than the replay window (WEBHOOK_MAX_AGE_SECONDS) is answered 200 and dropped,
leaving no trace in the deduplication store.
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import Update

from connectors.dedup import Deduplicator, Outcome, close_deduplicator, handle_once, make_deduplicator
from connectors.inbound import Ignored, is_json_content_type
from connectors.log_privacy import describe_text, redact
from connectors.replay import too_old
from connectors.replies import parse_buttons
from connectors.settings import announce_channel
from connectors.shared_store import SharedStore, make_store
from connectors.telegram.callback_keys import NAMESPACE as CALLBACK_NAMESPACE
from connectors.telegram.callback_keys import CallbackKeys
from connectors.telegram.sender import TelegramSender
from connectors.telegram.settings import TelegramSettings
from connectors.telegram.translate import (
    CHANNEL,
    CallbackDataRegistry,
    SendMessage,
    SendPhoto,
    render_text,
    translate_update,
)

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024
RETRY_AFTER_SECONDS = "30"


class TelegramOutput(OutputChannel):
    """Sends Rasa responses to one Telegram chat (recipient_id is the chat id)."""

    def __init__(self, sender: TelegramSender, keys: CallbackKeys) -> None:
        self._sender = sender
        self._keys = keys

    async def _send_all(self, calls: list[SendMessage]) -> None:
        await self._keys.share(calls)  # before sending: a tap may come back at once, elsewhere
        for call in calls:
            await self._sender.send_message(call)

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send_all(render_text(int(recipient_id), text, (), self._keys.registry))

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        calls = render_text(int(recipient_id), text, parse_buttons(buttons), self._keys.registry)
        await self._send_all(calls)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._sender.send_photo(SendPhoto(int(recipient_id), image))

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, str(attachment))

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        # Raw JSON is not for people; a custom payload that carries text still gets through.
        text = json_message.get("text") if isinstance(json_message, dict) else None
        if isinstance(text, str) and text.strip():
            await self.send_text_message(recipient_id, text)
        else:
            logger.debug("Telegram: custom payload without text not sent.")


class TelegramInput(InputChannel):
    """Registered in credentials.yml as `connectors.telegram.TelegramInput`."""

    def __init__(
        self,
        settings: TelegramSettings,
        sender: TelegramSender | None = None,
        deduplicator: Deduplicator | None = None,
        store: SharedStore | None = None,
    ) -> None:
        self.settings = settings
        self.problems = settings.problems()
        self.enabled = not self.problems
        self.registry = CallbackDataRegistry()
        # Short callback keys, shared with the other replicas through Redis when REDIS_URL is set.
        self.callback_keys = CallbackKeys(
            self.registry, store if store is not None else make_store(settings.redis_url, CALLBACK_NAMESPACE)
        )
        self.sender = sender or TelegramSender(settings)
        # `is None`, not `or`: an empty MemoryDeduplicator has len() 0 and is falsy.
        self.deduplicator = deduplicator if deduplicator is not None else make_deduplicator(
            settings.redis_url, "telegram:update", settings.effective_dedup_ttl
        )
        self.clock = time.time

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramInput:
        channel = cls(TelegramSettings.from_sources(credentials))
        announce_channel(logger, "Telegram", "/webhooks/telegram/webhook", channel.problems)
        return channel

    def get_output_channel(self) -> OutputChannel | None:
        if not self.enabled:
            return None
        return TelegramOutput(self.sender, self.callback_keys)

    def _authorized(self, request: Request) -> bool:
        presented = request.headers.get(SECRET_HEADER, "")
        return hmac.compare_digest(presented.encode("utf-8"), self.settings.secret_token.encode("utf-8"))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("telegram_channel", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "disabled"})

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.enabled:
                return response.json({"status": "disabled"}, status=503)
            if not self._authorized(request):
                logger.warning("Telegram webhook refused: wrong or missing secret token.")
                return response.json({"error": "forbidden"}, status=403)
            if len(request.body or b"") > MAX_BODY_BYTES:
                return response.json({"error": "too large"}, status=413)
            if not is_json_content_type(request.headers.get("content-type")):
                return response.json({"error": "expected application/json"}, status=415)
            try:
                payload = json.loads(request.body or b"")
            except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
                return response.json({"error": "malformed JSON"}, status=400)
            update_id = payload.get("update_id") if isinstance(payload, dict) else None
            if not isinstance(update_id, int) or isinstance(update_id, bool):
                return response.json({"error": "not a Telegram update"}, status=400)
            outcome = await self.handle_payload(payload, on_new_message)
            if outcome.retry:
                return response.json(
                    {"status": "retry"}, status=503, headers={"Retry-After": RETRY_AFTER_SECONDS}
                )
            return response.json({"status": "ok"})

        @blueprint.listener("before_server_stop")
        async def close_clients(*_: Any) -> None:
            await self.sender.close()
            await close_deduplicator(self.deduplicator)
            await self.callback_keys.store.close()

        return blueprint

    async def handle_payload(
        self,
        payload: dict[str, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> Outcome:
        """Processes one authenticated update; never raises. Says whether Telegram should retry."""
        update_id = payload["update_id"]
        try:
            update = Update.de_json(payload, self.sender.bot())
            await self.callback_keys.recall(update)
            result = translate_update(update, self.registry)
        except Exception as error:  # noqa: BLE001 - a shape we cannot read is dropped, not retried
            logger.warning(
                "Telegram update %s not understood (%s); ignored.", update_id, type(error).__name__
            )
            return Outcome.HANDLED
        label = f"Telegram update {update_id}"
        if isinstance(result, Ignored):
            logger.info("%s ignored: %s.", label, result.reason)
            query_id = getattr(update.callback_query, "id", None)
            if isinstance(query_id, str) and query_id:
                await self.sender.answer_callback_query(query_id)
            return Outcome.HANDLED
        message = result.message
        if too_old(message.sent_at, self.settings.max_age_seconds, self.clock()):
            # Acknowledged (a 4xx would make Telegram redeliver it) but never a turn; no content
            # is logged, and nothing is stored, so the deduplication store stays as it was.
            logger.warning(
                "%s refused: sent %d s ago, outside the %d s replay window.",
                label,
                int(self.clock() - (message.sent_at or 0)),
                self.settings.max_age_seconds,
            )
            if result.callback_query_id is not None:
                await self.sender.answer_callback_query(result.callback_query_id)
            return Outcome.HANDLED

        async def run_turn() -> None:
            if result.callback_query_id is not None:
                # Stops the spinner on the tapped button, whatever happens next.
                await self.sender.answer_callback_query(result.callback_query_id)
            logger.info(
                "%s from %s: %s%s",
                label,
                redact(message.sender_id),
                describe_text(message.text),
                f" ({message.media_kind})" if message.media_kind else "",
            )
            await on_new_message(
                UserMessage(
                    text=message.text,
                    output_channel=TelegramOutput(self.sender, self.callback_keys),
                    sender_id=message.sender_id,
                    input_channel=CHANNEL,
                    message_id=message.message_id,
                    metadata=message.rasa_metadata(),
                )
            )

        return await handle_once(self.deduplicator, str(update_id), run_turn, label)
