"""The seed catalogue shipped in knowledge/seed/, loaded through the same importer as partner
files so that it obeys the same rules."""

from pathlib import Path

from sqlalchemy.orm import Session

from knowledge.catalogue.importer import ImportReport, import_rows
from knowledge.catalogue.readers import read_file
from knowledge.lexicon import Lexicon

SEED_DIR = Path(__file__).resolve().parent.parent / "seed"
SEED_SOURCE = "seed"


def seed_rows(seed_dir: Path = SEED_DIR) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in sorted(seed_dir.glob("*.yaml")):
        rows.extend(read_file(path))
    return rows


def load_seed(session: Session, lexicon: Lexicon, seed_dir: Path = SEED_DIR) -> ImportReport:
    return import_rows(session, seed_rows(seed_dir), SEED_SOURCE, lexicon)
