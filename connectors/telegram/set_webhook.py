"""Registers (or removes) the bot's webhook with Telegram.

    python -m connectors.telegram.set_webhook            # uses TELEGRAM_WEBHOOK_URL
    python -m connectors.telegram.set_webhook --delete

Reads TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_URL (the public https URL of
`/webhooks/telegram/webhook`), TELEGRAM_SECRET_TOKEN and optionally TELEGRAM_API_BASE.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Mapping, Sequence

from telegram import Bot
from telegram.error import TelegramError

from connectors.telegram.settings import TelegramSettings

# Only what the channel acts on: fewer deliveries, and no edited-message traffic.
ALLOWED_UPDATES: list[str] = ["message", "callback_query"]


async def set_webhook(
    settings: TelegramSettings,
    url: str,
    drop_pending_updates: bool = False,
    max_connections: int = 40,
) -> bool:
    async with Bot(settings.token, base_url=settings.bot_base_url) as bot:
        return await bot.set_webhook(
            url=url,
            secret_token=settings.secret_token,
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=drop_pending_updates,
            max_connections=max_connections,
        )


async def delete_webhook(settings: TelegramSettings, drop_pending_updates: bool = False) -> bool:
    async with Bot(settings.token, base_url=settings.bot_base_url) as bot:
        return await bot.delete_webhook(drop_pending_updates=drop_pending_updates)


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(prog="python -m connectors.telegram.set_webhook")
    parser.add_argument("--url", default=environ.get("TELEGRAM_WEBHOOK_URL", ""))
    parser.add_argument("--delete", action="store_true", help="remove the webhook instead")
    parser.add_argument("--drop-pending-updates", action="store_true")
    parser.add_argument("--max-connections", type=int, default=40)
    args = parser.parse_args(argv)

    settings = TelegramSettings.from_sources(None, environ)
    problems = settings.problems()
    if not args.delete and not args.url:
        problems.append("TELEGRAM_WEBHOOK_URL is not set (or pass --url)")
    if args.delete and settings.token:
        problems = []
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        if args.delete:
            ok = asyncio.run(delete_webhook(settings, args.drop_pending_updates))
        else:
            ok = asyncio.run(set_webhook(settings, args.url, args.drop_pending_updates, args.max_connections))
    except TelegramError as error:
        print(f"error: Telegram refused: {error.message}", file=sys.stderr)
        return 1
    print("webhook removed" if args.delete else f"webhook set: {args.url}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
