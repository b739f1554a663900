"""Typed answers to choice questions, per language: everyday words, typos, missing accents, case,
English or French words mixed in, "I don't know", and two plausible options."""

from __future__ import annotations

import pytest

from actions.parsing.options import read_choice
from conversation.interview import load_interview

FIELDS = load_interview()

ORG_TYPE = [
    ("en", "small company", "sme"),
    ("en", "we are a co-op", "farmer_cooperative"),
    ("en", "Small Busines", "sme"),
    ("en", "town council", "municipality"),
    ("en", "charity", "ngo"),
    ("en", "I am a researcher", "university_or_research"),
    ("en", "smallholder", "individual_farmer"),
    ("en", "startup", "startup"),
    ("fr", "coopérative", "farmer_cooperative"),
    ("fr", "cooperative", "farmer_cooperative"),
    ("fr", "ONG", "ngo"),
    ("fr", "la mairie", "municipality"),
    ("fr", "petite entreprise", "sme"),
    ("fr", "je suis paysan", "individual_farmer"),
    ("es", "cooperativa", "farmer_cooperative"),
    ("es", "pequeña empresa", "sme"),
    ("es", "pequena empresa", "sme"),
    ("es", "la alcaldia", "municipality"),
    ("es", "soy campesina", "individual_farmer"),
    ("pt", "cooperativa", "farmer_cooperative"),
    ("pt", "prefeitura", "municipality"),
    ("pt", "pequena empresa", "sme"),
    ("pt", "sou agricultor", "individual_farmer"),
    ("pt", "universidade", "university_or_research"),
    ("sw", "chama cha ushirika", "farmer_cooperative"),
    ("sw", "kikundi cha wakulima", "farmer_cooperative"),
    ("sw", "biashara ndogo", "sme"),
    ("sw", "mkulima", "individual_farmer"),
    ("sw", "halmashauri", "municipality"),
    ("sw", "shirika", "ngo"),
    ("sw", "chuo kikuu", "university_or_research"),
    ("sw", "kampuni changa", "startup"),
    ("ar", "تعاونية", "farmer_cooperative"),
    ("ar", "جمعية فلاحية", "farmer_cooperative"),
    ("ar", "بلدية", "municipality"),
    ("ar", "فلاح", "individual_farmer"),
    ("ar", "شركة ناشئة", "startup"),
    ("ar", "ong", "ngo"),
    ("ha", "ƙungiyar manoma", "farmer_cooperative"),
    ("ha", "kungiyar manoma", "farmer_cooperative"),
    ("ha", "manomi", "individual_farmer"),
    ("ha", "karamin kasuwanci", "sme"),
    ("ha", "karamar hukuma", "municipality"),
    ("ha", "jami'a", "university_or_research"),
    ("am", "ማህበር", "farmer_cooperative"),
    ("am", "የገበሬዎች ማኅበር", "farmer_cooperative"),
    ("am", "ገበሬ", "individual_farmer"),
    ("am", "አነስተኛ ንግድ", "sme"),
    ("am", "ማዘጋጃ ቤት", "municipality"),
    ("am", "ዩኒቨርሲቲ", "university_or_research"),
    # English and French words mixed into another language
    ("sw", "cooperative", "farmer_cooperative"),
    ("ha", "NGO", "ngo"),
    ("ar", "coopérative", "farmer_cooperative"),
]


@pytest.mark.parametrize(("lang", "typed", "expected"), ORG_TYPE)
def test_organisation_types_in_everyday_words(lang: str, typed: str, expected: str) -> None:
    assert read_choice(typed, FIELDS["org_type"], lang).value == expected


GRID = [
    ("en", "no electricity", "none"),
    ("en", "we have grid electricity but it is expensive", "reliable"),
    ("en", "power cuts every day", "unreliable"),
    ("en", "load shedding", "unreliable"),
    ("en", "off grid", "none"),
    ("en", "i dont know", "unknown"),
    ("fr", "pas d'électricité", "none"),
    ("fr", "pas d'electricite ici", "none"),
    ("fr", "délestages", "unreliable"),
    ("fr", "oui mais avec coupures", "unreliable"),
    ("fr", "je sais pas", "unknown"),
    ("es", "no hay luz", "none"),
    ("es", "sí, pero hay apagones", "unreliable"),
    ("es", "no sé", "unknown"),
    ("pt", "sem rede", "none"),
    ("pt", "nao temos luz", "none"),
    ("pt", "sim, mas com cortes", "unreliable"),
    ("pt", "não sei", "unknown"),
    ("sw", "hakuna umeme", "none"),
    ("sw", "hatuna stima", "none"),
    ("sw", "umeme unakatika sana", "unreliable"),
    ("sw", "sijui", "unknown"),
    ("ar", "لا توجد كهرباء", "none"),
    ("ar", "الكهرباء تنقطع كثيرا", "unreliable"),
    ("ar", "ما كاينش الضو", "none"),
    ("ar", "لا أعرف", "unknown"),
    ("ha", "babu wutar lantarki", "none"),
    ("ha", "ana dauke wuta", "unreliable"),
    ("ha", "ban sani ba", "unknown"),
    ("am", "መብራት የለም", "none"),
    ("am", "መብራት ይጠፋል", "unreliable"),
    ("am", "አላውቅም", "unknown"),
]


