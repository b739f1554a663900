"""Properties of the helpers both channels share, on generated text: a user cannot type an
intent, language hints are language subtags or nothing, cleaned text is always storable."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.inbound import (
    COMMAND_INTENTS,
    clean_text,
    normalize_command,
    primary_language,
    unsupported_media_text,
)
from connectors.replies import truncate, utf16_length
from conversation.media import MEDIA_KINDS
from tests.fakes.strategies import json_values, texts

BOUNDED = settings(max_examples=200, deadline=None)


@BOUNDED
@given(text=texts())
def test_typed_text_reaches_rasa_as_a_known_command_or_without_its_slash(text: str) -> None:
    result, argument = normalize_command(text)
    if result.strip().startswith("/"):
        assert result in {f"/{intent}" for intent in COMMAND_INTENTS.values()} or result.strip() == "/"
    assert argument is None or (argument and argument == argument.strip())


@BOUNDED
@given(kind=st.one_of(st.sampled_from(MEDIA_KINDS), texts(12)))
def test_unsupported_media_text_names_a_known_kind(kind: str) -> None:
    text = unsupported_media_text(kind)
    assert text.startswith("/unsupported_media{")
    assert json.loads(text[len("/unsupported_media") :])["media_kind"] in MEDIA_KINDS


@BOUNDED
@given(tag=st.one_of(json_values(4), texts(12)))
def test_language_hint_is_a_lowercase_subtag_or_none(tag: object) -> None:
    language = primary_language(tag)
    assert language is None or (language.isascii() and language.isalpha() and language.islower())


@BOUNDED
@given(text=texts())
def test_clean_text_is_utf8_and_changes_only_lone_surrogates(text: str) -> None:
    cleaned = clean_text(text)
    cleaned.encode("utf-8")
    assert len(cleaned) == len(text)
    assert utf16_length(text) >= 0  # never raises, even on lone surrogates
    assert all(a == b or b == "\ufffd" for a, b in zip(text, cleaned, strict=True))


@BOUNDED
@given(text=texts(), limit=st.integers(1, 200))
def test_truncate_respects_the_limit_and_keeps_the_start(text: str, limit: int) -> None:
    cut = truncate(text, limit)
    assert len(cut) <= limit
    if len(text) <= limit:
        assert cut == text
    else:
        assert cut.endswith("…") and text.startswith(cut[:-1])
