"""The replay window and the deduplication TTL as both channels read them from the environment."""

from __future__ import annotations

import pytest

from connectors.replay import DEFAULT_MAX_AGE_SECONDS, too_old
from connectors.telegram.settings import TelegramSettings
from connectors.whatsapp.settings import WhatsAppSettings

SETTINGS = (TelegramSettings, WhatsAppSettings)


@pytest.mark.parametrize("settings_class", SETTINGS)
def test_defaults_keep_ids_at_least_as_long_as_deliveries_are_accepted(settings_class: type) -> None:
    settings = settings_class.from_sources(None, environ={})
    assert settings.max_age_seconds == DEFAULT_MAX_AGE_SECONDS == 86400
    assert settings.effective_dedup_ttl >= settings.max_age_seconds + 3600


@pytest.mark.parametrize("settings_class", SETTINGS)
def test_a_longer_window_lengthens_the_dedup_ttl(settings_class: type) -> None:
    settings = settings_class.from_sources(None, environ={"WEBHOOK_MAX_AGE_SECONDS": "604800"})
    assert settings.max_age_seconds == 604800
    assert settings.effective_dedup_ttl == 604800 + 3600


@pytest.mark.parametrize("settings_class", SETTINGS)
@pytest.mark.parametrize("value", ["a day", "-5", "0", "1e3"])
def test_a_bad_window_is_refused_naming_the_variable(settings_class: type, value: str) -> None:
    with pytest.raises(ValueError, match="WEBHOOK_MAX_AGE_SECONDS"):
        settings_class.from_sources(None, environ={"WEBHOOK_MAX_AGE_SECONDS": value})


def test_whatsapp_may_answer_at_once() -> None:
    assert WhatsAppSettings.from_sources(None, environ={}).ack_wait_seconds == 5
    assert (
        WhatsAppSettings.from_sources(None, environ={"WHATSAPP_ACK_WAIT_SECONDS": "0"}).ack_wait_seconds == 0
    )
    with pytest.raises(ValueError, match="WHATSAPP_ACK_WAIT_SECONDS"):
        WhatsAppSettings.from_sources(None, environ={"WHATSAPP_ACK_WAIT_SECONDS": "soon"})


def test_too_old_refuses_only_known_times_outside_the_window() -> None:
    now = 1_800_000_000.0
    assert too_old(now - 101, 100, now)
    assert not too_old(now - 100, 100, now)
    assert not too_old(now + 3600, 100, now)  # the sender's clock ahead of ours
    assert not too_old(None, 100, now) and not too_old(0, 100, now)  # unknown
