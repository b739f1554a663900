"""Fake Telegram Bot API and WhatsApp Graph API servers (standard library only, so they run in
either virtual environment, in process or as `python -m harness.fakes.<name> --port N`)."""
