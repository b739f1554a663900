"""Countries, world regions and their names in the user's language.

Country and language names come from pycountry's bundled gettext catalogues (no download);
region labels from regions.yaml beside this module.
"""

import gettext
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry
import yaml

GLOBAL = "global"
_REGIONS_FILE = Path(__file__).with_name("regions.yaml")


@dataclass(frozen=True)
class RegionBook:
    country_region: dict[str, str]
    region_group: dict[str, str]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def region_ids(self) -> frozenset[str]:
        """Every id a catalogue entry may name: regions, groups and "global"."""
        return frozenset(self.labels)

    def region_of(self, country: str) -> str | None:
        return self.country_region.get(country.upper())

    def areas_of(self, country: str) -> list[str]:
        """The country's region then its group, most specific first (without "global")."""
        region = self.region_of(country)
        if region is None:
            return []
        group = self.region_group.get(region)
        return [region, group] if group else [region]

    def label(self, region_id: str, language: str) -> str:
        labels = self.labels.get(region_id, {})
        return labels.get(_primary(language)) or labels.get("en") or region_id


@lru_cache
def get_region_book() -> RegionBook:
    data = yaml.safe_load(_REGIONS_FILE.read_text(encoding="utf-8"))
    country_region: dict[str, str] = {}
    region_group: dict[str, str] = {}
    labels: dict[str, dict[str, str]] = {}
    for region_id, region in data["regions"].items():
        labels[region_id] = region["labels"]
        if region.get("group"):
            region_group[region_id] = region["group"]
        for country in region["countries"]:
            country_region[country] = region_id
    labels.update(data["groups"])
    return RegionBook(country_region, region_group, labels)


def _primary(language: str) -> str:
    return language.split("-")[0].lower()


@lru_cache(maxsize=64)
def _translations(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(
        domain, pycountry.LOCALES_DIR, languages=[_primary(language)], fallback=True
    )


def is_country(code: str) -> bool:
    return len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None


def country_name(code: str, language: str) -> str:
    """Short country name in the language, English where pycountry has no translation."""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    translate = _translations("iso3166-1", language).gettext
    common = getattr(country, "common_name", None)
    if not common:
        return translate(country.name)
    translated = translate(common)
    if translated != common or _primary(language) == "en":
        return translated
    # Catalogues often translate only the formal "Tanzania, United Republic of" form: keep
    # the part before the comma, which is the short name.
    return translate(country.name).split(", ")[0]


_PARENTHESIS = re.compile(r"\s*\(.*?\)")


def language_name(code: str, language: str) -> str:
    """Name of language `code` in language `language`, e.g. ("sw", "fr") -> "swahili"."""
    found = pycountry.languages.get(alpha_2=_primary(code))
    if found is None:
        return code
    name = _translations("iso639-3", language).gettext(found.name)
    return _PARENTHESIS.sub("", name).strip()
