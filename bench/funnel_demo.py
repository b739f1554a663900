"""A seeded demo run of the dashboard's funnel: N scripted interviews go through the knowledge
API as the action server calls it (interview started, need submitted, referral asked), then a
programme officer moves referrals on as the dashboard does (in progress, transferred); the
funnel is read the way /admin/charts.json computes it. A fresh SQLite database (migrated,
seed catalogue loaded) in a temporary directory; the same seed gives the same figures.

    .venv-svc/bin/python -m bench.funnel_demo [--interviews 60] [--seed 2026]

Drop-off rates are the script's assumptions, not measurements: the run shows the pipeline
counting every step end to end."""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.app import create_app
from knowledge.auth.accounts import person, save_account
from knowledge.cli import init_db
from knowledge.models import Account
from knowledge.registry.charts import chart_data
from knowledge.registry.dashboard import NeedFilter, all_needs, change_referral
from knowledge.registry.interview_starts import started_in_view
from knowledge.settings import Settings

TOKEN = "funnel-demo-service-token"
OFFICER = "programme-officer"
# (language, country, the user's words)
USERS = [
    ("en", "KE", "We lose half of our mangoes after harvest because they rot."),
    ("fr", "SN", "Nos poissons séchés pourrissent pendant la saison des pluies."),
    ("sw", "TZ", "Hatuna maji safi ya kunywa shuleni kwetu."),
    ("ha", "NG", "Muna bukatar injin sarrafa rogo don ƙungiyarmu."),
    ("am", "ET", "ወተታችን ወደ ገበያ ሳይደርስ ይበላሻል።"),
    ("ar", "EG", "نحتاج إلى ري بالتنقيط لمزرعة صغيرة في الصحراء."),
    ("pt", "MZ", "Precisamos de energia solar para a nossa clínica rural."),
    ("es", "GT", "Perdemos café por falta de un buen secador."),
]
CHANNELS = ("telegram", "whatsapp", "socketio")
# The script's drop-off assumptions.
SUBMIT, SHARE, ASK_REFERRAL, IN_PROGRESS, TRANSFERRED = 0.7, 0.8, 0.8, 0.6, 0.5


def _need(i: int, rng: random.Random) -> dict[str, Any]:
    language, country, words = USERS[i % len(USERS)]
    return {
        "sender_id": f"demo:{i}",
        "channel": rng.choice(CHANNELS),
        "language": language,
        "org_type": rng.choice(["sme", "farmer_cooperative", "ngo", "municipality"]),
        "country": country,
        "problem": words,
        "support_sought": ["technology", "partner"],
        "consent_store": True,
        "consent_share": rng.random() < SHARE,
        "title": words[:60],
    }


async def drive(client: httpx.AsyncClient, interviews: int, rng: random.Random) -> list[int]:
    """The user side; returns the ids of the referrals made."""
    referrals = []
    for i in range(interviews):
        need = _need(i, rng)
        started = await client.post(
            "/api/interviews/started", json={"language": need["language"], "channel": need["channel"]}
        )
        started.raise_for_status()
        if rng.random() >= SUBMIT:
            continue  # the interview was left before the summary
        stored = await client.post("/api/needs", json=need)
        stored.raise_for_status()
        if not need["consent_share"] or rng.random() >= ASK_REFERRAL:
            continue
        referred = await client.post(f"/api/needs/{stored.json()['reference']}/referrals", json={})
        if referred.status_code in (200, 201):
            referrals.append(referred.json()["id"])
    return referrals


def staff_moves(session: Session, referrals: list[int], rng: random.Random) -> None:
    officer = person(save_account(session, OFFICER, "demo password 2026", "administrator"))
    for referral_id in referrals:
        if rng.random() >= IN_PROGRESS:
            continue
        change_referral(session, officer, referral_id, "in_progress", "visit planned")
        if rng.random() < TRANSFERRED:
            change_referral(session, officer, referral_id, "transferred", "dryer installed")
    session.commit()


def run(interviews: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        init_db(url)
        app = create_app(Settings(knowledge_database_url=url, knowledge_service_token=SecretStr(TOKEN)))
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {TOKEN}"}

        async def user_side() -> list[int]:
            async with httpx.AsyncClient(transport=transport, base_url="http://demo", headers=headers) as c:
                return await drive(c, interviews, rng)

        referrals = asyncio.run(user_side())
        with app.state.session_factory() as session:
            staff_moves(session, referrals, rng)
            admin = person(session.scalars(select(Account).where(Account.username == OFFICER)).one())
            wanted = NeedFilter()
            data = chart_data(all_needs(session, admin, wanted), started_in_view(session, admin, wanted))
        app.state.engine.dispose()
    return data


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--interviews", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    data = run(args.interviews, args.seed)
    funnel = data["funnel"]
    print(f"Funnel of a seeded demo run ({args.interviews} scripted interviews, seed {args.seed})")
    print(f"{'step':<14}{'count':>7}{'of started':>12}")
    for step, count in funnel.items():
        print(f"{step:<14}{count:>7}{count / max(funnel['started'], 1):>12.0%}")
    print("needs by language:", ", ".join(f"{k} {v}" for k, v in data["by_language"].items()))
    print("needs by country:", ", ".join(f"{k} {v}" for k, v in data["by_country"].items()))


if __name__ == "__main__":
    main()
