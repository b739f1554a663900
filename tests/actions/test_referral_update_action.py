"""The user hears of a referral's new status, played by the dashboard as an external intent,
in their language (the NLG renders the response with the catalogue's status words)."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.referral_update import KNOWN, ActionReferralUpdate
from conversation.messages import default_catalogue
from knowledge.vocab import REFERRAL_STATUSES
from tests.actions.factory import make_tracker, responses


def _entities(reference: str, status: str) -> list[dict[str, str]]:
    return [
        {"entity": "need_reference", "value": reference},
        {"entity": "referral_status", "value": status},
    ]


async def _run(entities: list[dict[str, str]]) -> CollectingDispatcher:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent="EXTERNAL_referral_update", entities=entities)
    assert await ActionReferralUpdate().run(dispatcher, tracker, {}) == []
    return dispatcher


async def test_the_update_names_the_need_and_its_status_in_the_users_language() -> None:
    dispatcher = await _run(_entities("TN-ABC123", "in_progress"))
    assert responses(dispatcher) == ["utter_referral_update"]
    message = dispatcher.messages[0]
    assert message["reference"] == "TN-ABC123"
    catalogue = default_catalogue()
    fr = catalogue.render("utter_referral_update", "fr", message)
    sw = catalogue.render("utter_referral_update", "sw", message)
    assert fr is not None and sw is not None
    assert fr["text"] == (
        "Des nouvelles de votre besoin TN-ABC123 : le partenaire y travaille.\nVous pouvez répondre ici."
    )
    assert sw["text"] == (
        "Habari kuhusu hitaji lako TN-ABC123: mshirika analishughulikia.\nUnaweza kujibu hapa."
    )


async def test_every_status_the_dashboard_sets_has_words_in_every_language() -> None:
    assert set(KNOWN) == set(REFERRAL_STATUSES)
    catalogue = default_catalogue()
    for language in catalogue.languages:
        for status in REFERRAL_STATUSES:
            params = {"reference": "TN-1", "status": {"$": f"referral_status.{status}"}}
            rendered = catalogue.render("utter_referral_update", language, params)
            assert rendered is not None and "{" not in rendered["text"], (language, status)
            assert catalogue.lookup(f"referral_status.{status}", language) is not None


async def test_an_unknown_status_or_missing_reference_says_nothing() -> None:
    assert (await _run(_entities("TN-ABC123", "hacked"))).messages == []
    assert (await _run([{"entity": "referral_status", "value": "closed"}])).messages == []
