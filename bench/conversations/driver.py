"""Drive one scripted conversation: answer whatever the bot asks, the way the script's user
would, and record what happened. Pure: the chat, the tracker and the stored need come in as
functions, so the same code runs against any stack.

When the script has no more replies for a question the bot asks again, the user does what people
do after being refused: taps the button of what they meant (or types its numbers, or the
country's English name), else skips. These fallbacks are counted, and a field that needed one
does not count as understood from typed words (`Result.fields_typed_ok`).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pycountry

from bench.conversations.catalogue import Catalogues
from bench.conversations.scripts import Conversation
from harness.chat import choose

Replies = list[dict[str, Any]]
Move = tuple[str, str, "str | None"]  # what the user sends, how, for which field
SUPPORT_ALL = ["technology", "finance", "training", "ip_legal", "partner"]
# What the user types when they come back after the bot gave up on them, and to confirm a summary.
HELLO = {"en": "hello", "fr": "bonjour", "es": "hola", "pt": "olá", "sw": "habari", "ar": "السلام عليكم",
         "ha": "sannu", "am": "ሰላም"}
CONFIRM = {"en": "yes that's right", "fr": "oui c'est bon", "es": "sí, está bien", "pt": "sim, está certo",
           "sw": "ndiyo sawa", "ar": "نعم صحيح", "ha": "eh haka ne", "am": "አዎ ትክክል ነው"}
AND = {"en": "and", "fr": "et", "es": "y", "pt": "e", "sw": "na", "ar": "و", "ha": "da", "am": "እና"}
# Where pycountry's name is not what anyone types.
EVERYDAY_NAMES = {"CD": "DR Congo", "PS": "Palestine"}
# What the user does after a refusal, once the script has no other phrasing left.
FALLBACKS = ("tap", "numbers", "english", "skip", "hello")
# Buttons that start an interview, tapped when the bot offers nothing else.
START_PAYLOADS = ("/new_need", "/start", "/greet")
_CHOICE = re.compile(r"^/choose(\{.*\})$")


@dataclass
class Turn:
    user: str
    how: str  # opening | script | instead | confirm | clarify, or one of FALLBACKS
    field: str | None
    bot: list[str]
    not_understood: bool
    languages: list[list[str]]  # per bot message: the languages its text was recognised in


@dataclass
class Result:
    id: str
    lang: str
    completed: bool = False
    end: str = ""  # stored | turn cap | stuck | time
    turns: list[Turn] = field(default_factory=list)
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> expected, got, ok
    opening_given: int = 0
    opening_kept: bool | None = None  # None when the opening gives nothing
    opening_fields_kept: int = 0
    asked_again: list[str] = field(default_factory=list)  # opening fields the bot still asked
    seconds: float = 0.0

    @property
    def not_understood(self) -> int:
        return sum(t.not_understood for t in self.turns)

    @property
    def fields_typed_ok(self) -> int:
        """Fields stored right without the user having to fall back on a button or a skip for
        them: what the bot understood from typed words alone."""
        fell_back = {t.field for t in self.turns if t.how in FALLBACKS}
        return sum(f["ok"] and name not in fell_back for name, f in self.fields.items())

    @property
    def fallbacks(self) -> int:
        return sum(t.how in FALLBACKS for t in self.turns)

    def language_figures(self, expected: str) -> dict[str, int]:
        """Bot messages in the user's language, in another one, unrecognised, and how many times
        the bot left the user's language after having written in it."""
        figures = {"messages": 0, "in_language": 0, "foreign": 0, "unknown": 0, "switches": 0}
        previous_ok = False
        for turn in self.turns:
            for langs in turn.languages:
                figures["messages"] += 1
                if not langs:
                    figures["unknown"] += 1
                    continue
                if expected in langs:
                    figures["in_language"] += 1
                    previous_ok = True
                else:
                    figures["foreign"] += 1
                    figures["switches"] += previous_ok
                    previous_ok = False
        return figures


