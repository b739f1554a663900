"""The user's own words that an entry's own text uses too: a reason that quotes only what
really matched ("mentions vaccines, solar"), never a concept the text does not support."""

from collections.abc import Mapping
from typing import Any

from knowledge.lexicon.normalise import written_tokens
from knowledge.lexicon.stopwords import is_stop_word
from knowledge.search.documents import own_text, text_tokens

MAX_WORDS = 3
MIN_LETTERS = 3  # "of", "la" and other short pieces say nothing about the topic


def shared_words(
    need_text: str, name: str, summary: str, translations: Mapping[str, Mapping[str, Any]] | None
) -> list[str]:
    """Up to three words of the need, as the user wrote them and in their order, whose folded
    form the entry's name, summary or their translations contain."""
    entry_words = set(text_tokens(own_text(name, summary, translations)))
    found: list[str] = []
    for token, written in written_tokens(need_text):
        if len(token) < MIN_LETTERS or is_stop_word(written) or written in found:
            continue
        if token in entry_words:
            found.append(written)
            if len(found) == MAX_WORDS:
                break
    return found
