"""Fake third-party APIs (Telegram Bot API, Meta Graph API) for tests and end-to-end runs."""
