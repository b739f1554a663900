"""The e-mail a service provider gets when a need is referred to them.

Sent with the standard library's smtplib (one message per referral, rarely more than a few a
day: no pool or queue is worth its weight), after the referral is committed, so a slow or
failing mail server never loses a referral; the referral then stays `new` and the dashboard
shows it unnotified.
"""

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from functools import cache

from knowledge.models import Need, ServiceProvider
from knowledge.notify.mail_texts import MAIL_TEXTS
from knowledge.settings import Settings
from languages import DEFAULT, SUPPORTED

logger = logging.getLogger(__name__)
# Channels whose sender id is the user's phone number.
PHONE_CHANNELS = ("whatsapp", "sms", "ussd", "ivr")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    language: str


def mail_language(provider: ServiceProvider) -> str:
    """The first of the provider's working languages the assistant has texts for, else English."""
    for language in provider.languages or []:
        if language in SUPPORTED:
            return language
    return DEFAULT


def need_link(settings: Settings, need: Need) -> str:
    return f"{settings.public_base_url.rstrip('/')}/admin/needs/{need.reference}"


def phone_of(need: Need) -> str | None:
    """The user's phone number, only when they agreed to share the need and wrote on a
    channel whose sender id is that number."""
    if not need.consent_share or need.channel not in PHONE_CHANNELS:
        return None
    return need.sender_id


def compose(settings: Settings, need: Need, provider: ServiceProvider, to: str) -> Mail:
    language = mail_language(provider)
    texts = MAIL_TEXTS[language]
    values = {
        "reference": need.reference or "",
        "title": need.title,
        "provider": provider.name,
        "sector": need.sector or "-",
        "country": need.country,
        "org_type": need.org_type,
        "link": need_link(settings, need),
    }
    phone = phone_of(need)
    lines = [
        texts["intro"].format(**values),
        "",
        f"{texts['need']}: {need.title}",
        texts["details"].format(**values),
        "",
        texts["words"],
        need.problem,
        "",
        texts["link"].format(**values),
        texts["phone"].format(phone=phone) if phone else texts["no_phone"],
    ]
    # A title is the user's words: no line break may reach the Subject header.
    subject = " ".join(texts["subject"].format(**values).split())[:200]
    return Mail(to=to, subject=subject, body="\n".join(lines) + "\n", language=language)


@cache
def _say_off_once() -> None:
    logger.info("e-mail notifications are off: set SMTP_HOST and SMTP_FROM to send them")


def send(settings: Settings, mail: Mail) -> bool:
    """True once the server accepted the message; False when mail is off or the server
    refused (logged without the message text)."""
    if not settings.smtp_enabled:
        _say_off_once()
        return False
    message = EmailMessage()
    # First: set_content drops any Content-* header set before it.
    message.set_content(mail.body)
    message["From"] = settings.smtp_from
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Content-Language"] = mail.language
    message["Message-ID"] = make_msgid(domain=(settings.smtp_from or "").rpartition("@")[2] or None)
    assert settings.smtp_host is not None
    try:
        timeout = settings.smtp_timeout_seconds
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user and settings.smtp_password:
                smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("referral e-mail not sent: %s", type(error).__name__)
        return False
    return True