def result_from_dict(raw: dict[str, Any]) -> Result:
    """A Result back from the JSON the runner writes (to re-score or merge runs)."""
    fields = {k: v for k, v in raw.items() if k != "turns"}
    result = Result(**fields, turns=[Turn(**t) for t in raw.get("turns", [])])
    for name, figures in result.fields.items():  # scored again, by today's rules
        figures["ok"] = value_matches(name, figures["expected"], figures["got"])
    return result


def english_country_name(code: str) -> str:
    """What a refused user types next: the country's everyday English name."""
    if code in EVERYDAY_NAMES:
        return EVERYDAY_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def choice_values(replies: Replies) -> list[str]:
    values = []
    for reply in replies:
        for button in reply.get("buttons") or []:
            match = _CHOICE.match(str(button.get("payload", "")))
            if match:
                try:
                    values.append(str(json.loads(match.group(1)).get("value")))
                except (ValueError, AttributeError):
                    pass
    return values


def payloads(replies: Replies) -> list[str]:
    return [str(b.get("payload", "")) for r in replies for b in r.get("buttons") or []]


def expected_code(conv: Conversation, name: str) -> Any:
    value = conv.expect.get(name)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def normalise_value(name: str, value: Any) -> Any:
    """Stored needs and tracker slots hold values in slightly different shapes."""
    if name == "support_sought":
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                value = [value]
        values = set(value or [])
        if "all" in values:
            values = (values - {"all"}) | set(SUPPORT_ALL)
        return sorted(values)
    if name in ("consent_store", "consent_share"):
        if isinstance(value, str):
            return value.lower() in ("yes", "true", "1")
        return bool(value) if value is not None else None
    if name == "country" and isinstance(value, str):
        return value.upper()
    return value


def value_matches(name: str, expected: Any, got: Any) -> bool:
    if expected is True and name not in ("consent_store", "consent_share"):
        return bool(got)  # a free-text field: any answer kept
    got = normalise_value(name, got)
    if expected == "unknown" and got in (None, ""):
        return True  # the need record says "not known" with an empty field
    if name == "support_sought":
        return got == sorted(expected if isinstance(expected, list) else [expected])
    if isinstance(expected, str) and isinstance(got, str) and name in ("region", "problem", "scale"):
        return expected.casefold() in got.casefold()
    return bool(got == expected)


