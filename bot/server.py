"""Run ``rasa run`` with its secret and its browser origins from the environment.

``rasa run --auth-token SECRET`` shows the token to every user of the machine (``ps``,
/proc/PID/cmdline). This launcher reads ``RASA_AUTH_TOKEN`` from the environment (readable
only by the process's owner) and hands it to Rasa's own command line parser inside this
process. It also adds ``--cors`` for the origins in ``RASA_CORS_ORIGINS`` (never ``*`` unless
configured so), and limits request bodies to ``MAX_BODY_BYTES`` (default 1 MiB instead of
Sanic's 100 MB) through ``SANIC_REQUEST_MAX_SIZE``, which Sanic reads when Rasa creates its app.

    python -m bot.server --model models/assistant.tar.gz --enable-api --port 5005 ...

A turn whose lock store or tracker store is down is answered with ``utter_service_down`` in the
user's language instead of silence (``bot/outage.py``), and two costs Rasa pays on every turn
are paid once (``bot/rasa_speedups.py``).

Every argument is passed on to ``rasa run``.
"""

from __future__ import annotations

import os
import signal
import sys

from bot.log_privacy import refuse_content_logging
from connectors.process_settings import TOKEN_ENV, RasaProcessSettings


def rasa_arguments(argv: list[str], settings: RasaProcessSettings) -> list[str]:
    """``sys.argv`` for Rasa's entry point: ``rasa run`` with the token and the origins."""
    if not settings.auth_token:
        raise ValueError(f"{TOKEN_ENV} is unset: Rasa's HTTP API would answer anyone")
    if any(arg == "--auth-token" or arg.startswith("--auth-token=") for arg in argv):
        raise ValueError(f"pass the token in {TOKEN_ENV}, not on the command line")
    cors = ["--cors", *settings.cors_origins] if settings.cors_origins else []
    return ["rasa", "run", "--auth-token", settings.auth_token, *cors, *argv]


def _terminate_on_sigterm() -> None:
    """With several workers (SANIC_WORKERS > 1), Sanic 21.12 forks them from a manager whose
    SIGTERM handler only forwards the signal to the workers started before the fork. A worker
    inherits that handler until it has loaded the model and installed its own graceful one,
    so a SIGTERM during the load (about a minute) was swallowed: the first worker ignored it,
    the second one got ProcessLookupError thrown into the model load, logged "Could not load
    model", and served on without a model, ignoring SIGTERM for good. A freshly forked worker
    has nothing to clean up yet, so SIGTERM's default action (exit) is right until Sanic
    installs its handler."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def main(argv: list[str] | None = None) -> int:
    try:
        refuse_content_logging(sys.argv[1:] if argv is None else argv, os.environ)
        settings = RasaProcessSettings.from_environ()
        arguments = rasa_arguments(sys.argv[1:] if argv is None else argv, settings)
    except ValueError as error:
        print(f"bot.server: {error}", file=sys.stderr)
        return 2
    os.environ["SANIC_REQUEST_MAX_SIZE"] = str(settings.max_body_bytes)
    os.register_at_fork(after_in_child=_terminate_on_sigterm)
    # Replacing sys.argv changes what Rasa's parser reads, not /proc/PID/cmdline.
    sys.argv = arguments
    from rasa.__main__ import main as rasa_main  # heavy: imported only to run

    from bot import outage, rasa_speedups

    outage.install()  # a turn whose stores are down gets "please try again", not silence
    rasa_speedups.install()  # the action server's answers checked by a validator built once
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
