"""The multilingual lexicon: data consistency, gaps listing, matching in several languages."""

import pytest

from knowledge.lexicon import Concept, Lexicon
from knowledge.lexicon.normalise import fold, normalised, tokens
from knowledge.vocab import LANGUAGES, ORG_TYPES, SECTORS

WELL_COVERED = ("en", "fr", "es", "pt", "sw")
REQUIRED_CONCEPTS = (
    "solar_drying",
    "drip_irrigation",
    "post_harvest_loss",
    "cold_storage",
    "biogas",
    "water_purification",
    "clean_cooking",
    "mini_grid",
)


def test_data_is_consistent(lexicon: Lexicon) -> None:
    assert lexicon.problems() == []
    assert set(SECTORS) <= set(lexicon.concepts)
    assert set(REQUIRED_CONCEPTS) <= set(lexicon.concepts)
    assert len(lexicon.concepts) >= 50


def test_well_covered_languages_have_no_gaps(lexicon: Lexicon) -> None:
    gaps = lexicon.gaps()
    assert set(gaps) == set(LANGUAGES)
    for language in WELL_COVERED:
        assert gaps[language] == [], f"{language} is missing terms for {gaps[language]}"


def test_gaps_are_listed_for_the_translator(lexicon: Lexicon) -> None:
    gaps = lexicon.gaps()
    # A concept or organisation type without a term in a language is listed for the translator.
    partial = Lexicon({"x": Concept("x", "technology", (), {"en": ("x",)})}, {})
    assert "x" in partial.gaps()["ha"] and "x" not in partial.gaps()["en"]
    assert "org_type:ngo" in partial.gaps()["am"]
    assert all(
        g in lexicon.concepts or g.startswith("org_type:") for lang in gaps for g in gaps[lang]
    )
    # ... but the simple words are there.
    for language in ("ar", "ha", "am"):
        assert lexicon.has_label("agriculture_food", language)
        assert lexicon.has_label("biogas", language)


def test_every_concept_has_terms_in_every_language(lexicon: Lexicon) -> None:
    gaps = lexicon.gaps()
    assert set(gaps) == set(LANGUAGES) == {"en", "fr", "es", "pt", "sw", "ar", "ha", "am"}
    assert {language: missing for language, missing in gaps.items() if missing} == {}


def test_every_org_type_has_an_english_label(lexicon: Lexicon) -> None:
    assert all(lexicon.org_type_label(o, "en") != o for o in ORG_TYPES)
    assert lexicon.org_type_label("ngo", "fr") == "ONG"
    assert lexicon.org_type_label("ngo", "xx") == "NGOs"  # unknown language falls back to English


def test_labels_fall_back_to_english(lexicon: Lexicon) -> None:
    assert lexicon.label("solar_drying", "fr") == "séchage solaire"
    assert lexicon.label("solar_drying", "sw") == "kukausha kwa jua"
    assert lexicon.label("mini_grid", "ha") == "mini-grid"
    assert lexicon.label("no_such_concept", "fr") == "no_such_concept"


def test_normalisation_folds_accents_case_plurals_and_elision() -> None:
    assert fold("Séchage SOLAIRE") == "sechage solaire"
    assert normalised("Séchoirs solaires") == normalised("séchoir solaire")
    assert normalised("post-harvest losses") == "post harvest losse"
    assert tokens("l'eau d'irrigation") == ["l", "eau", "d", "irrigation"]
    # diacritic and article dropped, ta marbuta folded to ha (languages.fold, as in the NLU)
    assert normalised("الطاقة الشمسيّة") == normalised("طاقه شمسيه") == "طاقه شمسيه"
    assert normalised("للطماطم") == normalised("الطماطم") == "طماطم"
    assert normalised("ለመስኖ") == normalised("መስኖ")  # Amharic "for irrigation"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We want a solar dryer for our mangoes", {"solar_drying", "fruits_vegetables"}),
        ("séchage solaire des mangues", {"solar_drying", "fruits_vegetables"}),
        ("Queremos secadores solares para frutas", {"solar_drying", "fruits_vegetables"}),
        (
            "Precisamos de irrigação gota a gota para tomate",
            {"drip_irrigation", "fruits_vegetables"},
        ),
        ("Tunapoteza maembe baada ya mavuno", {"fruits_vegetables", "post_harvest_loss"}),
        ("Hatuna umeme, tunapika kwa kuni", {"no_electricity", "clean_cooking"}),
        ("نحتاج الري بالتنقيط", {"drip_irrigation"}),
        ("Muna son rumbu don adana hatsi", {"grain_storage"}),
        ("ባዮጋዝ እንፈልጋለን", {"biogas"}),
        ("We need an electric pressure cooker", {"clean_cooking"}),
    ],
)
def test_concepts_found_in_many_languages(lexicon: Lexicon, text: str, expected: set[str]) -> None:
    assert expected <= set(lexicon.find(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We dry mangoes in the open sun and lose a third of the harvest to rain and insects.",
            {"food_drying", "post_harvest_loss", "fruits_vegetables"},
        ),
        (
            "Our fish goes bad before it reaches the market because we have no ice.",
            {"coastal_marine_fisheries", "post_harvest_loss", "cold_storage"},
        ),
        (
            "Perdemos mucha cosecha de papa porque no tenemos donde guardarla.",
            {"post_harvest_loss", "roots_tubers", "crop_storage"},
        ),
        (
            "Nossa cooperativa perde muita mandioca porque não consegue secar.",
            {"post_harvest_loss", "roots_tubers", "food_drying"},
        ),
        (
            "Wakulima wetu hawana maji ya kumwagilia mashamba wakati wa kiangazi.",
            {"water_scarcity", "irrigation"},
        ),
        (
            "نفقد جزءا كبيرا من محصول الطماطم لأننا لا نملك تبريدا.",
            {"cold_storage", "fruits_vegetables"},
        ),
        ("Manomanmu ba su da ruwan ban ruwa a lokacin rani.", {"irrigation", "water_scarcity"}),
        ("ገበሬዎቻችን በበጋ ወቅት ለመስኖ ውሃ የላቸውም።", {"irrigation", "water_scarcity"}),
    ],
)
def test_everyday_phrasings(lexicon: Lexicon, text: str, expected: set[str]) -> None:
    """How people actually describe their problem to the bot (the end-to-end scripts)."""
    assert expected <= set(lexicon.find(text))


def test_longest_mention_wins(lexicon: Lexicon) -> None:
    found = lexicon.find("a solar dryer")
    assert found == ["solar_drying"]  # not also "food drying" (dryer) or "solar energy" (solar)


def test_no_concept_in_unrelated_text(lexicon: Lexicon) -> None:
    assert lexicon.find("Hello, how are you today?") == []
