"""The whole interview in each of the eight languages over the REST channel: every question
the assistant asks is the one in that language's catalogue, typed answers in that language are
understood, and the stored need carries the language."""

from __future__ import annotations

import re

import httpx
import pytest

from conversation.messages import default_catalogue
from harness.chat import RestUser, choose, texts

pytestmark = pytest.mark.e2e
CATALOGUE = default_catalogue()

# (greeting, country as people write it, region, problem in their words)
SCRIPTS = {
    "en": (
        "hello",
        "Kenya",
        "Kisumu",
        "Our fish goes bad before it reaches the market because we have no ice.",
    ),
    "fr": ("bonjour", "Sénégal", "Kaolack", "Nos mangues pourrissent vite car nous n'avons pas de séchoir."),
    "es": ("hola", "Perú", "Cusco", "Perdemos mucha cosecha de papa porque no tenemos donde guardarla."),
    "pt": (
        "olá",
        "Moçambique",
        "Nampula",
        "Nossa cooperativa perde muita mandioca porque não consegue secar.",
    ),
    "sw": (
        "habari",
        "Tanzania",
        "Dodoma",
        "Wakulima wetu hawana maji ya kumwagilia mashamba wakati wa kiangazi.",
    ),
    "ar": ("مرحبا", "مصر", "أسيوط", "نفقد جزءا كبيرا من محصول الطماطم لأننا لا نملك تبريدا."),
    "ha": ("sannu", "Nijeriya", "Kano", "Manomanmu ba su da ruwan ban ruwa a lokacin rani."),
    "am": ("ሰላም", "ኢትዮጵያ", "ባህር ዳር", "ገበሬዎቻችን በበጋ ወቅት ለመስኖ ውሃ የላቸውም።"),
}
COUNTRY_CODES = {
    "en": "KE",
    "fr": "SN",
    "es": "PE",
    "pt": "MZ",
    "sw": "TZ",
    "ar": "EG",
    "ha": "NG",
    "am": "ET",
}


def asked(replies: list[dict], response: str, lang: str) -> bool:
    expected = CATALOGUE.render(response, lang)["text"]
    return any(r.get("text") == expected for r in replies)


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_interview_in_each_language(stack, lang: str) -> None:
    greeting, country, region, problem = SCRIPTS[lang]
    yes = CATALOGUE.lookup("words.yes", lang)[0]
    user = RestUser(stack.rasa_url)

    replies = user.say(greeting, metadata={"language_hint": lang})
    assert asked(replies, "utter_greet", lang), texts(replies)
    assert asked(replies, "utter_ask_org_type", lang), texts(replies)
    steps = [
        (choose("farmer_cooperative"), "utter_ask_country"),
        (country, "utter_ask_region"),
        (region, "utter_ask_problem"),
        (problem, "utter_ask_current_practice"),
        ("/skip", "utter_ask_desired_outcome"),
        ("/skip", "utter_ask_scale"),
        ("/skip", "utter_ask_budget_band"),
        ("$20000", "utter_ask_grid_access"),
        (choose("unreliable"), "utter_ask_water_access"),
        (choose("rainfed_only"), "utter_ask_support_sought"),
        ("1", "utter_ask_consent_store"),
        (yes, "utter_ask_consent_share"),
        (yes, "utter_ask_contact_preference"),
    ]
    for answer, question in steps:
        replies = user.say(answer)
        assert asked(replies, question, lang), f"{answer!r} -> {texts(replies)}"

    summary = user.say(choose("same_channel"))
    first_line = CATALOGUE.lookup("responses.utter_summary.text", lang).split("\n")[0]
    assert texts(summary).startswith(first_line), texts(summary)

    saved = user.say("/confirm")
    reference = re.search(r"TN-[0-9A-Z]{6,}", texts(saved))
    assert reference, texts(saved)
    need = httpx.get(
        f"{stack.knowledge_url}/api/needs/{reference[0]}",
        headers={"Authorization": f"Bearer {stack.knowledge_token}"},
        timeout=10,
    ).json()
    assert need["language"] == lang and need["country"] == COUNTRY_CODES[lang]
    assert need["problem"] == problem and need["support_sought"] == ["technology"]


def test_a_tapped_language_wins_over_detection(stack) -> None:
    user = RestUser(stack.rasa_url)
    user.say("hello")
    replies = user.say('/set_language{"language": "sw"}')
    assert asked(replies, "utter_language_set", "sw"), texts(replies)
    # A long English answer does not switch back: the user chose Swahili.
    replies = user.say(choose("ngo"))
    assert asked(replies, "utter_ask_country", "sw"), texts(replies)
    replies = user.say("Kenya")
    assert asked(replies, "utter_ask_region", "sw"), texts(replies)


def test_the_word_for_language_offers_every_language(stack) -> None:
    user = RestUser(stack.rasa_url)
    user.say("bonjour", metadata={"language_hint": "fr"})
    replies = user.say("langue")
    buttons = [b["title"] for r in replies for b in r.get("buttons", [])]
    for code in SCRIPTS:
        assert CATALOGUE.locales[code]["language_name"] in buttons
