"""After the interview (issue 9): "my needs" with where each referral stands, information added
(seen on the dashboard), a need withdrawn (history, provider e-mailed through a real SMTP
server on 127.0.0.1), follow-ups due, claimed once and played to Rasa (a recording HTTP server
stands in), answered or stopped, and the funnel that starts at "interview started"."""

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from knowledge.models import FollowUp, InterviewStart, Need, NeedNote, ReferralEvent, ServiceProvider
from knowledge.notify.follow_ups import deliver_due
from knowledge.registry.follow_ups import claim_due
from knowledge.settings import Settings
from tests.knowledge.helpers import ADMIN, Client
from tests.knowledge.test_knowledge_dashboard import RASA_TOKEN, FakeRasa, _sign_in, rasa  # noqa: F401
from tests.knowledge.test_knowledge_referral_mail import Inbox, inbox  # noqa: F401

NeedFactory = Callable[..., dict[str, Any]]
SENDER = "telegram:4242"


@pytest.fixture
def step_settings(
    settings: Settings,
    inbox: tuple[Inbox, int],  # noqa: F811
    rasa: FakeRasa,  # noqa: F811
) -> Settings:
    return settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": inbox[1],
            "smtp_from": "referrals@needs.example.org",
            "rasa_url": rasa.url,
            "rasa_auth_token": SecretStr(RASA_TOKEN),
            "follow_up_days": 14.0,
        }
    )


@pytest.fixture
def steps(make_client: Callable[..., Client], step_settings: Settings) -> Client:
    return make_client(step_settings)


def _need(client: Client, payload: dict[str, Any]) -> str:
    response = client.post("/api/needs", json=payload)
    assert response.status_code == 201, response.text
    reference: str = response.json()["reference"]
    return reference


def _kipi(session: Session) -> ServiceProvider:
    kipi = session.scalar(select(ServiceProvider).where(ServiceProvider.external_id == "kipi"))
    assert kipi is not None
    kipi.notify_email = "desk@kipi.example.org"
    kipi.languages = ["sw"]
    session.commit()
    return kipi


def test_my_needs_add_information_and_withdraw(
    steps: Client,
    need_payload: NeedFactory,
    session: Session,
    inbox: tuple[Inbox, int],  # noqa: F811
) -> None:
    kipi = _kipi(session)
    reference = _need(steps, need_payload(sender_id=SENDER, language="sw"))
    other = _need(steps, need_payload(sender_id="telegram:9", title="Someone else's"))
    assert (
        steps.post(f"/api/needs/{reference}/referrals", json={"service_provider_id": kipi.id}).status_code
        == 201
    )
    assert len(inbox[0].messages) == 1  # the referral e-mail

    listed = steps.get(f"/api/senders/{SENDER}/needs").json()
    assert [(n["reference"], n["status"], n["referral_status"]) for n in listed] == [
        (reference, "referred", "notified")
    ]
    assert listed[0]["provider"] == {"name": kipi.name, "based_in": kipi.based_in}

    added = steps.post(
        f"/api/needs/{reference}/notes", json={"sender_id": SENDER, "text": "  Tuna miti 300 sasa. "}
    )
    assert added.status_code == 201
    # Another sender's need is not theirs to change: 404, as if it did not exist.
    assert steps.post(f"/api/needs/{other}/notes", json={"sender_id": SENDER, "text": "x"}).status_code == 404
    assert steps.post(f"/api/needs/{other}/withdraw", json={"sender_id": SENDER}).status_code == 404
    assert steps.get(f"/api/senders/{SENDER}/needs").json()[0]["notes"] == 1
    _sign_in(steps, *ADMIN)
    page = steps.get(f"/admin/needs/{reference}").text
    assert "Tuna miti 300 sasa." in page

    done = steps.post(f"/api/needs/{reference}/withdraw", json={"sender_id": SENDER}).json()
    assert done == {
        "reference": reference,
        "status": "closed",
        "referrals_closed": 1,
        "providers_emailed": 1,
        "follow_ups_stopped": 1,
    }
    history = session.scalars(select(ReferralEvent).order_by(ReferralEvent.id)).all()
    assert [(e.status, e.actor, e.comment) for e in history][-1] == (
        "closed",
        "user",
        "withdrawn by the user",
    )
    _, withdrawal = inbox[0].messages[-1]
    assert withdrawal["Subject"] == f"Imeondolewa {reference}: Solar drying of mangoes"
    assert "Mtumiaji ameondoa hitaji" in withdrawal.get_content()
    assert steps.get(f"/api/senders/{SENDER}/needs").json()[0]["status"] == "closed"
    # "Delete my data" takes what the user added and their follow-ups with the needs.
    assert steps.delete(f"/api/senders/{SENDER}/data").status_code == 200
    session.expire_all()
    assert session.scalars(select(NeedNote)).all() == []
    others = session.scalar(select(Need.id).where(Need.reference == other))
    assert {f.need_id for f in session.scalars(select(FollowUp))} == {others}


