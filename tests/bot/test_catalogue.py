"""The message catalogues and the domain agree."""

from __future__ import annotations

import string
from pathlib import Path

import yaml

from bot.sync_domain import RESPONSES_FILE, domain_responses
from conversation.interview import load_interview
from conversation.messages import load_catalogue

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = load_catalogue()
ENGLISH = CATALOGUE.locales["en"]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_generated_domain_responses_are_up_to_date() -> None:
    assert RESPONSES_FILE.read_text(encoding="utf-8") == domain_responses()


def test_form_asks_the_interview_fields_in_order() -> None:
    domain = yaml.safe_load((ROOT / "bot" / "domain" / "interview.yml").read_text())
    assert domain["forms"]["need_form"]["required_slots"] == load_interview().names
    for name in load_interview().names:
        assert f"utter_ask_{name}" in ENGLISH["responses"], name
        assert name in ENGLISH["fields"], name


def test_every_option_has_a_label() -> None:
    for field in load_interview().fields:
        if field.kind in ("choice", "multi"):
            assert set(ENGLISH["options"][field.name]) == set(field.options), field.name


def test_every_response_exists_in_every_language_with_the_same_placeholders() -> None:
    for language, locale in CATALOGUE.locales.items():
        for name, spec in ENGLISH["responses"].items():
            assert name in locale.get("responses", {}), f"{language} lacks {name}"
            translated = locale["responses"][name]["text"]
            assert placeholders(translated) == placeholders(spec["text"]), f"{language}:{name}"


def test_every_button_option_reason_and_word_is_translated() -> None:
    for language, locale in CATALOGUE.locales.items():
        for section in ("buttons", "fields", "reasons", "media", "marks", "status", "words"):
            missing = set(ENGLISH[section]) - set(locale.get(section, {}))
            assert not missing, f"{language} lacks {section}: {sorted(missing)}"
        for field, options in ENGLISH["options"].items():
            missing = set(options) - set(locale.get("options", {}).get(field, {}))
            assert not missing, f"{language} lacks options.{field}: {sorted(missing)}"
