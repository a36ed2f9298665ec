"""Shared request dependencies: the service, pagination, event filters and the write token."""
from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from fastapi import Query, Request

from ..errors import StoreError
from ..model import PLOVER_TYPES
from ..store.queries import EventFilter, parse_bbox
from .errors import ApiError
from .service import Service, check_date
from .settings import Settings

STATUSES = ("asserted", "claimed", "denied", "conditional", "negated")


def service(request: Request) -> Service:
    return request.app.state.service  # type: ignore[no-any-return]


def settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int

    def wrap(self, items: list[Any], total: int) -> dict[str, Any]:
        return {"items": items, "total": total, "limit": self.limit, "offset": self.offset}

    def cut(self, items: list[Any]) -> dict[str, Any]:
        return self.wrap(items[self.offset:self.offset + self.limit], len(items))


def page(request: Request, limit: int | None = Query(None, ge=1, description="page size (default 50)"),
         offset: int = Query(0, ge=0, le=10_000_000, description="rows to skip")) -> Page:
    s = settings(request)
    lim = s.default_page if limit is None else limit
    if lim > s.max_page:
        raise ApiError(422, f"limit={lim}: at most {s.max_page}", "invalid_parameters",
                       [{"field": "limit", "in": "query", "message": f"at most {s.max_page}"}])
    return Page(lim, offset)


def filters(actor: str | None = Query(None, max_length=200, description="actor id (any id of the lineage)"),
            recipient: str | None = Query(None, max_length=200, description="recipient id (lineage)"),
            type: str | None = Query(None, max_length=20, description="PLOVER type"),
            status: str | None = Query(None, max_length=20, description="asserted|claimed|denied|conditional|negated"),
            since: str | None = Query(None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD"),
            until: str | None = Query(None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD"),
            place: str | None = Query(None, max_length=200, description="place id, name or country code"),
            bbox: str | None = Query(None, max_length=100, description="min_lon,min_lat,max_lon,max_lat"),
            q: str | None = Query(None, max_length=200, description="free text (evidence, names, places)")
            ) -> EventFilter:
    check_date("since", since)
    check_date("until", until)
    if type is not None and type.upper() not in PLOVER_TYPES:
        raise ApiError(422, f"type={type!r}: not a PLOVER type", "invalid_parameters",
                       [{"field": "type", "in": "query", "message": "one of " + ", ".join(PLOVER_TYPES)}])
    if status is not None and status not in STATUSES:
        raise ApiError(422, f"status={status!r}: unknown", "invalid_parameters",
                       [{"field": "status", "in": "query", "message": "one of " + ", ".join(STATUSES)}])
    box = None
    if bbox:
        try:
            box = parse_bbox(bbox)
        except StoreError as e:
            raise ApiError(422, str(e), "invalid_parameters",
                           [{"field": "bbox", "in": "query", "message": str(e)}]) from e
    blank = (lambda v: v or None)
    return EventFilter(actor=blank(actor), recipient=blank(recipient), type=blank(type), status=blank(status),
                       since=blank(since), until=blank(until), place=blank(place), bbox=box,
                       q=(q or "").strip() or None)


def require_token(request: Request) -> None:
    """Write endpoints: refused when no token is configured, 401 unless the right one is sent."""
    token = settings(request).token
    if not token:
        raise ApiError(403, "the server is read-only: start it with --token to enable write endpoints",
                       "read_only")
    auth = request.headers.get("authorization", "")
    sent = auth[7:].strip() if auth.lower().startswith("bearer ") else request.headers.get("x-proxywatch-token", "")
    if not sent or not hmac.compare_digest(sent.encode(), token.encode()):
        raise ApiError(401, "missing or wrong token (send Authorization: Bearer TOKEN)")


def write_allowed(request: Request) -> bool:
    try:
        require_token(request)
    except ApiError:
        return False
    return True
