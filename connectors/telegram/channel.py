"""The Telegram channel: a thin Rasa InputChannel/OutputChannel around `translate` and `sender`.

Routes (under Rasa's `/webhooks/telegram`):
  GET  /          health: {"status": "ok"} or {"status": "disabled"}
  POST /webhook   Telegram updates; needs X-Telegram-Bot-Api-Secret-Token

Updates are processed before answering (Telegram waits up to its webhook timeout and redelivers
on errors): this keeps one chat's messages in order and lets Sanic finish in-flight turns on a
graceful shutdown. Failures are logged and still answered 200, so Telegram does not redeliver a
turn Rasa has already seen; update ids are deduplicated for the redeliveries that happen anyway.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import Update

from connectors.common import (
    Deduplicator,
    announce_channel,
    Ignored,
    close_deduplicator,
    describe_text,
    make_deduplicator,
    parse_buttons,
    redact,
)
from connectors.telegram.sender import TelegramSender
from connectors.telegram.settings import TelegramSettings
from connectors.telegram.translate import (
    CHANNEL,
    CallbackDataRegistry,
    SendPhoto,
    render_text,
    translate_update,
)

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024


class TelegramOutput(OutputChannel):
    """Sends Rasa responses to one Telegram chat (recipient_id is the chat id)."""

    def __init__(self, sender: TelegramSender, registry: CallbackDataRegistry) -> None:
        self._sender = sender
        self._registry = registry

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for call in render_text(int(recipient_id), text, (), self._registry):
            await self._sender.send_message(call)

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        calls = render_text(int(recipient_id), text, parse_buttons(buttons), self._registry)
        for call in calls:
            await self._sender.send_message(call)

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
    ) -> None:
        self.settings = settings
        self.problems = settings.problems()
        self.enabled = not self.problems
        self.registry = CallbackDataRegistry()
        self.sender = sender or TelegramSender(settings)
        self.deduplicator = deduplicator or make_deduplicator(
            settings.redis_url, "telegram:update", settings.dedup_ttl_seconds
        )

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
        return TelegramOutput(self.sender, self.registry)

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
            try:
                payload = json.loads(request.body or b"")
            except ValueError:
                return response.json({"error": "malformed JSON"}, status=400)
            if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
                return response.json({"error": "not a Telegram update"}, status=400)
            await self.handle_payload(payload, on_new_message)
            return response.json({"status": "ok"})

        @blueprint.listener("before_server_stop")
        async def close_clients(*_: Any) -> None:
            await self.sender.close()
            await close_deduplicator(self.deduplicator)

        return blueprint

    async def handle_payload(
        self,
        payload: dict[str, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        """Processes one authenticated update; never raises."""
        update_id = payload["update_id"]
        try:
            update = Update.de_json(payload, self.sender.bot())
            result = translate_update(update, self.registry)
        except Exception as error:  # noqa: BLE001 - a shape we cannot read is dropped, not retried
            logger.warning(
                "Telegram update %s not understood (%s); ignored.", update_id, type(error).__name__
            )
            return
        if not await self.deduplicator.first_seen(str(update_id)):
            logger.info("Telegram update %s already processed; replay ignored.", update_id)
            return
        if update.callback_query is not None:
            # Stops the spinner on the tapped button, whatever happens next.
            await self.sender.answer_callback_query(update.callback_query.id)
        if isinstance(result, Ignored):
            logger.info("Telegram update %s ignored: %s.", update_id, result.reason)
            return
        message = result.message
        logger.info(
            "Telegram update %s from %s: %s%s",
            update_id,
            redact(message.sender_id),
            describe_text(message.text),
            f" ({message.media_kind})" if message.media_kind else "",
        )
        user_message = UserMessage(
            text=message.text,
            output_channel=TelegramOutput(self.sender, self.registry),
            sender_id=message.sender_id,
            input_channel=CHANNEL,
            message_id=message.message_id,
            metadata=message.rasa_metadata(),
        )
        try:
            await on_new_message(user_message)
        except Exception:  # noqa: BLE001 - answered 200 anyway, see module docstring
            logger.exception(
                "Telegram update %s from %s failed in Rasa.", update_id, redact(message.sender_id)
            )
