"""Accounts: creation, password changes, the administrator from ADMIN_USER/ADMIN_PASSWORD,
and what an account may see."""

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from knowledge.auth.passwords import burn_time, hash_password, needs_rehash, verify_password
from knowledge.geo import is_country
from knowledge.models import Account, LoginSession, Need
from knowledge.models.accounts import ROLES, USERNAME_MAX
from knowledge.vocab import SECTORS

logger = logging.getLogger(__name__)
Q = TypeVar("Q", bound=Select[Any])
_USERNAME = re.compile(r"^[^\s\x00-\x1f\x7f:]+$")


@dataclass(frozen=True)
class Person:
    """Who is signed in, detached from any database session."""

    id: int
    username: str
    role: str
    countries: tuple[str, ...]
    sectors: tuple[str, ...]

    @property
    def is_administrator(self) -> bool:
        return self.role == "administrator"


def person(account: Account) -> Person:
    return Person(
        account.id, account.username, account.role, tuple(account.countries), tuple(account.sectors)
    )


def normalise_username(username: str) -> str:
    return unicodedata.normalize("NFC", username.strip())


def check_username(username: str) -> str:
    username = normalise_username(username)
    if not username or len(username) > USERNAME_MAX or not _USERNAME.match(username):
        raise ValueError(f"user name: 1-{USERNAME_MAX} characters, no spaces, control characters or ':'")
    return username


def check_scope(role: str, countries: list[str], sectors: list[str]) -> tuple[list[str], list[str]]:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    countries = sorted({c.strip().upper() for c in countries})
    bad = [c for c in countries if not is_country(c)]
    if bad:
        raise ValueError(f"not ISO 3166-1 alpha-2 country codes: {', '.join(bad)}")
    sectors = sorted(set(sectors))
    bad = [s for s in sectors if s not in SECTORS]
    if bad:
        raise ValueError(f"unknown sectors: {', '.join(bad)} (known: {', '.join(SECTORS)})")
    if role == "intermediary" and not countries:
        raise ValueError("an intermediary needs at least one country")
    if role == "administrator" and (countries or sectors):
        raise ValueError("an administrator sees every need: give no countries or sectors")
    return countries, sectors


def find(session: Session, username: str) -> Account | None:
    return session.scalar(select(Account).where(Account.username == normalise_username(username)))


def save_account(
    session: Session,
    username: str,
    password: str,
    role: str,
    countries: list[str] | None = None,
    sectors: list[str] | None = None,
) -> Account:
    """Creates the account, or updates its password, role and scope when the name exists (and
    then ends its sessions: whoever signed in before the change must sign in again)."""
    username = check_username(username)
    countries, sectors = check_scope(role, countries or [], sectors or [])
    account = find(session, username)
    if account is None:
        account = Account(username=username, password_hash="", role=role)
        session.add(account)
    else:
        session.execute(delete(LoginSession).where(LoginSession.account_id == account.id))
    account.password_hash = hash_password(password)
    account.role, account.countries, account.sectors, account.active = role, countries, sectors, True
    session.flush()
    return account


def authenticate(session: Session, username: str, password: str) -> Account | None:
    account = find(session, username) if len(username) <= USERNAME_MAX else None
    if account is None or not account.active:
        burn_time()
        return None
    if not verify_password(account.password_hash, password):
        return None
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    return account


def bootstrap_administrator(session: Session, username: str, password: str) -> None:
    """ADMIN_USER/ADMIN_PASSWORD make (or keep) one administrator, as the README promises; the
    hash is only rewritten when the password changed, since every start runs this."""
    account = find(session, username)
    if (
        account is not None
        and account.role == "administrator"
        and account.active
        and verify_password(account.password_hash, password)
    ):
        return
    save_account(session, username, password, "administrator")
    logger.info("administrator from ADMIN_USER saved")


def visible_needs(query: Q, who: Person) -> Q:
    """Narrows a query of needs to those `who` may see: an administrator sees all; an
    intermediary only needs of their countries (and sectors, when they have some) whose
    authors agreed to share them."""
    if who.is_administrator:
        return query
    query = query.where(Need.consent_share.is_(True), Need.country.in_(who.countries))
    if who.sectors:
        query = query.where(Need.sector.in_(who.sectors))
    return query
