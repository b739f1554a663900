"""The shared language module: codes, folding, scripts, typed requests; and that it stays Rasa-free."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from languages import (
    DEFAULT,
    NAMES,
    SUPPORTED,
    fold,
    normalise,
    normalise_code,
    requested_language,
    script_language,
)

ROOT = Path(__file__).resolve().parents[2]


def test_imports_neither_rasa_nor_rasa_sdk() -> None:
    code = (
        "import sys, languages, languages.steadiness, languages.requests;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk'));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_supported_language_has_a_catalogue_and_a_name() -> None:
    assert {path.stem for path in (ROOT / "conversation" / "locales").glob("*.yml")} == set(SUPPORTED)
    assert set(NAMES) == set(SUPPORTED) and DEFAULT in SUPPORTED
    for code in SUPPORTED:
        path = ROOT / "conversation" / "locales" / f"{code}.yml"
        locale = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert locale["language_name"] == NAMES[code]


@pytest.mark.parametrize(
    ("tag", "code"),
    [("pt-BR", "pt"), ("pt_BR", "pt"), ("FR", "fr"), (" sw ", "sw"), ("ha-NG", "ha"), ("am", "am"),
     ("de", None), ("", None), (None, None), (42, None), ("english", None)],
)
def test_normalise_code(tag: object, code: str | None) -> None:
    assert normalise_code(tag) == code


@pytest.mark.parametrize(
    ("typed", "folded"),
    [("Déjà", "deja"), ("SÉCHAGE", "sechage"), ("Moçambique", "mocambique"), ("أريد", "اريد"),
     ("إلغاء", "الغاء"), ("مساعدة", "مساعده"), ("مستشفى", "مستشفي"), ("مـــرحبا", "مرحبا"),
     ("شُكْراً", "شكرا"), ("ٱلماء", "الماء"), ("ሰላም", "ሰላም"), ("kuɗi", "kuɗi"), ("ƘUNGIYA", "ƙungiya"),
     ("Straße", "strasse"), ("ｏｋ", "ok")],
)
def test_fold(typed: str, folded: str) -> None:
    assert fold(typed) == folded


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [(" Oui, merci ! ", "oui, merci"), ("¿Sí?", "si"), ("«Não»", "nao"), ("نعم؟", "نعم"), ("አዎ።", "አዎ"),
     ("small   company", "small company"), ("", "")],
)
def test_normalise(typed: str, normalised: str) -> None:
    assert normalise(typed) == normalised


@pytest.mark.parametrize(
    ("text", "language"),
    [("ሰላም ነው", "am"), ("ok ሰላም", "am"), ("مرحبا", "ar"), ("salam مرحبا بكم", "ar"), ("hello", None),
     ("Sannu", None), ("123", None), ("", None), ("hello ok مر", None)],
)
def test_script_language(text: str, language: str | None) -> None:
    assert script_language(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("in English please", "en"),
        ("English please", "en"),
        ("can you speak english", "en"),
        ("en français s'il vous plaît", "fr"),
        ("Parlez-vous français ?", "fr"),
        ("francais svp", "fr"),
        ("en español por favor", "es"),
        ("¿Podemos hablar en español?", "es"),
        ("habla español", "es"),
        ("em português por favor", "pt"),
        ("Fala português", "pt"),
        ("kwa Kiswahili tafadhali", "sw"),
        ("Tafadhali ongea Kiswahili", "sw"),
        ("da Hausa", "ha"),
        ("Ina son Hausa", "ha"),
        ("hausa please", "ha"),
        ("بالعربية من فضلك", "ar"),
        ("باللغة العربية", "ar"),
        ("عربي", "ar"),
        ("በአማርኛ እባክህ", "am"),
        ("አማርኛ", "am"),
        ("Français", "fr"),
        # Not requests: more than a name and request words, two names, no name at all.
        ("we grow cassava and speak Hausa", None),
        ("English and French", None),
        ("no English", None),
        ("pas en anglais", None),
        ("si Kiswahili", None),
        ("I don't speak English", None),
        ("Ina son taimako game da ruwan sha", None),
        ("/language", None),
        ("language", None),
        ("no", None),
        ("Kenya", None),
        ("menos de 8.000 dólares", None),
        ("", None),
    ],
)
def test_requested_language(text: str, language: str | None) -> None:
    assert requested_language(text) == language
