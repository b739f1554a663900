"""Rasa input channels: Telegram, WhatsApp Cloud API and the web socket.io channel."""
