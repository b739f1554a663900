""""What do you know about me" is trained in every language: nlu/data/<lang>/privacy.yml."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("en", "fr", "es", "pt", "sw", "ar", "ha", "am")


def normalised(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return " ".join(re.findall(r"\w+", "".join(ch for ch in text if not unicodedata.combining(ch))))


def examples(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for message in RasaYAMLReader().read(str(path)).intent_examples:
        found.setdefault(message.get("intent"), []).append(message.get("text"))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_data_has_its_own_examples_in_every_language(language: str) -> None:
    privacy = examples(ROOT / "nlu" / "data" / language / "privacy.yml")
    assert set(privacy) == {"my_data"}
    texts = privacy["my_data"]
    assert 15 <= len(texts) <= 25, len(texts)
    assert len({normalised(t) for t in texts}) == len(texts), "an example is repeated"
    others = {normalised(t) for path in (ROOT / "nlu" / "data" / language).glob("*.yml")
              if path.name != "privacy.yml" for ts in examples(path).values() for t in ts}
    assert not [t for t in texts if normalised(t) in others], "an example also belongs to another intent"
