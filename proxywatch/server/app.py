"""The FastAPI application: JSON API under /api/, OpenAPI at /openapi.json, the dashboard at /."""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from ..store.port import Store
from . import errors, routes_analytics, routes_data, routes_io
from .middleware import SecurityMiddleware
from .service import ExtractorFactory, Service
from .settings import Settings

#: dashboard pages: each is the same shell, the script reads the path
PAGES = ("/", "/events", "/incidents/{incident_id}", "/actors/{actor_id}", "/paste", "/forecast")


def create_app(store: Store, extractor_factory: ExtractorFactory | None = None,
               settings: Settings | None = None) -> FastAPI:
    """An app serving ``store``; ``extractor_factory()`` builds the extractor on the first /api/extract."""
    from ..web import STATIC

    settings = settings or Settings()
    app = FastAPI(title="proxywatch", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Sourced PLOVER events of state-sponsored proxy conflict. "
                              "Read-only unless the server has a write token. See docs/API.md.")
    app.state.settings = settings
    app.state.service = Service(store, extractor_factory)
    errors.install(app)
    for r in (routes_data.router, routes_analytics.router, routes_io.router):
        app.include_router(r)

    index = STATIC / "index.html"

    def shell() -> Response:
        return FileResponse(index, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})

    for path in PAGES:
        app.add_api_route(path, shell, methods=["GET"], include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # outermost: the Host check, body limits and security headers apply to every answer, errors included
    app.add_middleware(SecurityMiddleware, max_body_bytes=settings.max_body_bytes, hosts=settings.hosts())
    return app
