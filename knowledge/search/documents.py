"""The text an entry is found by: its name and summary, their translations, and every term of
its concepts in every language (what lets "séchage solaire des mangues" reach an entry written
in English). Concept terms are tokenised once per lexicon, not once per entry."""

from collections.abc import Iterable, Mapping
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


def document_tokens(
    name: str,
    summary: str,
    translations: Mapping[str, Mapping[str, Any]] | None,
    concepts: Iterable[str],
    lexicon: Lexicon,
) -> list[str]:
    """The same tokens, in the same order, as tokenising all the parts joined by spaces:
    the tokeniser never joins words across a space."""
    parts = [name, summary]
    for translation in (translations or {}).values():
        parts.extend(str(v) for v in translation.values())
    words = tokens(" ".join(parts))
    by_concept = concept_tokens(lexicon)
    for concept_id in concepts:
        words.extend(by_concept.get(concept_id, ()))
    return words
