"""Yes and no in each language's everyday forms."""

from __future__ import annotations

import pytest

from actions.parsing.yes_no import read_yes_no

CASES = [
    ("en", "yes", True),
    ("en", "Yeah sure", True),
    ("en", "ok", True),
    ("en", "of course", True),
    ("en", "go ahead", True),
    ("en", "no", False),
    ("en", "nope", False),
    ("en", "no thanks", False),
    ("en", "please don't", False),
    ("en", "no problem", True),
    ("fr", "oui", True),
    ("fr", "ouais", True),
    ("fr", "d'accord", True),
    ("fr", "bien sûr", True),
    ("fr", "bien sur", True),
    ("fr", "non", False),
    ("fr", "non merci", False),
    ("fr", "pas question", False),
    ("es", "sí", True),
    ("es", "si", True),
    ("es", "claro", True),
    ("es", "dale", True),
    ("es", "no", False),
    ("es", "para nada", False),
    ("pt", "sim", True),
    ("pt", "claro", True),
    ("pt", "pode sim", True),
    ("pt", "tá bom", True),
    ("pt", "não", False),
    ("pt", "nao", False),
    ("pt", "de jeito nenhum", False),
    ("sw", "ndiyo", True),
    ("sw", "ndio", True),
    ("sw", "sawa", True),
    ("sw", "poa", True),
    ("sw", "hapana", False),
    ("sw", "sitaki", False),
    ("sw", "la", False),
    ("ar", "نعم", True),
    ("ar", "ايوه", True),
    ("ar", "واخا", True),
    ("ar", "موافق", True),
    ("ar", "لا", False),
    ("ar", "لا شكرا", False),
    ("ha", "i", True),
    ("ha", "toh", True),
    ("ha", "eh", True),
    ("ha", "na'am", True),
    ("ha", "a'a", False),
    ("ha", "babu", False),
    ("am", "አዎ", True),
    ("am", "እሺ", True),
    ("am", "ይቻላል", True),
    ("am", "አይ", False),
    ("am", "አልፈልግም", False),
    # A yes or a no that leads a longer answer
    ("en", "yes, but only with the local partner", True),
    ("fr", "oui, vous pouvez", True),
    ("sw", "hapana asante", False),
]


@pytest.mark.parametrize(("lang", "typed", "expected"), CASES)
def test_yes_and_no(lang: str, typed: str, expected: bool) -> None:
    assert read_yes_no(typed, lang) is expected


@pytest.mark.parametrize(
    ("lang", "typed"), [("en", "maybe"), ("en", ""), ("fr", "peut-être"), ("sw", "labda"), ("en", "🙂")]
)
def test_neither_yes_nor_no(lang: str, typed: str) -> None:
    assert read_yes_no(typed, lang) is None


def test_buttons() -> None:
    assert read_yes_no('/choose{"value": "yes"}', "am") is True
    assert read_yes_no('/choose{"value": "no"}', "ar") is False
