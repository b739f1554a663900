"""What the intermediary's e-mails and the user's messages look like, in French and Swahili
(or any of the eight languages), rendered by the real code: `knowledge.notify` for the
e-mails, the bot's catalogue (`conversation/locales/`, the NLG's renderer) for what the user reads.

    .venv-svc/bin/python -m bench.notification_examples [--languages fr sw] > docs/notifications.md

The need and the partner are made up (example.org addresses, an illustrative reference)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from actions.need_steps import need_buttons, next_step_ref, status_ref, step_button
from actions.refer import based_in, first_sentence
from conversation.messages import default_catalogue
from knowledge.models import Need, ServiceProvider
from knowledge.notify.mail import Mail, compose
from knowledge.notify.withdrawal import compose_withdrawal
from knowledge.settings import Settings

REFERENCE = "TN-7KQ2M9XD4A"
# The user's own words, in their language; the title the assistant proposed from them.
NEEDS = {
    "fr": ("Séchoir solaire pour mangues", "Nous perdons la moitié de nos mangues après la récolte."),
    "sw": ("Kikaushio cha jua kwa maembe", "Tunapoteza nusu ya maembe yetu baada ya mavuno."),
    "en": ("Solar dryer for mangoes", "We lose half of our mangoes after harvest."),
}
PARTNER = "Centre d'incubation agricole de Thiès (exemple)"
# The partner's summary as the knowledge API returns it: in the user's language when the
# catalogue has that translation.
SUMMARIES = {
    "fr": "Aide les groupes de paysans à choisir du matériel, trouver fournisseurs et financement. "
    "Suit l'installation.",
    "sw": "Husaidia vikundi vya wakulima kuchagua vifaa, kupata wasambazaji na ufadhili. "
    "Hufuatilia ufungaji.",
    "en": "Helps farmers' groups choose equipment, find suppliers and finance. Follows up installation.",
}


def _need(language: str) -> Need:
    title, problem = NEEDS.get(language, NEEDS["en"])
    return Need(
        reference=REFERENCE,
        title=title,
        problem=problem,
        language=language,
        channel="telegram",
        sender_id="telegram:0",
        org_type="farmer_cooperative",
        country="SN",
        sector="agriculture_food",
        consent_store=True,
        consent_share=True,
    )


def _mail(mail: Mail) -> str:
    return f"```\nTo: {mail.to}\nSubject: {mail.subject}\nContent-Language: {mail.language}\n\n{mail.body}```"


def _said(response: str, language: str, **params: Any) -> str:
    message = default_catalogue().render(response, language, params)
    assert message is not None, response
    buttons = "".join(f"\n[{b['title']}]" for b in message.get("buttons", []))
    return f"```\n{message['text']}{buttons}\n```"


def section(language: str, settings: Settings) -> str:
    need = _need(language)
    provider = ServiceProvider(name=PARTNER, languages=[language])
    to = "referrals@partner.example.org"
    listed = {
        "reference": REFERENCE,
        "title": need.title,
        "status": "referred",
        "consent_share": True,
        "referral_status": "in_progress",
        "provider": {"name": PARTNER},
    }
    follow_up = [
        step_button(a, "follow_up_answer", need_reference=REFERENCE, follow_up_answer=a)
        for a in ("helped", "waiting", "stop")
    ]
    name = default_catalogue().locales[language]["language_name"]
    country = {"code": "local", "params": {"country": "Sénégal" if language == "fr" else "Senegal"}}
    parts = [
        f"## {name} ({language})",
        "### E-mail to the partner when the need is referred",
        _mail(compose(settings, need, provider, to)),
        "### What the user reads when the need is referred",
        _said(
            "utter_referral_proposed",
            language,
            reference=REFERENCE,
            provider=PARTNER,
            based=based_in({"reasons": [country]}),
            about=first_sentence(SUMMARIES.get(language, SUMMARIES["en"])),
            contact={"$": "options.contact_preference.same_channel"},
        ),
        "### The user's update when the partner moves the referral on (dashboard → Rasa)",
        _said(
            "utter_referral_update",
            language,
            reference=REFERENCE,
            status={"$": "referral_status.in_progress"},
        ),
        '### "My needs"',
        _said(
            "utter_my_need_item",
            language,
            reference=REFERENCE,
            title=need.title,
            status=status_ref(listed),
            next_step=next_step_ref(listed),
            extra_buttons=need_buttons(listed),
        ),
        "### The follow-up, answered in one tap",
        _said("utter_follow_up", language, reference=REFERENCE, title=need.title, extra_buttons=follow_up),
        "### E-mail to the partner when the user withdraws the need",
        _mail(compose_withdrawal(settings, need, provider, to)),
    ]
    return "\n\n".join(parts)


def main(argv: Sequence[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--languages", nargs="+", default=["fr", "sw"])
    args = parser.parse_args(argv)
    settings = Settings(public_base_url="https://needs.example.org")
    head = (
        "# Notifications: what the partner and the user receive\n\n"
        "Generated by `.venv-svc/bin/python -m bench.notification_examples` from the real templates "
        "(`knowledge/notify/`, `conversation/locales/`); the need and the partner are made up."
        " The e-mail goes out in the partner's first working language the assistant speaks"
        " (else English); the user reads everything in their own language on their own channel."
    )
    return "\n\n".join([head, *(section(language, settings) for language in args.languages)]) + "\n"


if __name__ == "__main__":
    print(main(), end="")
