"""Builds reasons with their parameters already localized in the requested language."""

from dataclasses import dataclass

from knowledge.geo import RegionBook, country_name, language_name
from knowledge.lexicon import Lexicon
from knowledge.schemas.results import Reason

LIST_SEPARATOR = {"ar": "، ", "am": "፣ "}


@dataclass(frozen=True)
class ReasonMaker:
    lexicon: Lexicon
    regions: RegionBook
    language: str

    def concept(self, concept_id: str) -> Reason:
        return Reason(
            code="concept", params={"concept": self.lexicon.label(concept_id, self.language)}
        )

    def sector(self, sector: str) -> Reason:
        return Reason(
            code="sector", params={"sector": self.lexicon.sector_label(sector, self.language)}
        )

    def country(self, code: str) -> Reason:
        return Reason(code="country", params={"country": country_name(code, self.language)})

    def region(self, region_id: str) -> Reason:
        return Reason(
            code="region", params={"region": self.regions.label(region_id, self.language)}
        )

    def worldwide(self) -> Reason:
        return Reason(code="global")

    def budget(self, band: str) -> Reason:
        return Reason(code="budget", params={"budget_band": band})

    def off_grid(self) -> Reason:
        return Reason(code="off_grid")

    def org_type(self, org_type: str) -> Reason:
        label = self.lexicon.org_type_label(org_type, self.language)
        return Reason(code="org_type", params={"org_type": label})

    def proven(self) -> Reason:
        return Reason(code="proven")

    def local(self, code: str) -> Reason:
        return Reason(code="local", params={"country": country_name(code, self.language)})

    def eligible(self, org_type: str) -> Reason:
        label = self.lexicon.org_type_label(org_type, self.language)
        return Reason(code="eligible", params={"org_type": label})

    def ticket(self, band: str) -> Reason:
        return Reason(code="ticket", params={"budget_band": band})

    def words(self, words: list[str]) -> Reason:
        """The user's words the entry's own text uses (words.shared_words)."""
        separator = LIST_SEPARATOR.get(self.language.split("-")[0].lower(), ", ")
        return Reason(code="words", params={"words": separator.join(words)})

    def in_language(self, code: str) -> Reason:
        return Reason(code="language", params={"language": language_name(code, self.language)})
