"""Telling the user that their referral moved on, in their language on their own channel.

The knowledge API does not know how to write to Telegram, WhatsApp or the web widget; Rasa
does. So it asks Rasa to play an external intent in the user's conversation
(`POST /conversations/{sender_id}/trigger_intent`, Rasa's HTTP API, authorised by the
RASA_AUTH_TOKEN the stack gives Rasa); a rule answers it with the localized message through
the user's latest channel.
"""

import logging
from urllib.parse import quote

import httpx

from knowledge.settings import Settings

logger = logging.getLogger(__name__)
INTENT = "EXTERNAL_referral_update"


def tell_user(settings: Settings, sender_id: str, reference: str, status: str) -> bool:
    """True once Rasa accepted the update; failures are logged without the sender id."""
    entities = {"need_reference": reference, "referral_status": status}
    return play_intent(settings, sender_id, INTENT, entities, f"referral update for {reference}")


def play_intent(settings: Settings, sender_id: str, intent: str, entities: dict[str, str], what: str) -> bool:
    """Plays `intent` with `entities` in the sender's conversation; `what` names it in logs
    (never the sender id). True once Rasa accepted it."""
    if not settings.rasa_url or settings.rasa_auth_token is None:
        logger.info("user updates are off: set RASA_URL and RASA_AUTH_TOKEN")
        return False
    url = f"{settings.rasa_url.rstrip('/')}/conversations/{quote(sender_id, safe='')}/trigger_intent"
    body = {"name": intent, "entities": entities}
    # output_channel is a query parameter for Rasa: "latest" sends the answer through the
    # channel the user last wrote on, instead of returning it in the HTTP response.
    params = {"token": settings.rasa_auth_token.get_secret_value(), "output_channel": "latest"}
    try:
        response = httpx.post(
            url,
            params=params,
            json=body,
            timeout=settings.smtp_timeout_seconds,
        )
    except httpx.HTTPError as error:
        logger.warning("%s not sent: %s", what, type(error).__name__)
        return False
    if response.status_code != 200:
        logger.warning("%s refused by Rasa: HTTP %d", what, response.status_code)
        return False
    return True
