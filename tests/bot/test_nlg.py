"""The localized NLG, inside a real Rasa tracker and domain."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.nlg import LocalizedNLG
from conversation.messages import Catalogue, load_catalogue

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "bot" / "domain"))


def tracker_in(domain: Domain, language: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events("u1", [], slots=domain.slots)
    tracker.update(SlotSet("language", language))
    return tracker


async def test_choice_question_has_one_button_per_option(domain: Domain) -> None:
    message = await LocalizedNLG(domain=domain).generate(
        "utter_ask_org_type", tracker_in(domain, "en"), "rest"
    )
    assert message["text"] == "Who are you?"
    titles = [b["title"] for b in message["buttons"]]
    assert titles[:2] == ["Small business", "Farmers' group"] and len(titles) == 8
    assert message["buttons"][0]["payload"] == '/choose{"value": "sme"}'


async def test_action_arguments_and_references_are_rendered(domain: Domain) -> None:
    nlg = LocalizedNLG(domain=domain)
    message = await nlg.generate(
        "utter_match_item",
        tracker_in(domain, "en"),
        "rest",
        rank=1,
        name="Solar tunnel dryer",
        mark={"$": "marks.in_english"},
        provider="SunDry Ltd",
        summary="Dries fruit in half the time.",
        reasons=[{"$": "reasons.concept", "concept": "solar drying"}, {"$": "reasons.budget"}],
        template="utter_match_item",  # rasa-sdk passes its own keys along: they must not matter
    )
    assert message["text"] == (
        "1. *Solar tunnel dryer* (in English) by SunDry Ltd\n"
        "Dries fruit in half the time.\nWhy: about solar drying; within your budget"
    )


async def test_unknown_language_falls_back_to_english(domain: Domain) -> None:
    message = await LocalizedNLG(domain=domain).generate("utter_goodbye", tracker_in(domain, "xx"), "rest")
    assert message["text"] == "Goodbye! Come back any time."


async def test_a_translated_locale_is_used_and_missing_keys_fall_back(tmp_path: Path, domain: Domain) -> None:
    english = (ROOT / "conversation" / "locales" / "en.yml").read_text(encoding="utf-8")
    (tmp_path / "en.yml").write_text(english, encoding="utf-8")
    (tmp_path / "fr.yml").write_text(
        'responses:\n  utter_goodbye:\n    text: "Au revoir !"\nbuttons:\n  confirm: "Oui"\n',
        encoding="utf-8",
    )
    nlg = LocalizedNLG(domain=domain, catalogue=load_catalogue(tmp_path))
    assert (await nlg.generate("utter_goodbye", tracker_in(domain, "fr"), "rest"))["text"] == "Au revoir !"
    summary = await nlg.generate("utter_summary", tracker_in(domain, "fr"), "rest", title="T", summary="S")
    assert summary["text"].startswith("Here is your need")  # not translated yet: English
    assert summary["buttons"][0]["title"] == "Oui"


async def test_unknown_response_returns_none(domain: Domain) -> None:
    assert await LocalizedNLG(domain=domain).generate("utter_nope", tracker_in(domain, "en"), "rest") is None


def test_summary_lines_render_on_separate_lines() -> None:
    catalogue = Catalogue(load_catalogue().locales)
    value = {
        "$lines": [
            {"$": "summary_line", "label": {"$": "fields.country"}, "value": "Kenya"},
            {
                "$": "summary_line",
                "label": {"$": "fields.support_sought"},
                "value": [
                    {"$": "options.support_sought.technology"},
                    {"$": "options.support_sought.finance"},
                ],
            },
        ]
    }
    assert catalogue.value(value, "en") == "Country: Kenya\nHelp wanted: Technology; Money"
