"""The parsers never raise, whatever people type (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions import answers
from actions.parsing import amounts, countries, opening, yes_no
from conversation.interview import load_interview

LANGS = st.sampled_from(["en", "fr", "es", "pt", "sw", "ar", "ha", "am", "xx"])
# Latin, accents, Arabic, Ge'ez, digits, currency signs, punctuation and emoji.
ALPHABET = st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")) | st.sampled_from(
    list("0123456789,.$€₦₵٠١٢ሺህ ال 'k/{}\"") + ["elfu", "lakh", "dubu", "ألف", "million", " and "]
)
TEXT = st.lists(ALPHABET, max_size=60).map("".join)
FIELDS = load_interview().fields
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXT, LANGS, st.sampled_from(FIELDS))
def test_reading_any_answer_to_any_question_never_raises(text: str, lang: str, field) -> None:
    if field.kind != "text":
        reading = answers.read(field, text, lang)
        assert reading.value is None or not reading.candidates


@SETTINGS
@given(TEXT, LANGS)
def test_the_other_parsers_never_raise(text: str, lang: str) -> None:
    yes_no.read_yes_no(text, lang)
    countries.read_country(text, lang)
    countries.find_country(text, lang)
    amount = amounts.read_amount(text, lang)
    assert amount is None or amount.usd >= 0
    found = opening.extract(text, lang)
    assert set(found) <= set(load_interview().names)
