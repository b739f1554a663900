"""Language identification: the pure detector, and the Rasa component on real Messages."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.recipes.recipe import Recipe
from rasa.shared.data import TrainingType
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components.detection import clean_text, detect_language, words
from nlu.components.language_id import LanguageIdentifier

ROOT = Path(__file__).resolve().parents[2]


def language_of(text: str) -> str | None:
    guess = detect_language(text)
    return guess.language if guess else None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("habari", "sw"),
        ("Habari yako", "sw"),
        ("HABARIII", "sw"),
        ("sawa", "sw"),
        ("asante sana", "sw"),
        ("sannu", "ha"),
        ("Sannu da zuwa", "ha"),
        ("nagode", "ha"),
        ("bonjour", "fr"),
        ("hola", "es"),
        ("olá", "pt"),
        ("ola", None),  # without its accent also a Spanish word
        ("ሰላም", "am"),
        ("ሰላም ok", "am"),
        ("مرحبا", "ar"),
        ("السلام عليكم", "ar"),
    ],
)
def test_greetings_and_short_answers(text: str, language: str | None) -> None:
    assert language_of(text) == language


@pytest.mark.parametrize(
    "text", ["hi", "hello", "ok", "OK!", "Kenya", "500 kg", "yes", "no", "salaam", "👍", ""]
)
def test_no_guess_where_many_languages_say_the_same(text: str) -> None:
    assert detect_language(text) is None


def test_hi_is_never_swahili() -> None:
    # langdetect alone reads "hi" as Swahili: the reason this module exists.
    assert language_of("hi") != "sw"
    assert language_of("hi there") != "sw"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Muna bukatar ruwa domin noman rani a gonarmu", "ha"),
        ("Ina son in sami taimako game da noma", "ha"),
        ("Manoma a kauyenmu suna bukatar solar pump don ban ruwa", "ha"),
        ("Habari, tunahitaji solar kwa shamba letu na training ya wakulima", "sw"),
        ("Sisi ni kikundi cha wakulima wa maziwa na hatuna cold storage", "sw"),
        ("Nous avons besoin d'eau pour irriguer nos champs pendant la saison sèche", "fr"),
        ("Necesitamos un secador solar para el mango de nuestra cooperativa", "es"),
        ("Precisamos de energia solar para a nossa cooperativa de mel", "pt"),
        ("We need a cheaper way to dry our mangoes before the rains", "en"),
        ("نحتاج إلى مياه للري في موسم الجفاف", "ar"),
        ("ለመስኖ የሚሆን ውሃ እንፈልጋለን", "am"),
    ],
)
def test_sentences(text: str, language: str) -> None:
    assert language_of(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Openings from issue 7: Hausa is recognised, Portuguese stays Portuguese.
        ("Sannu, mu ƙungiyar manoman rogo ne a Najeriya", "ha"),
        ("Ina son taimako game da ruwan sha a kauyenmu", "ha"),
        ("Olá, trabalho numa clínica rural em Moçambique", "pt"),
        ("Hello, we are a small family business in Thailand drying bananas and we need help", "en"),
        ("je veux de l'aide pour mon projet", "fr"),
        ("temos um poço", "pt"),
        ("a cooperativa tem 200 membros", "pt"),
        ("con una bomba solar", "es"),
        ("hakuna umeme wa gridi", "sw"),
    ],
)
def test_openings_and_answers_of_real_users(text: str, language: str) -> None:
    assert language_of(text) == language


@pytest.mark.parametrize(
    "text",
    ["menos de 8.000 dólares", "dos mil dólares", "taxi", "no", "Najeriya", "8000", "20000 USD", "Moçambique",
     "ONG", "biogás", "solar pump"],
)
def test_no_guess_for_what_reads_the_same_in_two_languages(text: str) -> None:
    assert detect_language(text) is None


def test_names_and_loanwords_alone_give_no_guess() -> None:
    assert detect_language("solar dryer Nakuru Kenya") is None


def test_mentions_links_and_payloads_carry_no_language() -> None:
    cleaned = clean_text('@farmbot see https://example.org/x and /choose{"value": "sme"}')
    assert cleaned.split() == ["see", "and"]
    assert detect_language('/choose{"value": "sme"}') is None
    assert detect_language("@habari_bot http://habari.example.com") is None
    assert language_of("@techbot habari") == "sw"
    assert words("Tuna 2 ekari, 500kg kwa siku!") == ["tuna", "ekari", "kwa", "siku"]


@pytest.mark.parametrize(
    "text",
    [
        "Guten Tag, wie geht es Ihnen heute?",
        "Dzień dobry, jak się masz?",
        "你好，我需要帮助",
        "Goedemorgen, ik heb hulp nodig met mijn boerderij",
        "Merhaba, çiftliğim için yardıma ihtiyacım var",
    ],
)
def test_a_language_we_do_not_support_gives_no_guess(text: str) -> None:
    # The caller then keeps the conversation's language (or asks) instead of jumping to the
    # nearest supported one: German must not become English, nor Dutch Swahili.
    assert detect_language(text) is None


# --- the Rasa component ---------------------------------------------------------------------


def identifier(**overrides: Any) -> LanguageIdentifier:
    config = {**LanguageIdentifier.get_default_config(), **overrides}
    return LanguageIdentifier(config)


def processed(text: str, component: LanguageIdentifier | None = None, **data: Any) -> Message:
    message = Message(data={TEXT: text, **data})
    (component or identifier()).process([message])
    return message


def test_component_adds_language_guess_entity() -> None:
    text = "Habari, tunahitaji solar kwa shamba letu"
    entities = processed(text).get(ENTITIES)
    assert len(entities) == 1
    entity = entities[0]
    assert entity["entity"] == "language_guess"
    assert entity["value"] == "sw"
    assert entity["extractor"] == "LanguageIdentifier"
    assert 0.5 <= entity["confidence_entity"] <= 1.0
    assert (entity["start"], entity["end"]) == (0, len(text))


@pytest.mark.parametrize("text", ["ok", "hi", "Kenya", "500 kg"])
def test_component_adds_nothing_when_unsure(text: str) -> None:
    assert processed(text).get(ENTITIES, []) == []


def test_component_keeps_other_extractors_entities() -> None:
    earlier = {"entity": "value", "value": "sme", "start": 0, "end": 3, "extractor": "RegexEntityExtractor"}
    message = processed("sannu", entities=[copy.deepcopy(earlier)])
    assert message.get(ENTITIES)[0] == earlier
    assert message.get(ENTITIES)[1]["value"] == "ha"


def test_component_guess_is_in_the_parse_output() -> None:
    message = processed("bonjour")
    assert message.as_dict_nlu()[ENTITIES][0]["value"] == "fr"


def test_component_respects_configured_languages_and_confidence() -> None:
    assert processed("sannu", identifier(languages=["en", "sw"])).get(ENTITIES, []) == []
    assert processed("habari", identifier(min_confidence=1.01)).get(ENTITIES, []) == []
    assert processed("habari", identifier(entity_name="lang")).get(ENTITIES)[0]["entity"] == "lang"


@pytest.mark.parametrize(
    ("text", "language"),
    [("in English please", "en"), ("en français s'il vous plaît", "fr"), ("kwa Kiswahili tafadhali", "sw"),
     ("da Hausa", "ha"), ("بالعربية من فضلك", "ar"), ("em português por favor", "pt"), ("በአማርኛ እባክህ", "am"),
     ("en español por favor", "es")],
)
def test_a_typed_request_becomes_the_language_buttons_intent(text: str, language: str) -> None:
    classified = {"name": "inform", "confidence": 0.97}
    ranking = [classified, {"name": "greet", "confidence": 0.03}]
    message = processed(text, intent=classified, intent_ranking=ranking)
    assert message.get(INTENT) == {"name": "set_language", "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY) == [{"name": "set_language", "confidence": 1.0}]
    chosen = [e["value"] for e in message.get(ENTITIES) if e["entity"] == "language"]
    assert chosen == [language]


@pytest.mark.parametrize("text", ["we grow cassava and speak Hausa", "English and French", "/language", "hi"])
def test_other_messages_keep_their_intent(text: str) -> None:
    classified = {"name": "inform", "confidence": 0.97}
    message = processed(text, intent=classified)
    assert message.get(INTENT) == classified
    assert [e for e in message.get(ENTITIES, []) if e["entity"] == "language"] == []


def test_requests_can_be_switched_off() -> None:
    message = processed("in English please", identifier(request_intent=None), intent={"name": "inform"})
    assert message.get(INTENT) == {"name": "inform"}


def test_component_refuses_languages_it_cannot_detect() -> None:
    with pytest.raises(ValueError, match="de"):
        identifier(languages=["en", "de"])


def test_component_loads_from_a_pipeline_by_its_module_path() -> None:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    config["pipeline"].insert(1, {"name": "nlu.components.language_id.LanguageIdentifier"})
    recipe = Recipe.recipe_for_name(DefaultV1Recipe.name)
    graphs = recipe.graph_config_for_recipe(config, {}, training_type=TrainingType.NLU)
    used = {node.uses for node in graphs.predict_schema.nodes.values()}
    assert LanguageIdentifier in used
