"""What a first (or any later) message already says, per language. These openings are written
for the tests; none is copied from the benchmark's conversations."""

from __future__ import annotations

import pytest

from actions.parsing.opening import corrects, extract

CASES = [
    (
        "en",
        "Hello, we are a small family business in Vietnam drying chillies and we need help",
        {"org_type": "sme", "country": "VN", "problem": ...},
    ),
    (
        "en",
        "hi, I'm with a farmers cooperative near Kisumu, we have no electricity and 300 members",
        {
            "org_type": "farmer_cooperative",
            "country": "KE",
            "region": "Kisumu",
            "grid_access": "none",
            "scale": "300 members",
        },
    ),
    (
        "en",
        "hello, our NGO in Malawi needs about $20,000 for a borehole pump",
        {
            "org_type": "ngo",
            "country": "MW",
            "budget_band": "5k-50k",
            "water_access": "borehole_or_well",
            "problem": ...,
        },
    ),
    (
        "fr",
        "Bonjour, nous sommes une coopérative de 300 membres au Sénégal, nous n'avons pas d'électricité "
        "et nous voulons sécher des mangues",
        {
            "org_type": "farmer_cooperative",
            "country": "SN",
            "grid_access": "none",
            "scale": "300 membres",
            "problem": ...,
        },
    ),
    (
        "fr",
        "salut, je suis agricultrice à Bobo-Dioulasso",
        {"org_type": "individual_farmer", "country": "BF", "region": "Bobo-Dioulasso"},
    ),
    (
        "es",
        "hola, somos una cooperativa de cacao en Perú y perdemos la cosecha por la humedad",
        {"org_type": "farmer_cooperative", "country": "PE", "problem": ...},
    ),
    (
        "pt",
        "olá, sou enfermeira num centro de saúde em Nampula, não temos luz",
        {"country": "MZ", "region": "Nampula", "grid_access": "none"},
    ),
    (
        "pt",
        "bom dia, somos uma startup em Moçambique e precisamos de financiamento para secar caju",
        {"org_type": "startup", "country": "MZ", "problem": ...},
    ),
    (
        "sw",
        "Habari, sisi ni kikundi cha wakulima Kenya, hatuna umeme, tunahitaji msaada wa kukausha maembe",
        {"org_type": "farmer_cooperative", "country": "KE", "grid_access": "none", "problem": ...},
    ),
    ("sw", "mambo, nina biashara ndogo Arusha", {"org_type": "sme", "country": "TZ", "region": "Arusha"}),
    (
        "ar",
        "السلام عليكم، نحن جمعية فلاحية في المغرب ونحتاج مساعدة في ري أشجار الزيتون",
        {"org_type": "farmer_cooperative", "country": "MA", "problem": ...},
    ),
    ("ar", "مرحبا، أنا فلاح في مصر", {"org_type": "individual_farmer", "country": "EG"}),
    (
        "ha",
        "Sannu, mu ƙungiyar manoma ne a Najeriya, muna bukatar taimako game da adana tumatir",
        {"org_type": "farmer_cooperative", "country": "NG", "problem": ...},
    ),
    (
        "ha",
        "ina kwana, ni manomi ne a Kano",
        {"org_type": "individual_farmer", "country": "NG", "region": "Kano"},
    ),
    (
        "am",
        "ሰላም፣ እኛ በኢትዮጵያ የገበሬዎች ማኅበር ነን፣ መብራት የለም",
        {"org_type": "farmer_cooperative", "country": "ET", "grid_access": "none"},
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_openings_keep_what_they_say(lang: str, text: str, expected: dict) -> None:
    found = extract(text, lang)
    assert set(found) == set(expected), found
    for name, value in expected.items():
        if value is not ...:
            assert found[name] == value, (name, found)
    if "problem" in expected:
        assert (
            not found["problem"]
            .lower()
            .startswith(("hello", "bonjour", "habari", "hola", "bom dia", "sannu"))
        )


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "hello"),
        ("en", "hi, how are you?"),
        ("fr", "mais nous avons besoin d'aide"),
        ("fr", "bonjour"),
        ("sw", "habari yako"),
        ("ar", "السلام عليكم"),
        ("ha", "sannu da zuwa"),
        ("am", "ሰላም"),
        ("en", "I need help"),
        ("en", '/choose{"value": "sme"}'),
        ("en", ""),
    ],
)
def test_greetings_and_vague_requests_fill_nothing(lang: str, text: str) -> None:
    assert extract(text, lang) == {}


@pytest.mark.parametrize(
    ("lang", "text"),
    [("es", "un secador que funcione con lluvia"), ("en", "we lose mangoes to the rain"),
     ("fr", "on pêche dans le fleuve"), ("sw", "mvua ikinyesha tunapoteza mazao")],
)
def test_weather_and_rivers_in_a_sentence_are_not_a_water_source(lang: str, text: str) -> None:
    assert "water_access" not in extract(text, lang)


def test_maize_is_not_read_into_french_but() -> None:
    found = extract("mais nous sommes au Mali depuis 2010", "fr")
    assert found == {} or set(found) <= {"country"}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "actually we are in Tanzania", True),
        ("fr", "en fait on est au Niger", True),
        ("sw", "kumbe tuko Uganda", True),
        ("es", "perdón, quise decir Bolivia", True),
        ("pt", "na verdade somos de Angola", True),
        ("ar", "في الحقيقة نحن في تونس", True),
        ("ha", "a gaskiya muna Nijar", True),
        ("am", "ይቅርታ እኛ በኬንያ ነን", True),
        ("en", "we are in Tanzania", False),
    ],
)
def test_corrections_are_recognised(lang: str, text: str, expected: bool) -> None:
    assert corrects(text, lang) is expected
