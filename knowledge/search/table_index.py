"""One catalogue table's index: text (BM25) plus the structured filters as inverted lists.

The eligibility mask of a need is a superset of the matcher's own filters (filters.py), never
stricter: the existing scoring checks every candidate again on its database row, so a
candidate that should not be shown is still dropped, and none that should is lost here.
"""

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.geo import GLOBAL
from knowledge.lexicon import Lexicon
from knowledge.matching.filters import WHERE_BONUS
from knowledge.matching.offers import ELIGIBLE_BONUS, LANGUAGE_BONUS, TICKET_BONUS
from knowledge.matching.profile import NeedProfile
from knowledge.matching.scoring import CONCEPT_WEIGHT, SECTOR_WEIGHT
from knowledge.matching.text_index import query_information
from knowledge.models import CatalogueEntry, FinanceOffer, ServiceProvider, Technology, TrainingOffer
from knowledge.search.bm25 import OkapiIndex, Vocabulary
from knowledge.search.documents import concept_tokens, own_text, text_tokens
from knowledge.vocab import BUDGET_BAND_USD

Array = npt.NDArray[Any]

ANY = "*"  # an empty list of organisation types or sectors: open to all
# Candidates handed to the scoring: the best by text, then entries of the need's sector or
# concepts that share no word with it. Bounded, so a request costs the same at any size.
TEXT_CANDIDATES = 120
TOPIC_CANDIDATES = 40
_NO_TICKET_LIMIT = 10.0**13  # filters.ticket_fits' stand-in for "no maximum"


@dataclass(frozen=True)
class Candidates:
    ids: list[int]
    text: dict[int, float]  # relevance 0..1 scaled to the best entry of the whole table


def _extra_columns(model: type[CatalogueEntry]) -> list[Any]:
    if model is Technology:
        return [Technology.org_types, Technology.cost_min_usd, Technology.needs_grid]
    if model is FinanceOffer:
        return [FinanceOffer.eligible_org_types, FinanceOffer.amount_min_usd, FinanceOffer.amount_max_usd]
    if model is ServiceProvider:
        return [ServiceProvider.based_in]
    if model is TrainingOffer:
        return [TrainingOffer.languages]
    return []


