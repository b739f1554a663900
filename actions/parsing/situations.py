"""The grid question read as people answer it, clause by clause: "tem luz" (there is), "no tengo
luz" (there is none), "akwai wuta amma tana dauke" (there is, but it goes off), "الضو كاين و ما
يقطعش" (there is and it does not cut), "hakuna umeme", "መብራት የለም".

Words per language live in conversation/locales/answers/<lang>.yml under `grid`: what the answer is about
(`subject`: electricity, power, light, the utility's name), that it is there (`present`), good
(`good`), cut (`cuts`, with "*" stems), or absent (`absent` before the word, `absent_after` after
it). The user's language, English and French are read (words are short and everyday).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from actions.parsing import text as tx

# How far a negation may stand from what it negates ("we do not have any electricity").
BEFORE = 4
AFTER = 2


@dataclass(frozen=True)
class _Words:
    table: tx.PhraseTable
    stems: tuple[tuple[re.Pattern[str], str], ...]

    def spans(self, found: list[str]) -> dict[str, list[tuple[int, int]]]:
        spans: dict[str, list[tuple[int, int]]] = {}
        for hit in self.table.find(found, typos=False):
            spans.setdefault(hit.key, []).append((hit.start, hit.end))
        said = {i for kind_spans in spans.values() for s, e in kind_spans for i in range(s, e)}
        for i, token in enumerate(found):
            if i in said:  # "haikatiki" is a word of its own (it does not cut), not the stem "katik"
                continue
            for pattern, kind in self.stems:
                if pattern.match(token):
                    spans.setdefault(kind, []).append((i, i + 1))
        return spans


KINDS = ("subject", "present", "good", "cuts", "absent", "absent_after")


@lru_cache(maxsize=16)
def _words(lang: str) -> _Words:
    entries: list[tuple[str, str]] = []
    stems: list[tuple[re.Pattern[str], str]] = []
    for code in dict.fromkeys([lang, "en", "fr"]):
        grid = tx.answers(code).get("grid") or {}
        for kind in KINDS:
            for word in grid.get(kind) or []:
                text = str(word)
                if "*" in text:
                    pattern = "^" + ".*".join(re.escape(tx.key(p)) for p in text.split("*")) + "$"
                    stems.append((re.compile(pattern), kind))
                else:
                    entries.append((text, kind))
    return _Words(tx.PhraseTable(entries), tuple(stems))


def _negated(span: tuple[int, int], spans: dict[str, list[tuple[int, int]]]) -> bool:
    start, end = span
    before = any(start - BEFORE <= e <= start for _, e in spans.get("absent", []))
    after = any(end <= s <= end + AFTER for s, _ in spans.get("absent_after", []))
    return before or after


def _near(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(abs(span[0] - s) <= BEFORE for s, _ in others)


def read_grid(text: str, lang: str, in_passing: bool = False) -> str | None:
    """reliable, unreliable or none when the answer says so plainly; None otherwise.

    ``in_passing``: the text answers another question (an opening, a problem told); then a cut
    counts only next to the electricity it cuts ("forests are cut for firewood" says nothing)."""
    found = tx.tokens(text)
    if not found:
        return None
    spans = _words(lang).spans(found)
    cuts = spans.get("cuts", [])
    if in_passing:
        cuts = [c for c in cuts if _near(c, spans.get("subject", []))]
    if any(not _negated(c, spans) for c in cuts):
        return "unreliable"
    subjects = spans.get("subject", [])
    if any(_negated(s, spans) for s in subjects) and not cuts:
        return "none"
    affirmed = bool(spans.get("present")) or bool(subjects)
    if (cuts and affirmed) or (spans.get("good") and affirmed):
        return "reliable"  # "no cuts", "ما يقطعش", "stima iko poa", "sí, buena"
    if subjects and spans.get("present") and not spans.get("absent"):
        return "reliable"  # "tem luz", "sí hay luz", "akwai wuta", "መብራት አለ"
    return None
