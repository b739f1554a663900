"""Run the action server: rasa-sdk's app, on a local address, answering only Rasa.

``python -m rasa_sdk`` listens on 0.0.0.0 and runs any action for anyone who can reach it
(with the sender id the caller chooses). Here the app is rasa-sdk's own, with three changes:

- it listens on ``BIND_HOST`` (default 127.0.0.1);
- every route but ``/health`` needs the shared secret ``ACTION_SERVER_TOKEN``, which Rasa sends
  as the ``token`` query parameter (``action_endpoint.token`` in endpoints.yml; Rasa 3.6's
  ``EndpointConfig.combine_parameters``), compared in constant time;
- request bodies are limited to ``MAX_BODY_BYTES`` (default 1 MiB, not Sanic's 100 MB), a
  larger one is a 413, no error answer echoes the request, and no access log is written (its
  lines would hold the token).

Run with ``python -m actions.server --port 5055`` in the services environment.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import sys

from pydantic import ValidationError
from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.log_privacy import quiet_http_client_logs
from actions.settings import MIN_TOKEN_CHARS, ActionSettings, get_settings

logger = logging.getLogger(__name__)

# Rasa's EndpointConfig.token_name default.
TOKEN_PARAMETER = "token"
OPEN_PATHS = frozenset({"/health"})
DEFAULT_BODY_LIMIT = ActionSettings.model_fields["max_body_bytes"].default


def require_token(app: Sanic, token: str) -> None:
    """Answer 401 to every request to a route other than /health without the token."""
    expected = token.encode()

    @app.middleware("request")
    async def check_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        given = request.args.get(TOKEN_PARAMETER) or ""
        if not hmac.compare_digest(given.encode(), expected):
            return response.json({"error": "missing or wrong token"}, status=401)
        return None


def answer_errors(app: Sanic) -> None:
    """Sanic's own HTTP errors (413 too large, 400 bad chunked encoding, 404, 405) keep their
    status, and a failing action is a bare 500. rasa-sdk's catch-all handler answers both with
    a 500 that echoes the request body (the whole conversation), which Rasa then logs."""

    @app.exception(SanicException)
    async def http_error(request: Request, error: SanicException) -> HTTPResponse:
        return response.json({"error": str(error)}, status=getattr(error, "status_code", 500) or 500)

    # Registered after rasa-sdk's handler for Exception, so it replaces it.
    @app.exception(Exception)
    async def action_failed(request: Request, error: Exception) -> HTTPResponse:
        logger.error("An action call failed: %s", type(error).__name__, exc_info=error)
        return response.json({"error": "the action failed"}, status=500)


def build_app(token: str, max_body: int = DEFAULT_BODY_LIMIT) -> Sanic:
    if len(token) < MIN_TOKEN_CHARS:
        raise ValueError(
            f"ACTION_SERVER_TOKEN must be at least {MIN_TOKEN_CHARS} characters (e.g. `openssl rand -hex 32`)"
        )
    # No CORS: only Rasa calls this server, never a browser.
    app = create_app("actions", cors_origins=None)
    app.config.REQUEST_MAX_SIZE = max_body
    require_token(app, token)
    answer_errors(app)
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    try:
        settings = get_settings()
    except ValidationError as error:
        print(f"actions.server: {error}", file=sys.stderr)
        return 2
    parser.add_argument("--host", default=settings.bind_host)
    parser.add_argument("--port", type=int, default=settings.actions_port)
    args = parser.parse_args(argv)
    try:
        app = build_app(settings.action_server_token.get_secret_value(), settings.max_body_bytes)
    except ValueError as error:
        print(f"actions.server: {error}", file=sys.stderr)
        return 2
    utils.configure_colored_logging(logging.INFO)
    utils.update_sanic_log_level()
    quiet_http_client_logs()
    logger.info("Action server listening on http://%s:%s", args.host, args.port)
    app.run(args.host, args.port, workers=utils.number_of_sanic_workers(), access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
