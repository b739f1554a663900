"""Everything about the assistant's languages, in one place, for every process.

Pure Python (standard library only): the Rasa process (NLU components, connectors, NLG), the
action server and the knowledge API all import it, so it must never import rasa or rasa_sdk
(a test checks). The small public API:

- ``SUPPORTED``, ``DEFAULT``: the eight language codes, English the default.
- ``normalise_code("pt-BR") -> "pt"``: a channel's or a payload's language tag as one of ours,
  or None.
- ``fold(text)``: the one spelling fold (case, accents, Arabic letter variants and marks).
- ``normalise(text)``: ``fold`` plus surrounding punctuation and runs of spaces removed, for
  comparing a typed answer with catalogue words.
- ``script_language(text)``: "am" or "ar" when Ge'ez or Arabic letters hold most of the text.
- ``requested_language(text)``: the language a message asks for ("in English please",
  "kwa Kiswahili tafadhali", "da Hausa", "بالعربية من فضلك"), or None.
- ``Turn``, ``LanguageState``, ``next_state``, ``settle``: the steadiness rule that decides the
  conversation's language from the messages so far (see ``languages.steadiness``).
"""

from languages.codes import DEFAULT, NAMES, SUPPORTED, normalise_code
from languages.folding import fold, normalise
from languages.requests import requested_language
from languages.scripts import is_arabizi, script_language, script_shares
from languages.steadiness import LanguageState, Turn, next_state, settle

__all__ = [
    "DEFAULT",
    "NAMES",
    "SUPPORTED",
    "LanguageState",
    "Turn",
    "fold",
    "next_state",
    "normalise",
    "normalise_code",
    "requested_language",
    "is_arabizi",
    "script_language",
    "script_shares",
    "settle",
]
