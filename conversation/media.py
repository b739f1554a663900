"""Kinds of message the assistant cannot read (voice notes, pictures...), as the channels name
them (`/unsupported_media{"media_kind": KIND}`) and as the message catalogue words them
(`media.<key>` in conversation/locales)."""

from __future__ import annotations

# Each kind a channel may report, and its catalogue key.
MEDIA_MESSAGES = {
    "voice": "voice",
    "audio": "audio",
    "image": "image",
    "video": "video",
    "sticker": "sticker",
    "location": "location",
    "contact": "contacts",
    "document": "document",
    "unsupported": "unknown",
}
MEDIA_KINDS = tuple(MEDIA_MESSAGES)
