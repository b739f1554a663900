"""Whole conversations typed as people type, in each of the eight languages, over REST against the
real stack: the first message already says who, where and what; every later answer is free text
(no buttons, no numbers). The interview must keep what the opening said, ask only what is still
missing, never answer "not understood", and store every field right.

These conversations are written for this test; none is taken from the benchmark's scripts.
"""

from __future__ import annotations

from typing import Any

import pytest

from harness.chat import RestUser

pytestmark = pytest.mark.e2e

# Replies that refuse an answer: none may appear in these conversations.
REFUSALS = {
    "utter_default",
    "utter_invalid_choice",
    "utter_invalid_multi",
    "utter_invalid_country",
    "utter_invalid_budget",
    "utter_invalid_yes_no",
    "utter_invalid_text_short",
    "utter_offer_human",
}

# lang: (opening, {field: typed answer for every question the opening leaves open}, {field: stored value})
CONVERSATIONS: dict[str, tuple[str, dict[str, str], dict[str, Any]]] = {
    "en": (
        "Hello, we are a farmers cooperative near Kisumu in Kenya. Our mangoes rot before they reach the "
        "market and we need help.",
        {
            "current_practice": "we sell them fresh by the road",
            "desired_outcome": "dry the mangoes and sell all year",
            "scale": "about 2 tons a week",
            "budget_band": "around 15k dollars",
            "grid_access": "power cuts almost every day",
            "water_access": "we use a borehole",
            "support_sought": "technology and training",
            "consent_store": "yes sure",
            "consent_share": "ok",
            "contact_preference": "here is fine",
        },
        {
            "org_type": "farmer_cooperative",
            "country": "KE",
            "region": "Kisumu",
            "budget_band": "5k-50k",
            "grid_access": "unreliable",
            "water_access": "borehole_or_well",
            "support_sought": {"technology", "training"},
            "consent_store": True,
            "consent_share": True,
            "contact_preference": "same_channel",
        },
    ),
    "fr": (
        "Bonjour, je suis agricultrice à Thiès au Sénégal. Je cultive des oignons et je perds la moitié "
        "de la récolte, j'ai besoin d'aide.",
        {
            "current_practice": "je les garde dans la maison",
            "desired_outcome": "garder les oignons six mois",
            "scale": "3 hectares",
            "budget_band": "moins de 2000 euros",
            "grid_access": "pas de courant chez nous",
            "water_access": "un puits",
            "support_sought": "une formation et de l'argent",
            "consent_store": "oui",
            "consent_share": "d'accord",
            "contact_preference": "appelez-moi",
        },
        {
            "org_type": "individual_farmer",
            "country": "SN",
            "region": "Thiès",
            "budget_band": "<5k",
            "grid_access": "none",
            "water_access": "borehole_or_well",
            "support_sought": {"training", "finance"},
            "consent_store": True,
            "consent_share": True,
            "contact_preference": "phone_call",
        },
    ),
    "es": (
        "Buenas, somos un grupo de productoras de cacao en Guatemala y perdemos mucho cacao por el moho, "
        "necesitamos ayuda",
        {
            "region": "Alta Verapaz",
            "current_practice": "secamos en el patio",
            "desired_outcome": "un secador que funcione con lluvia",
            "scale": "unas 20 toneladas al año",
            "budget_band": "menos de 8 mil dólares",
            "grid_access": "sí, pero hay apagones",
            "water_access": "agua del río",
            "support_sought": "capacitación y un socio",
            "consent_store": "sí claro",
            "consent_share": "vale",
            "contact_preference": "por teléfono",
        },
        {
            "org_type": "farmer_cooperative",
            "country": "GT",
            "budget_band": "5k-50k",
            "grid_access": "unreliable",
            "water_access": "surface",
            "support_sought": {"training", "partner"},
            "consent_store": True,
            "consent_share": True,
            "contact_preference": "phone_call",
        },
    ),
    "pt": (
        "Olá, sou enfermeira num posto de saúde em Nampula e precisamos de frigoríficos para vacinas, "
        "não temos luz",
        {
            "org_type": "somos um posto de saúde",
            "current_practice": "guardamos as vacinas na cidade",
            "desired_outcome": "ter vacinas sempre frias",
            "scale": "300 famílias",
            "budget_band": "cerca de 6 mil dólares",
            "water_access": "um furo",
            "support_sought": "tecnologia e dinheiro",
            "consent_store": "sim",
            "consent_share": "pode",
            "contact_preference": "aqui mesmo",
        },
        {
            "org_type": "other",
            "country": "MZ",
            "region": "Nampula",
            "budget_band": "5k-50k",
            "grid_access": "none",
            "water_access": "borehole_or_well",
            "support_sought": {"technology", "finance"},
            "consent_store": True,
            "consent_share": True,
            "contact_preference": "same_channel",
        },
    ),
    "sw": (
        "Habari, mimi ni mkulima wa nyanya Morogoro, nyanya zangu zinaoza kabla ya kufika sokoni, "
        "naomba msaada",
        {
            "current_practice": "tunauza sokoni haraka",
            "desired_outcome": "kuhifadhi nyanya kwa wiki mbili",
            "scale": "ekari 2",
            "budget_band": "shilingi milioni tano",
            "grid_access": "hatuna umeme",
            "water_access": "kisima",
            "support_sought": "mashine na mafunzo",
            "consent_store": "ndiyo",
            "consent_share": "sawa",
            "contact_preference": "hapa hapa",
        },
        {
            "org_type": "individual_farmer",
            "country": "TZ",
            "region": "Morogoro",
            "budget_band": "<5k",
            "grid_access": "none",
            "water_access": "borehole_or_well",
            "support_sought": {"technology", "training"},
            "consent_store": True,
            "consent_share": True,
            "contact_preference": "same_channel",
        },
    ),
    "ar": (
        "السلام عليكم، نحن جمعية نسائية في المغرب نصنع الكسكس ونحتاج آلة للتجفيف",
        {
            "region": "بني ملال",
            "current_practice": "نجفف في الشمس",
            "desired_outcome": "تجفيف نظيف وسريع",
            "scale": "200 كيلو في الأسبوع",
            "budget_band": "حوالي خمسين ألف درهم",
            "grid_access": "الكهرباء تنقطع كثيرا",
            "water_access": "من الحنفية",
            "support_sought": "تقنية وتدريب",
            "consent_store": "نعم",
            "consent_share": "موافق",
            "contact_preference": "هنا",
        },
        {
            "org_type": "farmer_cooperative",
            "country": "MA",
            "budget_band": "5k-50k",
            "grid_access": "unreliable",
            "water_access": "piped",
            "support_sought": {"technology", "training"},
            "consent_store": True,
            "consent_share": True,
            "contact_preference": "same_channel",
        },
    ),
    "ha": (
        "Sannu, mu ƙungiyar mata ne masu sarrafa gyaɗa a Kano, muna bukatar injin matse mai",
        {
            "current_practice": "muna matsawa da hannu",
            "desired_outcome": "mu samar da mai mai yawa",
            "scale": "buhu 50 a wata",
            "budget_band": "naira miliyan biyar",
            "grid_access": "ana dauke wuta sosai",
            "water_access": "rijiya",
            "support_sought": "fasaha da kudi",
            "consent_store": "i",
            "consent_share": "toh",
            "contact_preference": "a nan",
        },
        {
            "org_type": "farmer_cooperative",
            "country": "NG",
            "region": "Kano",
            "budget_band": "<5k",
            "grid_access": "unreliable",
            "water_access": "borehole_or_well",
            "support_sought": {"technology", "finance"},
            "consent_store": True,
            "consent_share": True,
            "contact_preference": "same_channel",
        },
    ),
    "am": (
        "ሰላም፣ እኛ በአማራ ክልል የገበሬዎች ማህበር ነን፣ የመስኖ ውሃ እንፈልጋለን",
        {
            "current_practice": "በእጅ እናጠጣለን",
            "desired_outcome": "ምርት መጨመር",
            "scale": "20 ሄክታር",
            "budget_band": "አምሳ ሺህ ብር",
            "grid_access": "መብራት የለም",
            "water_access": "ከወንዝ",
            "support_sought": "ቴክኖሎጂ እና ሥልጠና",
            "consent_store": "አዎ",
            "consent_share": "እሺ",
            "contact_preference": "እዚሁ",
        },
        {
            "org_type": "farmer_cooperative",
            "country": "ET",
            "region": "አማራ",
            "budget_band": "<5k",
            "grid_access": "none",
            "water_access": "surface",
            "support_sought": {"technology", "training"},
            "consent_store": True,
            "consent_share": True,
            "contact_preference": "same_channel",
        },
    ),
}
MAX_TURNS = 20


