"""POST /api/needs/analyse logic: proposed title and sector from the user's words."""

from dataclasses import replace

from knowledge.analysis.need_text import TITLE_MAX, analyse, infer_sector
from knowledge.lexicon import Lexicon


def test_title_is_the_request_in_the_users_words(lexicon: Lexicon) -> None:
    result = analyse("Il nous faut un séchoir solaire pour nos mangues", "fr", lexicon)
    assert result.title == "Séchoir solaire pour nos mangues"
    assert result.sector == "agriculture_food"
    assert {"solar_drying", "fruits_vegetables"} <= set(result.concepts)


def test_title_puts_the_product_the_request_leaves_unsaid_first(lexicon: Lexicon) -> None:
    result = analyse("Nous perdons nos mangues, il nous faut un séchoir solaire", "fr", lexicon)
    assert result.title == "Mangues – séchoir solaire"
    assert len(result.title) <= TITLE_MAX


def test_title_without_a_request_names_the_specific_technology_and_the_product(lexicon: Lexicon) -> None:
    result = analyse("Drying mangoes with a solar dryer after harvest", "en", lexicon)
    assert result.title == "Solar drying – mangoes – post-harvest losses"
    assert "Food drying" not in result.title


def test_title_in_swahili(lexicon: Lexicon) -> None:
    result = analyse("Tunahitaji umwagiliaji wa matone kwa nyanya", "sw", lexicon)
    assert result.title == "Umwagiliaji wa matone kwa nyanya"


def test_title_in_amharic_takes_the_words_before_the_verb(lexicon: Lexicon) -> None:
    result = analyse("ሰላም። ለመስኖ የፀሐይ ፓምፕ እንፈልጋለን", "am", lexicon)
    assert result.title == "ለመስኖ የፀሐይ ፓምፕ"


def test_title_falls_back_to_first_words_without_concepts_or_request(lexicon: Lexicon) -> None:
    text = "Nuestra comunidad está muy lejos de la ciudad principal y los caminos son malos siempre"
    result = analyse(text, "es", lexicon)
    assert result.concepts == [] and result.sector is None
    assert result.title.startswith("Nuestra comunidad está muy lejos")
    assert result.title.endswith("…")
    assert len(result.title) <= TITLE_MAX


def test_long_request_is_cut_at_a_word(lexicon: Lexicon) -> None:
    text = "We need help for our community that is very far from the main city and has bad roads"
    result = analyse(text, "en", lexicon)
    assert result.title.startswith("Help for our community")
    assert result.title.endswith("…") and len(result.title) <= TITLE_MAX


def test_sector_follows_the_request_not_a_word_in_passing(lexicon: Lexicon) -> None:
    # "truck" is transport; the request is about rainwater.
    text = "The water truck comes once a month and is expensive. We need rainwater harvesting tanks"
    assert analyse(text, "en", lexicon).sector == "water_sanitation"


def test_mais_is_not_maize(lexicon: Lexicon) -> None:
    french = "Nous voulons des motos électriques mais les batteries coûtent cher"
    assert "grains" not in analyse(french, "fr", lexicon).concepts
    assert "grains" in analyse("Nous cultivons du maïs", "fr", lexicon).concepts


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
