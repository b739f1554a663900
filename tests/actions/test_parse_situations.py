"""The grid question read clause by clause, in all eight languages, and openings that tell a
problem without saying "need". Phrasings written for these tests (not the benchmark's)."""

from __future__ import annotations

import pytest

from actions.answers import read
from actions.parsing.opening import extract
from actions.parsing.situations import read_grid
from actions.understood import later_answers
from conversation.interview import load_interview

GRID = [
    ("en", "there's power but it cuts every evening", "unreliable"),
    ("en", "we don't have any electricity", "none"),
    ("en", "power is stable, never goes off", "reliable"),
    ("fr", "il y a le courant mais avec des délestages", "unreliable"),
    ("fr", "pas de courant du tout", "none"),
    ("fr", "oui le courant est bon", "reliable"),
    ("es", "sí hay luz", "reliable"),
    ("es", "hay luz pero se corta a cada rato", "unreliable"),
    ("es", "no tenemos luz", "none"),
    ("pt", "tem luz", "reliable"),
    ("pt", "tem energia mas falha muito", "unreliable"),
    ("pt", "não temos energia", "none"),
    ("sw", "hakuna umeme", "none"),
    ("sw", "umeme upo lakini unakatika kila wiki", "unreliable"),
    ("sw", "umeme upo", "reliable"),
    ("ha", "babu wuta", "none"),
    ("ha", "akwai wuta amma ana daukewa", "unreliable"),
    ("ha", "akwai wuta kullum", "reliable"),
    ("am", "መብራት የለም", "none"),
    ("am", "መብራት አለ ግን ይጠፋል", "unreliable"),
    ("am", "መብራት አለ", "reliable"),
    ("ar", "ما عندنا كهرباء", "none"),
    ("ar", "الكهرباء موجودة بس تنقطع", "unreliable"),
    ("ar", "الضو كاين و ما يقطعش", "reliable"),
]


@pytest.mark.parametrize(("lang", "text", "expected"), GRID)
def test_grid_answers_read_clause_by_clause(lang: str, text: str, expected: str) -> None:
    assert read_grid(text, lang) == expected
    assert read(load_interview()["grid_access"], text, lang).value == expected


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "yes"), ("fr", "oui"), ("en", "a solar dryer that works in the rain"), ("sw", "sijui")],
)
def test_what_does_not_say_the_grid_plainly_is_left_to_the_options(lang: str, text: str) -> None:
    assert read_grid(text, lang) is None


PROBLEMS = [
    ("en", "hello, we keep goats in Kenya and many kids die in the dry season"),
    ("fr", "bonjour, nous sommes une coopérative au Bénin, le manioc pourrit avant la vente"),
    ("es", "hola, soy productor en Perú y las heladas queman mis cultivos"),
    ("pt", "olá, somos uma associação em Angola e a água do poço está suja"),
    ("sw", "habari, sisi ni wakulima wa nyanya Tanzania, nyanya zinaharibika sokoni"),
    ("ha", "sannu, mu manoma ne a Najeriya, amfanin gona yana lalacewa bayan girbi"),
    ("am", "ሰላም፣ እኛ ገበሬዎች ነን፣ ሰብላችን በተባይ ይበላሻል"),
    ("ar", "مرحبا، نحن تعاونية في المغرب والماء قليل والمحصول يتلف"),
]


@pytest.mark.parametrize(("lang", "text"), PROBLEMS)
def test_an_opening_that_tells_a_trouble_keeps_it_as_the_problem(lang: str, text: str) -> None:
    assert extract(text, lang).get("problem")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "hello, we are a farmers cooperative in Ghana"),
        ("pt", "olá, sou enfermeira num centro de saúde em Nampula, não temos luz"),
        ("sw", "habari, mimi ni mkulima Kenya"),
    ],
)
def test_who_and_where_alone_are_not_a_problem(lang: str, text: str) -> None:
    assert "problem" not in extract(text, lang)


def test_a_wish_does_not_fill_what_the_user_has() -> None:
    told = "we fetch water from a borehole and the power cuts every day"
    assert later_answers(told, "en", {}, "current_practice", override=False).keys() >= {
        "water_access",
        "grid_access",
    }
    assert not later_answers(told, "en", {}, "desired_outcome", override=False).keys() & {
        "water_access",
        "grid_access",
    }
