"""Yes or no, in each language's everyday forms ("ndiyo", "ouais", "واخا", "toh", "እሺ")."""

from __future__ import annotations

from functools import lru_cache

from actions.parsing import text as tx
from actions.parsing.options import payload


@lru_cache(maxsize=16)
def _table(lang: str) -> tx.PhraseTable:
    # Only the user's language, English and French: short words of others mean other things
    # (Swahili "la" is no, Hausa "to" is yes).
    langs = list(dict.fromkeys([lang, "en", "fr"]))
    return tx.PhraseTable(
        [(w, "yes") for w in tx.words("yes", langs)] + [(w, "no") for w in tx.words("no", langs)]
    )


def read_yes_no(text: str, lang: str) -> bool | None:
    """True, False, or None when the answer says neither or both."""
    intent, entities = payload(text)
    if intent == "choose" and entities.get("value") in ("yes", "no"):
        return bool(entities["value"] == "yes")
    if intent in ("confirm", "affirm"):
        return True
    found = tx.tokens(text)
    if not found:
        return None
    hits = _table(lang).find(found, typos=len(found) <= 3, min_letters=6)
    # The first words carry the answer: "yes, but only with the local partner" is a yes.
    leading = [h for h in hits if h.start == 0] or hits
    meanings = {h.key for h in leading}
    if len(meanings) != 1:
        return None
    return meanings.pop() == "yes"
