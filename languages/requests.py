"""A typed request for a language: "in English please", "en français s'il vous plaît",
"kwa Kiswahili tafadhali", "da Hausa", "بالعربية من فضلك", "በአማርኛ እባክህ".

A message is a request when it names exactly one of our languages and every other word is a
word people use to ask for one (please, in, speak, switch, language, I want ...; in any of our
languages, since people mix them). "We grow cassava and speak Hausa" names Hausa among words
that are not such words, so it asks for nothing; a bare "Français" does ask.
"""

from __future__ import annotations

import re

from languages.folding import fold

# How each language is named, in each of our languages (folded when compared).
LANGUAGE_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("english", "inglés", "inglês", "anglais", "kiingereza", "kingereza", "turanci", "ingilishi",
           "الإنجليزية", "الانكليزية", "انجليزي", "إنجليزي", "انكليزي", "بالإنجليزية", "بالانجليزي",
           "بالانكليزي", "እንግሊዝኛ", "በእንግሊዝኛ"),
    "fr": ("french", "français", "francés", "francês", "kifaransa", "faransanci", "faranshi", "الفرنسية",
           "فرنسي", "فرنساوي", "بالفرنسية", "بالفرنسي", "ፈረንሳይኛ", "በፈረንሳይኛ"),
    "es": ("spanish", "español", "espagnol", "espanhol", "castellano", "kihispania", "sifaniyanci",
           "الإسبانية", "اسباني", "إسباني", "بالإسبانية", "بالاسباني", "ስፓኒሽ", "ስፓንኛ", "በስፓኒሽ"),
    "pt": ("portuguese", "português", "portugais", "portugués", "kireno", "portuguesa", "fotigal",
           "البرتغالية", "برتغالي", "بالبرتغالية", "بالبرتغالي", "ፖርቱጋልኛ", "በፖርቱጋልኛ"),
    "sw": ("swahili", "kiswahili", "swahíli", "souahéli", "suajili", "suaíli", "suahili", "السواحيلية",
           "سواحيلي", "بالسواحيلية", "ስዋሂሊ", "በስዋሂሊ"),
    "ar": ("arabic", "arabe", "árabe", "kiarabu", "larabci", "العربية", "عربي", "العربي", "بالعربية",
           "بالعربي", "عربية", "ዓረብኛ", "አረብኛ", "በዓረብኛ", "በአረብኛ"),
    "ha": ("hausa", "haoussa", "haussa", "kihausa", "hausance", "الهوسا", "هوسا", "بالهوسا", "ሃውሳ", "በሃውሳ"),
    "am": ("amharic", "amharique", "amhárico", "amárico", "kiamhari", "amharanci", "الأمهرية", "امهري",
           "بالأمهرية", "አማርኛ", "በአማርኛ"),
}

# Words that surround a language's name when someone asks for it, in all eight languages. No
# negation is among them ("no English", "pas en anglais", "si Kiswahili" ask for nothing), and
# Portuguese "no" (in the) and Spanish "sí" are left out for being English "no" and Swahili "si" (not).
REQUEST_WORDS: frozenset[str] = frozenset(
    fold(word)
    for word in """
    in please pls plz speak talk write reply answer respond switch change to language can could you
    we i let's lets us use want would like prefer continue only do me with the go back into now just
    en s il vous plaît plait te svp stp parle parlez parler parlons écris écrivez écrire répondez langue
    changer passer au on peut peux pouvez je veux voudrais préfère préférons merci continuer continuons
    seulement maintenant oui nous pouvons
    por favor habla hable hablar hablemos escribe escriba escribir responde responda idioma lengua
    cambiar cambia a al puedes puede podemos quiero queremos prefiero me gracias porfa pf seguir sigamos
    em fala fale falar falemos escreva escrever responda língua mudar muda para pra pode podes
    quero queremos prefiro obrigado obrigada pfv continuar na sim
    kwa tafadhali ongea ongeeni zungumza tuzungumze tuongee andika jibu jibu lugha badilisha nataka
    tunataka naomba tumia kwenye tu sasa ndiyo tunaweza unaweza
    da don allah yi magana min mini rubuta amsa harshe harshen ina so son zan mu cikin sai canza
    muna yanzu kawai ka ki
    من فضلك لو سمحت سمحتي تكلم تكلمي تكلمني تحدث تحدثي اكتب باللغه اللغه لغه ممكن اريد ارجو رجاء
    الرجاء نريد نعم بس فقط
    እባክህ እባክሽ እባካችሁ ተናገር ተናገሪ ጻፍ ጻፊ ቋንቋ ቀይር እፈልጋለሁ አዎ
    """.split()
)

_WORD = re.compile(r"[^\W\d_]+")
MAX_WORDS = 8

_NAME_OWNER: dict[str, str] = {fold(name): code for code, names in LANGUAGE_NAMES.items() for name in names}


def requested_language(text: str) -> str | None:
    """The one language the message asks for, or None when it asks for none (or for several)."""
    words = _WORD.findall(fold(text))
    if not words or len(words) > MAX_WORDS:
        return None
    named = {_NAME_OWNER[word] for word in words if word in _NAME_OWNER}
    if len(named) != 1:
        return None
    if all(word in _NAME_OWNER or word in REQUEST_WORDS for word in words):
        return named.pop()
    return None
