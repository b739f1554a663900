"""Which of the assistant's languages a chat message is written in, if the message says so.

Pure helper behind ``nlu.components.language_id.LanguageIdentifier``: it does not import Rasa,
so the benchmark (``python -m bench.language_id.run``) and unit tests use it alone.

General-purpose detectors are wrong on exactly the messages a chat bot gets most: langdetect
reads "hi" as Swahili and "habari" as Somali, and none of them knows that only eight languages
are possible here. So detection is restricted to those eight and abstains unless the evidence
is confident:

1. The script decides where it can: Ge'ez letters are Amharic, Arabic letters are Arabic.
2. @mentions, links, /payloads, hashtags and numbers are removed: they carry no language.
3. A one-word message gets a guess only when it is a greeting or word that belongs to one
   language alone ("habari", "sannu", "bonjour"); "ok", "hi", "no", "taxi", "Kenya" get none.
4. Two words: that list, or py3langid (naive Bayes over byte n-grams, restricted to our eight
   languages, Hausa included) at probability >= 0.95.
5. Three words or more: py3langid at probability >= 0.9; or, between 0.7 and 0.9, its best
   language when two of three other signals agree on it: pycld2, the language whose common
   function words ("na", "da", "kwa", "de", "the") fill most of the message, and langdetect
   (restricted to our languages' profiles, seeded). A message that reads the same in two
   languages ("menos de 8.000 dólares": Spanish 0.67 for py3langid) gets no guess.
   Swahili and Hausa grammar partly lives in affixes, so words shaped like "tunahitaji" or
   "gonarmu" count as function words too.

The benchmark chose these thresholds among several rules (``bench/language_id/RESULTS.md``):
against the former two-of-three rule alone they raise precision and coverage together on
every length of message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import langdetect
import pycld2
from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from languages import SUPPORTED, fold
from languages import script_shares as _script_shares
from languages.scripts import SCRIPT_SHARE
from nlu.components.language_words import AFFIXES, FUNCTION_WORDS, SHORT_MESSAGES

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION_OR_TAG = re.compile(r"(?<![\w@#])[@#][\w.]+")
_PAYLOAD = re.compile(r"(?<!\S)/[A-Za-z_]\w*(?:\{.*?\})?")
_WITH_DIGITS = re.compile(r"\S*\d\S*")  # "500", "500kg", "+254712..."
# A word may hold inner apostrophes and hyphens: "a'a", "l'eau", "rés-do-chão" are one word each.
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_INNER_JOINERS = re.compile(r"['-]")
_REPEATS = re.compile(r"(.)\1+")
_AFFIXES = {language: re.compile(pattern) for language, pattern in AFFIXES.items()}

# pycld2 and the function-word lexicon must agree; and the function words must be a visible part
# of the message, so a list of names and English loanwords gets no guess.
MIN_FUNCTION_WORD_SHARE = 0.10
# When pycld2 and the lexicon disagree, langdetect (restricted to our languages) may side with
# either, this surely.
LANGDETECT_AGREEMENT = 0.95
LANGDETECT_LEXICON_AGREEMENT = 0.9
# pycld2 finds none of our languages (short Hausa often): the lexicon alone must be this clear.
STRONG_FUNCTION_WORD_SHARE = 0.3
# py3langid's probability (over our eight languages) it needs to decide alone, and the least
# it needs for the agreeing signals to side with it.
PY3LANGID_TRUSTED = 0.9
PY3LANGID_TRUSTED_TWO_WORDS = 0.95
PY3LANGID_WITH_AGREEMENT = 0.7


@dataclass(frozen=True)
class LanguageGuess:
    """A confident guess: ``language`` is one of ``SUPPORTED``."""

    language: str
    confidence: float
    method: str


def clean_text(text: str) -> str:
    """The message without what carries no language: links, @mentions, /payloads, numbers."""
    text = _URL.sub(" ", text)
    text = _PAYLOAD.sub(" ", text)
    text = _MENTION_OR_TAG.sub(" ", text)
    return _WITH_DIGITS.sub(" ", text)


def words(text: str) -> list[str]:
    """Lowercase words of the cleaned message; numbers, emoji and punctuation are dropped."""
    return [w.replace("’", "'") for w in _WORD.findall(clean_text(text).lower())]


def script_language(text: str) -> LanguageGuess | None:
    """Amharic or Arabic when their script holds most of the letters (``languages.scripts``)."""
    for language, share in _script_shares(text).items():
        if share >= SCRIPT_SHARE:
            return LanguageGuess(language, round(share, 3), "script")
    return None


def _short_key(tokens: Iterable[str], folded: bool) -> str:
    # Repeated letters collapse on both sides of the lookup: "habariii", "sannuu", "salaam".
    return " ".join(_REPEATS.sub(r"\1", fold(token) if folded else token) for token in tokens)


@lru_cache(maxsize=2)
def _short_index(folded: bool) -> Mapping[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for language, phrases in SHORT_MESSAGES.items():
        for phrase in phrases:
            key = _short_key(phrase.lower().replace("’", "'").replace("-", " ").split(), folded)
            index.setdefault(key, set()).add(language)
    return {key: frozenset(languages) for key, languages in index.items()}


def short_message_language(tokens: list[str]) -> LanguageGuess | None:
    """The language of a one- or two-word message, only if it is in one language's list.

    The message as typed is looked up first, then without accents: "olá" is Portuguese, "ola"
    is also a Spanish misspelling of "hola", so it identifies neither.
    """
    parts = [part for token in tokens for part in token.replace("-", " ").split()]
    for folded in (False, True):
        languages = _short_index(folded).get(_short_key(parts, folded))
        if languages is not None:
            if len(languages) > 1:
                return None
            return LanguageGuess(next(iter(languages)), 1.0, "short_message")
    return None


@lru_cache(maxsize=1)
def _function_word_weights() -> Mapping[str, Mapping[str, float]]:
    owners: dict[str, set[str]] = {}
    for language, vocabulary in FUNCTION_WORDS.items():
        for word in vocabulary:
            owners.setdefault(fold(word), set()).add(language)
    return {word: {lang: 1.0 / len(langs) for lang in langs} for word, langs in owners.items()}


def _lexicon_tokens(tokens: list[str]) -> list[str]:
    # French elision "l'eau" and compounds "vis-à-vis" count part by part; Hausa "a'a" is a word.
    weights = _function_word_weights()
    out: list[str] = []
    for token in tokens:
        folded = fold(token)
        if _INNER_JOINERS.search(folded) and folded not in weights:
            out.extend(part for part in _INNER_JOINERS.split(folded) if part)
        else:
            out.append(folded)
    return out


def function_word_scores(tokens: list[str]) -> dict[str, float]:
    """Per language, the weighted share of the message's words that are its function words."""
    weights = _function_word_weights()
    parts = _lexicon_tokens(tokens)
    scores: dict[str, float] = {}
    for part in parts:
        known = weights.get(part) or {lang: 1.0 for lang, shape in _AFFIXES.items() if shape.match(part)}
        for language, weight in known.items():
            scores[language] = scores.get(language, 0.0) + weight
    return {lang: score / len(parts) for lang, score in scores.items()} if parts else {}


