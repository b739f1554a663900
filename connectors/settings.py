"""Channel settings: a credentials.yml value or the environment, checked, and the one log line
that says whether a channel is on."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any


def setting(
    credentials: Mapping[str, Any] | None,
    key: str,
    env_name: str,
    environ: Mapping[str, str] | None = None,
    default: str = "",
) -> str:
    """A credentials.yml value when non-empty, else the environment variable, else default.

    credentials.yml may hold `${VAR}` (Rasa expands it, and fails to start if VAR is unset) or
    nothing at all, in which case the environment is read here.
    """
    environ = os.environ if environ is None else environ
    value = (credentials or {}).get(key)
    if value is not None and str(value).strip():
        return str(value).strip()
    return environ.get(env_name, default).strip()


def int_setting(
    credentials: Mapping[str, Any] | None,
    key: str,
    env_name: str,
    environ: Mapping[str, str] | None = None,
    default: int = 0,
    minimum: int = 1,
) -> int:
    """An integer setting, or a ValueError that names the variable (not just `int('x')`)."""
    raw = setting(credentials, key, env_name, environ, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{env_name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ValueError(f"{env_name} must be at least {minimum}, not {value}")
    return value


def announce_channel(log: logging.Logger, label: str, webhook: str, problems: list[str]) -> None:
    """Said once per process (Rasa builds each channel once): is the channel on or off?"""
    if problems:
        log.warning("%s channel is off (%s); its webhook answers 503.", label, "; ".join(problems))
    else:
        log.info("%s channel is on (webhook at %s).", label, webhook)
