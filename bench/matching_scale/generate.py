"""Synthetic catalogues for the scale benchmark: realistic multilingual rows built from the
lexicon's concepts and terms over the real seed entries, the same for a given size and seed.

Each synthetic row copies the kind-specific fields of a real seed row (so every row passes the
importer's validation) and gets a new name and summary written from templates in its own
language around one technology, one problem and one product concept, with the seed row's
own summary after it; a third of the rows carry translations into one to three languages.
Availability, organisation types, costs and grid needs are drawn at random.
"""

import random
from collections.abc import Iterator
from typing import Any

from knowledge.catalogue.seed import seed_rows
from knowledge.geo import country_name, get_region_book
from knowledge.lexicon import Lexicon
from knowledge.vocab import ORG_TYPES

SOURCE = "bench-synthetic"
SEED = 2026
KIND_SHARE = (("technology", 0.85), ("finance", 0.06), ("training", 0.06), ("service", 0.03))
LANGUAGE_SHARE = (
    ("en", 0.55),
    ("fr", 0.15),
    ("es", 0.08),
    ("pt", 0.07),
    ("sw", 0.07),
    ("ar", 0.05),
    ("ha", 0.03),
)

# (name, summary) per language; {tech}, {problem}, {product}, {place}, {n} filled in.
TEMPLATES: dict[str, tuple[str, str]] = {
    "en": ("{tech} for {product} (model {n})",
           "A {tech} that helps small producers cut {problem} for {product}. Built and serviced in {place}."),
    "fr": ("{tech} pour {product} (modèle {n})",
           "Un équipement de {tech} qui aide les petits producteurs à réduire {problem} pour {product}. "
           "Fabriqué et entretenu en {place}."),
    "es": ("{tech} para {product} (modelo {n})",
           "Un equipo de {tech} que ayuda a los pequeños productores a reducir {problem} en {product}. "
           "Fabricado y mantenido en {place}."),
    "pt": ("{tech} para {product} (modelo {n})",
           "Um equipamento de {tech} que ajuda pequenos produtores a reduzir {problem} em {product}. "
           "Fabricado e mantido em {place}."),
    "sw": ("{tech} kwa {product} (modeli {n})",
           "Kifaa cha {tech} kinachosaidia wazalishaji wadogo kupunguza {problem} ya {product}. "
           "Kinatengenezwa na kuhudumiwa {place}."),
    "ar": ("{tech} لـ {product} (طراز {n})",
           "جهاز {tech} يساعد صغار المنتجين على تقليل {problem} في {product}. يُصنع ويُصان في {place}."),
    "ha": ("{tech} don {product} (samfuri {n})",
           "Na'urar {tech} da ke taimaka wa ƙananan manoma rage {problem} na {product}. "
           "Ana ƙera ta a {place}."),
}  # fmt: skip


def _pick(rng: random.Random, shares: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in shares], weights=[w for _, w in shares])[0]


class Generator:
    def __init__(self, lexicon: Lexicon, seed: int = SEED) -> None:
        self.lexicon = lexicon
        self.rng = random.Random(seed)
        self.base: dict[str, list[dict[str, Any]]] = {}
        for row in seed_rows():
            self.base.setdefault(str(row["kind"]), []).append(row)
        by_kind: dict[str, list[str]] = {}
        for concept_id, concept in lexicon.concepts.items():
            by_kind.setdefault(concept.kind, []).append(concept_id)
        self.concepts = by_kind
        book = get_region_book()
        self.regions = sorted(r for r in book.region_ids if r != "global")
        self.countries = sorted(book.country_region)
        self.book = book

    def _label(self, concept_id: str, language: str) -> str:
        return (
            self.lexicon.label(concept_id, language)
            if self.lexicon.has_label(concept_id, language)
            else (self.lexicon.label(concept_id, "en"))
        )

    def _text(
        self, language: str, tech: str, problem: str, product: str, place: str, n: int
    ) -> tuple[str, str]:
        name, summary = TEMPLATES[language]
        values = {
            "tech": self._label(tech, language), "problem": self._label(problem, language),
            "product": self._label(product, language), "place": place, "n": n,
        }  # fmt: skip
        return name.format(**values)[:200], summary.format(**values)

    def row(self, number: int) -> dict[str, Any]:
        rng = self.rng
        kind = _pick(rng, KIND_SHARE)
        base = dict(rng.choice(self.base[kind]))
        language = _pick(rng, LANGUAGE_SHARE)
        tech = rng.choice(self.concepts["technology"])
        problem = rng.choice(self.concepts["problem"])
        product = rng.choice(self.concepts["product"])
        countries = rng.sample(self.countries, rng.randint(1, 4)) if rng.random() < 0.6 else []
        regions = (
            ["global"]
            if not countries and rng.random() < 0.4
            else (rng.sample(self.regions, rng.randint(1, 2)) if not countries else [])
        )
        where = countries[0] if countries else (regions[0] if regions else "")
        place = country_name(where, language) if countries else self.book.label(where or "global", language)
        name, summary = self._text(language, tech, problem, product, place, number)
        translations = {}
        if rng.random() < 0.33:
            for other in rng.sample([lang for lang in TEMPLATES if lang != language], rng.randint(1, 3)):
                t_name, t_summary = self._text(other, tech, problem, product, place, number)
                translations[other] = {"name": t_name, "summary": t_summary}
        concepts = [tech, problem, product]
        sectors = sorted({s for c in concepts for s in self.lexicon.concepts[c].sectors})[:3]
        row = {
            **base,
            "external_id": f"syn-{number:06d}",
            "name": name,
            "summary": f"{summary} {base['summary']}"[:4000],
            "language": language,
            "translations": translations,
            "concepts": concepts,
            "sectors": sectors,
            "countries": countries,
            "regions": regions,
        }
        if kind == "technology":
            low = rng.choice([100, 500, 2000, 10_000, 60_000, 300_000])
            row.update(
                cost_min_usd=low,
                cost_max_usd=low * rng.randint(2, 6),
                needs_grid=rng.random() < 0.2,
                org_types=rng.sample(ORG_TYPES, rng.randint(2, 5)) if rng.random() < 0.5 else [],
                provider={"name": f"Synthetic provider {rng.randint(1, 2000)}", "country": countries[0]}
                if countries
                else {"name": f"Synthetic provider {rng.randint(1, 2000)}"},
            )
        return row

    def rows(self, count: int) -> Iterator[dict[str, Any]]:
        for number in range(count):
            yield self.row(number)