class TableIndex:
    def __init__(self, model: type[CatalogueEntry], rows: Iterable[Any], lexicon: Lexicon) -> None:
        self.model = model
        ids = array("q")
        lists: dict[str, array[int]] = {}
        numbers: dict[str, list[float]] = {"cost_min": [], "amount_min": [], "amount_max": []}
        grid: list[bool] = []
        self.concept_kinds = {cid: concept.kind for cid, concept in lexicon.concepts.items()}
        vocabulary = Vocabulary()
        # A concept's terms are numbered once; each entry adds its concepts' arrays.
        by_concept = {cid: vocabulary.encode(words) for cid, words in concept_tokens(lexicon).items()}

        def note(key: str, position: int) -> None:
            lists.setdefault(key, array("i")).append(position)

        def documents() -> Iterator[Array]:
            """Each row's document, noting its filter values on the way (one pass)."""
            for position, row in enumerate(rows):
                ids.append(row.id)
                own = vocabulary.encode(text_tokens(own_text(row.name, row.summary, row.translations)))
                yield np.concatenate([own, *(by_concept[c] for c in row.concepts if c in by_concept)])
                for country in row.countries:
                    note(f"c:{country}", position)
                for region in row.regions:
                    note(f"r:{region}", position)
                for sector in row.sectors or [ANY]:
                    note(f"s:{sector}", position)
                for concept in row.concepts:
                    note(f"k:{concept}", position)
                if model is Technology:
                    for org_type in row.org_types or [ANY]:
                        note(f"o:{org_type}", position)
                    numbers["cost_min"].append(_number(row.cost_min_usd))
                    grid.append(bool(row.needs_grid))
                elif model is FinanceOffer:
                    for org_type in row.eligible_org_types or [ANY]:
                        note(f"o:{org_type}", position)
                    numbers["amount_min"].append(_number(row.amount_min_usd))
                    numbers["amount_max"].append(_number(row.amount_max_usd))
                elif model is TrainingOffer:
                    for language in row.languages:
                        note(f"l:{language}", position)
                elif model is ServiceProvider and row.based_in:
                    note(f"b:{row.based_in}", position)

        self.text = OkapiIndex(documents(), vocabulary)
        self.rarest = max(self.text.idf, default=0.0)  # the idf of a word no entry has
        self.ids = np.array(ids, dtype=np.int64)
        self.size = len(self.ids)
        self.lists = {key: np.array(positions, dtype=np.int32) for key, positions in lists.items()}
        self.numbers = {key: np.array(values, dtype=np.float64) for key, values in numbers.items() if values}
        self.needs_grid = np.array(grid, dtype=bool)

    @classmethod
    def build(cls, session: Session, model: type[CatalogueEntry], lexicon: Lexicon) -> "TableIndex":
        columns = [
            model.id, model.name, model.summary, model.translations, model.concepts,
            model.sectors, model.countries, model.regions, *_extra_columns(model),
        ]  # fmt: skip
        # Plain rows, not ORM objects: at 100,000 entries hydrating them would cost seconds.
        rows = session.execute(select(*columns).order_by(model.id)).yield_per(2000)
        return cls(model, rows, lexicon)

    def _any_of(self, keys: Iterable[str]) -> Array:
        mask = np.zeros(self.size, dtype=bool)
        for key in keys:
            positions = self.lists.get(key)
            if positions is not None:
                mask[positions] = True
        return mask

    def eligible(self, profile: NeedProfile) -> Array:
        """Entries the need may be shown (filters.py, computed on the whole table at once)."""
        if self.model is Technology:  # listed elsewhere: shown after the available ones
            mask: Array = np.ones(self.size, dtype=bool)
        else:
            mask = self._any_of([f"c:{profile.country}", *(f"r:{a}" for a in profile.areas), f"r:{GLOBAL}"])
        if self.model in (Technology, FinanceOffer) and profile.org_type is not None:
            mask &= self._any_of([f"o:{ANY}", f"o:{profile.org_type}"])
        band = BUDGET_BAND_USD.get(profile.budget_band) if profile.budget_band else None
        if self.model is Technology:
            if band is not None:
                cost = self.numbers.get("cost_min", np.zeros(0))
                mask &= np.isnan(cost) | (cost <= band[1])
            if profile.grid_access == "none":
                mask &= ~self.needs_grid
        elif self.model is FinanceOffer:
            if band is not None:
                low_of, high_of = self.numbers["amount_min"], self.numbers["amount_max"]
                unknown = np.isnan(low_of) & np.isnan(high_of)
                overlaps = (np.nan_to_num(low_of, nan=0.0) <= band[1]) & (
                    np.nan_to_num(high_of, nan=_NO_TICKET_LIMIT) >= band[0]
                )
                mask &= unknown | overlaps
        if self.model is not Technology and self.model is not ServiceProvider and profile.sector:
            mask &= self._topic(profile)
        return mask

    def _topic(self, profile: NeedProfile) -> Array:
        keys = [f"s:{ANY}", *(f"k:{c}" for c in profile.concepts)]
        if profile.sector:
            keys.append(f"s:{profile.sector}")
        return self._any_of(keys)

    def relevance(self, query: Iterable[str]) -> Array:
        """text_index.relevance over the whole table: BM25 scaled by the query's information."""
        query = list(query)
        if not self.size or not query:
            return np.zeros(self.size)
        scores = np.maximum(self.text.scores(query), 0.0)
        terms = [self.text.vocabulary.get(word) for word in query]
        ideal = query_information([None if t is None else self.text.idf[t] for t in terms], self.rarest)
        return np.minimum(scores / ideal, 1.0) if ideal > 0 else np.zeros(self.size)

    def candidates(self, profile: NeedProfile, at_least: int = 0) -> Candidates:
        """The entries worth scoring for the need: eligible ones, the best by text, then
        those that share no word with it (technologies only when of its sector or concepts),
        each group bounded."""
        eligible = self.eligible(profile)
        wanted = max(TEXT_CANDIDATES, at_least)
        if self.model is ServiceProvider:  # ranked without text (offers.rank_services)
            positions = self._by_topic(np.flatnonzero(eligible), profile, wanted)
            return Candidates(ids=self.ids[positions].tolist(), text={})
        text = self.relevance(profile.query_tokens)
        by_text = np.flatnonzero(eligible & (text > 0))
        if len(by_text) > wanted:
            best = np.argpartition(-text[by_text], wanted - 1)[:wanted]
            by_text = by_text[best]
        extra = eligible & (text <= 0)
        topical = self._topic(profile) if (profile.sector or profile.concepts) else np.zeros(self.size, bool)
        if self.model is Technology:  # a technology must share something with the need (add_topic)
            by_topic = np.flatnonzero(extra & topical)
        else:  # offers are ranked even without a shared word: the best of them by their score
            by_topic = np.flatnonzero(extra)
            by_topic = by_topic[np.lexsort((by_topic, -self._score_without_text(profile, by_topic)))]
        by_topic = by_topic[: max(TOPIC_CANDIDATES, at_least)]
        positions = np.concatenate([by_text, by_topic])
        ids = self.ids[positions].tolist()
        return Candidates(ids=ids, text=dict(zip(ids, text[positions].tolist(), strict=True)))

    def _score_without_text(self, profile: NeedProfile, positions: Array) -> Array:
        """What offers.py gives an offer that shares no word with the need: its concepts,
        sector, availability, and the training language or finance eligibility and ticket."""
        score = np.zeros(len(positions))

        def add(key: str, points: float) -> None:
            found = self.lists.get(key)
            if found is not None:
                score[np.isin(positions, found)] += points

        for concept in profile.concepts:
            add(f"k:{concept}", CONCEPT_WEIGHT.get(self.concept_kinds.get(concept, ""), 0.0))
        if profile.sector:
            add(f"s:{profile.sector}", SECTOR_WEIGHT)
        # The most specific availability only, as filters.where_available picks it.
        national = np.isin(positions, self.lists.get(f"c:{profile.country}", np.zeros(0, np.int32)))
        regional = np.zeros(len(positions), dtype=bool)
        for area in profile.areas:
            regional |= np.isin(positions, self.lists.get(f"r:{area}", np.zeros(0, np.int32)))
        score += np.where(national, WHERE_BONUS["country"], np.where(regional, WHERE_BONUS["region"], 0.0))
        if self.model is TrainingOffer:
            add(f"l:{profile.language}", LANGUAGE_BONUS)
        elif self.model is FinanceOffer:
            if profile.org_type:
                add(f"o:{profile.org_type}", ELIGIBLE_BONUS)
            if profile.budget_band:
                known = ~(np.isnan(self.numbers["amount_min"]) & np.isnan(self.numbers["amount_max"]))
                score += TICKET_BONUS * known[positions]
        return score

    def _by_topic(self, positions: Array, profile: NeedProfile, limit: int) -> Array:
        """Services: the local ones and those serving the country first, then by id."""
        if len(positions) <= limit:
            return positions
        local = self._any_of([f"b:{profile.country}"])[positions]
        national = self._any_of([f"c:{profile.country}"])[positions]
        order = np.lexsort((positions, ~national, ~local))
        chosen: Array = positions[order[:limit]]
        return chosen


def _number(value: int | None) -> float:
    return float("nan") if value is None else float(value)
