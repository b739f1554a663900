"""The WhatsApp Cloud API channel: a thin Rasa InputChannel/OutputChannel.

Routes (under Rasa's `/webhooks/whatsapp`):
  GET  /          health: {"status": "ok"} or {"status": "disabled"}
  GET  /webhook   Meta's subscription check (hub.mode, hub.verify_token, hub.challenge)
  POST /webhook   deliveries, signed with X-Hub-Signature-256

A delivery is authenticated on its raw bytes, parsed, and each new message runs through Rasa in
a task of its own. A message id is marked as handled only once its turn has run (connectors/
dedup.py); while it runs, a duplicate delivery is answered 503 so Meta tries again later. The
delivery is answered when its turns are done, or after WHATSAPP_ACK_WAIT_SECONDS (default 5; a
whole turn's p95 is under half a second, bench/RESULTS.md), since Meta redelivers what it does
not see acknowledged quickly: 200 when every turn was handled (or is still running), 503 when
one raised, so that Meta's retry runs it again (its claim was released; up to
MAX_HANDLING_ATTEMPTS, then it is dropped). A turn that raises after the answer is only logged.
A message sent longer ago than the replay window (WEBHOOK_MAX_AGE_SECONDS) is acknowledged and
dropped without a trace in the deduplication store: Meta stops retrying it, and a captured
delivery replayed after the deduplication TTL cannot start a turn.

Message ids (wamid) are redacted in logs like phone numbers: they embed the number in base64.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from connectors.dedup import Deduplicator, Outcome, close_deduplicator, handle_once, make_deduplicator
from connectors.inbound import is_json_content_type
from connectors.log_privacy import describe_text, redact
from connectors.replay import too_old
from connectors.replies import parse_buttons
from connectors.settings import announce_channel
from connectors.shared_store import make_store
from connectors.whatsapp.options import NAMESPACE as OPTIONS_NAMESPACE
from connectors.whatsapp.options import OptionStore
from connectors.whatsapp.security import (
    SIGNATURE_HEADER,
    signature_is_valid,
    subscription_challenge,
)
from connectors.whatsapp.sender import GraphSender
from connectors.whatsapp.settings import WhatsAppSettings
from connectors.whatsapp.translate import (
    CHANNEL,
    MalformedWebhook,
    WhatsAppInbound,
    image_body,
    parse_webhook,
    render_response,
    resolve_numbered_reply,
    text_body,
)

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
DRAIN_SECONDS_ON_SHUTDOWN = 10.0
RETRY_AFTER_SECONDS = "30"


class WhatsAppOutput(OutputChannel):
    """Sends Rasa responses from one business number (recipient_id is the user's wa_id)."""

    def __init__(self, sender: GraphSender, phone_number_id: str, options: OptionStore) -> None:
        self._sender = sender
        self._phone_number_id = phone_number_id
        self._options = options

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    async def _send_all(self, bodies: Any) -> None:
        for body in bodies:
            await self._sender.send(self._phone_number_id, body)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send_all(render_response(recipient_id, text).bodies)

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        rendered = render_response(recipient_id, text, parse_buttons(buttons), kwargs.get("list_button"))
        if rendered.numbered_options:
            await self._options.remember(recipient_id, rendered.numbered_options)
        await self._send_all(rendered.bodies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._sender.send(self._phone_number_id, image_body(recipient_id, image))

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        await self._sender.send(self._phone_number_id, text_body(recipient_id, str(attachment)))

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """`{"whatsapp": {<Graph message fields>}}` is sent as is (e.g. a location request);
        any other custom payload is sent only for its `text`."""
        if not isinstance(json_message, dict):
            return
        native = json_message.get("whatsapp")
        if isinstance(native, dict) and native.get("type"):
            body = {"messaging_product": "whatsapp", "recipient_type": "individual"}
            body.update(native)
            body["to"] = recipient_id
            await self._sender.send(self._phone_number_id, body)
        elif isinstance(json_message.get("text"), str) and json_message["text"].strip():
            await self.send_text_message(recipient_id, json_message["text"])
        else:
            logger.debug("WhatsApp: custom payload without text not sent.")


class WhatsAppInput(InputChannel):
    """Registered in credentials.yml as `connectors.whatsapp.WhatsAppInput`."""

    def __init__(
        self,
        settings: WhatsAppSettings,
        sender: GraphSender | None = None,
        deduplicator: Deduplicator | None = None,
        options: OptionStore | None = None,
    ) -> None:
        self.settings = settings
        self.problems = settings.problems()
        self.enabled = not self.problems
        self.sender = sender or GraphSender(settings)
        # `is None`, not `or`: an empty MemoryDeduplicator has len() 0 and is falsy.
        self.deduplicator = deduplicator if deduplicator is not None else make_deduplicator(
            settings.redis_url, "whatsapp:message", settings.effective_dedup_ttl
        )
        # Numbered options, shared with the other replicas through Redis when REDIS_URL is set.
        self.options = options if options is not None else OptionStore(
            store=make_store(settings.redis_url, OPTIONS_NAMESPACE)
        )
        self.clock = time.time
        self._tasks: set[asyncio.Task[Outcome]] = set()

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WhatsAppInput:
        channel = cls(WhatsAppSettings.from_sources(credentials))
        announce_channel(logger, "WhatsApp", "/webhooks/whatsapp/webhook", channel.problems)
        return channel

    def get_output_channel(self) -> OutputChannel | None:
        """For messages Rasa sends on its own (e.g. `output_channel=latest`): needs
        WHATSAPP_PHONE_NUMBER_ID, since there is no incoming message to answer from."""
        if not self.enabled or not self.settings.phone_number_id:
            return None
        return WhatsAppOutput(self.sender, self.settings.phone_number_id, self.options)

    async def drain(self, timeout: float | None = None) -> None:
        """Waits for the messages being processed in the background."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("whatsapp_channel", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "disabled"})

        @blueprint.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if not self.enabled:
                return response.json({"status": "disabled"}, status=503)
            query = {key: request.args.get(key) or "" for key in request.args}
            challenge = subscription_challenge(self.settings.verify_token, query)
            if challenge is None:
                logger.warning("WhatsApp subscription check refused.")
                return response.text("forbidden", status=403)
            return response.text(challenge)

        @blueprint.route("/webhook", methods=["POST"])
        async def deliver(request: Request) -> HTTPResponse:
            if not self.enabled:
                return response.json({"status": "disabled"}, status=503)
            raw = request.body or b""
            if len(raw) > MAX_BODY_BYTES:
                return response.json({"error": "too large"}, status=413)
            header = request.headers.get(SIGNATURE_HEADER)
            if not header:
                logger.warning("WhatsApp delivery refused: no signature.")
                return response.json({"error": "signature required"}, status=401)
            if not signature_is_valid(self.settings.app_secret, raw, header):
                logger.warning("WhatsApp delivery refused: bad signature.")
                return response.json({"error": "bad signature"}, status=403)
            if not is_json_content_type(request.headers.get("content-type")):
                return response.json({"error": "expected application/json"}, status=415)
            try:
                batch = parse_webhook(json.loads(raw))
            except (ValueError, RecursionError, MalformedWebhook):  # RecursionError: nested too deep
                return response.json({"error": "malformed body"}, status=400)

            for status in batch.statuses:
                if status.status == "failed":
                    logger.warning(
                        "WhatsApp message %s failed to deliver: errors %s",
                        redact(status.message_id),
                        list(status.error_codes),
                    )
            for ignored in batch.ignored:
                logger.info("WhatsApp item ignored: %s.", ignored.reason)
            turns = [
                turn
                for inbound in batch.messages
                if (turn := self._accept(inbound, on_new_message)) is not None
            ]
            if await self._any_to_retry(turns):
                return response.json(
                    {"status": "retry"}, status=503, headers={"Retry-After": RETRY_AFTER_SECONDS}
                )
            return response.json({"status": "ok"})

        @blueprint.listener("before_server_stop")
        async def finish(*_: Any) -> None:
            await self.drain(DRAIN_SECONDS_ON_SHUTDOWN)
            await self.sender.close()
            await close_deduplicator(self.deduplicator)
            await self.options.store.close()

        return blueprint

    async def _any_to_retry(self, turns: list[asyncio.Task[Outcome]]) -> bool:
        """Waits for the delivery's turns (at most ack_wait_seconds); should Meta deliver again?"""
        if not turns:
            return False
        timeout = self.settings.ack_wait_seconds
        done, pending = await asyncio.wait(turns, timeout=timeout)
        if pending:
            logger.info("WhatsApp delivery acknowledged with %d turn(s) still running.", len(pending))
        # A cancelled turn (shutdown) was not handled either: Meta should deliver it again.
        return any(turn.cancelled() or turn.exception() is not None or turn.result().retry for turn in done)

    def _accept(
        self,
        inbound: WhatsAppInbound,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> asyncio.Task[Outcome] | None:
        """Starts the message's turn, unless it is for another number or too old."""
        configured = self.settings.phone_number_id
        if configured and inbound.phone_number_id and inbound.phone_number_id != configured:
            logger.info("WhatsApp message for another business number ignored.")
            return None
        message_id = inbound.message.message_id
        label = f"WhatsApp message {redact(message_id)}"
        sent_at = inbound.message.sent_at
        now = self.clock()
        if too_old(sent_at, self.settings.max_age_seconds, now):
            logger.warning(
                "%s refused: sent %d s ago, outside the %d s replay window.",
                label,
                int(now - (sent_at or 0)),
                self.settings.max_age_seconds,
            )
            return None
        turn: Awaitable[Outcome]
        if message_id:
            turn = handle_once(
                self.deduplicator, message_id, lambda: self._process(inbound, on_new_message), label
            )
        else:
            turn = self._process_without_id(inbound, on_new_message, label)
        task = asyncio.get_running_loop().create_task(turn)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _process_without_id(
        self,
        inbound: WhatsAppInbound,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        label: str,
    ) -> Outcome:
        """Meta always sends an id; without one nothing can be deduplicated or retried."""
        try:
            await self._process(inbound, on_new_message)
        except Exception:  # noqa: BLE001 - logged; there is no id to retry by
            logger.exception("%s failed in Rasa.", label)
        return Outcome.HANDLED

    async def _process(
        self,
        inbound: WhatsAppInbound,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        """One turn through Rasa; raises what Rasa raised (handle_once releases the claim)."""
        message = inbound.message
        sender = message.sender_id
        text = message.text
        metadata = message.rasa_metadata()
        # Any message consumes the pending numbered options; only a bare number picks one.
        pending = await self.options.take(sender)
        if inbound.may_pick_option and pending:
            picked = resolve_numbered_reply(text, pending)
            if picked is not None:
                metadata["numbered_choice"] = text.strip()
                text = picked
        logger.info(
            "WhatsApp message %s from %s: %s%s",
            redact(message.message_id),
            redact(sender),
            describe_text(text),
            f" ({message.media_kind})" if message.media_kind else "",
        )
        phone_number_id = inbound.phone_number_id or self.settings.phone_number_id
        user_message = UserMessage(
            text=text,
            output_channel=WhatsAppOutput(self.sender, phone_number_id, self.options),
            sender_id=sender,
            input_channel=CHANNEL,
            message_id=message.message_id,
            metadata=metadata,
        )
        await on_new_message(user_message)
