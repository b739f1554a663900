"""The mark after an item's name: example, in English, and "to confirm with a local partner" where
the catalogue does not know where the technology is sold or proven, in every language."""

import pytest

from actions.base import item_mark
from conversation.messages import default_catalogue

CATALOGUE = default_catalogue()
LANGUAGES = CATALOGUE.languages


def _render(item: dict[str, object], language: str) -> str:
    return CATALOGUE.value(item_mark(item, language), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_availability_says_to_confirm_with_a_local_partner(language: str) -> None:
    to_confirm = CATALOGUE.text("marks.to_confirm", language)
    assert to_confirm.strip() and to_confirm != "marks.to_confirm"
    item = {"availability": "to_confirm", "language": language}
    assert _render(item, language) == to_confirm
    assert to_confirm not in _render({"language": language}, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_to_confirm_follows_the_other_marks(language: str) -> None:
    to_confirm = CATALOGUE.text("marks.to_confirm", language)
    example = CATALOGUE.text("marks.example", language)
    both = _render({"illustrative": True, "availability": "to_confirm"}, language)
    assert both == example + to_confirm
    other = "am" if language != "am" else "en"
    in_english = CATALOGUE.text("marks.in_english", language)
    assert _render({"language": other, "availability": "to_confirm"}, language) == in_english + to_confirm


def test_the_english_line_reads_as_asked() -> None:
    assert "to confirm with a local partner" in CATALOGUE.text("marks.to_confirm", "en")
