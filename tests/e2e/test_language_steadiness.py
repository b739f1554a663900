"""The conversation's language over the REST channel against the real stack: set by the first
message that carries language (over the channel's hint), kept through messages that read the
same in two languages, changed by a typed request at once or by two messages in a row.

The language is read from the tracker's ``language`` slot, which every reply is rendered in."""

from __future__ import annotations

import pytest

from conversation.messages import default_catalogue
from harness.chat import RestUser, texts

pytestmark = pytest.mark.e2e
CATALOGUE = default_catalogue()

OPENINGS = {
    "en": "Hello, we are a small family business in Thailand drying bananas and we need help",
    "fr": "Bonjour, nous sommes une coopérative de femmes au Sénégal et nous avons besoin d'aide",
    "es": "Hola, somos una cooperativa de café en Perú y necesitamos ayuda",
    "pt": "Olá, trabalho numa clínica rural em Moçambique",
    "sw": "Habari, sisi ni kikundi cha wakulima Kenya tunahitaji msaada",
    "ar": "مرحبا، نحن جمعية مزارعين في مصر ونحتاج إلى مساعدة",
    "ha": "Sannu, mu ƙungiyar manoman rogo ne a Najeriya",
    "am": "ሰላም፣ እኛ በኢትዮጵያ የገበሬዎች ማህበር ነን",
}


def language(user: RestUser, stack) -> str:  # type: ignore[no-untyped-def]
    return str(user.tracker(stack.rasa_token)["slots"]["language"])


@pytest.mark.parametrize("lang", sorted(OPENINGS))
def test_the_opening_sets_the_language_over_the_channel_hint(stack, lang: str) -> None:
    user = RestUser(stack.rasa_url)
    replies = user.say(OPENINGS[lang], metadata={"language_hint": "fr" if lang == "en" else "en"})
    assert language(user, stack) == lang
    if lang != "en":
        assert CATALOGUE.render("utter_default", "en")["text"] not in texts(replies)


def test_what_reads_the_same_in_two_languages_never_switches(stack) -> None:
    user = RestUser(stack.rasa_url)
    user.say(OPENINGS["pt"])
    for answer in ["menos de 8.000 dólares", "no", "taxi", "Moçambique", "8000"]:
        user.say(answer)
        assert language(user, stack) == "pt", answer


def test_a_typed_request_switches_at_once_and_is_confirmed(stack) -> None:
    user = RestUser(stack.rasa_url)
    user.say(OPENINGS["sw"])
    replies = user.say("in English please")
    assert language(user, stack) == "en"
    assert CATALOGUE.render("utter_language_set", "en")["text"] in texts(replies)
    replies = user.say("kwa Kiswahili tafadhali")
    assert language(user, stack) == "sw"
    assert CATALOGUE.render("utter_language_set", "sw")["text"] in texts(replies)


def test_two_messages_in_a_row_in_another_language_switch(stack) -> None:
    user = RestUser(stack.rasa_url)
    user.say(OPENINGS["sw"])
    user.say("Sorry, I would rather write in English now")
    assert language(user, stack) == "sw"
    user.say("We need a solar pump for our farm")
    assert language(user, stack) == "en"
