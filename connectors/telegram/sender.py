"""Sends to the Telegram Bot API through python-telegram-bot, with bounded retries.

A reply that cannot be delivered is logged and dropped rather than raised: an exception here
would abort Rasa's turn before the tracker is saved.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import warnings
from collections.abc import Awaitable, Callable

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from connectors.log_privacy import redact
from connectors.retry import RetryPolicy
from connectors.telegram.settings import TelegramSettings
from connectors.telegram.translate import SendMessage, SendPhoto

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


def retry_after_seconds(error: RetryAfter) -> float:
    # PTB 22 warns that `retry_after` will become a timedelta; accept both.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return float(value)


class TelegramSender:
    def __init__(
        self,
        settings: TelegramSettings,
        policy: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        timeout_seconds: float = 10.0,
    ) -> None:
        self._settings = settings
        self._policy = policy or RetryPolicy()
        self._sleep = sleep
        self._timeout = timeout_seconds
        self._bot: Bot | None = None
        self._bot_loop: asyncio.AbstractEventLoop | None = None

    def bot(self) -> Bot:
        """The Bot for the running event loop.

        Built lazily: its HTTP client must belong to the loop that uses it (Rasa creates
        channels before Sanic starts its loop; Rasa's own Telegram channel breaks on exactly
        this with "Event loop is closed").
        """
        loop = asyncio.get_running_loop()
        if self._bot is None or self._bot_loop is not loop:
            request = HTTPXRequest(
                connection_pool_size=16,
                connect_timeout=self._timeout,
                read_timeout=self._timeout,
                write_timeout=self._timeout,
                pool_timeout=self._timeout,
            )
            self._bot = Bot(self._settings.token, base_url=self._settings.bot_base_url, request=request)
            self._bot_loop = loop
        return self._bot

    async def close(self) -> None:
        if self._bot is not None:
            await self._bot.shutdown()
            self._bot = None

    async def send_message(self, call: SendMessage) -> bool:
        markup = None
        if call.keyboard:
            markup = InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton(text, callback_data=data) for text, data in row]
                    for row in call.keyboard
                ]
            )

        async def request(bot: Bot) -> object:
            return await bot.send_message(chat_id=call.chat_id, text=call.text, reply_markup=markup)

        return await self._with_retries("sendMessage", call.chat_id, request)

    async def send_photo(self, call: SendPhoto) -> bool:
        async def request(bot: Bot) -> object:
            return await bot.send_photo(chat_id=call.chat_id, photo=call.photo, caption=call.caption)

        return await self._with_retries("sendPhoto", call.chat_id, request)

    async def answer_callback_query(self, callback_query_id: str) -> bool:
        async def request(bot: Bot) -> object:
            return await bot.answer_callback_query(callback_query_id)

        return await self._with_retries("answerCallbackQuery", None, request)

    async def _with_retries(
        self,
        method: str,
        chat_id: int | None,
        request: Callable[[Bot], Awaitable[object]],
    ) -> bool:
        policy = self._policy
        for attempt in range(1, policy.max_attempts + 1):
            last = attempt == policy.max_attempts
            try:
                await request(self.bot())
                return True
            except RetryAfter as error:
                delay = retry_after_seconds(error)
                if last or delay > policy.max_retry_after:
                    logger.error(
                        "Telegram %s to %s dropped: flood control asks to wait %.0f s.",
                        method,
                        redact(chat_id),
                        delay,
                    )
                    return False
                logger.warning("Telegram %s: flood control, retrying in %.1f s.", method, delay)
                await self._sleep(delay)
            except (BadRequest, Forbidden, InvalidToken) as error:
                # Not transient: retrying would fail the same way.
                logger.error(
                    "Telegram %s to %s refused: %s: %s",
                    method,
                    redact(chat_id),
                    type(error).__name__,
                    error.message,
                )
                return False
            except NetworkError as error:  # includes TimedOut and 5xx answers
                if last:
                    logger.error(
                        "Telegram %s to %s failed after %d attempts: %s",
                        method,
                        redact(chat_id),
                        attempt,
                        type(error).__name__,
                    )
                    return False
                delay = policy.backoff(attempt)
                logger.warning("Telegram %s: %s, retrying in %.1f s.", method, type(error).__name__, delay)
                await self._sleep(delay)
            except TelegramError as error:
                logger.error("Telegram %s to %s failed: %s", method, redact(chat_id), type(error).__name__)
                return False
        return False
