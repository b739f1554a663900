"""The seed catalogue is mostly real: illustrative technologies (examples with invented providers)
are at most a tenth of all technologies, and every one of them is flagged as such."""

from knowledge.catalogue.readers import read_file
from knowledge.catalogue.rows import KIND_ALIASES
from knowledge.catalogue.seed import SEED_DIR, seed_rows

MAX_ILLUSTRATIVE_SHARE = 0.10


def test_illustrative_technologies_are_at_most_a_tenth() -> None:
    technologies = [r for r in seed_rows() if KIND_ALIASES[str(r["kind"])] == "technology"]
    illustrative = [r for r in technologies if r.get("illustrative")]
    assert len(technologies) >= 250
    assert len(illustrative) <= MAX_ILLUSTRATIVE_SHARE * len(technologies), (
        len(illustrative),
        len(technologies),
    )


def test_the_examples_file_holds_only_flagged_examples() -> None:
    rows = read_file(SEED_DIR / "technologies.yaml")
    assert rows and all(row.get("illustrative") is True for row in rows)
    assert all(not row.get("source_url") for row in rows)
