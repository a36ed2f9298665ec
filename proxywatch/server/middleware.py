"""ASGI middleware: security headers on every response and a hard cap on request bodies.

Written as plain ASGI (not BaseHTTPMiddleware) so a body is counted while it
streams in: a chunked upload without Content-Length is cut at the limit too.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from .errors import error_body

log = logging.getLogger("proxywatch.server")

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: no inline script or style, nothing from another origin, no plugins, no framing
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'; object-src 'none'")
# the OpenAPI explorer page needs nothing external either; we do not serve /docs
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
]


async def _reject(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps(error_body(status, code, message)).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


def _host(raw: bytes) -> str:
    h = raw.decode("latin-1").strip().lower()
    if h.startswith("["):  # [::1]:8000
        return h[1:h.find("]")] if "]" in h else h
    return h.rsplit(":", 1)[0] if h.count(":") == 1 else h


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int, hosts: list[str]) -> None:
        self.app = app
        self.max_body = max_body_bytes
        self.hosts = {h.lower() for h in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if "*" not in self.hosts and _host(headers.get(b"host", b"")) not in self.hosts:
            # DNS rebinding: a page elsewhere must not reach the loopback API under its own name
            await _reject(send, 400, "bad_host", "Host header not allowed")
            return
        declared = headers.get(b"content-length")
        limit = f"request body larger than {self.max_body} bytes"
        if declared is not None:
            try:
                too_big = int(declared) > self.max_body
            except ValueError:
                await _reject(send, 400, "bad_request", "invalid Content-Length")
                return
            if too_big:
                await _reject(send, 413, "too_large", limit)
                return
        if scope.get("method") in ("POST", "PUT", "PATCH"):
            # buffer the body (at most the limit) so an oversized stream is refused before the app runs
            chunks: list[bytes] = []
            seen = 0
            while True:
                msg = await receive()
                if msg["type"] == "http.disconnect":
                    return
                chunk = msg.get("body", b"")
                seen += len(chunk)
                if seen > self.max_body:
                    await _reject(send, 413, "too_large", limit)
                    return
                chunks.append(chunk)
                if not msg.get("more_body", False):
                    break
            body = b"".join(chunks)
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()
            receive = replay

        started = False

        async def secured_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in msg.get("headers", [])}
                msg = dict(msg)
                msg["headers"] = [*msg.get("headers", []),
                                  *((k, v) for k, v in SECURITY_HEADERS if k not in names)]
            await send(msg)

        try:
            await self.app(scope, receive, secured_send)
        except Exception:
            log.exception("unhandled error on %s", scope.get("path"))
            if not started:
                await _reject(send, 500, "internal_error", "internal error; see the server log")
