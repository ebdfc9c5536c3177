"""Maps DomainError kinds to HTTP once; anything unexpected becomes a logged, generic 500."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import traceback

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from aurora_app.api.middleware import is_https, secure_headers
from aurora_app.core.cache import BackendUnavailable
from aurora_app.core.net import client_ip
from aurora_app.services import auth
from aurora_app.services.audit import RequestContext
from aurora_app.services.errors import DomainError

log = logging.getLogger("aurora.api")

HTTP_CODES = {
    400: ("requisicao_invalida", "Requisição inválida: o corpo não é um JSON válido."),
    401: ("nao_autenticado", "Autenticação necessária."),
    403: ("sem_permissao", "Você não tem permissão para esta ação."),
    404: ("nao_encontrado", "Recurso não encontrado."),
    405: ("metodo_nao_permitido", "Método não permitido."),
    413: ("payload_grande_demais", "Conteúdo grande demais."),
    415: ("tipo_nao_suportado", "Tipo de conteúdo não suportado."),
}


FRAMEWORK_DETAILS = frozenset(
    {
        "Not Found",
        "Method Not Allowed",
        "There was an error parsing the body",
        "Bad Request",
        "Unsupported Media Type",
        "Request Entity Too Large",
        "Content Too Large",
    }
)


def allowed_methods(request: Request) -> str:
    """Every method the path answers to. Starlette names only the first route that matched the
    path, but GET and POST of one path are two routes here."""
    methods: set[str] = set()
    for route in request.app.routes:
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(request.url.path):
            methods |= set(getattr(route, "methods", None) or ())
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


class ErrorLogThrottle:
    """One log line per distinct unexpected error per window: a request an attacker can repeat
    must not rotate the error log away with 15 KiB of traceback each time. An error is "distinct"
    by its type, route and the line that raised it; repeats are counted and reported once the
    window has passed."""

    def __init__(self, window_seconds: float = 60.0, max_keys: int = 1000) -> None:
        self.window = window_seconds
        self.max_keys = max_keys
        self._seen: dict[tuple[str, ...], tuple[float, int]] = {}
        self._lock = threading.Lock()

    def should_log(self, key: tuple[str, ...], now: float | None = None) -> tuple[bool, int]:
        """(log it?, how many repeats were suppressed since the last line)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            first, repeats = self._seen.get(key, (None, 0))
            if first is not None and now - first < self.window:
                self._seen[key] = (first, repeats + 1)
                return False, 0
            if len(self._seen) >= self.max_keys:
                self._seen.clear()
            self._seen[key] = (now, 0)
            return True, repeats


THROTTLE = ErrorLogThrottle()


def error_key(request: Request, exc: BaseException) -> tuple[str, ...]:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    route = getattr(request.scope.get("route"), "path_format", None) or request.url.path[:100]
    return (type(exc).__name__, request.method, route, where)


async def count_anonymous_error(request: Request) -> None:
    """Errors of requests without a token count toward the IP's login limit."""
    if request.headers.get("authorization"):
        return
    peer = request.client.host if request.client else None
    ctx = RequestContext(ip=client_ip(peer, request.headers.get("x-forwarded-for")), user_agent=None)
    try:
        await asyncio.to_thread(auth.registrar_erro_anonimo, ctx)
    except Exception:  # noqa: BLE001 - a limiter down must not turn a 4xx into a 500
        log.warning("limite por IP indisponível ao contar um erro anônimo")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(exc.as_body(), status_code=exc.status, headers=exc.headers or None)

    @app.exception_handler(BackendUnavailable)
    async def _backend(_: Request, exc: BackendUnavailable) -> JSONResponse:
        log.error("backend indisponível: %s", exc)
        return JSONResponse(
            {
                "detail": "Serviço temporariamente indisponível. Tente novamente em instantes.",
                "code": "servico_indisponivel",
            },
            status_code=503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(SATimeoutError)
    async def _database_down(request: Request, exc: Exception) -> JSONResponse:
        # The database refused, dropped or could not lend a connection: the client may retry.
        key = ("banco_indisponivel", type(exc).__name__)
        if THROTTLE.should_log(key)[0]:
            log.error("banco indisponível: %s", type(exc).__name__)
        return JSONResponse(
            {
                "detail": "Banco de dados indisponível no momento. Tente novamente em instantes.",
                "code": "banco_indisponivel",
            },
            status_code=503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, default = HTTP_CODES.get(exc.status_code, ("erro", "Erro."))
        # Framework messages are English ("Not Found", "There was an error parsing the body"...):
        # the client gets ours; only a pt-BR detail raised by our own code passes through.
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail not in FRAMEWORK_DETAILS else default
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request)
        if exc.status_code == 400:
            await count_anonymous_error(request)
        return JSONResponse({"detail": detail, "code": code}, status_code=exc.status_code, headers=headers or None)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's usual 422 shape, plus our pt-BR summary and code.
        await count_anonymous_error(request)
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        return JSONResponse(
            {
                "detail": errors,
                "code": "dados_invalidos",
                "mensagem": "Dados inválidos: verifique os campos informados.",
            },
            status_code=422,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        key = error_key(request, exc)
        log_it, repeats = THROTTLE.should_log(key)
        if log_it:
            extra = f" (mais {repeats} vezes no último minuto)" if repeats else ""
            log.error("erro inesperado em %s %s%s", request.method, key[2], extra, exc_info=exc)
        await count_anonymous_error(request)
        response = JSONResponse(
            {"detail": "Erro interno. A equipe foi notificada.", "code": "erro_interno"}, status_code=500
        )
        # Starlette answers a 500 outside every middleware: our headers are added here.
        response.raw_headers = secure_headers(request.url.path, response.raw_headers, is_https(request.scope))
        return response
