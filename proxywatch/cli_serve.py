"""``proxywatch serve``: the REST API and dashboard over a store (``register(main)`` adds it)."""
from __future__ import annotations

import sys

import click

from .errors import ProxywatchError


@click.command()
@click.option("--db", required=True, help="store file or postgresql:// DSN")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="interface to bind; anything but loopback exposes the API to the network")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", default=None, help="enable write endpoints with this bearer token "
              "(or set $PROXYWATCH_TOKEN); without it the server is read-only")
@click.option("--max-body", default=2_000_000, show_default=True, type=click.IntRange(1024, 100_000_000),
              help="largest request body accepted, in bytes")
def serve(db: str, host: str, port: int, token: str | None, max_body: int) -> None:
    """Serve the JSON API under /api/ (OpenAPI at /openapi.json) and the dashboard at /."""
    import dataclasses

    import uvicorn

    from .server import Settings, create_app
    from .store import open_store

    settings = dataclasses.replace(Settings.from_env(host, port, token), max_body_bytes=max_body)
    try:
        store = open_store(db, create=False)
    except ProxywatchError as e:
        click.echo(f"proxywatch: {e}", err=True)
        sys.exit(2)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"proxywatch: warning: binding {host}: the API is reachable from the network", err=True)
    mode = "read-write (token set)" if settings.token else "read-only"
    click.echo(f"proxywatch: serving {store.location} on http://{host}:{port}/ ({mode})", err=True)
    uvicorn.run(create_app(store, settings=settings), host=host, port=port, log_level="warning",
                server_header=False, proxy_headers=False)


def register(main: click.Group) -> None:
    """Add ``serve`` to the main command group."""
    main.add_command(serve)
