"""The text an entry is found by: its name and summary, their translations, and every term of
its concepts in every language (what lets "séchage solaire des mangues" reach an entry written
in English). Concept terms are tokenised once per lexicon, not once per entry."""

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary

from knowledge.lexicon import Lexicon
from knowledge.lexicon.normalise import tokens

_CONCEPT_TOKENS: "WeakKeyDictionary[Lexicon, dict[str, list[str]]]" = WeakKeyDictionary()


def concept_tokens(lexicon: Lexicon) -> dict[str, list[str]]:
    cached = _CONCEPT_TOKENS.get(lexicon)
    if cached is None:
        cached = {cid: tokens(" ".join(c.all_terms())) for cid, c in lexicon.concepts.items()}
        _CONCEPT_TOKENS[lexicon] = cached
    return cached


@lru_cache(maxsize=1 << 18)
def _chunk_tokens(chunk: str) -> tuple[str, ...]:
    return tuple(tokens(chunk))


def text_tokens(text: str) -> list[str]:
    """`tokens(text)`, a whitespace-separated piece at a time with a cache: the fold works
    character by character (a few microseconds per word) and never joins or splits across
    whitespace, while catalogue texts repeat their words endlessly."""
    words: list[str] = []
    for chunk in text.split():
        words.extend(_chunk_tokens(chunk))
    return words


def own_text(name: str, summary: str, translations: Mapping[str, Mapping[str, Any]] | None) -> str:
    parts = [name, summary]
    for translation in (translations or {}).values():
        parts.extend(str(v) for v in translation.values())
    return " ".join(parts)


def document_tokens(
    name: str,
    summary: str,
    translations: Mapping[str, Mapping[str, Any]] | None,
    concepts: Iterable[str],
    lexicon: Lexicon,
) -> list[str]:
    """The same tokens, in the same order, as tokenising all the parts joined by spaces:
    the tokeniser never joins words across a space."""
    words = text_tokens(own_text(name, summary, translations))
    by_concept = concept_tokens(lexicon)
    for concept_id in concepts:
        words.extend(by_concept.get(concept_id, ()))
    return words
