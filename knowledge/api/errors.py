"""Errors become HTTP answers here and nowhere else.

Validation errors name the field, never its value: FastAPI's default handler echoes the input
back, so a lone surrogate or a NaN made the answer itself unencodable (a 500), and the logged
error held the whole body, phone numbers included.
"""

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError, ResponseValidationError
from fastapi.responses import JSONResponse

from knowledge.errors import Conflict, KnowledgeError, NotFound, printable
from knowledge.logs import redact_path

logger = logging.getLogger(__name__)
_STATUS = {NotFound: 404, Conflict: 409}
# A location part or message longer than this is cut: a 100 KB dictionary key is not a name.
MAX_PART = 64
MAX_MESSAGE = 300
MAX_ERRORS = 50


async def _domain_error(request: Request, error: Exception) -> JSONResponse:
    code = next((c for kind, c in _STATUS.items() if isinstance(error, kind)), 400)
    return JSONResponse({"detail": str(error)}, status_code=code)


def _safe_part(part: Any) -> str | int:
    return part if isinstance(part, int) and not isinstance(part, bool) else printable(str(part), MAX_PART)


def error_entries(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Location, message and type of each error; the input and its context are left out."""
    entries: list[dict[str, Any]] = []
    for error in errors:
        if len(entries) == MAX_ERRORS:
            break
        entries.append(
            {
                "loc": [_safe_part(part) for part in error.get("loc", ())],
                "msg": printable(str(error.get("msg", "invalid")), MAX_MESSAGE),
                "type": printable(str(error.get("type", "value_error")), MAX_PART),
            }
        )
    return entries


def validation_response(errors: Iterable[Mapping[str, Any]]) -> JSONResponse:
    return JSONResponse({"detail": error_entries(errors)}, status_code=422)


async def _request_invalid(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return validation_response(error.errors())


async def _response_invalid(request: Request, error: Exception) -> JSONResponse:
    # A bug of ours, not of the caller's: log where, never what (the value is someone's data).
    assert isinstance(error, ResponseValidationError)
    where = ["/".join(str(part) for part in e.get("loc", ())) for e in error.errors()][:MAX_ERRORS]
    logger.error(
        "response failed validation on %s %s at %s", request.method, redact_path(request.url.path), where
    )
    return JSONResponse({"detail": "internal error"}, status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(KnowledgeError, _domain_error)
    app.add_exception_handler(RequestValidationError, _request_invalid)
    app.add_exception_handler(ResponseValidationError, _response_invalid)
