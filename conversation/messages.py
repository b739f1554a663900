"""Message catalogues: load `conversation/locales/<lang>.yml` and render a response in one language.

Pure Python (PyYAML only) so that both environments use it: the NLG inside the Rasa process
renders with it, and the form validator in the action server reads option labels and the
words users type instead of tapping.

Parameters may be plain values, lists (joined with the locale's separator), lines or references
to other entries rendered in the same language (`conversation.utterances`: `lines(...)`,
`ref("options.org_type.sme")`), so an action can ask for an option or a reason without knowing
any language.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from conversation.utterances import BUTTONS, LINES, LIST_BUTTON, REF, choice_payload
from languages import DEFAULT as DEFAULT_LANGUAGE
from languages import normalise

LOCALES_DIR = Path(__file__).parent / "locales"


__all__ = ["DEFAULT_LANGUAGE", "Catalogue", "default_catalogue", "load_catalogue", "normalise"]


class _SafeDict(dict):  # type: ignore[type-arg]
    """Leave an unknown {placeholder} visible rather than failing the whole message."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Catalogue:
    locales: Mapping[str, Mapping[str, Any]]

    @property
    def languages(self) -> list[str]:
        return sorted(self.locales)

    def language(self, lang: str | None) -> str:
        return lang if lang is not None and lang in self.locales else DEFAULT_LANGUAGE

    def lookup(self, key: str, lang: str | None) -> Any:
        """The value at a dotted key in `lang`, falling back to English."""
        for candidate in (self.language(lang), DEFAULT_LANGUAGE):
            node: Any = self.locales[candidate]
            for part in key.split("."):
                node = node.get(part) if isinstance(node, Mapping) else None
                if node is None:
                    break
            if node is not None:
                return node
        return None

    def text(self, key: str, lang: str | None, **params: Any) -> str:
        template = self.lookup(key, lang)
        if not isinstance(template, str):
            return key
        return self.format(template, lang, params)

    def format(self, template: str, lang: str | None, params: Mapping[str, Any]) -> str:
        values = _SafeDict({k: self.value(v, lang) for k, v in params.items()})
        return string.Formatter().vformat(template, (), values)

    def value(self, value: Any, lang: str | None) -> str:
        if isinstance(value, Mapping) and LINES in value:
            return "\n".join(self.value(v, lang) for v in value[LINES])
        if isinstance(value, Mapping) and REF in value:
            params = {k: v for k, v in value.items() if k != REF}
            return self.text(str(value[REF]), lang, **params)
        if isinstance(value, (list, tuple)):
            separator = self.lookup("list_separator", lang) or "; "
            return str(separator).join(self.value(v, lang) for v in value)
        if value is None or value == "":
            return str(self.lookup("not_given", lang) or "-")
        return str(value)

    def option_label(self, field: str, code: str, lang: str | None) -> str:
        label = self.lookup(f"options.{field}.{code}", lang)
        return str(label) if label is not None else code

    def options(self, field: str, lang: str | None) -> dict[str, str]:
        english = self.locales[DEFAULT_LANGUAGE]["options"].get(field, {})
        return {code: self.option_label(field, code, lang) for code in english}

    def words(self, word: str, lang: str | None) -> list[str]:
        found = self.lookup(f"words.{word}", lang) or []
        return [normalise(w) for w in found]

    def render(
        self, response: str, lang: str | None, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any] | None:
        """The message dict Rasa sends ({text, buttons}) or None for an unknown response."""
        spec = self.lookup(f"responses.{response}", lang)
        if not isinstance(spec, Mapping):
            return None
        english = self.locales[DEFAULT_LANGUAGE]["responses"].get(response, {})
        message: dict[str, Any] = {"text": self.format(spec["text"], lang, params or {})}
        buttons = []
        choices = spec.get("choices", english.get("choices"))
        if choices:
            buttons += [
                {"title": label, "payload": choice_payload(code)}
                for code, label in self.options(choices, lang).items()
            ]
        for name in spec.get("buttons", english.get("buttons", [])):
            buttons.append({"title": self.text(f"buttons.{name}", lang), "payload": f"/{name}"})
        for extra in (params or {}).get(BUTTONS) or []:
            buttons.append({"title": self.value(extra["title"], lang), "payload": extra["payload"]})
        if buttons:
            message["buttons"] = buttons
            label = self.lookup(LIST_BUTTON, lang)
            if isinstance(label, str):
                message[LIST_BUTTON] = label
        return message


def load_catalogue(directory: Path = LOCALES_DIR) -> Catalogue:
    locales = {}
    for path in sorted(directory.glob("*.yml")):
        with path.open(encoding="utf-8") as handle:
            locales[path.stem] = yaml.safe_load(handle)
    if DEFAULT_LANGUAGE not in locales:
        raise FileNotFoundError(f"{directory}/{DEFAULT_LANGUAGE}.yml is required")
    return Catalogue(locales)


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    return load_catalogue()
