"""Rasa graph component that tags a message with its language when the message makes it clear,
and turns a typed request for a language into the language button's intent.

Placed after the intent classifier and before the FallbackClassifier in ``config.yml``::

    - name: nlu.components.language_id.LanguageIdentifier

1. It adds one entity, ``language_guess``, whose value is one of the assistant's languages
   (``languages.SUPPORTED``), with ``confidence_entity`` and ``extractor`` set, and only when
   the evidence is confident (see ``nlu.components.detection``). Most one- or two-word messages
   ("ok", "hi", "Kenya") get no entity. Whether a guess switches the conversation is decided
   by the steadiness rule (``languages.steadiness``), not here.
2. A message that asks for a language in words ("in English please", "kwa Kiswahili
   tafadhali", "da Hausa"; ``languages.requested_language``) gets the intent ``set_language``
   and the entity ``language``, exactly what the language button sends, so the same rule and
   the same form branch answer it wherever the conversation is. A classifier trained on
   examples could not do this reliably: the entity must name the one language asked for.
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
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from languages import SUPPORTED, requested_language
from nlu.components.detection import LanguageGuess, detect_language, warm_up


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageIdentifier(GraphComponent, EntityExtractorMixin):
    """Adds a ``language_guess`` entity to messages whose language is clear."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The component's default config (see parent class for full docstring)."""
        return {
            # name of the entity the guess is stored in
            "entity_name": "language_guess",
            # languages that may be guessed; a subset of languages.SUPPORTED
            "languages": list(SUPPORTED),
            # guesses below this confidence are dropped
            "min_confidence": 0.0,
            # intent and entity a typed request for a language becomes (the button's); None: off
            "request_intent": "set_language",
            "request_entity": "language",
        }

    def __init__(self, config: dict[str, Any]) -> None:
        unknown = set(config["languages"]) - set(SUPPORTED)
        if unknown:
            raise ValueError(
                f"LanguageIdentifier cannot detect {sorted(unknown)}; it knows {list(SUPPORTED)}"
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
        warm_up()  # the models load when the server starts, not on someone's first message
        return cls(config)

    @staticmethod
    def required_packages() -> list[str]:
        """Lists required dependencies (see parent class for full docstring)."""
        return ["pycld2", "langdetect", "py3langid"]

    def process(self, messages: list[Message]) -> list[Message]:
        """Adds the ``language_guess`` entity; a typed language request becomes ``set_language``."""
        for message in messages:
            text = message.get(TEXT) or ""
            new_entities = []
            guess = detect_language(text)
            if guess is not None and self._accepts(guess):
                new_entities.append(
                    self._entity(self._config["entity_name"], guess.language, text, guess.confidence)
                )
            requested = requested_language(text) if self._config["request_intent"] else None
            typed = not text.lstrip().startswith("/")
            if requested is not None and requested in self._config["languages"] and typed:
                self._set_intent(message, self._config["request_intent"])
                new_entities.append(self._entity(self._config["request_entity"], requested, text, 1.0))
            if new_entities:
                entities = message.get(ENTITIES, []) + self.add_extractor_name(new_entities)
                message.set(ENTITIES, entities, add_to_output=True)
        return messages

    def _accepts(self, guess: LanguageGuess | None) -> bool:
        return (
            guess is not None
            and guess.language in self._config["languages"]
            and guess.confidence >= self._config["min_confidence"]
        )

    @staticmethod
    def _set_intent(message: Message, name: str) -> None:
        # The only intent ranked, with full confidence: the FallbackClassifier after us falls back
        # when the top two are close, and a request for a language is a rule, not a guess.
        intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)

    @staticmethod
    def _entity(entity: str, value: str, text: str, confidence: float) -> dict[str, Any]:
        # The whole message is the evidence, so the entity spans it.
        return {
            ENTITY_ATTRIBUTE_TYPE: entity,
            ENTITY_ATTRIBUTE_VALUE: value,
            ENTITY_ATTRIBUTE_START: 0,
            ENTITY_ATTRIBUTE_END: len(text),
            ENTITY_ATTRIBUTE_CONFIDENCE_TYPE: confidence,
        }
