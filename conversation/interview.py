"""The interview's questions, read from `conversation/interview.yml` (pure Python, both environments)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

INTERVIEW_FILE = Path(__file__).parent / "interview.yml"
NOT_SKIPPABLE = None


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    options: tuple[str, ...] = ()
    skip: str | None = NOT_SKIPPABLE
    min_chars: int = 1

    @property
    def skippable(self) -> bool:
        return self.skip is not NOT_SKIPPABLE


@dataclass(frozen=True)
class Interview:
    fields: tuple[Field, ...]
    max_chars: int
    by_name: dict[str, Field] = field(default_factory=dict, compare=False)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def previous(self, name: str) -> str | None:
        index = self.names.index(name)
        return self.names[index - 1] if index > 0 else None

    def __getitem__(self, name: str) -> Field:
        return self.by_name[name]


@lru_cache(maxsize=1)
def load_interview(path: Path = INTERVIEW_FILE) -> Interview:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields = tuple(
        Field(
            name=f["name"],
            kind=f["kind"],
            options=tuple(str(o) for o in f.get("options", ())),
            skip=f.get("skip", NOT_SKIPPABLE),
            min_chars=int(f.get("min_chars", 1)),
        )
        for f in data["fields"]
    )
    return Interview(fields, int(data["max_chars"]), {f.name: f for f in fields})
