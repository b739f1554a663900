"""The seed catalogue shipped in knowledge/seed/, loaded through the same importer as partner
files so that it obeys the same rules."""

from pathlib import Path

from sqlalchemy.orm import Session

from knowledge.catalogue.importer import ImportReport, import_rows
from knowledge.catalogue.readers import read_file
from knowledge.lexicon import Lexicon

SEED_DIR = Path(__file__).resolve().parent.parent / "seed"
SEED_SOURCE = "seed"
# The real, sourced catalogue: one file per sector, so each can be reviewed on its own.
SECTOR_DIRS = ("technologies",)


def seed_files(seed_dir: Path = SEED_DIR) -> list[Path]:
    files = sorted(seed_dir.glob("*.yaml"))
    for name in SECTOR_DIRS:
        files.extend(sorted((seed_dir / name).glob("*.yaml")))
    return files


def seed_rows(seed_dir: Path = SEED_DIR) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in seed_files(seed_dir):
        rows.extend(read_file(path))
    return rows


def load_seed(session: Session, lexicon: Lexicon, seed_dir: Path = SEED_DIR) -> ImportReport:
    return import_rows(session, seed_rows(seed_dir), SEED_SOURCE, lexicon)
