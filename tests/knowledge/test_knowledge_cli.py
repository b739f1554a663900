"""python -m knowledge.cli: init-db (idempotent) and import (report, exit codes)."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from knowledge.auth.accounts import authenticate
from knowledge.cli import main
from knowledge.db import create_db_engine
from knowledge.models import FinanceOffer, Technology

REPO = Path(__file__).resolve().parents[2]


def _count(url: str, model: type) -> int:
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(model)).scalar_one()
    finally:
        engine.dispose()


def test_init_db_migrates_and_seeds_idempotently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'k.db'}"
    assert main(["--database-url", url, "init-db"]) == 0
    first = capsys.readouterr().out
    assert "database at the latest schema" in first and "0 rejected" in first
    technologies = _count(url, Technology)
    assert technologies >= 40
    assert main(["--database-url", url, "init-db"]) == 0
    second = capsys.readouterr().out
    assert "0 created, 0 updated" in second and "0 rejected" in second
    assert _count(url, Technology) == technologies


def test_init_db_without_seed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    assert main(["--database-url", url, "init-db", "--no-seed"]) == 0
    engine = create_db_engine(url)
    assert "needs" in inspect(engine).get_table_names()
    engine.dispose()
    assert _count(url, Technology) == 0


def test_import_prints_what_it_rejected_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    main(["--database-url", url, "init-db", "--no-seed"])
    capsys.readouterr()
    data = tmp_path / "partner.csv"
    data.write_text(
        "kind,external_id,name,summary,provider,regions,source_url,amount_max_usd\n"
        "finance,ok,Good fund,Gives grants,Funder,global,https://fund.example.org,10000\n"
        "finance,bad,Bad fund,Gives grants,Funder,atlantis,,lots\n",
        encoding="utf-8",
    )
    assert main(["--database-url", url, "import", str(data), "--source", "partner"]) == 1
    out = capsys.readouterr().out
    assert "1 created" in out and "1 rejected" in out
    assert "rejected row 2 (bad):" in out
    assert "regions: unknown region 'atlantis'" in out
    assert "amount_max_usd:" in out
    assert _count(url, FinanceOffer) == 1
    good_only = tmp_path / "good.json"
    good_only.write_text(
        '[{"external_id": "ok", "name": "Good fund", "summary": "Gives grants", '
        '"provider": "Funder", "regions": ["global"], '
        '"source_url": "https://fund.example.org", "amount_max_usd": 10000}]',
        encoding="utf-8",
    )
    assert (
        main(
            [
                "--database-url",
                url,
                "import",
                str(good_only),
                "--source",
                "partner",
                "--kind",
                "finance",
            ]
        )
        == 0
    )
    assert "1 unchanged" in capsys.readouterr().out


def test_import_of_unusable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    main(["--database-url", url, "init-db", "--no-seed"])
    assert (
        main(["--database-url", url, "import", str(tmp_path / "missing.csv"), "--source", "p"]) == 2
    )
    assert "cannot read" in capsys.readouterr().err
    assert (
        main(["--database-url", url, "import", str(tmp_path / "x.csv"), "--source", "Bad Name"])
        == 2
    )


def test_module_entry_point_uses_the_environment(tmp_path: Path) -> None:
    env = {"KNOWLEDGE_DATABASE_URL": f"sqlite:///{tmp_path / 'env.db'}", "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-m", "knowledge.cli", "init-db", "--no-seed"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "env.db").exists()


def _add_user(url: str, monkeypatch: pytest.MonkeyPatch, password: str, *args: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    return main(["--database-url", url, "add-user", *args, "--password-stdin"])


def test_add_user_then_sign_in_with_a_non_ascii_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    main(["--database-url", url, "init-db", "--no-seed"])
    password = "mot de passe à Nairobi – 密码"
    assert _add_user(url, monkeypatch, password, "amina", "--role", "intermediary", "--country", "ke") == 0
    assert "added intermediary amina" in capsys.readouterr().out
    assert main(["--database-url", url, "list-users"]) == 0
    assert capsys.readouterr().out == "amina\tintermediary\tKE\n"
    engine = create_db_engine(url)
    try:
        with Session(engine) as session:
            assert authenticate(session, "amina", password) is not None
            assert authenticate(session, "amina", password.encode().decode("latin-1")) is None
    finally:
        engine.dispose()
    # Run again: the same name is updated, not duplicated.
    assert _add_user(url, monkeypatch, "another password", "amina", "--role", "administrator") == 0
    assert "updated administrator amina" in capsys.readouterr().out
    assert main(["--database-url", url, "remove-user", "amina"]) == 0
    main(["--database-url", url, "list-users"])
    assert "amina" not in capsys.readouterr().out.replace("removed amina", "")


@pytest.mark.parametrize(
    ("password", "args", "why"),
    [
        ("long enough password", ["x", "--role", "intermediary"], "at least one country"),
        ("long enough password", ["x", "--role", "intermediary", "--country", "XX"], "ISO"),
        ("long enough password", ["x", "--role", "administrator", "--country", "KE"], "every need"),
        ("long enough password", ["has space", "--role", "administrator"], "user name"),
        ("short", ["x", "--role", "administrator"], "at least 8"),
    ],
)
def test_add_user_refuses_with_a_reason(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    password: str,
    args: list[str],
    why: str,
) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    main(["--database-url", url, "init-db", "--no-seed"])
    assert _add_user(url, monkeypatch, password, *args) == 2
    assert why in capsys.readouterr().err
