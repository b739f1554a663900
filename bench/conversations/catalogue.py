"""Recognise what the bot said by comparing its text with the message catalogues
(`conversation/locales/<lang>.yml`) of every language: which interview question it asks, whether it says
it did not understand, and in which language it writes.

Read from the files at run time, so the benchmark follows the catalogues of the code under test
and imports nothing from the bot.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# Responses that tell the user their answer was not understood or not accepted. Matched by key
# so that re-ask messages added later are counted too.
NOT_UNDERSTOOD_KEYS = re.compile(
    r"^utter_(invalid_.*|default|.*not_understood.*|.*did_not_understand.*|.*re_?ask.*)$"
)
# A template must share at least this many letters with a message to say anything about its language.
MIN_LETTERS = 4
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def normalise(text: str) -> str:
    """Case, accents, markdown stars and spacing do not matter when comparing texts."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("*", "")
    return " ".join(stripped.split())


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


@dataclass(frozen=True)
class Template:
    lang: str
    key: str
    pattern: re.Pattern[str]
    letters: int  # letters in the literal parts: how much the template says


def compile_template(lang: str, key: str, text: str) -> Template | None:
    literals = [normalise(part) for part in _PLACEHOLDER.split(text)]
    letters = sum(_letters(part) for part in literals)
    if letters < MIN_LETTERS:
        return None
    # Each literal piece must appear in order; a placeholder may stand for anything.
    body = r".*?".join(re.escape(part) for part in literals if part)
    return Template(lang, key, re.compile(body, re.DOTALL), letters)


def _text_of(spec: Any) -> str | None:
    if isinstance(spec, str):
        return spec
    if isinstance(spec, dict) and isinstance(spec.get("text"), str):
        return spec["text"]
    return None


def script_language(text: str) -> str | None:
    """Ge'ez script is Amharic and Arabic script is Arabic among our eight languages."""
    for ch in text:
        if "\u1200" <= ch <= "\u139f" or "\u2d80" <= ch <= "\u2ddf":
            return "am"
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f":
            return "ar"
    return None


@dataclass
class Catalogues:
    """Every response text of every language, compiled for searching inside bot messages."""

    languages: list[str]
    fields: list[str]
    options: dict[str, list[str]]  # field -> option codes, in the interview's order
    words: dict[str, dict[str, list[str]]]  # lang -> word kind -> typed words
    responses: list[Template] = field(default_factory=list)
    questions: list[tuple[str, Template]] = field(default_factory=list)  # (field, template)

    @classmethod
    def load(cls, root: Path) -> Catalogues:
        interview = yaml.safe_load((root / "conversation" / "interview.yml").read_text(encoding="utf-8"))
        fields = [f["name"] for f in interview["fields"]]
        options = {f["name"]: [str(o) for o in f.get("options", [])] for f in interview["fields"]}
        catalogues = cls(languages=[], fields=fields, options=options, words={})
        for path in sorted((root / "conversation" / "locales").glob("*.yml")):
            lang = path.stem
            locale = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            catalogues.languages.append(lang)
            words = locale.get("words") or {}
            catalogues.words[lang] = {str(k): [str(w) for w in v] for k, v in words.items()}
            for key, spec in (locale.get("responses") or {}).items():
                text = _text_of(spec)
                template = compile_template(lang, key, text) if text else None
                if template is None:
                    continue
                catalogues.responses.append(template)
                for name in fields:
                    # utter_ask_<field> and any variant of it (utter_ask_<field>_again, ...)
                    if key == f"utter_ask_{name}" or key.startswith(f"utter_ask_{name}_"):
                        catalogues.questions.append((name, template))
        # Longest first, so "utter_ask_consent_share" is not taken for a shorter look-alike.
        catalogues.questions.sort(key=lambda q: -q[1].letters)
        return catalogues

    def asked_field(self, text: str) -> tuple[str, int] | None:
        """The interview field whose question appears last in `text`, with where it ends."""
        norm = normalise(text)
        best: tuple[int, int, str] | None = None  # (end, letters, field)
        for name, template in self.questions:
            for match in template.pattern.finditer(norm):
                candidate = (match.end(), template.letters, name)
                if best is None or candidate > best:
                    best = candidate
        return (best[2], best[0]) if best else None

    def matching(self, text: str) -> list[Template]:
        norm = normalise(text)
        return [t for t in self.responses if t.pattern.search(norm)]

    def keys(self, text: str) -> set[str]:
        return {t.key for t in self.matching(text)}

    def is_not_understood(self, text: str) -> bool:
        return any(NOT_UNDERSTOOD_KEYS.match(t.key) for t in self.matching(text))

    def is_summary(self, text: str) -> bool:
        return "utter_summary" in self.keys(text)

    def language_of(self, text: str) -> set[str]:
        """The languages whose catalogue explains the message best (several when the text
        reads the same in them); empty when no catalogue text is recognised."""
        found = self.matching(text)
        if not found:
            script = script_language(text)
            return {script} if script else set()
        best = max(t.letters for t in found)
        return {t.lang for t in found if t.letters == best}

    def word(self, lang: str, kind: str) -> str | None:
        found = self.words.get(lang, {}).get(kind) or self.words.get("en", {}).get(kind)
        return found[0] if found else None
