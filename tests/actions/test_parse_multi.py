"""Several choices from one sentence, per language."""

from __future__ import annotations

import pytest

from actions.parsing.options import read_choices
from conversation.interview import load_interview

FIELD = load_interview()["support_sought"]
EVERY = ["technology", "finance", "training", "ip_legal", "partner"]

CASES = [
    ("en", "technology and finance", ["technology", "finance"]),
    ("en", "money, training and a partner", ["finance", "training", "partner"]),
    ("en", "a loan and some courses", ["finance", "training"]),
    ("en", "everything", EVERY),
    ("en", "1 and 3", ["technology", "training"]),
    ("fr", "technologie et financement", ["technology", "finance"]),
    ("fr", "de l'argent et une formation", ["finance", "training"]),
    ("fr", "tout", EVERY),
    ("es", "tecnología y dinero", ["technology", "finance"]),
    ("es", "un préstamo y capacitación", ["finance", "training"]),
    ("pt", "tecnologia e financiamento", ["technology", "finance"]),
    ("pt", "formação e um parceiro", ["training", "partner"]),
    ("sw", "pesa na mafunzo", ["finance", "training"]),
    ("sw", "teknolojia na mkopo", ["technology", "finance"]),
    ("sw", "mashine, pesa", ["technology", "finance"]),
    ("sw", "yote", EVERY),
    ("ar", "تقنية وتمويل", ["technology", "finance"]),
    ("ar", "تدريب و شريك", ["training", "partner"]),
    ("ar", "1 و3", ["technology", "training"]),
    ("ha", "fasaha da kuɗi", ["technology", "finance"]),
    ("ha", "horo da bashi", ["training", "finance"]),
    ("ha", "duka", EVERY),
    ("am", "ቴክኖሎጂ እና ገንዘብ", ["technology", "finance"]),
    ("am", "ሥልጠና እና አጋር", ["training", "partner"]),
    ("am", "1፣3", ["technology", "training"]),
    # English words in another language's sentence
    ("sw", "technology na training", ["technology", "training"]),
    ("fr", "formation and money", ["training", "finance"]),
]


@pytest.mark.parametrize(("lang", "typed", "expected"), CASES)
def test_several_choices_in_one_sentence(lang: str, typed: str, expected: list[str]) -> None:
    assert read_choices(typed, FIELD, lang).value == expected


@pytest.mark.parametrize(
    ("lang", "typed"), [("en", "pizza and cake"), ("sw", "asante sana"), ("en", "9 and 12")]
)
def test_sentences_without_an_option_give_nothing(lang: str, typed: str) -> None:
    assert read_choices(typed, FIELD, lang).value is None


@pytest.mark.parametrize(
    ("lang", "typed", "expected"),
    [
        ("en", "money but not training", ["finance"]),
        ("en", "technology, no need for a partner", ["technology"]),
        ("fr", "de l'argent, pas de formation", ["finance"]),
        ("es", "dinero, sin capacitación", ["finance"]),
        ("pt", "tecnologia sem parceiro", ["technology"]),
        ("sw", "pesa bila mafunzo", ["finance"]),
        ("ar", "تمويل بدون تدريب", ["finance"]),
        ("ha", "kuɗi banda horo", ["finance"]),
        ("am", "ገንዘብ ያለ ሥልጠና", ["finance"]),
        ("en", "no, just money", ["finance"]),
        ("en", "everything except patents", ["technology", "finance", "training", "partner"]),
        ("fr", "tout sauf la formation", ["technology", "finance", "ip_legal", "partner"]),
        ("en", "not the training, only money", ["finance"]),
        ("sw", "hapana, pesa tu", ["finance"]),
    ],
)
def test_an_option_taken_back_is_dropped(lang: str, typed: str, expected: list[str]) -> None:
    assert read_choices(typed, FIELD, lang).value == expected
