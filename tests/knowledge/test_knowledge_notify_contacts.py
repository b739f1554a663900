"""The platform sets where each provider's referrals are e-mailed; loading the seed again (every
`make run`) or importing rows without an address keeps it."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.catalogue.seed import load_seed
from knowledge.lexicon import Lexicon
from knowledge.models import ServiceProvider
from knowledge.notify.contacts import main


def _address(session: Session, external_id: str) -> str | None:
    session.expire_all()
    return session.scalar(
        select(ServiceProvider.notify_email).where(ServiceProvider.external_id == external_id)
    )


def test_set_list_clear_and_the_seed_keeps_it(
    db_url: str, session: Session, lexicon: Lexicon, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database-url", db_url, "set", "kipi", "referrals@kipi.example.org"]) == 0
    assert _address(session, "kipi") == "referrals@kipi.example.org"
    load_seed(session, lexicon)
    session.commit()
    assert _address(session, "kipi") == "referrals@kipi.example.org"
    assert main(["--database-url", db_url, "list"]) == 0
    assert "seed/kipi\treferrals@kipi.example.org" in capsys.readouterr().out
    assert main(["--database-url", db_url, "set", "kipi", "not an address"]) == 2
    assert main(["--database-url", db_url, "set", "nobody-here", "a@b.example.org"]) == 2
    assert main(["--database-url", db_url, "clear", "kipi"]) == 0
    assert _address(session, "kipi") is None


def test_the_seed_holds_no_addresses(session: Session) -> None:
    assert (
        session.scalars(select(ServiceProvider).where(ServiceProvider.notify_email.is_not(None))).all() == []
    )
