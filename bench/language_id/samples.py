"""The benchmark's test messages: real text we did not write, cut to chat-message lengths.

Sources (see ``bench/data/SOURCES.md``): lingua's test data (single words, word pairs, sentences
from the Leipzig Wortschatz corpora) for en fr es pt sw ar; FLORES-200 dev sentences for Hausa
and English; AfriSenti tweets for Hausa, Amharic, Swahili and (Mozambican) Portuguese. Sentences
are also cut into windows of 1, 2 and 3-6 words, so every language has every length bucket.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
BUCKETS = ("1 word", "2 words", "3-6 words", "sentence")
PER_BUCKET = 300

# language -> files of whole sentences (or tweets), and lingua's ready-made short items
SENTENCE_FILES = {
    "en": ["lingua/sentences/en.txt", "flores200/eng_Latn.dev"],
    "fr": ["lingua/sentences/fr.txt"],
    "es": ["lingua/sentences/es.txt"],
    "pt": ["lingua/sentences/pt.txt", "afrisenti/pt_dev.txt"],
    "sw": ["lingua/sentences/sw.txt", "afrisenti/sw_dev.txt"],
    "ar": ["lingua/sentences/ar.txt"],
    "ha": ["flores200/hau_Latn.dev", "afrisenti/ha_dev.txt"],
    "am": ["afrisenti/am_dev.txt"],
}
READY_MADE = {"1 word": "lingua/single-words/{}.txt", "2 words": "lingua/word-pairs/{}.txt"}

_NOT_A_WORD = re.compile(r"^(?:@\w+|https?://\S+|#\S+|[\W\d_]+)$")


@dataclass(frozen=True)
class Sample:
    language: str
    bucket: str
    text: str


def _lines(relative: str) -> list[str]:
    path = DATA / relative
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _window(sentence: str, size: int, rnd: random.Random) -> str | None:
    tokens = [token for token in sentence.split() if not _NOT_A_WORD.match(token)]
    if len(tokens) < size:
        return None
    start = rnd.randrange(len(tokens) - size + 1)
    return " ".join(tokens[start : start + size])


def load_samples(per_bucket: int = PER_BUCKET, seed: int = 13) -> list[Sample]:
    samples: list[Sample] = []
    for language, files in SENTENCE_FILES.items():
        rnd = random.Random(f"{seed}-{language}")
        sentences = [line for name in files for line in _lines(name)]
        rnd.shuffle(sentences)
        samples += [Sample(language, "sentence", text) for text in sentences[:per_bucket]]
        for bucket, sizes in (("1 word", (1,)), ("2 words", (2,)), ("3-6 words", (3, 4, 5, 6))):
            items = _lines(READY_MADE[bucket].format(language)) if bucket in READY_MADE else []
            items = items[: per_bucket // 2]
            for sentence in _cycle(sentences, rnd):
                if len(items) >= per_bucket:
                    break
                window = _window(sentence, rnd.choice(sizes), rnd)
                if window:
                    items.append(window)
            samples += [Sample(language, bucket, text) for text in items]
    return samples


def _cycle(items: list[str], rnd: random.Random) -> Iterator[str]:
    for _ in range(4):
        order = items[:]
        rnd.shuffle(order)
        yield from order


def own_examples() -> list[tuple[str, str]]:
    """(language, text) of our held-out NLU test files; payload examples are left out."""
    import yaml

    root = DATA.parent.parent / "nlu" / "test"
    pairs: list[tuple[str, str]] = []
    for path in sorted(root.glob("*/test.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in content.get("nlu", []):
            for line in str(block.get("examples", "")).splitlines():
                text = line.strip().removeprefix("- ").strip()
                if text and not text.startswith("/"):
                    pairs.append((path.parent.name, text))
    return pairs
