"""Pure ASGI middleware: security headers on every HTTP answer, request metrics, and a body limit."""

from __future__ import annotations

import time

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aurora_app.core.config import get_settings
from aurora_app.core.metrics import HTTP_LATENCY, HTTP_REQUESTS

# The Reflex front end needs inline bootstrap scripts and styles, and talks to the backend over
# a websocket on the same origin ('self' covers ws/wss of this origin). 'unsafe-eval' stays:
# measured on 3 Dec, without it the kanban's drag-and-drop never starts (the wrapper is loaded
# by Reflex's client, which evaluates component code); every other page ran without it.
CSP_HTML = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; "
    "object-src 'none'"
)
# Swagger UI is served from a CDN by FastAPI.
CSP_DOCS = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
CSP_API = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
DOCS_PATHS = ("/api/v1/docs", "/api/v1/redoc")
# FastAPI's own routes (OpenAPI, docs) do not leave a route object in the scope.
PLAIN_ROUTES = frozenset({"/api/v1/openapi.json", *DOCS_PATHS, "/metrics"})

BASE_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
HSTS = (b"strict-transport-security", b"max-age=63072000; includeSubDomains")


def secure_headers(path: str, headers: list[tuple[bytes, bytes]], https: bool) -> list[tuple[bytes, bytes]]:
    """The answer's headers with ours added: used by the middleware and by the 500 handler (which
    Starlette runs outside every middleware)."""
    headers = [
        (k, v)
        for k, v in headers
        if k.lower() not in {b"x-frame-options", b"x-content-type-options", b"content-security-policy"}
    ]
    content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
    if path.startswith(DOCS_PATHS):
        csp = CSP_DOCS
    elif content_type.startswith(b"text/html") or not path.startswith(("/api/", "/health", "/metrics")):
        csp = CSP_HTML
    else:
        csp = CSP_API
    headers += BASE_HEADERS
    headers.append((b"content-security-policy", csp.encode()))
    # API answers carry tokens and personal data: no browser or proxy keeps a copy.
    if path.startswith("/api/") and not any(k.lower() == b"cache-control" for k, _ in headers):
        headers.append((b"cache-control", b"no-store"))
    if https:
        headers.append(HSTS)
    return headers


def is_https(scope: Scope) -> bool:
    if scope.get("scheme") == "https":
        return True
    for name, value in scope.get("headers", []):
        if name == b"x-forwarded-proto":
            return value.split(b",")[0].strip().lower() == b"https"
    return False


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        https = is_https(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": secure_headers(path, message.get("headers", []), https)}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def route_label(scope: Scope) -> str:
    """A low-cardinality label: the matched route template, else a coarse bucket."""
    route = scope.get("route")
    # path_format drops the convertors: /clientes/{cliente_id}, not /clientes/{cliente_id:int}
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    if template:
        return template
    path = scope.get("path", "")
    if path in PLAIN_ROUTES:
        return path
    if path.startswith("/api/"):
        return "/api/<sem rota>"
    if path.startswith("/_"):
        return "/_reflex"
    return "frontend"


class MetricsMiddleware:
    """Counts and times requests by route *template* (``/api/v1/clientes/{id}``), never raw paths."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = {"code": 500}

        async def send_recording(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_recording)
        finally:
            template = route_label(scope)
            method = scope.get("method", "GET")
            HTTP_REQUESTS.labels(method, template, str(status["code"])).inc()
            HTTP_LATENCY.labels(method, template).observe(time.perf_counter() - start)


# Paths that carry files: the CSV import (REST) and Reflex's upload endpoint (the clientes page's
# import) get the file limit; everything else the JSON limit.
UPLOAD_PATHS = ("/api/v1/clientes/importar", "/_upload")
MULTIPART_FOLGA = 64 * 1024  # multipart headers and boundaries around the file


def body_limit(path: str) -> int:
    from aurora_app.services.clientes import MAX_IMPORT_BYTES  # lazy: services import the ORM

    if path.startswith(UPLOAD_PATHS):
        return MAX_IMPORT_BYTES + MULTIPART_FOLGA
    return get_settings().MAX_BODY_BYTES


def _too_big(limit: int) -> HTTPException:
    size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
    return HTTPException(413, detail=f"Conteúdo grande demais: o limite desta rota é {size}.")


async def _send_json(send: Send, status: int, detail: str, code: str, close: bool = False) -> None:
    import json

    body = json.dumps({"detail": detail, "code": code}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_413(send: Send, limit: int) -> None:
    await _send_json(send, 413, str(_too_big(limit).detail), "payload_grande_demais", close=True)


class HostileUrlMiddleware:
    """A NUL byte in the URL (``%00`` in a search, a filter, a path) is refused at the door with a
    422: no parameter, however it is read later, can carry one to the database (PostgreSQL
    refuses NUL in text, and the driver's error would be a 500)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path", "").startswith("/api/"):
            query = scope.get("query_string", b"")
            if b"%00" in query or b"\x00" in query or "\x00" in scope.get("path", ""):
                await _send_json(send, 422, "A URL contém caracteres não permitidos (NUL).", "parametro_invalido")
                return
        await self.app(scope, receive, send)


class BodyLimitMiddleware:
    """Refuses a request body over its route's limit while it is read, before anything parses it:
    a declared ``Content-Length`` over the limit is answered 413 at once (the body is never read);
    a body without one (chunked) is counted as it streams and the read fails with a 413 as soon
    as it passes the limit, so a 200 MB body never sits in memory."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope.get("path", ""))
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                if not value.isdigit() or int(value) > limit:
                    await _send_413(send, limit)
                    return
                break
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _too_big(limit)
            return message

        await self.app(scope, counted, send)


def _same_origin(origin: str, host: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    netloc, host = parts.netloc.lower(), host.lower()
    default = ":443" if parts.scheme == "https" else ":80"
    return netloc == host or netloc + default == host or netloc == host.removesuffix(default)


def origin_allowed(origin: str | None, host: str | None) -> bool:
    """No Origin (curl, server-to-server) or the app's own origin, or one in ALLOWED_ORIGINS.
    ``null`` (sandboxed frames, file://) and every other site are refused."""
    if origin is None:
        return True
    origin = origin.strip().rstrip("/").lower()
    settings = get_settings()
    if origin in settings.allowed_origins:
        return True
    if not settings.is_production and origin.startswith(("http://localhost:", "http://127.0.0.1:")):
        return True  # `reflex run` in development serves the page and the backend on two ports
    return bool(host) and _same_origin(origin, host or "")


class OriginGuard:
    """Wraps the whole app (REST, Reflex's websocket and its long-polling): a request or a
    websocket sent by another site's page is refused (403 / handshake closed). Reflex's CORS
    then only ever answers the origins configured (``rxconfig.py``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            headers = dict(scope.get("headers") or [])
            origin = headers.get(b"origin")
            host = headers.get(b"host")
            if origin is not None and not origin_allowed(
                origin.decode("latin-1"), host.decode("latin-1") if host else None
            ):
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                    return
                await _send_json(send, 403, "Origem não permitida.", "origem_nao_permitida")
                return
        await self.app(scope, receive, send)