def test_follow_ups_are_sent_once_answered_and_stopped(
    steps: Client,
    need_payload: NeedFactory,
    session: Session,
    rasa: FakeRasa,  # noqa: F811
    engine: Engine,
    step_settings: Settings,
) -> None:
    first = _need(steps, need_payload(sender_id=SENDER, language="fr"))
    second = _need(steps, need_payload(sender_id=SENDER, language="fr"))
    follow_ups = session.scalars(select(FollowUp).order_by(FollowUp.id)).all()
    assert [f.state for f in follow_ups] == ["scheduled", "scheduled"]
    due = follow_ups[0].due_at - datetime.now(timezone.utc)
    assert timedelta(days=13, hours=23) < due <= timedelta(days=14)
    factory = sessionmaker(engine)
    settings = step_settings
    assert deliver_due(factory, settings) == 0  # nothing due yet
    follow_ups[0].due_at = datetime.now(timezone.utc) - timedelta(seconds=1)
    session.commit()
    assert deliver_due(factory, settings) == 1
    with factory() as other:
        assert claim_due(other) == []  # claimed once: a second process finds nothing
    path, body = rasa.calls[-1]
    assert path.startswith("/conversations/telegram%3A4242/trigger_intent?")
    assert body == {"name": "EXTERNAL_follow_up", "entities": {"need_reference": first}}

    waiting = steps.post(f"/api/needs/{first}/follow-up", json={"sender_id": SENDER, "answer": "waiting"})
    assert waiting.status_code == 200
    session.expire_all()
    states = [(f.state, f.answer) for f in session.scalars(select(FollowUp).order_by(FollowUp.id))]
    assert states == [("answered", "waiting"), ("scheduled", None), ("scheduled", None)]
    _sign_in(steps, *ADMIN)
    assert "still waiting" in steps.get(f"/admin/needs/{first}").text

    stop = steps.post(f"/api/needs/{second}/follow-up", json={"sender_id": SENDER, "answer": "stop"}).json()
    assert stop["follow_ups_stopped"] == 1  # the other still scheduled
    session.expire_all()
    assert [f.state for f in session.scalars(select(FollowUp))].count("scheduled") == 0
    # A later need of a sender who stopped reminders gets none.
    _need(steps, need_payload(sender_id=SENDER))
    session.expire_all()
    assert [f.state for f in session.scalars(select(FollowUp))].count("scheduled") == 0
    bad = steps.post(f"/api/needs/{first}/follow-up", json={"sender_id": SENDER, "answer": "maybe"})
    assert bad.status_code == 422


def test_the_funnel_starts_at_interview_started(
    steps: Client, need_payload: NeedFactory, session: Session
) -> None:
    for language in ("sw", "sw", "fr"):
        assert (
            steps.post(
                "/api/interviews/started", json={"language": language, "channel": "telegram"}
            ).status_code
            == 204
        )
    assert steps.post("/api/interviews/started", json={"language": "sw"}).status_code == 422
    stored = session.scalars(select(InterviewStart)).all()
    assert len(stored) == 3 and not hasattr(stored[0], "sender_id")
    _need(steps, need_payload(language="sw"))
    _sign_in(steps, *ADMIN)
    funnel = steps.get("/admin/charts.json").json()["funnel"]
    assert list(funnel) == ["started", "submitted", "referred", "in_progress", "transferred"]
    assert (funnel["started"], funnel["submitted"]) == (3, 1)
    assert steps.get("/admin/charts.json", params={"language": "sw"}).json()["funnel"]["started"] == 2
    # Starts have no country: a view by country starts at the submitted need.
    assert "started" not in steps.get("/admin/charts.json", params={"country": "KE"}).json()["funnel"]
