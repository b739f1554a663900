"""Command line for operators.

    python -m knowledge.cli init-db            migrate to the latest schema, load the seed
    python -m knowledge.cli import FILE --source NAME [--kind KIND] [--no-progress]
    python -m knowledge.cli add-user NAME --role administrator|intermediary [--country KE ...]
    python -m knowledge.cli list-users | remove-user NAME

Exit codes of `import`: 0 all rows imported, 1 some rows rejected (listed), 2 file unusable
(nothing is written then). A progress bar of the rows goes to stderr.
The user commands exit with 2 and say why when a name, password, role or country is refused.
"""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session
from tqdm import tqdm

from knowledge import migrate
from knowledge.auth import commands as user_commands
from knowledge.catalogue.importer import ImportReport, import_rows, validate_source
from knowledge.catalogue.readers import PayloadError, read_file
from knowledge.catalogue.rows import KIND_ALIASES
from knowledge.catalogue.seed import load_seed
from knowledge.db import create_db_engine
from knowledge.lexicon import get_lexicon
from knowledge.settings import get_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m knowledge.cli",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--database-url", help="default: KNOWLEDGE_DATABASE_URL")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init-db", help="alembic upgrade head, then load the seed")
    init.add_argument("--no-seed", action="store_true", help="only migrate")
    imp = commands.add_parser("import", help="import a CSV, JSON or YAML catalogue file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--source", required=True, help="partner name, e.g. wipo-green")
    imp.add_argument("--kind", choices=sorted(KIND_ALIASES), help="kind of rows that lack one")
    imp.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    user_commands.add_parsers(commands)
    return parser


def _print_report(report: ImportReport) -> None:
    print(report.summary())
    for warning in report.warnings:
        print(f"  warning: {warning}")
    for rejected in report.rejected:
        label = f"row {rejected.row}"
        if rejected.external_id:
            label += f" ({rejected.external_id})"
        print(f"  rejected {label}:")
        for reason in rejected.reasons:
            print(f"    - {reason}")


def init_db(database_url: str, seed: bool = True) -> ImportReport | None:
    migrate.upgrade(database_url)
    if not seed:
        return None
    engine = create_db_engine(database_url)
    try:
        with Session(engine) as session:
            report = load_seed(session, get_lexicon())
            session.commit()
    finally:
        engine.dispose()
    return report


def import_file(
    database_url: str, path: Path, source: str, kind: str | None, progress: bool = True
) -> ImportReport:
    """Reads the whole file first: a file that cannot be read writes nothing. The rows are then
    written in one transaction, committed only when all were processed."""
    rows = read_file(path, kind)
    engine = create_db_engine(database_url)
    try:
        with Session(engine) as session, tqdm(
            rows, desc=f"import {path.name}", unit="row", disable=not progress, file=sys.stderr
        ) as bar:
            report = import_rows(session, bar, source, get_lexicon())
            session.commit()
    finally:
        engine.dispose()
    return report


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    database_url = args.database_url or get_settings().knowledge_database_url
    if args.command == "init-db":
        report = init_db(database_url, seed=not args.no_seed)
        print("database at the latest schema")
        if report is not None:
            _print_report(report)
            return 1 if report.rejected else 0
        return 0
    if args.command != "import":
        try:
            return user_commands.run(args, database_url)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    try:
        validate_source(args.source)
        report = import_file(
            database_url, args.file, args.source, args.kind, progress=not args.no_progress
        )
    except (PayloadError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    _print_report(report)
    return 1 if report.rejected else 0


if __name__ == "__main__":
    sys.exit(main())