def bot_actions(tracker: dict[str, Any]) -> list[str]:
    return [e.get("metadata", {}).get("utter_action", "") for e in tracker["events"] if e["event"] == "bot"]


def converse(
    stack: Any, lang: str, opening: str, answers: dict[str, str], user: RestUser | None = None
) -> tuple[dict[str, Any], list[str], list[str]]:
    """Runs the conversation; returns the final slots, the fields asked and every response sent."""
    user = user or RestUser(stack.rasa_url)
    user.say(opening, metadata={"language_hint": lang})
    asked: list[str] = []
    for _ in range(MAX_TURNS):
        tracker = user.tracker(stack.rasa_token)
        requested = tracker["slots"].get("requested_slot")
        if not requested or tracker.get("active_loop", {}).get("name") != "need_form":
            break
        assert requested in answers, (
            lang,
            requested,
            "asked although the opening said it",
            bot_actions(tracker),
        )
        asked.append(requested)
        user.say(answers[requested])
    tracker = user.tracker(stack.rasa_token)
    return tracker["slots"], asked, bot_actions(tracker)


@pytest.mark.parametrize("lang", sorted(CONVERSATIONS))
def test_a_conversation_in_free_text(stack, lang: str) -> None:
    opening, answers, expected = CONVERSATIONS[lang]
    slots, asked, said = converse(stack, lang, opening, answers)
    assert said[:2] == ["utter_greet", "utter_understood"], said
    assert "utter_summary" in said, (asked, said)
    assert not REFUSALS & set(said), said
    assert sorted(asked) == sorted(answers), "each open question asked once, and only those"
    assert slots["language"] == lang
    assert slots["problem"], "the problem told in the opening is kept"
    for name, value in expected.items():
        stored = set(slots[name]) if isinstance(value, set) else slots[name]
        assert stored == value, (name, slots[name])


