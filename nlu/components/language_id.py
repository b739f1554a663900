"""Rasa graph component that tags a message with its language when the message makes it clear.

It needs only the message text, so it can go anywhere in the pipeline of ``config.yml``;
at the end is simplest::

    - name: nlu.components.language_id.LanguageIdentifier

It adds one entity, ``language_guess``, whose value is one of the assistant's languages
(en fr es pt sw ar ha am), with ``confidence_entity`` and ``extractor`` set, and only when the
evidence is confident (see ``nlu.components.detection``). Most one- or two-word messages ("ok",
"hi", "Kenya") get no entity: the conversation keeps the language it has.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import ENTITY_ATTRIBUTE_CONFIDENCE_TYPE
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from nlu.components.detection import SUPPORTED_LANGUAGES, LanguageGuess, detect_language


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageIdentifier(GraphComponent, EntityExtractorMixin):
    """Adds a ``language_guess`` entity to messages whose language is clear."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The component's default config (see parent class for full docstring)."""
        return {
            # name of the entity the guess is stored in
            "entity_name": "language_guess",
            # languages that may be guessed; a subset of nlu.components.detection's
            "languages": list(SUPPORTED_LANGUAGES),
            # guesses below this confidence are dropped
            "min_confidence": 0.0,
        }

    def __init__(self, config: dict[str, Any]) -> None:
        unknown = set(config["languages"]) - set(SUPPORTED_LANGUAGES)
        if unknown:
            raise ValueError(
                f"LanguageIdentifier cannot detect {sorted(unknown)}; it knows {list(SUPPORTED_LANGUAGES)}"
            )
        self._config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageIdentifier:
        """Creates a new component (see parent class for full docstring)."""
        return cls(config)

    @staticmethod
    def required_packages() -> list[str]:
        """Lists required dependencies (see parent class for full docstring)."""
        return ["pycld2", "langdetect"]

    def process(self, messages: list[Message]) -> list[Message]:
        """Adds the ``language_guess`` entity to each message whose language is clear."""
        for message in messages:
            text = message.get(TEXT) or ""
            guess = detect_language(text)
            if not self._accepts(guess):
                continue
            entity = self._entity(guess, text)  # type: ignore[arg-type]
            message.set(
                ENTITIES,
                message.get(ENTITIES, []) + self.add_extractor_name([entity]),
                add_to_output=True,
            )
        return messages

    def _accepts(self, guess: LanguageGuess | None) -> bool:
        return (
            guess is not None
            and guess.language in self._config["languages"]
            and guess.confidence >= self._config["min_confidence"]
        )

    def _entity(self, guess: LanguageGuess, text: str) -> dict[str, Any]:
        # The whole message is the evidence, so the entity spans it.
        return {
            ENTITY_ATTRIBUTE_TYPE: self._config["entity_name"],
            ENTITY_ATTRIBUTE_VALUE: guess.language,
            ENTITY_ATTRIBUTE_START: 0,
            ENTITY_ATTRIBUTE_END: len(text),
            ENTITY_ATTRIBUTE_CONFIDENCE_TYPE: guess.confidence,
        }
