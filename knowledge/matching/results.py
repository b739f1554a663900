"""Turns ranked catalogue entries into API `Result`s in the requested language."""

from knowledge.matching.scoring import Scored
from knowledge.models import (
    CatalogueEntry,
    FinanceOffer,
    ServiceProvider,
    Technology,
    TrainingOffer,
)
from knowledge.schemas.results import Reason, Result
from knowledge.vocab import ItemKind


def item_kind(entry: CatalogueEntry) -> ItemKind:
    if isinstance(entry, Technology):
        return "technology"
    if isinstance(entry, FinanceOffer):
        return "finance"
    if isinstance(entry, TrainingOffer):
        return "training"
    return "service"


def localized_text(entry: CatalogueEntry, language: str) -> tuple[str, str, str, bool]:
    """(name, summary, language of both, translated?) - the requested language where the
    entry has it, else English, else the entry's own language."""
    wanted = language.split("-")[0].lower()
    translations = entry.translations or {}
    for lang in (wanted, "en"):
        if entry.language == lang:
            return entry.name, entry.summary, entry.language, False
        translation = translations.get(lang)
        if translation and translation.get("name") and translation.get("summary"):
            return translation["name"], translation["summary"], lang, True
    return entry.name, entry.summary, entry.language, False


def to_result(
    entry: CatalogueEntry, language: str, score: float = 0.0, reasons: list[Reason] | None = None
) -> Result:
    name, summary, text_language, translated = localized_text(entry, language)
    provider: str | None
    url = entry.source_url
    category = None
    deadline: str | None = None
    application_languages: list[str] = []
    if isinstance(entry, Technology):
        provider = entry.provider.name if entry.provider else None
        url = url or (entry.provider.url if entry.provider else None)
    elif isinstance(entry, ServiceProvider):
        provider = entry.name
        url = entry.contact_url or url
        category = entry.kind
    else:
        provider = entry.provider  # type: ignore[attr-defined]
    if isinstance(entry, FinanceOffer):
        deadline, application_languages = entry.deadline, list(entry.application_languages or [])
    return Result(
        kind=item_kind(entry),
        id=entry.id,
        name=name,
        provider=provider,
        summary=summary,
        url=url,
        illustrative=entry.illustrative,
        language=text_language,
        translated=translated,
        score=round(score, 3),
        reasons=reasons or [],
        category=category,
        checked=entry.checked,
        availability=entry.availability,
        deadline=deadline,
        application_languages=application_languages,
    )


def scored_result(scored: Scored, language: str) -> Result:
    return to_result(scored.entry, language, scored.score, scored.reasons)
