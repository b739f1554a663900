"""The benchmark's needs (needs/*.yaml) and graded judgments (judgments/*.yaml), loaded and
checked against the project's vocabularies."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.geo import is_country
from knowledge.vocab import BUDGET_BANDS, LANGUAGES, ORG_TYPES, SECTORS

HERE = Path(__file__).resolve().parent
NEEDS_DIR = HERE / "needs"
JUDGMENTS_DIR = HERE / "judgments"
TOPICS_FILE = "topics.yaml"
KINDS = ("technology", "finance", "training")
GRADES = (0, 1, 2, 3)
GRIDS = ("reliable", "unreliable", "none", "unknown")
WATERS = ("piped", "borehole_or_well", "surface", "rainfed_only", "unknown")
SUPPORT = ("technology", "finance", "training", "ip_legal", "partner")
# Sectors other helpers may add to knowledge.vocab; accepted as alternatives only.
FUTURE_SECTORS = ("food_processing", "climate_adaptation")


@dataclass(frozen=True)
class BenchNeed:
    id: str
    language: str
    text: str
    org_type: str
    country: str
    expected_sector: str
    title_keywords: tuple[tuple[str, ...], ...]
    grid_access: str | None = None
    water_access: str | None = None
    budget_band: str | None = None
    support_sought: tuple[str, ...] = ()
    also_sectors: tuple[str, ...] = ()
    source: str | None = None
    twin_of: str | None = None  # on a non-English need: its English twin's id
    english_of: str | None = None  # on an English twin: the need it translates

    @property
    def judged_as(self) -> str:
        """Whose judgments apply: a twin is judged as the need it translates."""
        return self.english_of or self.id

    @property
    def split(self) -> str:
        return split_of(self.judged_as)


def split_of(need_id: str) -> str:
    """'dev' or 'test', fixed by the id's SHA-256 (first byte even: dev). A twin follows the
    need it translates, so no need leaks from one half into the other."""
    return "dev" if hashlib.sha256(need_id.encode()).digest()[0] % 2 == 0 else "test"


def _keyword_groups(raw: Any, need_id: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"{need_id}: title_keywords must be a non-empty list")
    groups = []
    for group in raw:
        words = [group] if isinstance(group, str) else group
        if not words or not all(isinstance(w, str) and w for w in words):
            raise ValueError(f"{need_id}: bad title_keywords group {group!r}")
        groups.append(tuple(words))
    return tuple(groups)


def _check(need: BenchNeed) -> None:
    problems = []
    if need.language not in LANGUAGES:
        problems.append(f"language {need.language}")
    if need.org_type not in ORG_TYPES:
        problems.append(f"org_type {need.org_type}")
    if not is_country(need.country):
        problems.append(f"country {need.country}")
    if need.expected_sector not in SECTORS:
        problems.append(f"expected_sector {need.expected_sector}")
    for sector in need.also_sectors:
        if sector not in SECTORS and sector not in FUTURE_SECTORS:
            problems.append(f"also_sectors {sector}")
    if need.budget_band is not None and need.budget_band not in BUDGET_BANDS:
        problems.append(f"budget_band {need.budget_band}")
    if need.grid_access is not None and need.grid_access not in GRIDS:
        problems.append(f"grid_access {need.grid_access}")
    if need.water_access is not None and need.water_access not in WATERS:
        problems.append(f"water_access {need.water_access}")
    problems += [f"support {s}" for s in need.support_sought if s not in SUPPORT]
    if problems:
        raise ValueError(f"{need.id}: " + ", ".join(problems))


def load_needs(needs_dir: Path = NEEDS_DIR) -> list[BenchNeed]:
    needs: list[BenchNeed] = []
    for path in sorted(needs_dir.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["needs"]:
            need = BenchNeed(
                id=raw["id"],
                language=raw["language"],
                text=raw["text"],
                org_type=raw["org_type"],
                country=raw["country"],
                expected_sector=raw["expected_sector"],
                title_keywords=_keyword_groups(raw.get("title_keywords"), raw["id"]),
                grid_access=raw.get("grid_access"),
                water_access=raw.get("water_access"),
                budget_band=raw.get("budget_band"),
                support_sought=tuple(raw.get("support_sought", ())),
                also_sectors=tuple(raw.get("also_sectors", ())),
                source=raw.get("source"),
                twin_of=raw.get("twin_of"),
                english_of=raw.get("english_of"),
            )
            _check(need)
            needs.append(need)
    ids = [n.id for n in needs]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate need ids: {sorted(duplicates)}")
    by_id = {n.id: n for n in needs}
    for need in needs:
        twin = by_id.get(need.twin_of) if need.twin_of else None
        if need.twin_of and (twin is None or twin.english_of != need.id):
            raise ValueError(f"{need.id}: twin {need.twin_of} missing or not pointing back")
    return needs


@dataclass
class Judgment:
    grade: int
    why: str
    # A finance or training offer whose eligibility excludes the need (country or org type).
    ineligible: bool = False


@dataclass
class Judgments:
    """need id -> kind -> external id -> judgment. Unjudged records count as grade 0."""

    by_need: dict[str, dict[str, dict[str, Judgment]]] = field(default_factory=dict)

    def of(self, need_id: str, kind: str) -> dict[str, Judgment]:
        return self.by_need.get(need_id, {}).get(kind, {})

    def grades(self, need_id: str, kind: str) -> dict[str, int]:
        return {ext: j.grade for ext, j in self.of(need_id, kind).items()}


def load_judgments(judgments_dir: Path = JUDGMENTS_DIR) -> Judgments:
    judgments = Judgments()
    for path in sorted(judgments_dir.glob("*.yaml")):
        if path.name == TOPICS_FILE:
            continue  # the hand judgments these files are generated from (bench.matching.judging)
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for need_id, kinds in data.items():
            for kind, records in (kinds or {}).items():
                if kind not in KINDS:
                    raise ValueError(f"{path.name}: {need_id}: unknown kind {kind}")
                target = judgments.by_need.setdefault(need_id, {}).setdefault(kind, {})
                for external_id, value in (records or {}).items():
                    grade, why = value[0], value[1]
                    if grade not in GRADES:
                        raise ValueError(f"{path.name}: {need_id}/{external_id}: grade {grade}")
                    ineligible = len(value) > 2 and value[2] == "ineligible"
                    target[external_id] = Judgment(grade, why, ineligible)
    return judgments
