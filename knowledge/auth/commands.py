"""The `add-user`, `list-users` and `remove-user` commands of python -m knowledge.cli."""

import argparse
import getpass
import sys
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.auth.accounts import find, save_account
from knowledge.auth.passwords import check_new_password
from knowledge.db import create_db_engine
from knowledge.models import Account
from knowledge.models.accounts import ROLES


def add_parsers(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    add = commands.add_parser(
        "add-user",
        help="add a person who signs in to /admin, or change their password, role or countries",
    )
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument(
        "--country", action="append", default=[], help="ISO code an intermediary covers (repeat)"
    )
    add.add_argument("--sector", action="append", default=[], help="limit an intermediary to sectors")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of stdin"
    )
    commands.add_parser("list-users", help="list the people who can sign in")
    remove = commands.add_parser("remove-user", help="remove a person (their sessions end)")
    remove.add_argument("username")


def read_password(from_stdin: bool, stdin: TextIO | None = None) -> str:
    stdin = stdin or sys.stdin
    if from_stdin:
        return stdin.readline().rstrip("\r\n")
    if not stdin.isatty():
        raise ValueError("no terminal to ask for the password: use --password-stdin")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Same password again: ") != password:
        raise ValueError("the two passwords differ")
    return password


def run(args: argparse.Namespace, database_url: str) -> int:
    engine = create_db_engine(database_url)
    try:
        with Session(engine) as session:
            if args.command == "add-user":
                password = check_new_password(read_password(args.password_stdin))
                existed = find(session, args.username) is not None
                account = save_account(session, args.username, password, args.role, args.country, args.sector)
                session.commit()
                print(f"{'updated' if existed else 'added'} {account.role} {account.username}")
            elif args.command == "list-users":
                for account in session.scalars(select(Account).order_by(Account.username)):
                    scope = " ".join(account.countries + account.sectors)
                    print(f"{account.username}\t{account.role}\t{scope}".rstrip())
            elif args.command == "remove-user":
                gone = find(session, args.username)
                if gone is None:
                    raise ValueError(f"no user {args.username!r}")
                session.delete(gone)
                session.commit()
                print(f"removed {args.username}")
    finally:
        engine.dispose()
    return 0