def test_a_correction_and_a_question_between_two_options(stack) -> None:
    user = RestUser(stack.rasa_url)
    user.say(
        "hi, we are a small business in Kenya and our fish spoils before it reaches the market, we need help"
    )
    for text in ("Kisumu", "we sell it the same day", "keep fish fresh for a week", "100 kg a day"):
        user.say(text)
    user.say("actually we are in Uganda, and we could spend about 3000 dollars")
    slots = user.tracker(stack.rasa_token)["slots"]
    assert slots["country"] == "UG" and slots["budget_band"] == "<5k"
    assert slots["region"] is None and slots["requested_slot"] == "region"  # Kisumu is in Kenya: asked again
    user.say("Jinja")
    replies = user.say("yes")  # to "Do you have electricity from the grid?": reliable or often cut?
    assert [b["payload"] for r in replies for b in r.get("buttons", [])][:2] == [
        '/choose{"value": "reliable"}',
        '/choose{"value": "unreliable"}',
    ]
    user.say("often cut")
    assert user.tracker(stack.rasa_token)["slots"]["grid_access"] == "unreliable"



def test_a_correction_at_the_summary_shows_the_summary_again(stack) -> None:
    opening, answers, _ = CONVERSATIONS["en"]
    user = RestUser(stack.rasa_url)
    _, _, said = converse(stack, "en", opening, answers, user)
    assert said[-1] == "utter_summary"
    replies = user.say("actually we could spend about 100000 dollars")
    text = "\n".join(r.get("text", "") for r in replies)
    assert "Noted" in text and "Here is your need" in text and "50,000 to 250,000" in text, text
    assert user.tracker(stack.rasa_token)["slots"]["budget_band"] == "50k-250k"
