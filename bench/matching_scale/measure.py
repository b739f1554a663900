"""One measurement in a process of its own (so its memory is its own), printed as JSON.

    python -m bench.matching_scale.measure URL --path index|baseline [--requests N]

index: the knowledge.search path (first request, which builds the index, timed apart), then
the hot routes through the real app in process (httpx ASGI transport, service token).
baseline: the per-request BM25 over every entry that this replaces.
"""

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.app import create_app
from knowledge.catalogue.queries import load_all
from knowledge.db import create_db_engine
from knowledge.geo import get_region_book
from knowledge.lexicon import get_lexicon
from knowledge.matching.profile import NeedProfile
from knowledge.matching.reasons import ReasonMaker
from knowledge.matching.results import scored_result
from knowledge.matching.technologies import rank_technologies
from knowledge.models import Need, Technology
from knowledge.registry.matching import match_page, offers_for
from knowledge.registry.references import new_reference
from knowledge.settings import Settings

TOKEN = "bench-matching-scale-token-0123456789"
# Interview-like needs in several languages, countries, organisation types and constraints.
NEEDS: list[dict[str, Any]] = [
    dict(language="en", country="KE", org_type="farmer_cooperative", budget_band="5k-50k", grid_access="unreliable",  # noqa: E501
         problem="We lose half of our mangoes after harvest because they rot; we want a solar dryer."),
    dict(language="fr", country="SN", org_type="sme", budget_band="<5k", grid_access="none",
         problem="Séchage solaire des mangues et des oignons, nous perdons beaucoup après la récolte."),
    dict(language="sw", country="TZ", org_type="farmer_cooperative", budget_band="5k-50k", grid_access="none",
         problem="Tunahitaji kikaushio cha jua kwa maembe na pampu ya maji ya umwagiliaji."),
    dict(language="es", country="PE", org_type="municipality", budget_band="50k-250k", grid_access="reliable",
         problem="Necesitamos tratar las aguas residuales del mercado y reducir los residuos orgánicos."),
    dict(language="pt", country="MZ", org_type="ngo", budget_band="5k-50k", grid_access="unreliable",  # noqa: E501
         problem="Precisamos de refrigeração solar para vacinas numa clínica rural sem rede elétrica."),
    dict(language="ar", country="EG", org_type="sme", budget_band="50k-250k", grid_access="reliable",
         problem="نحتاج إلى ري بالتنقيط بالطاقة الشمسية لتوفير المياه في مزرعتنا"),
    dict(language="en", country="BD", org_type="municipality", budget_band="250k-2.5M", grid_access="reliable",  # noqa: E501
         problem="Our town has no safe drinking water and the wells are contaminated with arsenic."),
    dict(language="en", country="NG", org_type="startup", budget_band="<5k", grid_access="none",
         problem="Cold storage for tomatoes at the market, we have no electricity and lose crops."),
    dict(language="fr", country="CI", org_type="farmer_cooperative", budget_band="5k-50k", grid_access="unreliable",  # noqa: E501
         problem="Transformation du manioc en gari et séchage du cacao pour notre coopérative."),
    dict(language="ha", country="NG", org_type="individual_farmer", budget_band="<5k", grid_access="none",
         problem="Ina bukatar famfon ruwa mai amfani da hasken rana don noman rani."),
]  # fmt: skip


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def rss_mb() -> dict[str, float]:
    status = Path("/proc/self/status").read_text()
    values = {
        line.split(":")[0]: int(line.split()[1]) for line in status.splitlines() if line.startswith("Vm")
    }
    return {"rss_mb": round(values["VmRSS"] / 1024, 1), "peak_rss_mb": round(values["VmHWM"] / 1024, 1)}


def timed(run: Callable[[int], Any], requests: int, budget_s: float) -> dict[str, Any]:
    samples: list[float] = []
    deadline = time.perf_counter() + budget_s
    for number in range(requests):
        started = time.perf_counter()
        run(number)
        samples.append((time.perf_counter() - started) * 1000)
        if time.perf_counter() > deadline:
            break
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
    }


def stored_needs(session: Session) -> list[Need]:
    """The benchmark's needs, stored once per catalogue (later runs find them)."""
    needs = []
    for number, values in enumerate(NEEDS):
        need = session.scalar(select(Need).where(Need.sender_id == f"bench:{number}"))
        if need is None:
            need = Need(
                sender_id=f"bench:{number}", channel="web", title="bench", consent_store=True, **values
            )
            need.reference = new_reference()
            session.add(need)
        needs.append(need)
    session.flush()
    return needs


