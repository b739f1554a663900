"""Multilingual lexicon of concepts (sectors, problems, products, technologies).

The data lives in concepts.yaml beside this module: for each concept, terms per language,
the first term of a language being the label shown to users in that language. A language
with no terms is a gap (`Lexicon.gaps()`), to be filled by a translator.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

import yaml

from knowledge.vocab import LANGUAGES, ORG_TYPES, SECTORS

if TYPE_CHECKING:  # spaCy is imported only when text is first matched
    from knowledge.lexicon.finder import ConceptFinder

ConceptKind = Literal["sector", "problem", "product", "technology"]
CONCEPT_KINDS: tuple[str, ...] = get_args(ConceptKind)
LEXICON_FILE = Path(__file__).with_name("concepts.yaml")


@dataclass(frozen=True)
class Concept:
    id: str
    kind: str
    sectors: tuple[str, ...]
    terms: dict[str, tuple[str, ...]]
    broader: tuple[str, ...] = ()

    def label(self, language: str) -> str | None:
        terms = self.terms.get(language.split("-")[0].lower())
        return terms[0] if terms else None

    def all_terms(self) -> list[str]:
        return [term for terms in self.terms.values() for term in terms]


class Lexicon:
    def __init__(self, concepts: dict[str, Concept], org_types: dict[str, dict[str, str]]):
        self.concepts = concepts
        self.org_type_labels = org_types
        self._finder: ConceptFinder | None = None

    @classmethod
    def from_file(cls, path: Path = LEXICON_FILE) -> "Lexicon":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        concepts = {}
        for concept_id, entry in data["concepts"].items():
            terms = {lang: tuple(entry.get("terms", {}).get(lang) or ()) for lang in LANGUAGES}
            concepts[concept_id] = Concept(
                id=concept_id,
                kind=entry["kind"],
                sectors=tuple(entry.get("sectors", ())),
                terms=terms,
                broader=tuple(entry.get("broader", ())),
            )
        return cls(concepts, data.get("org_types", {}))

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self.concepts

    def label(self, concept_id: str, language: str) -> str:
        """Label in the language, else English, else the id: never empty."""
        concept = self.concepts.get(concept_id)
        if concept is None:
            return concept_id
        return concept.label(language) or concept.label("en") or concept_id

    def has_label(self, concept_id: str, language: str) -> bool:
        concept = self.concepts.get(concept_id)
        return concept is not None and concept.label(language) is not None

    def sector_label(self, sector: str, language: str) -> str:
        return self.label(sector, language)

    def org_type_label(self, org_type: str, language: str) -> str:
        labels = self.org_type_labels.get(org_type, {})
        return labels.get(language.split("-")[0].lower()) or labels.get("en") or org_type

    def gaps(self) -> dict[str, list[str]]:
        """{language: [concept ids or "org_type:<id>" without any term]} for the translator."""
        missing: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
        for concept in self.concepts.values():
            for lang in LANGUAGES:
                if not concept.terms.get(lang):
                    missing[lang].append(concept.id)
        for org_type in ORG_TYPES:
            for lang in LANGUAGES:
                if not self.org_type_labels.get(org_type, {}).get(lang):
                    missing[lang].append(f"org_type:{org_type}")
        return missing

    def problems(self) -> list[str]:
        """Consistency problems in the data (unknown kinds or sectors, missing sectors)."""
        found = []
        for concept in self.concepts.values():
            if concept.kind not in CONCEPT_KINDS:
                found.append(f"{concept.id}: unknown kind {concept.kind!r}")
            for sector in concept.sectors:
                if sector not in SECTORS:
                    found.append(f"{concept.id}: unknown sector {sector!r}")
            for broader in concept.broader:
                if broader not in self.concepts:
                    found.append(f"{concept.id}: unknown broader concept {broader!r}")
        found.extend(f"sector {s} has no concept" for s in SECTORS if s not in self.concepts)
        return found

    @property
    def finder(self) -> "ConceptFinder":
        # Built on first use: importing spaCy and compiling patterns takes about a second.
        if self._finder is None:
            from knowledge.lexicon.finder import ConceptFinder

            self._finder = ConceptFinder(self)
        return self._finder

    def find(self, text: str) -> list[str]:
        """Concept ids mentioned in text, most mentioned first, then in order of appearance."""
        return self.finder.find(text)

    def mentions(self, text: str) -> dict[str, str]:
        """{concept id: how the text first names it}, in the order of `find`."""
        return self.finder.mentions(text)


@lru_cache
def get_lexicon() -> Lexicon:
    return Lexicon.from_file()
