"""One JSON error shape for every failure: ``{"error": {"status", "code", "message", "details"}}``."""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import AnalysisError, InputError, OversizedInput, ProxywatchError, StoreError

log = logging.getLogger("proxywatch.server")

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
          422: "invalid_parameters", 500: "internal_error", 503: "store_unavailable"}


class ApiError(Exception):
    """An error the API reports on purpose, with its HTTP status and a stable code."""

    def __init__(self, status: int, message: str, code: str | None = None,
                 details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _CODES.get(status, "error")
        self.message = message
        self.details = details or []


def error_body(status: int, code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "details": details or []}}


def error_response(status: int, code: str, message: str,
                   details: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, details), status_code=status, headers=headers)


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for e in exc.errors():
        loc = [str(p) for p in e.get("loc", ())]
        out.append({"field": ".".join(loc[1:]) or ".".join(loc), "in": loc[0] if loc else "",
                    "message": str(e.get("msg", ""))})
    return out


def install(app: FastAPI) -> None:
    """Map every exception to the one shape (unexpected ones: middleware.SecurityMiddleware)."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error_response(exc.status, exc.code, exc.message, exc.details, headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        msg = exc.detail if isinstance(exc.detail, str) else _CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, _CODES.get(exc.status_code, "error"), msg)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_parameters", "invalid request parameters",
                              _validation_details(exc))

    @app.exception_handler(ProxywatchError)
    async def _domain(_: Request, exc: ProxywatchError) -> JSONResponse:
        if isinstance(exc, OversizedInput):
            return error_response(413, "too_large", str(exc))
        if isinstance(exc, InputError):
            return error_response(400, "bad_input", str(exc))
        if isinstance(exc, AnalysisError):
            return error_response(422, "analysis_error", str(exc))
        if isinstance(exc, StoreError):
            log.error("store error: %s", exc)
            return error_response(503, "store_unavailable", "the store could not answer; see the server log")
        return error_response(400, "bad_request", str(exc))