@pytest.mark.parametrize(("lang", "typed", "expected"), GRID)
def test_grid_situations_and_negations(lang: str, typed: str, expected: str) -> None:
    assert read_choice(typed, FIELDS["grid_access"], lang).value == expected


WATER = [
    ("en", "borehole", "borehole_or_well"),
    ("en", "from the river", "surface"),
    ("en", "tap water", "piped"),
    ("en", "we only have rain", "rainfed_only"),
    ("fr", "un forage", "borehole_or_well"),
    ("fr", "le fleuve", "surface"),
    ("fr", "eau de pluie", "rainfed_only"),
    ("es", "del pozo", "borehole_or_well"),
    ("es", "agua del rio", "surface"),
    ("es", "solo lluvia", "rainfed_only"),
    ("pt", "um furo", "borehole_or_well"),
    ("pt", "da torneira", "piped"),
    ("pt", "do rio", "surface"),
    ("sw", "kisima", "borehole_or_well"),
    ("sw", "maji ya bomba", "piped"),
    ("sw", "tunategemea mvua", "rainfed_only"),
    ("ar", "بئر", "borehole_or_well"),
    ("ar", "من النهر", "surface"),
    ("ar", "الحنفية", "piped"),
    ("ha", "rijiya", "borehole_or_well"),
    ("ha", "ruwan famfo", "piped"),
    ("ha", "ruwan sama kawai", "rainfed_only"),
    ("am", "የውሃ ጉድጓድ", "borehole_or_well"),
    ("am", "ወንዝ", "surface"),
    ("am", "ዝናብ ብቻ", "rainfed_only"),
]


@pytest.mark.parametrize(("lang", "typed", "expected"), WATER)
def test_water_sources(lang: str, typed: str, expected: str) -> None:
    assert read_choice(typed, FIELDS["water_access"], lang).value == expected


CONTACT = [
    ("en", "right here", "same_channel"),
    ("en", "call me", "phone_call"),
    ("en", "by email", "email"),
    ("fr", "ici", "same_channel"),
    ("fr", "appelez-moi", "phone_call"),
    ("es", "aquí mismo", "same_channel"),
    ("pt", "aqui mesmo", "same_channel"),
    ("pt", "me liga", "phone_call"),
    ("sw", "hapa hapa", "same_channel"),
    ("sw", "nipigie simu", "phone_call"),
    ("ar", "هنا", "same_channel"),
    ("ar", "اتصل بي", "phone_call"),
    ("ha", "a nan", "same_channel"),
    ("ha", "ku kira ni", "phone_call"),
    ("am", "እዚሁ", "same_channel"),
    ("am", "በስልክ", "phone_call"),
]


@pytest.mark.parametrize(("lang", "typed", "expected"), CONTACT)
def test_contact_preferences(lang: str, typed: str, expected: str) -> None:
    assert read_choice(typed, FIELDS["contact_preference"], lang).value == expected


@pytest.mark.parametrize(
    ("lang", "typed", "field", "pair"),
    [
        ("en", "yes", "grid_access", ("reliable", "unreliable")),
        ("sw", "ndiyo", "grid_access", ("reliable", "unreliable")),
        ("fr", "oui", "grid_access", ("reliable", "unreliable")),
        ("en", "an association", "org_type", ("farmer_cooperative", "ngo")),
    ],
)
def test_two_plausible_options_are_both_named(
    lang: str, typed: str, field: str, pair: tuple[str, str]
) -> None:
    reading = read_choice(typed, FIELDS[field], lang)
    assert reading.value is None and reading.candidates == pair


@pytest.mark.parametrize(
    ("lang", "typed"), [("en", "banana"), ("fr", "mais"), ("sw", "asante"), ("en", ""), ("ar", "؟")]
)
def test_words_that_answer_nothing_are_not_read_as_an_option(lang: str, typed: str) -> None:
    reading = read_choice(typed, FIELDS["org_type"], lang)
    assert reading.value is None and reading.candidates == ()


def test_numbers_and_buttons_still_work() -> None:
    assert read_choice("2", FIELDS["org_type"], "sw").value == "farmer_cooperative"
    assert read_choice('/choose{"value": "ngo"}', FIELDS["org_type"], "am").value == "ngo"
    assert read_choice('/choose{"value": "bank"}', FIELDS["org_type"], "en").value is None
