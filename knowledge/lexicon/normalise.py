"""Text normalisation shared by the concept matcher and BM25, so that both sides of every
comparison (lexicon term vs user text, query vs catalogue) are folded the same way.

- ``languages.fold``: accents and Arabic diacritics dropped ("séchage" == "sechage"), Arabic
  letter variants unified, case folded (the same fold as the NLU and the answer parsers);
- words are split on anything that is not a letter or digit (apostrophes, hyphens: "d'eau",
  "post-harvest"), which spaCy's multilingual tokenizer would otherwise keep or split unevenly;
- a final plural "s" is dropped from Latin-script words of four letters or more
  ("mangues" == "mangue", "dryers" == "dryer"), so the lexicon need not list every plural.
  Spanish and Portuguese "-es" plurals still have to be listed;
- Arabic and Amharic attach articles and prepositions to the word ("للطماطم" = "for the
  tomatoes", "ለመስኖ" = "for irrigation"): one such prefix is dropped when enough of the word
  remains. Applied to both sides, a rare wrong cut only merges two rare words.
"""

import re

from knowledge.lexicon.stopwords import is_stop_word
from languages import fold

__all__ = ["content_tokens", "fold", "normalised", "tokens", "written_tokens"]

_WORD = re.compile(r"\w+")


# Longest first: "وال" (and the) before "ال" (the).
_ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال")
_ETHIOPIC_PREFIXES = ("የ", "ለ", "በ", "ከ")


def _light_stem(word: str) -> str:
    if word.isascii():
        if len(word) >= 4 and word.endswith("s") and not word.endswith("ss"):
            return word[:-1]
        return word
    first = word[0]
    if "\u0600" <= first <= "\u06ff":
        for prefix in _ARABIC_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                return word[len(prefix) :]
    elif "\u1200" <= first <= "\u137f" and first in _ETHIOPIC_PREFIXES and len(word) >= 3:
        return word[1:]
    return word


def tokens(text: str) -> list[str]:
    return [_light_stem(w) for w in _WORD.findall(fold(text))]


def written_tokens(text: str) -> list[tuple[str, str]]:
    """`tokens(text)`, each with the word it comes from as written (lower case, accents kept):
    "Mais le maïs" -> [("mai", "mais"), ("le", "le"), ("mai", "maïs")]. Where folding changes
    how the text splits into words (rare, e.g. decomposed accents), each token is its own."""
    folded = tokens(text)
    paired = [(token, word) for word in _WORD.findall(text.casefold()) for token in tokens(word)]
    if [token for token, _ in paired] != folded:
        return [(token, token) for token in folded]
    return paired


def content_tokens(text: str) -> list[str]:
    """The tokens of the words that are not function words as written: the full-text query.
    "mais" (but) is dropped, "maïs" (maize) is kept."""
    return [token for token, word in written_tokens(text) if not is_stop_word(word)]


def normalised(text: str) -> str:
    """Tokens joined by single spaces: what the PhraseMatcher sees."""
    return " ".join(tokens(text))
