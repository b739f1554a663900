"""Telegram channel: credentials.yml key `connectors.telegram.TelegramInput`."""

from connectors.telegram.channel import TelegramInput, TelegramOutput

__all__ = ["TelegramInput", "TelegramOutput"]
