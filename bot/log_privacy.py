"""Rasa logs what users write (message text, slot values, whole trackers) at DEBUG level, and the
REST channel logs the text of a message it failed on. Unless `DEBUG_LOG_CONTENT=1`, the launcher
(`bot.server`) refuses to start Rasa at DEBUG level, so its log holds no message text."""

from __future__ import annotations

from collections.abc import Mapping

from connectors.log_privacy import log_content_enabled

DEBUG_FLAGS = ("--debug", "-vv")
LEVEL_VARIABLES = ("LOG_LEVEL", "LOG_LEVEL_LIBRARIES")


def refuse_content_logging(argv: list[str], environ: Mapping[str, str]) -> None:
    """Raise ValueError when Rasa would log message contents and DEBUG_LOG_CONTENT is not 1."""
    if log_content_enabled(environ):
        return
    asked = [arg for arg in argv if arg in DEBUG_FLAGS]
    asked += [f"{name}=DEBUG" for name in LEVEL_VARIABLES if environ.get(name, "").strip().upper() == "DEBUG"]
    if asked:
        raise ValueError(
            f"{' '.join(asked)} makes Rasa log what users write; set DEBUG_LOG_CONTENT=1 to allow it"
        )
