from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from languages import fold
from nlu.components.normalising_tokenizer import NormalisingWhitespaceTokenizer


@pytest.mark.parametrize(
    ("typed", "folded"),
    [("Déjà", "deja"), ("SÉCHAGE", "sechage"), ("أريد", "اريد"), ("إلغاء", "الغاء"), ("مساعدة", "مساعده"),
     ("مستشفى", "مستشفي"), ("مـــرحبا", "مرحبا"), ("شُكْراً", "شكرا"), ("ሰላም", "ሰላም"), ("kuɗi", "kuɗi")],
)
def test_fold(typed: str, folded: str) -> None:
    assert fold(typed) == folded


def test_tokens_keep_their_text_and_get_folded_lemmas() -> None:
    tokenizer = NormalisingWhitespaceTokenizer(NormalisingWhitespaceTokenizer.get_default_config())
    message = Message(data={"text": "Je veux l'Énergie أريد المساعدة"})
    tokens = tokenizer.tokenize(message, "text")
    assert [t.text for t in tokens][:2] == ["Je", "veux"]
    assert "energie" in [t.lemma for t in tokens] and "المساعده" in [t.lemma for t in tokens]
