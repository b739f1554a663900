"""Drives the real stack from outside, as users and platforms do: chat clients for Rasa's REST
channel, socket.io (the web widget), Telegram and WhatsApp, and the fake Telegram Bot API and
WhatsApp Graph API servers those channels answer through (the only fakes: third parties we
cannot reach). Used by the end-to-end tests and by the benchmarks."""