def measure_baseline(url: str, requests: int, budget_s: float) -> dict[str, Any]:
    lexicon, regions = get_lexicon(), get_region_book()
    engine = create_db_engine(url)
    with Session(engine) as session:
        needs = stored_needs(session)
        session.rollback()

        def run(number: int) -> None:
            need = needs[number % len(needs)]
            with Session(engine) as request_session:
                profile = NeedProfile.from_need(need, lexicon, regions)
                reasons = ReasonMaker(lexicon, regions, need.language)
                ranked = rank_technologies(load_all(request_session, Technology), profile, lexicon, reasons)
                [scored_result(s, need.language) for s in ranked[:3]]

        result = {"matches": timed(run, requests, budget_s)}
    engine.dispose()
    return {**result, **rss_mb()}


def measure_index(url: str, requests: int, budget_s: float) -> dict[str, Any]:
    lexicon = get_lexicon()
    engine = create_db_engine(url)
    result: dict[str, Any] = {}
    with Session(engine) as session:
        needs = stored_needs(session)
        session.commit()
        started = time.perf_counter()
        match_page(session, needs[0], "en", 0, 3, lexicon)
        result["first_request_s"] = round(time.perf_counter() - started, 2)
        refs = [n.reference for n in needs]

    def matches(number: int) -> None:
        with Session(engine) as request_session:
            need = request_session.scalar(select(Need).where(Need.reference == refs[number % len(refs)]))
            assert need is not None
            match_page(request_session, need, need.language, 0, 3, lexicon)

    def offers(number: int) -> None:
        with Session(engine) as request_session:
            need = request_session.scalar(select(Need).where(Need.reference == refs[number % len(refs)]))
            assert need is not None
            offers_for(request_session, need, need.language, 5, lexicon)

    offers(0)  # builds the three offer indexes
    result["matches"] = timed(matches, requests, budget_s)
    result["offers"] = timed(offers, requests, budget_s)
    result.update(asyncio.run(hot_routes(url, refs, requests, budget_s)))
    engine.dispose()
    return {**result, **rss_mb()}


async def hot_routes(url: str, refs: list[str], requests: int, budget_s: float) -> dict[str, Any]:
    """The knowledge API's routes the bot calls during an interview, alone, app in process."""
    settings = Settings(knowledge_database_url=url, knowledge_service_token=TOKEN)
    app = create_app(settings, lexicon=get_lexicon())
    headers = {"Authorization": f"Bearer {TOKEN}"}
    calls = {
        "POST /api/needs/{ref}/matches": lambda n: (
            "POST", f"/api/needs/{refs[n % len(refs)]}/matches", None,
        ),
        "GET /api/needs/{ref}/offers": lambda n: ("GET", f"/api/needs/{refs[n % len(refs)]}/offers", None),
        "POST /api/needs/analyse": lambda n: (
            "POST", "/api/needs/analyse",
            {"text": NEEDS[n % len(NEEDS)]["problem"], "language": NEEDS[n % len(NEEDS)]["language"]},
        ),
    }  # fmt: skip
    out: dict[str, Any] = {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench", headers=headers) as client:
        for name, make in calls.items():
            method, path, body = make(0)
            (await client.request(method, path, json=body)).raise_for_status()  # the app's index
            samples: list[float] = []
            deadline = time.perf_counter() + budget_s
            for number in range(requests):
                method, path, body = make(number)
                started = time.perf_counter()
                response = await client.request(method, path, json=body)
                samples.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
                if time.perf_counter() > deadline:
                    break
            out[name] = {
                "n": len(samples),
                "p50_ms": round(statistics.median(samples), 1),
                "p95_ms": round(percentile(samples, 0.95), 1),
            }
    app.state.engine.dispose()
    return {"routes": out}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("url")
    parser.add_argument("--path", choices=("index", "baseline"), required=True)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per measured series at most")
    args = parser.parse_args()
    measure = measure_index if args.path == "index" else measure_baseline
    print(json.dumps(measure(args.url, args.requests, args.budget)))


if __name__ == "__main__":
    main()
