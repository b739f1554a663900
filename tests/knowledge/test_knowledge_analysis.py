"""POST /api/needs/analyse logic: proposed title and sector from the user's words."""

from dataclasses import replace

from knowledge.lexicon import Lexicon
from knowledge.registry.analysis import TITLE_MAX, analyse, infer_sector


def test_title_from_concept_labels_in_the_need_language(lexicon: Lexicon) -> None:
    result = analyse("Il nous faut un séchoir solaire pour nos mangues", "fr", lexicon)
    assert result.title == "Séchage solaire – fruits et légumes"
    assert result.sector == "agriculture_food"
    assert {"solar_drying", "fruits_vegetables"} <= set(result.concepts)


def test_title_joins_technology_product_and_problem(lexicon: Lexicon) -> None:
    result = analyse("Nous perdons nos mangues, il nous faut un séchoir solaire", "fr", lexicon)
    assert result.title == "Séchage solaire – fruits et légumes – pertes après récolte"
    assert len(result.title) <= TITLE_MAX


def test_title_names_the_specific_technology_not_the_broader_one(lexicon: Lexicon) -> None:
    result = analyse("We want to dry mangoes with a solar dryer after harvest", "en", lexicon)
    assert result.title.startswith("Solar drying")
    assert "Food drying" not in result.title
    assert len(result.title) <= TITLE_MAX


def test_title_in_swahili(lexicon: Lexicon) -> None:
    result = analyse("Tunahitaji umwagiliaji wa matone kwa nyanya", "sw", lexicon)
    assert result.title == "Umwagiliaji wa matone – matunda na mboga"


def test_title_falls_back_to_first_words_without_concepts(lexicon: Lexicon) -> None:
    text = "Necesitamos ayuda para nuestra comunidad que está muy lejos de la ciudad principal"
    result = analyse(text, "es", lexicon)
    assert result.concepts == [] and result.sector is None
    assert result.title.startswith("Necesitamos ayuda para nuestra comunidad")
    assert result.title.endswith("…")
    assert len(result.title) <= TITLE_MAX


def test_title_falls_back_to_first_words_when_no_label_in_language(lexicon: Lexicon) -> None:
    # A concept without a Hausa term: the title must not switch to English.
    concept = lexicon.concepts["mini_grid"]
    no_hausa = replace(concept, terms={**concept.terms, "ha": ()})
    partial = Lexicon({**lexicon.concepts, "mini_grid": no_hausa}, lexicon.org_type_labels)
    result = analyse("mini-grid", "ha", partial)
    assert result.concepts == ["mini_grid"]
    assert result.title == "mini-grid"


def test_short_text_is_kept_whole(lexicon: Lexicon) -> None:
    assert analyse("Help please", "en", lexicon).title == "Help please"


def test_infer_sector_prefers_a_named_sector(lexicon: Lexicon) -> None:
    assert infer_sector(["health", "solar_energy"], lexicon) == "health"
    assert infer_sector(["water_purification"], lexicon) == "water_sanitation"
    assert infer_sector([], lexicon) is None
