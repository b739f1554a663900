"""The e-mail a service provider gets when the user withdraws a need that was e-mailed to
them, in the same language as the referral e-mail (knowledge.notify.mail)."""

import logging

from sqlalchemy.orm import Session, sessionmaker

from knowledge.models import Need, Referral, ServiceProvider
from knowledge.notify.mail import Mail, mail_language, need_link, send
from knowledge.settings import Settings

logger = logging.getLogger(__name__)

WITHDRAWAL_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "subject": "Withdrawn {reference}: {title}",
        "body": "The user has withdrawn the need {reference} ({title}) that was referred to {provider}. "
        "No action is needed. The referral is closed: {link}",
    },
    "fr": {
        "subject": "Retiré {reference} : {title}",
        "body": "L'utilisateur a retiré le besoin {reference} ({title}) transmis à {provider}. "
        "Aucune action n'est nécessaire. L'orientation est close : {link}",
    },
    "es": {
        "subject": "Retirada {reference}: {title}",
        "body": "El usuario retiró la necesidad {reference} ({title}) derivada a {provider}. "
        "No hace falta hacer nada. La derivación está cerrada: {link}",
    },
    "pt": {
        "subject": "Retirada {reference}: {title}",
        "body": "O utilizador retirou a necessidade {reference} ({title}) encaminhada para {provider}. "
        "Não é preciso fazer nada. O encaminhamento está fechado: {link}",
    },
    "sw": {
        "subject": "Imeondolewa {reference}: {title}",
        "body": "Mtumiaji ameondoa hitaji {reference} ({title}) lililopelekwa kwa {provider}. "
        "Hakuna hatua inayohitajika. Rufaa imefungwa: {link}",
    },
    "ar": {
        "subject": "سُحبت {reference}: {title}",
        "body": "سحب المستخدم الحاجة {reference} ({title}) التي أُحيلت إلى {provider}. "
        "لا حاجة لأي إجراء. أُغلقت الإحالة: {link}",
    },
    "ha": {
        "subject": "An janye {reference}: {title}",
        "body": "Mai amfani ya janye bukatar {reference} ({title}) da aka tura zuwa {provider}. "
        "Babu abin da ake bukata. An rufe turawar: {link}",
    },
    "am": {
        "subject": "ተሰርዟል {reference}: {title}",
        "body": "ተጠቃሚው ወደ {provider} የተላከውን ፍላጎት {reference} ({title}) አንስቷል። "
        "ምንም እርምጃ አያስፈልግም። ሪፈራሉ ተዘግቷል: {link}",
    },
}


def compose_withdrawal(settings: Settings, need: Need, provider: ServiceProvider, to: str) -> Mail:
    language = mail_language(provider)
    texts = WITHDRAWAL_TEXTS[language]
    values = {
        "reference": need.reference or "",
        "title": need.title,
        "provider": provider.name,
        "link": need_link(settings, need),
    }
    subject = " ".join(texts["subject"].format(**values).split())[:200]
    return Mail(to=to, subject=subject, body=texts["body"].format(**values) + "\n", language=language)


def tell_providers(
    session_factory: sessionmaker[Session], settings: Settings, referral_ids: list[int]
) -> int:
    """E-mails each referral's provider that the need was withdrawn (a background task after
    the commit); returns how many messages the server accepted."""
    mails = []
    with session_factory() as session:
        for referral_id in referral_ids:
            referral = session.get(Referral, referral_id)
            provider = referral.service_provider if referral else None
            if referral is None or provider is None or not provider.notify_email:
                continue
            mails.append(compose_withdrawal(settings, referral.need, provider, provider.notify_email))
    sent = sum(1 for mail in mails if send(settings, mail))
    if mails:
        logger.info("withdrawal e-mailed to %d of %d service providers", sent, len(mails))
    return sent
