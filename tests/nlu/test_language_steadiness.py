"""Conversations as people type them, through the detector and the steadiness rule: the
language after each message. Each language's conversation carries the traps that switched
users before (amounts, numbers, country names, "no", "taxi", words shared by two languages,
English words in another language); requests switch at once; two real messages in a row switch.
"""

from __future__ import annotations

import pytest

from languages import LanguageState, Turn, next_state, requested_language
from languages.steadiness import CONFIDENT
from nlu.components.detection import detect_language


def turn(text: str, hint: str | None = None) -> Turn:
    guess = detect_language(text)
    confident = guess.language if guess and guess.confidence >= CONFIDENT else None
    return Turn(guess=confident, requested=requested_language(text), hint=hint)


def languages_after_each(messages: list[str], hint: str | None = None) -> list[str]:
    state, seen = LanguageState(), []
    for text in messages:
        state = next_state(state, turn(text, hint))
        seen.append(state.language)
    return seen


STEADY = {
    "en": ["Hello, we are a small family business in Thailand drying bananas and we need help", "Thailand",
           "no", "taxi", "menos de 8.000 dólares", "about 3000 dollars", "solar dryer", "ok", "Kenya", "hola",
           "i need hepl with my farm"],
    "fr": ["Bonjour, nous sommes une coopérative de femmes au Sénégal", "Sénégal", "Dakar", "non", "ONG",
           "taxi", "5000", "panneaux solaires", "ok merci", "pas d'électricité sur le site", "no", "Kenya",
           "je veux de l'aide pour mon projet"],
    "es": ["Hola, somos una cooperativa de café en Perú y necesitamos ayuda", "Perú", "no", "taxi",
           "menos de 8.000 dólares", "biogás", "sí", "10 hectáreas", "Bolivia", "ok"],
    "pt": ["Olá, trabalho numa clínica rural em Moçambique", "Moçambique", "menos de 8.000 dólares", "não",
           "sem rede elétrica", "aqui mesmo", "taxi", "sim", "menos de 8.000 dólares", "no", "ONG",
           "Nampula", "temos uma pequena empresa"],
    "sw": ["Habari, sisi ni kikundi cha wakulima Kenya", "Kenya", "hakuna umeme wa gridi", "hapa hapa",
           "sawa", "taxi", "50000", "teknolojia na mkopo", "ok", "chama cha ushirika", "pesa na mafunzo",
           "no", "tunahitaji solar pump"],
    "ar": ["مرحبا، نحن جمعية مزارعين في مصر", "مصر", "هنا", "لا", "taxi", "5000", "ok", "تقنية وتمويل",
           "solar", "Egypt"],
    "ha": ["Sannu, mu ƙungiyar manoman rogo ne a Najeriya", "Najeriya", "Kano", "a'a", "ƙungiyar manoma",
           "taxi", "naira 500000", "Ina son taimako game da ruwan sha a kauyenmu", "ok", "no", "solar", "eh"],
    "am": ["ሰላም፣ እኛ በኢትዮጵያ የገበሬዎች ማህበር ነን", "ኢትዮጵያ", "አዎ", "taxi", "5000", "ok", "solar pump", "no"],
}


@pytest.mark.parametrize("language", sorted(STEADY))
def test_no_unrequested_switch(language: str) -> None:
    assert languages_after_each(STEADY[language]) == [language] * len(STEADY[language])


@pytest.mark.parametrize("language", sorted(STEADY))
def test_the_first_message_sets_the_language_over_the_channel_hint(language: str) -> None:
    hint = "fr" if language == "en" else "en"
    assert languages_after_each(["hi", STEADY[language][0]], hint=hint) == [hint, language]


REQUESTS = {
    "en": "in English please",
    "fr": "en français s'il vous plaît",
    "es": "en español por favor",
    "pt": "em português por favor",
    "sw": "kwa Kiswahili tafadhali",
    "ar": "بالعربية من فضلك",
    "ha": "da Hausa",
    "am": "በአማርኛ እባክህ",
}


@pytest.mark.parametrize("wanted", sorted(REQUESTS))
def test_a_request_in_any_language_switches_at_once(wanted: str) -> None:
    start = "sw" if wanted != "sw" else "fr"
    messages = [STEADY[start][0], REQUESTS[wanted], "ok", STEADY[start][0], STEADY[start][0]]
    assert languages_after_each(messages) == [start, wanted, wanted, wanted, wanted]


SWITCHES = [
    ("pt", ["Olá, trabalho numa clínica rural em Moçambique",
            "Perdón, prefiero escribir en español porque es mi lengua",
            "Necesitamos una bomba de agua para la clínica"], "es"),
    ("fr", ["Bonjour, nous sommes une coopérative de femmes au Sénégal",
            "Sorry, I would rather write in English now",
            "We need a solar dryer for our mangoes"], "en"),
    ("en", ["Hello, we are a small family business in Thailand drying bananas and we need help",
            "Samahani, tunahitaji msaada kwa Kiswahili kwa sababu wakulima wetu",
            "Tunahitaji pampu ya maji ya jua kwa shamba letu"], "sw"),
    ("en", ["Hello, we need help with water for our village",
            "Ina son taimako game da ruwan sha a kauyenmu",
            "Mu manoma ne kuma muna bukatar famfon ruwa"], "ha"),
]


@pytest.mark.parametrize(("start", "messages", "end"), SWITCHES)
def test_two_messages_in_a_row_in_another_language_switch(start: str, messages: list[str], end: str) -> None:
    assert languages_after_each(messages) == [start, start, end]
