"""A first guess at the user's language from the country calling code of a WhatsApp number.

Only a hint (``languages.steadiness``): it holds until the first message that carries language.
A number names a country, not a language: Nigeria and Niger, where many write Hausa, are
hinted English and French, their official languages, and a Hausa first message then sets Hausa.
Every other code gives English.
"""

from __future__ import annotations

from languages import DEFAULT as DEFAULT_LANGUAGE

# Calling codes are prefix-free (ITU-T E.164), so the longest matching prefix is the country.
_LANGUAGE_BY_CALLING_CODE: dict[str, str] = {
    # Swahili
    "254": "sw",  # Kenya
    "255": "sw",  # Tanzania
    # English where Swahili or another launch language is not the common written language
    "256": "en",  # Uganda
    "234": "en",  # Nigeria (a Hausa message sets Hausa)
    # Amharic
    "251": "am",  # Ethiopia
    # French
    "33": "fr",  # France
    "221": "fr",  # Senegal
    "225": "fr",  # Côte d'Ivoire
    "223": "fr",  # Mali
    "226": "fr",  # Burkina Faso
    "227": "fr",  # Niger (a Hausa message sets Hausa)
    "228": "fr",  # Togo
    "229": "fr",  # Benin
    "224": "fr",  # Guinea
    "235": "fr",  # Chad
    "236": "fr",  # Central African Republic
    "237": "fr",  # Cameroon
    "241": "fr",  # Gabon
    "242": "fr",  # Republic of the Congo
    "243": "fr",  # DR Congo
    "257": "fr",  # Burundi
    "261": "fr",  # Madagascar
    "509": "fr",  # Haiti
    # Spanish
    "34": "es",  # Spain
    "52": "es",  # Mexico
    "57": "es",  # Colombia
    "51": "es",  # Peru
    "53": "es",  # Cuba
    "54": "es",  # Argentina
    "56": "es",  # Chile
    "58": "es",  # Venezuela
    "591": "es",  # Bolivia
    "593": "es",  # Ecuador
    "595": "es",  # Paraguay
    "598": "es",  # Uruguay
    "502": "es",  # Guatemala
    "503": "es",  # El Salvador
    "504": "es",  # Honduras
    "505": "es",  # Nicaragua
    "506": "es",  # Costa Rica
    "507": "es",  # Panama
    "240": "es",  # Equatorial Guinea
    # Portuguese
    "55": "pt",  # Brazil
    "258": "pt",  # Mozambique
    "244": "pt",  # Angola
    "238": "pt",  # Cabo Verde
    "239": "pt",  # São Tomé and Príncipe
    "245": "pt",  # Guinea-Bissau
    "351": "pt",  # Portugal
    "670": "pt",  # Timor-Leste
    # Arabic
    "20": "ar",  # Egypt
    "212": "ar",  # Morocco
    "966": "ar",  # Saudi Arabia
    "971": "ar",  # United Arab Emirates
    "213": "ar",  # Algeria
    "216": "ar",  # Tunisia
    "218": "ar",  # Libya
    "222": "ar",  # Mauritania
    "249": "ar",  # Sudan
    "961": "ar",  # Lebanon
    "962": "ar",  # Jordan
    "963": "ar",  # Syria
    "964": "ar",  # Iraq
    "965": "ar",  # Kuwait
    "967": "ar",  # Yemen
    "968": "ar",  # Oman
    "970": "ar",  # Palestine
    "973": "ar",  # Bahrain
    "974": "ar",  # Qatar
}


def language_from_phone(number: str | None) -> str:
    """`254712345678` -> `sw`; unknown or missing numbers give the default (English)."""
    digits = "".join(character for character in (number or "") if character in "0123456789")
    for length in (3, 2, 1):
        language = _LANGUAGE_BY_CALLING_CODE.get(digits[:length])
        if language and len(digits) > length:
            return language
    return DEFAULT_LANGUAGE
