"""Arabic written in Latin letters and digits is Arabic; numbers with units and French are not."""

from __future__ import annotations

import pytest

from languages import is_arabizi


@pytest.mark.parametrize(
    "text",
    ["salam, 3la slama, 3andna mochkil f sa9i", "ana 7ari9 f lfla7a", "ma3rftch", "wach 3andkom chi 7al?"],
)
def test_arabizi_is_arabic(text: str) -> None:
    assert is_arabizi(text)


@pytest.mark.parametrize(
    "text",
    ["around 20k dollars", "5kg de maïs", "bonjour, ana startup f Casablanca", "we have 3 cows", "mp3", "4x4",
     "oui"],
)
def test_numbers_units_and_latin_languages_are_not(text: str) -> None:
    assert not is_arabizi(text)
