"""A referral e-mails its service provider at once, through a real SMTP server on 127.0.0.1
(aiosmtpd), in the provider's language, with a link to the need and no phone number unless
the user agreed to share it."""

import email
import email.policy
import socket
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import Need, Referral, ReferralEvent, ServiceProvider
from knowledge.notify.mail import compose
from knowledge.settings import Settings
from tests.knowledge.helpers import Client

NeedFactory = Callable[..., dict[str, Any]]
PHONE = "254712345678"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[Envelope, EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:  # noqa: N802
        raw = envelope.original_content or envelope.content
        assert isinstance(raw, bytes)
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append((envelope, message))
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    # aiosmtpd's start-up check connects to the port it was given, so port 0 cannot be used.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def mailing_client(
    make_client: Callable[..., Client], settings: Settings, inbox: tuple[Inbox, int]
) -> Client:
    configured = settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": inbox[1],
            "smtp_from": "referrals@needs.example.org",
            "public_base_url": "https://needs.example.org/",
        }
    )
    return make_client(configured)


def _provider(session: Session, external_id: str, to: str, languages: list[str]) -> ServiceProvider:
    provider = session.scalar(select(ServiceProvider).where(ServiceProvider.external_id == external_id))
    assert provider is not None
    provider.notify_email = to
    provider.languages = languages
    session.commit()
    return provider


def _need(mailing_client: Client, payload: dict[str, Any]) -> dict[str, Any]:
    response = mailing_client.post("/api/needs", json=payload)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_referral_emails_the_provider_in_their_language_and_becomes_notified(
    mailing_client: Client,
    need_payload: Callable[..., dict[str, Any]],
    inbox: tuple[Inbox, int],
    session: Session,
) -> None:
    kipi = _provider(session, "kipi", "desk@kipi.example.org", ["sw", "en"])
    need = _need(mailing_client, need_payload(sender_id="telegram:55501", language="sw"))
    response = mailing_client.post(
        f"/api/needs/{need['reference']}/referrals", json={"service_provider_id": kipi.id}
    )
    assert response.status_code == 201
    messages = inbox[0].messages
    assert len(messages) == 1
    envelope, message = messages[0]
    assert envelope.rcpt_tos == ["desk@kipi.example.org"]
    assert message["From"] == "referrals@needs.example.org"
    assert message["Subject"] == f"Rufaa mpya {need['reference']}: Solar drying of mangoes"
    assert message["Content-Language"] == "sw"
    body = message.get_content()
    assert f"https://needs.example.org/admin/needs/{need['reference']}" in body
    assert "We lose half of our mangoes after harvest" in body  # the user's own words
    assert "Tafadhali jibu kupitia dashibodi" in body
    assert "55501" not in body  # a Telegram chat id is not a number to call
    session.expire_all()
    referral = session.get(Referral, response.json()["id"])
    assert referral is not None and referral.status == "notified"
    history = session.scalars(
        select(ReferralEvent.status)
        .where(ReferralEvent.referral_id == referral.id)
        .order_by(ReferralEvent.id)
    ).all()
    assert history == ["new", "notified"]
    # Asked again, nothing is sent twice.
    again = mailing_client.post(
        f"/api/needs/{need['reference']}/referrals", json={"service_provider_id": kipi.id}
    )
    assert again.status_code == 200 and len(messages) == 1


def test_english_when_the_provider_works_in_no_language_of_ours_and_phone_shared_by_consent(
    mailing_client: Client,
    need_payload: Callable[..., dict[str, Any]],
    inbox: tuple[Inbox, int],
    session: Session,
) -> None:
    kipi = _provider(session, "kipi", "desk@kipi.example.org", ["de"])
    need = _need(mailing_client, need_payload(sender_id=PHONE, channel="whatsapp"))
    mailing_client.post(f"/api/needs/{need['reference']}/referrals", json={"service_provider_id": kipi.id})
    ((_, message),) = inbox[0].messages
    assert message["Subject"].startswith("New referral ")
    assert f"The user agreed to share their number: {PHONE}" in message.get_content()


def test_no_phone_number_without_the_users_consent_to_share(
    settings: Settings, session: Session, need_payload: Callable[..., dict[str, Any]]
) -> None:
    kipi = session.scalar(select(ServiceProvider).where(ServiceProvider.external_id == "kipi"))
    assert kipi is not None
    fields = need_payload(sender_id=PHONE, channel="whatsapp", consent_share=False)
    need = Need(reference="TN-TEST", **fields)
    mail = compose(settings, need, kipi, "desk@kipi.example.org")
    assert PHONE not in mail.body and PHONE not in mail.subject


def test_mail_off_or_no_address_leaves_the_referral_new(
    client: Client, create_need: NeedFactory, session: Session
) -> None:
    kipi = _provider(session, "kipi", "desk@kipi.example.org", ["en"])
    need = create_need()
    url = f"/api/needs/{need['reference']}/referrals"
    response = client.post(url, json={"service_provider_id": kipi.id})
    assert response.status_code == 201 and response.json()["status"] == "new"
    session.expire_all()
    referral = session.get(Referral, response.json()["id"])
    assert referral is not None and referral.status == "new"


def test_a_subject_never_carries_a_line_break_from_the_users_title(
    settings: Settings, session: Session, need_payload: Callable[..., dict[str, Any]]
) -> None:
    kipi = session.scalar(select(ServiceProvider).where(ServiceProvider.external_id == "kipi"))
    assert kipi is not None
    need = Need(reference="TN-TEST", **need_payload(title="Dryer\r\nBcc: victim@example.org"))
    mail = compose(settings, need, kipi, "desk@kipi.example.org")
    assert "\n" not in mail.subject and "\r" not in mail.subject
