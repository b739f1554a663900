"""Domain errors become HTTP answers here and nowhere else."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from knowledge.errors import Conflict, KnowledgeError, NotFound

_STATUS = {NotFound: 404, Conflict: 409}


async def _domain_error(request: Request, error: Exception) -> JSONResponse:
    code = next((c for kind, c in _STATUS.items() if isinstance(error, kind)), 400)
    return JSONResponse({"detail": str(error)}, status_code=code)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(KnowledgeError, _domain_error)
