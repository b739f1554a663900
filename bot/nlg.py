"""The natural-language generator Rasa loads in process (`nlg: type: bot.nlg.LocalizedNLG`).

Every response, whether predicted by a policy, asked by the form or requested by an action
with arguments, is rendered here in the language held in the `language` slot. Rendering in
process avoids Rasa's callback NLG, which posts the whole tracker for every utterance.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from conversation.messages import Catalogue, default_catalogue
from conversation.utterances import LANGUAGE

logger = logging.getLogger(__name__)
LANGUAGE_SLOT = "language"


class LocalizedNLG(NaturalLanguageGenerator):
    def __init__(
        self,
        endpoint_config: EndpointConfig | None = None,
        domain: Domain | None = None,
        catalogue: Catalogue | None = None,
    ) -> None:
        self.catalogue = catalogue or default_catalogue()
        self.domain = domain

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        # An action that switches language passes the new one: its own messages are rendered
        # before the slot event it returns is applied.
        language = kwargs.get(LANGUAGE) or tracker.get_slot(LANGUAGE_SLOT)
        message = self.catalogue.render(utter_action, language, kwargs)
        if message is None:
            logger.error("No message %s in the catalogue", utter_action)
        return message
