"""The per-language NLU data: same intents everywhere, enough examples, held-out tests held out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.training_data import TrainingData

from languages import SUPPORTED, fold

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = SUPPORTED
# Sent by buttons and channels as /payloads, never typed: no examples beyond English.
PAYLOAD_ONLY = {"choose", "edit_field", "unsupported_media", "start", "set_language"}
# Openings and free information vary most (who, where, what, in one message): more examples.
OPENINGS = {"greet", "inform"}
OPENING_EXTRA = 14
SCRIPTS = {"am": re.compile(r"[\u1200-\u139F]"), "ar": re.compile(r"[\u0600-\u06FF]")}


def load(path: Path) -> TrainingData:
    return RasaYAMLReader().read(str(path))


def examples(data: TrainingData) -> dict[str, list[str]]:
    by_intent: dict[str, list[str]] = {}
    for message in data.intent_examples:
        by_intent.setdefault(message.get("intent"), []).append(message.get("text"))
    return by_intent


def normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


@pytest.fixture(scope="module")
def english_intents() -> set[str]:
    return set(examples(load(ROOT / "nlu" / "data" / "en" / "intents.yml")))


@pytest.fixture(scope="module")
def training() -> dict[str, dict[str, list[str]]]:
    return {lang: examples(load(ROOT / "nlu" / "data" / lang / "intents.yml")) for lang in LANGUAGES}


@pytest.fixture(scope="module")
def held_out() -> dict[str, dict[str, list[str]]]:
    return {lang: examples(load(ROOT / "nlu" / "test" / lang / "test.yml")) for lang in LANGUAGES}


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_typed_intent_has_examples_in_every_language(
    language: str, english_intents: set[str], training: dict[str, dict[str, list[str]]]
) -> None:
    by_intent = training[language]
    assert set(by_intent) == english_intents - PAYLOAD_ONLY
    for intent, texts in by_intent.items():
        most = (30 if language == "ar" else 16) + (OPENING_EXTRA if intent in OPENINGS else 0)
        assert 8 <= len(texts) <= most, (language, intent, len(texts))


@pytest.mark.parametrize("language", LANGUAGES)
def test_greetings_with_content_are_taught_in_every_language(
    language: str, training: dict[str, dict[str, list[str]]]
) -> None:
    """First messages say who and what ("hello, we are a farmers' group in Kenya ..."): the
    classifier must see such greetings, or it answers them "not understood" or "goodbye"."""
    with_content = [t for t in training[language]["greet"] if len(t.split()) >= 6]
    assert len(with_content) >= 8, (language, len(with_content))


@pytest.mark.parametrize("language", LANGUAGES)
def test_held_out_examples_cover_every_intent_and_are_not_in_training(
    language: str,
    english_intents: set[str],
    training: dict[str, dict[str, list[str]]],
    held_out: dict[str, dict[str, list[str]]],
) -> None:
    # English "start" is typed too ("let's start"); elsewhere it is a button.
    typed = PAYLOAD_ONLY - {"start"} if language == "en" else PAYLOAD_ONLY
    expected = english_intents - typed
    assert set(held_out[language]) == expected
    seen = {normalised(text) for texts in training[language].values() for text in texts}
    for intent, texts in held_out[language].items():
        assert 4 <= len(texts) <= 6, (language, intent, len(texts))
        assert not [text for text in texts if normalised(text) in seen], (language, intent)


def test_no_text_is_labelled_with_two_intents(
    training: dict[str, dict[str, list[str]]], held_out: dict[str, dict[str, list[str]]]
) -> None:
    labels: dict[str, set[str]] = {}
    for data in (training, held_out):
        for by_intent in data.values():
            for intent, texts in by_intent.items():
                for text in texts:
                    labels.setdefault(normalised(text), set()).add(intent)
    assert {text: intents for text, intents in labels.items() if len(intents) > 1} == {}


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_amharic_and_arabic_are_written_in_their_scripts(
    language: str, training: dict[str, dict[str, list[str]]], held_out: dict[str, dict[str, list[str]]]
) -> None:
    for data in (training, held_out):
        texts = [text for texts in data[language].values() for text in texts]
        assert [text for text in texts if not SCRIPTS[language].search(text)] == []
