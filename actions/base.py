"""What every action shares. Abstract, so rasa-sdk does not register it as an action."""

from __future__ import annotations

import abc
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

from actions.knowledge_client import KnowledgeClient, shared_client
from conversation.interview import Interview, load_interview
from conversation.media import MEDIA_MESSAGES
from conversation.messages import Catalogue, default_catalogue
from conversation.utterances import ref


class BaseAction(Action, abc.ABC):
    #: Replaced by tests with a client on an in-process transport.
    client_override: KnowledgeClient | None = None

    @abc.abstractmethod
    def name(self) -> str: ...

    @property
    def client(self) -> KnowledgeClient:
        return BaseAction.client_override or shared_client()

    @property
    def catalogue(self) -> Catalogue:
        return default_catalogue()

    @property
    def interview(self) -> Interview:
        return load_interview()

    @staticmethod
    def language(tracker: Tracker) -> str:
        return str(tracker.get_slot("language") or "en")

    @staticmethod
    def channel(tracker: Tracker) -> str:
        return str(tracker.get_latest_input_channel() or "rest")


def reason_refs(reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Reasons from the knowledge API as catalogue references the NLG renders."""
    return [ref(f"reasons.{r['code']}", **r.get("params", {})) for r in reasons]


def item_mark(item: dict[str, Any], language: str) -> dict[str, Any] | str:
    """Suffix after an item's name: an example, a text in English, and/or availability that the
    source does not state ("to confirm with a local partner")."""
    if item.get("illustrative"):
        first: dict[str, Any] | str = ref("marks.example")
    elif item.get("language") and item["language"] != language:
        first = ref("marks.in_english")
    else:
        first = ""
    if item.get("availability") != "to_confirm":
        return first
    second = ref("marks.to_confirm")
    return ref("marks.both", first=first, second=second) if first else second


def media_ref(kind: str | None) -> dict[str, str]:
    """What the user sent that the bot cannot read, as a catalogue reference."""
    return ref(f"media.{MEDIA_MESSAGES.get(str(kind), MEDIA_MESSAGES['unsupported'])}")


def reset_interview() -> list[Any]:
    """Events that clear every answer, so the next interview starts from the first question."""
    names = load_interview().names + ["need_reference", "need_title", "need_sector", "shown_matches"]
    return [SlotSet(name, None) for name in names] + [
        SlotSet("match_offset", 0),
        SlotSet("form_failures", 0),
    ]
