"""Finds what a user asks for in their own words: the clause after "we need" (or before
"እንፈልጋለን" in Amharic, whose verb comes last). A need's text usually tells a story first
("every cyclone season the roofs fly off...") and the request last; the request names the
problem the title and the sector should be about, where any word of the story might not.
"""

import re

from knowledge.lexicon.stopwords import is_stop_word
from languages import fold

# Phrases that open a request, folded, longest first within a language. Amharic puts the verb
# after its object: there the request is what comes before the phrase.
_OPENING = {
    "en": "we need|we want|we are looking for|looking for|we would like|would like|need a|need an"
    "|need to|need|want|require|help us",
    "fr": "nous avons besoin d|nous avons besoin de|besoin d|besoin de|il nous faut|il faut"
    "|nous cherchons|cherchons|cherche|nous voulons|voulons|voudrions|souhaitons|aimerions",
    "es": "necesitamos|necesito|necesita|buscamos|busco|queremos|quiero|nos gustaria",
    "pt": "precisamos de|precisamos|preciso de|preciso|procuramos|queremos|quero|gostariamos de",
    "sw": "tunahitaji|nahitaji|anahitaji|wanahitaji|tunataka|nataka|tunatafuta|natafuta",
    "ha": "muna bukatar|ina bukatar|muna son|ina son|muna nema|ina nema|muna neman",
    "ar": "نحتاج الي|نحتاج|نريد|عايزين|عايز|عاوزين|محتاجين|محتاج|نبحث عن|بدنا|نود",
}
_CLOSING = {"am": "እንፈልጋለን|እፈልጋለሁ|ያስፈልገናል|ያስፈልገኛል|ይፈልጋል|ያስፈልጋል"}
_SENTENCE_END = tuple(".!?;:؟።")
_EDGES = " ,;:.!?'’\"«»()؟،።፣"


def _pattern(phrases: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + phrases + r")(?!\w)")


_OPENERS = {lang: _pattern(phrases) for lang, phrases in _OPENING.items()}
_CLOSERS = {lang: _pattern(phrases) for lang, phrases in _CLOSING.items()}


def _word_at(starts: list[int], offset: int) -> int:
    """Index of the word in which a character offset of the joined folded words falls."""
    index = 0
    while index + 1 < len(starts) and starts[index + 1] <= offset:
        index += 1
    return index


def request_clause(text: str, language: str) -> str:
    """The words of the (last) request in the text as the user wrote them, up to the end of
    its sentence; "" when the text has no request phrase of the language."""
    language = language.split("-")[0].lower()
    words = text.split()
    folded = [fold(word) for word in words]
    starts, position = [], 0
    for word in folded:
        starts.append(position)
        position += len(word) + 1
    joined = " ".join(folded)
    opener, closer = _OPENERS.get(language), _CLOSERS.get(language)
    if opener is not None and (found := list(opener.finditer(joined))):
        end = found[-1].end()
        # The phrase may end inside a word ("besoin d" of "d'eau"): the request starts there.
        inside = end < len(joined) and joined[end] != " "
        first = _word_at(starts, end) + (0 if inside else 1)
        clause = []
        for word in words[first:]:
            clause.append(word)
            if word.endswith(_SENTENCE_END):
                break
        # "a solar dryer" -> "solar dryer": the title needs no article or "to".
        while len(clause) > 1 and is_stop_word(clause[0].casefold().strip(_EDGES)):
            clause.pop(0)
        return " ".join(clause).strip(_EDGES)
    if closer is not None and (found := list(closer.finditer(joined))):
        last = _word_at(starts, found[-1].start())
        clause = []
        for word in reversed(words[:last]):
            if word.endswith(_SENTENCE_END):
                break
            clause.insert(0, word)
        return " ".join(clause).strip(_EDGES)
    return ""
