"""Arabizi (Arabic in Latin letters and digits) read through the Arabic lexicon, and Arabic-Indic
digits. Phrasings written for these tests."""

from __future__ import annotations

import pytest

from actions.answers import read
from actions.parsing.arabizi import arabic_skeleton, latin_skeleton, to_arabic
from conversation.interview import load_interview


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [("3andi", "عندي"), ("tamwil", "تمويل"), ("lkahraba", "الكهرباء"), ("7alib", "حليب"), ("chari3", "شارع")],
)
def test_both_writings_meet_in_one_skeleton(latin: str, arabic: str) -> None:
    assert latin_skeleton(latin.removeprefix("l")) == arabic_skeleton(arabic.removeprefix("ال"))


ANSWERS = [
    ("support_sought", "tadrib w tamwil", ["finance", "training"]),
    ("water_access", "3andna bir", "borehole_or_well"),
    ("org_type", "jam3iya ta3awniya", "farmer_cooperative"),
    ("budget_band", "mlyoun dirham", "50k-250k"),
    ("consent_store", "wakha", True),
    ("budget_band", "٢٠ ألف دولار", "5k-50k"),
]


@pytest.mark.parametrize(("field", "typed", "expected"), ANSWERS)
def test_arabizi_answers_are_read_in_an_arabic_conversation(field: str, typed: str, expected: object) -> None:
    value = read(load_interview()[field], typed, "ar", "MA").value
    assert (sorted(value) if isinstance(value, list) else value) == expected


@pytest.mark.parametrize("text", ["oui merci", "technologie et formation", "ok", "robinet", "hello 2024"])
def test_french_english_and_numbers_stay_as_they_are(text: str) -> None:
    assert to_arabic(text, "ar") == text


def test_other_languages_are_left_alone() -> None:
    assert to_arabic("tamwil", "fr") == "tamwil"
    assert to_arabic("3andi bir", "fr") != "3andi bir"  # a digit inside a word is Arabizi anywhere
