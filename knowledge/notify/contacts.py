"""Where each service provider's referrals are e-mailed: an address the platform sets, never
one taken from a public page (the seed catalogue holds none). Also settable by importing a
catalogue file with a `notify_email` column; a row without one leaves the address alone.

    python -m knowledge.notify.contacts set EXTERNAL_ID ADDRESS [--source seed]
    python -m knowledge.notify.contacts clear EXTERNAL_ID [--source seed]
    python -m knowledge.notify.contacts list

Exit codes: 0 done, 2 no such provider or an address that is not one."""

import argparse
import sys
from collections.abc import Sequence

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.catalogue.rows import Email
from knowledge.catalogue.seed import SEED_SOURCE
from knowledge.db import create_db_engine
from knowledge.models import ServiceProvider
from knowledge.settings import get_settings

ADDRESS = TypeAdapter(Email)


def set_address(session: Session, source: str, external_id: str, address: str | None) -> ServiceProvider:
    """Sets (or, with None, clears) the provider's notification address; ValueError when the
    provider is unknown or the address is not one."""
    provider = session.scalar(
        select(ServiceProvider).where(
            ServiceProvider.source == source, ServiceProvider.external_id == external_id
        )
    )
    if provider is None:
        raise ValueError(f"no service provider {external_id!r} in source {source!r}")
    if address is not None:
        try:
            address = ADDRESS.validate_python(address.strip())
        except ValidationError:
            raise ValueError("not an e-mail address") from None
    provider.notify_email = address
    session.flush()
    return provider


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m knowledge.notify.contacts",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--database-url", help="default: KNOWLEDGE_DATABASE_URL")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("set", "clear"):
        command = commands.add_parser(name)
        command.add_argument("external_id")
        if name == "set":
            command.add_argument("address")
        command.add_argument("--source", default=SEED_SOURCE)
    commands.add_parser("list", help="providers with an address")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    engine = create_db_engine(args.database_url or get_settings().knowledge_database_url)
    try:
        with Session(engine) as session:
            if args.command == "list":
                rows = session.scalars(
                    select(ServiceProvider)
                    .where(ServiceProvider.notify_email.is_not(None))
                    .order_by(ServiceProvider.source, ServiceProvider.external_id)
                )
                for p in rows:
                    print(f"{p.source}/{p.external_id}\t{p.notify_email}\t{p.name}")
                return 0
            try:
                provider = set_address(session, args.source, args.external_id, getattr(args, "address", None))
            except ValueError as error:
                print(error, file=sys.stderr)
                return 2
            session.commit()
            print(f"{provider.name}: {provider.notify_email or 'no address (referrals are not e-mailed)'}")
            return 0
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