def lexicon_language(text: str) -> LanguageGuess | None:
    """The language with the largest function-word share, if it is clearly ahead."""
    scores = function_word_scores(words(text))
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best, share = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if share < MIN_FUNCTION_WORD_SHARE or share < 1.5 * runner_up:
        return None
    return LanguageGuess(best, round(min(1.0, share / (share + runner_up)), 3), "lexicon")


def cld2_language(text: str) -> LanguageGuess | None:
    """pycld2's best language among ours (it knows all eight), with its share of the text."""
    try:
        _, _, details = pycld2.detect(text, isPlainText=True, bestEffort=True)
    except pycld2.error:
        return None
    for _name, code, percent, _score in details:
        if code in SUPPORTED and percent > 0:
            return LanguageGuess(code, percent / 100.0, "cld2")
    return None


@lru_cache(maxsize=1)
def _langdetect_factory() -> DetectorFactory:
    # Only our languages' profiles: a detector that may answer Somali or Indonesian will.
    profile_dir = Path(langdetect.__file__).parent / "profiles"
    profiles = [
        (profile_dir / code).read_text(encoding="utf-8")
        for code in SUPPORTED
        if (profile_dir / code).exists()
    ]
    factory = DetectorFactory()
    factory.load_json_profile(profiles)
    factory.seed = 0
    return factory


