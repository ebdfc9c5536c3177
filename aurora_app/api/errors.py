"""Maps DomainError kinds to HTTP once; anything unexpected becomes a logged, generic 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from aurora_app.core.cache import BackendUnavailable
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


FRAMEWORK_DETAILS = frozenset({
    "Not Found", "Method Not Allowed", "There was an error parsing the body", "Bad Request",
    "Unsupported Media Type", "Request Entity Too Large", "Content Too Large",
})


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


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(exc.as_body(), status_code=exc.status, headers=exc.headers or None)

    @app.exception_handler(BackendUnavailable)
    async def _backend(_: Request, exc: BackendUnavailable) -> JSONResponse:
        log.error("backend indisponível: %s", exc)
        return JSONResponse(
            {"detail": "Serviço temporariamente indisponível. Tente novamente em instantes.", "code": "servico_indisponivel"},
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
        return JSONResponse({"detail": detail, "code": code}, status_code=exc.status_code, headers=headers or None)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's usual 422 shape, plus our pt-BR summary and code.
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        return JSONResponse(
            {"detail": errors, "code": "dados_invalidos", "mensagem": "Dados inválidos: verifique os campos informados."},
            status_code=422,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("erro inesperado em %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "Erro interno. A equipe foi notificada.", "code": "erro_interno"}, status_code=500)
