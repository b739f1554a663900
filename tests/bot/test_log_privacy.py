"""Rasa is not started at DEBUG level (where it logs what users write) unless DEBUG_LOG_CONTENT=1."""

from __future__ import annotations

import pytest

from bot import server
from bot.log_privacy import refuse_content_logging


@pytest.mark.parametrize(
    ("argv", "environ"),
    [(["--debug"], {}), (["-vv"], {}), ([], {"LOG_LEVEL": "debug"}), ([], {"LOG_LEVEL_LIBRARIES": "DEBUG"})],
)
def test_debug_level_is_refused_without_debug_log_content(argv: list[str], environ: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="DEBUG_LOG_CONTENT=1"):
        refuse_content_logging(argv, environ)
    refuse_content_logging(argv, {**environ, "DEBUG_LOG_CONTENT": "1"})


def test_the_usual_levels_are_allowed() -> None:
    refuse_content_logging(["--port", "5005", "-v"], {"LOG_LEVEL": "INFO"})


def test_the_launcher_stops_before_rasa_starts(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("RASA_AUTH_TOKEN", "a-token-long-enough-for-the-launcher-0123")
    monkeypatch.delenv("DEBUG_LOG_CONTENT", raising=False)
    assert server.main(["--debug", "--port", "1"]) == 2
    assert "makes Rasa log what users write" in capsys.readouterr().err