def langdetect_language(text: str) -> LanguageGuess | None:
    """langdetect with only our languages' profiles (it has none for Hausa or Amharic), seeded."""
    detector = _langdetect_factory().create()
    detector.append(text)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return None
    if not ranked:
        return None
    return LanguageGuess(ranked[0].lang, round(ranked[0].prob, 3), "langdetect")


@lru_cache(maxsize=1)
def _py3langid() -> LanguageIdentifier:
    # The model ships inside the package (no download); loading it takes about a second.
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(SUPPORTED))
    return identifier


def py3langid_language(text: str) -> LanguageGuess | None:
    """py3langid's best language among ours, with its probability normalised over ours."""
    if not words(text):
        return None
    language, probability = _py3langid().classify(text)
    return LanguageGuess(str(language), round(float(probability), 3), "py3langid")


def warm_up() -> None:
    """Loads the models now rather than on the first message."""
    _py3langid()
    _langdetect_factory()


def detect_language(text: str) -> LanguageGuess | None:
    """A confident guess of the message's language among ``SUPPORTED``, else None."""
    cleaned = clean_text(text)
    by_script = script_language(cleaned)
    if by_script:
        return by_script
    tokens = words(cleaned)
    if not tokens:
        return None
    if len(tokens) <= 2:
        listed = short_message_language(tokens)
        if listed or len(tokens) == 1:
            return listed
    joined = " ".join(tokens)
    by_py3langid = py3langid_language(joined)
    if by_py3langid is None:
        return None
    trusted = PY3LANGID_TRUSTED_TWO_WORDS if len(tokens) <= 2 else PY3LANGID_TRUSTED
    if by_py3langid.confidence >= trusted:
        return by_py3langid
    if len(tokens) <= 2 or by_py3langid.confidence < PY3LANGID_WITH_AGREEMENT:
        return None
    agreed = _agreeing_language(joined, tokens)
    if agreed and agreed.language == by_py3langid.language:
        method = f"py3langid+{agreed.method}"
        return _guess(agreed.language, method, by_py3langid.confidence, agreed.confidence)
    return None


def _agreeing_language(text: str, tokens: list[str]) -> LanguageGuess | None:
    """Two of three signals must agree: pycld2, the function-word lexicon and langdetect."""
    scores = function_word_scores(tokens)
    if not scores:
        return None  # no grammar at all ("solar dryer Nakuru"): no guess
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    lexicon_best, best_share = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    lexicon_confidence = best_share / sum(scores.values())

    by_cld2 = cld2_language(text)
    if by_cld2 and by_cld2.language == lexicon_best and best_share >= MIN_FUNCTION_WORD_SHARE:
        return _guess(lexicon_best, "cld2+lexicon", by_cld2.confidence, lexicon_confidence)

    # langdetect costs about 100 times what pycld2 does, so it is asked only here. It has no
    # Hausa profile: Hausa is decided by pycld2 and the lexicon alone.
    by_langdetect = langdetect_language(text)
    if by_cld2 and by_langdetect and by_cld2.language == by_langdetect.language:
        agreed = by_cld2.language
        if scores.get(agreed) == best_share and by_langdetect.confidence >= LANGDETECT_AGREEMENT:
            return _guess(agreed, "cld2+langdetect", by_cld2.confidence, by_langdetect.confidence)
    lexicon_clear = best_share >= MIN_FUNCTION_WORD_SHARE and best_share >= 1.5 * runner_up
    if lexicon_clear and by_langdetect and by_langdetect.language == lexicon_best:
        if by_langdetect.confidence >= LANGDETECT_LEXICON_AGREEMENT:
            return _guess(lexicon_best, "lexicon+langdetect", by_langdetect.confidence, lexicon_confidence)
    if by_cld2 is None and best_share >= STRONG_FUNCTION_WORD_SHARE and best_share >= 3 * runner_up:
        return _guess(lexicon_best, "lexicon", lexicon_confidence)
    return None


def _guess(language: str, method: str, *confidences: float) -> LanguageGuess:
    # Agreeing independent signals: the guess is wrong only if each of them is.
    doubt = 1.0
    for confidence in confidences:
        doubt *= 1.0 - min(max(confidence, 0.0), 1.0)
    return LanguageGuess(language, round(1.0 - doubt, 3), method)