@dataclass
class Driver:
    catalogues: Catalogues
    say: Callable[[str], Replies]
    slots: Callable[[], dict[str, Any]]
    stored: Callable[[], dict[str, Any] | None]
    max_turns: int = 40
    deadline: float = float("inf")  # time.monotonic() after which no new turn starts

    def run(self, conv: Conversation) -> Result:
        result = Result(conv.id, conv.lang)
        begin = time.monotonic()
        state = _State()
        replies = self._send(result, conv.opening, "opening", None)
        after_opening = self.slots() if conv.opening_gives else {}
        while True:
            if state.summary_answers and self.stored():
                result.completed, result.end = True, "stored"
                break
            if len(result.turns) >= self.max_turns:
                result.end = "turn cap"
                break
            if time.monotonic() > self.deadline:
                result.end = "time"
                break
            move = self._next(conv, replies, state)
            if move is None:
                result.end = "stuck"
                break
            text, how, name = move
            replies = self._send(result, text, how, name)
        self._score(conv, result, after_opening)
        result.seconds = time.monotonic() - begin
        return result

    def _send(self, result: Result, text: str, how: str, name: str | None) -> Replies:
        replies = self.say(text)
        bot = [str(r.get("text") or "") for r in replies if r.get("text")]
        turn = Turn(
            user=text, how=how, field=name, bot=bot,
            not_understood=any(self.catalogues.is_not_understood(t) for t in bot),
            languages=[sorted(self.catalogues.language_of(t)) for t in bot],
        )
        result.turns.append(turn)
        return replies

    def _next(self, conv: Conversation, replies: Replies, state: _State) -> Move | None:
        joined = "\n".join(str(r.get("text") or "") for r in replies)
        if self.catalogues.is_summary(joined):
            state.summary_answers += 1
            if state.summary_answers == 1:
                return conv.confirm or CONFIRM.get(conv.lang, "yes"), "confirm", None
            if "/confirm" in payloads(replies) and state.summary_answers <= 3:
                return "/confirm", "tap", None
            return None
        if state.summary_answers and "/confirm" in payloads(replies) and state.confirm_taps < 2:
            state.confirm_taps += 1  # the save failed and the bot offers to try again
            return "/confirm", "tap", None
        asked = self.catalogues.asked_field(joined)
        if asked:
            state.pending = asked[0]
            state.asked.append(asked[0])
            return self._answer(conv, asked[0], replies, state)
        values = choice_values(replies)
        if values:
            name = self._field_of(values, state.pending)
            if name:
                wanted = expected_code(conv, name)
                if isinstance(wanted, str) and wanted in values:
                    return choose(wanted), "clarify", name
                return self._answer(conv, name, replies, state)
        requested = self.slots().get("requested_slot")
        if requested in self.catalogues.fields:
            state.pending = requested
            state.asked.append(requested)
            return self._answer(conv, requested, replies, state)
        start = next((p for p in payloads(replies) if p in START_PAYLOADS), None)
        if start and state.starts < 2:
            state.starts += 1
            return start, "tap", None
        if state.hellos < 2:
            state.hellos += 1
            return HELLO.get(conv.lang, "hello"), "hello", None
        return None

    def _field_of(self, values: list[str], pending: str | None) -> str | None:
        candidates = [f for f, opts in self.catalogues.options.items() if set(values) <= set(opts)]
        yes_no = pending in ("consent_store", "consent_share") and set(values) <= {"yes", "no"}
        if pending in candidates or yes_no:
            return pending
        return candidates[0] if candidates else None

    def _answer(self, conv: Conversation, name: str, replies: Replies, state: _State) -> Move | None:
        if name in conv.instead and name not in state.instead_used:
            state.instead_used.add(name)
            return conv.instead[name], "instead", name
        tried = state.attempts[name]
        state.attempts[name] += 1
        scripted = conv.answers.get(name, [])
        if tried < len(scripted):
            return scripted[tried], "script", name
        extra = tried - len(scripted)  # replies the script did not foresee
        if extra >= 3:
            return None
        wanted = expected_code(conv, name)
        values = choice_values(replies)
        if isinstance(wanted, str) and wanted in values:
            # Offered a shortlist of the field's options: the bot asked between plausible readings.
            narrowed = len(set(values)) < len(self.catalogues.options.get(name) or values)
            return choose(wanted), "clarify" if narrowed else "tap", name
        if name == "country" and isinstance(wanted, str) and extra == 0:
            return english_country_name(wanted), "english", name
        if name == "support_sought" and isinstance(wanted, list) and extra == 0:
            options = self.catalogues.options[name]
            numbers = [str(options.index(v) + 1) for v in wanted if v in options]
            return f" {AND.get(conv.lang, 'and')} ".join(numbers), "numbers", name
        skip = self.catalogues.word(conv.lang, "skip")
        if skip and extra <= 1:
            return skip, "skip", name
        return None

    def _score(self, conv: Conversation, result: Result, after_opening: dict[str, Any]) -> None:
        need = self.stored()
        source = need if need is not None else self.slots()
        for name in conv.expect:
            got = source.get(name) if source else None
            result.fields[name] = {"expected": conv.expect[name], "got": normalise_value(name, got),
                                   "ok": value_matches(name, conv.expect[name], got)}
        if conv.opening_gives:
            later = [t.field for t in result.turns[1:] if t.field and t.how != "clarify"]
            kept = 0
            for name, value in conv.opening_gives.items():
                ok = value_matches(name, value, after_opening.get(name))
                kept += ok
                if name in later:
                    result.asked_again.append(name)
            result.opening_given = len(conv.opening_gives)
            result.opening_fields_kept = kept
            result.opening_kept = kept == len(conv.opening_gives) and not result.asked_again


@dataclass
class _State:
    pending: str | None = None
    asked: list[str] = field(default_factory=list)
    attempts: Counter[str] = field(default_factory=Counter)
    instead_used: set[str] = field(default_factory=set)
    summary_answers: int = 0
    confirm_taps: int = 0
    starts: int = 0
    hellos: int = 0



