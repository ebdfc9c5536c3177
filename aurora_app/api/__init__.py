"""The REST API: FastAPI app that Reflex mounts itself into (``rx.App(api_transformer=...)``)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from aurora_app.api.errors import install_error_handlers
from aurora_app.api.middleware import (
    BodyLimitMiddleware,
    HostileUrlMiddleware,
    MetricsMiddleware,
    SecurityHeadersMiddleware,
)
from aurora_app.api.openapi import install_openapi
from aurora_app.api.routes import admin as admin_routes
from aurora_app.api.routes import ai as ai_routes
from aurora_app.api.routes import atividade as atividade_routes
from aurora_app.api.routes import auth as auth_routes
from aurora_app.api.routes import busca as busca_routes
from aurora_app.api.routes import clientes as clientes_routes
from aurora_app.api.routes import cnpj as cnpj_routes
from aurora_app.api.routes import contatos as contatos_routes
from aurora_app.api.routes import dashboard as dashboard_routes
from aurora_app.api.routes import health
from aurora_app.api.routes import interacoes as interacoes_routes
from aurora_app.api.routes import leads as leads_routes
from aurora_app.api.routes import lgpd as lgpd_routes
from aurora_app.api.routes import lixeira as lixeira_routes
from aurora_app.api.routes import lote as lote_routes
from aurora_app.api.routes import tarefas as tarefas_routes
from aurora_app.api.routes import visoes as visoes_routes
from aurora_app.core.config import get_settings

API_PREFIX = "/api/v1"


def build_api() -> FastAPI:
    docs = get_settings().api_docs  # off in production unless API_DOCS=true
    app = FastAPI(
        title="Aurora API",
        version="1.0.0",
        description="API REST do Aurora CRM. Autentique com `POST /api/v1/auth/login` e envie `Authorization: Bearer <token>`.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs" if docs else None,
        redoc_url=f"{API_PREFIX}/redoc" if docs else None,
        # Operation ids are the handlers' names (``list_clientes``, ``move_lead``): readable in
        # generated clients; tests/api/test_platform.py keeps them unique.
        generate_unique_id_function=lambda route: route.name,
    )
    install_error_handlers(app)
    install_openapi(app)
    app.include_router(health.router)

    v1 = APIRouter(prefix=API_PREFIX)
    # Feature routers are included here, one line each (auth, admin, clientes, leads, cnpj...).
    v1.include_router(auth_routes.router)
    v1.include_router(admin_routes.router)
    v1.include_router(cnpj_routes.router)
    v1.include_router(clientes_routes.router)
    v1.include_router(atividade_routes.router)
    v1.include_router(leads_routes.router)
    v1.include_router(interacoes_routes.router)
    v1.include_router(contatos_routes.router)
    v1.include_router(tarefas_routes.router)
    v1.include_router(busca_routes.router)
    v1.include_router(lote_routes.router)
    v1.include_router(lixeira_routes.router)
    v1.include_router(dashboard_routes.router)
    v1.include_router(ai_routes.router)
    v1.include_router(lgpd_routes.router)
    v1.include_router(visoes_routes.router)
    app.include_router(v1)

    # Outermost last: headers wrap everything, errors included; the body limit sits inside the
    # metrics (a refused body is counted) and outside every route.
    app.add_middleware(HostileUrlMiddleware)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
