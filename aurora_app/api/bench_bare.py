"""Bench-only bare route: the yardstick for ``api_overhead_ratio`` (``make bench``, issue 15).

``GET /bench/bare/clientes/{id}`` runs the same two statements as ``GET /api/v1/clientes/{id}``
(the live cliente by id, then its responsável's name) on the same engine, in FastAPI's thread
pool like the real route, and answers the row as plain JSON: no auth, no Aurora middleware (it
is the outermost app, in front of the API), no pydantic DTOs.

It exists only when ``AURORA_BENCH_ROUTES=1`` **and** ``AURORA_ENV`` is not ``production``:
``bench_transformers()`` returns nothing otherwise, so a production server never has the route.
"""

from __future__ import annotations

import logging
import os

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text

from aurora_app.core import db
from aurora_app.core.config import get_settings

ENV_FLAG = "AURORA_BENCH_ROUTES"
BARE_PREFIX = "/bench/bare"
log = logging.getLogger(__name__)

_CLIENTE = text("SELECT * FROM cliente WHERE cliente.id = :id AND cliente.removido_em IS NULL")
_NOME = text("SELECT usuario.nome FROM usuario WHERE usuario.id = :id")


def bench_enabled() -> bool:
    if os.environ.get(ENV_FLAG) != "1":
        return False
    if get_settings().is_production:
        log.warning("%s=1 ignorado: rotas de benchmark nunca existem em produção", ENV_FLAG)
        return False
    return True


def build_bare_app() -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.get(f"{BARE_PREFIX}/clientes/{{cliente_id}}")
    def bare_cliente(cliente_id: int) -> JSONResponse:
        with db.get_engine().connect() as conn:
            row = conn.execute(_CLIENTE, {"id": cliente_id}).mappings().one_or_none()
            if row is None:
                return JSONResponse({"detail": "não encontrado"}, status_code=404)
            data = dict(row)
            rid = data.get("responsavel_id")
            data["responsavel_nome"] = conn.execute(_NOME, {"id": rid}).scalar_one_or_none() if rid else None
        return JSONResponse({k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()})

    return app


def bench_transformers() -> list[FastAPI]:
    """Extra ``api_transformer`` entries for ``rx.App``: the bare app when the bench asks for it."""
    return [build_bare_app()] if bench_enabled() else []
