"""The Reflex app and its route table. The REST API is the FastAPI app Reflex mounts into."""

from __future__ import annotations

import reflex as rx

from aurora_app.ai_core.ingestion import embedded_worker
from aurora_app.api import build_api
from aurora_app.api.bench_bare import bench_transformers
from aurora_app.api.middleware import OriginGuard
from aurora_app.core.logging import setup_logging
from aurora_app.ui import labels, routes, styles
from aurora_app.ui.pages import (
    admin,
    cliente_detalhe,
    clientes,
    cnpj,
    leads,
    lgpd,
    lixeira,
    login,
    nao_encontrada,
    painel,
    seguranca,
    tarefas,
)
from aurora_app.ui.state.admin import AdminState
from aurora_app.ui.state.admin_auditoria import AuditoriaState
from aurora_app.ui.state.ai import SugestoesState
from aurora_app.ui.state.cliente_detalhe import ClienteDetalheState
from aurora_app.ui.state.clientes import ClientesState
from aurora_app.ui.state.cnpj import CnpjState
from aurora_app.ui.state.dashboard import DashboardState
from aurora_app.ui.state.lead_detalhe import LeadDetalheState
from aurora_app.ui.state.leads import LeadsState
from aurora_app.ui.state.lgpd import LgpdState
from aurora_app.ui.state.lixeira import LixeiraState
from aurora_app.ui.state.login import LoginState
from aurora_app.ui.state.seguranca import SegurancaState
from aurora_app.ui.state.tarefas import TarefasState

setup_logging()

app = rx.App(
    theme=rx.theme(**styles.THEME),
    stylesheets=["/aurora.css"],
    # bench_transformers(): [] unless `make bench` asks for its bare route (never in production).
    # OriginGuard wraps everything Reflex serves, the websocket included (api/middleware.py).
    api_transformer=[build_api(), *bench_transformers(), OriginGuard],
    head_components=[rx.el.meta(name="description", content=labels.TAGLINE)],
    html_lang="pt-BR",
)

# Route → page → the state handlers its load runs. A page for logged-in users checks the session
# in its state's on_load; the admin states re-check admin + 2FA in every handler.
PAGINAS = [
    (routes.LOGIN, login.login_page, LoginState.on_load),
    (routes.SEGURANCA, seguranca.seguranca_page, SegurancaState.on_load),
    (routes.ADMIN, admin.admin_page, [AdminState.on_load, AuditoriaState.on_load]),
    (routes.PAINEL, painel.painel_page, DashboardState.on_load),
    (routes.CLIENTES, clientes.clientes_page, ClientesState.on_load),
    (
        routes.CLIENTE_DETALHE,
        cliente_detalhe.cliente_detalhe_page,
        [ClienteDetalheState.on_load, SugestoesState.carregar],
    ),
    (routes.LEADS, leads.leads_page, LeadsState.on_load),
    (routes.LEAD_DETALHE, leads.lead_detalhe_page, [LeadDetalheState.on_load, SugestoesState.carregar]),
    (routes.CNPJ, cnpj.cnpj_page, CnpjState.on_load),
    (routes.TAREFAS, tarefas.tarefas_page, TarefasState.on_load),
    (routes.LIXEIRA, lixeira.lixeira_page, LixeiraState.on_load),
    (routes.LGPD, lgpd.lgpd_page, LgpdState.on_load),  # admins past 2FA and encarregados
]
for rota, pagina, on_load in PAGINAS:
    app.add_page(pagina, route=rota, title=labels.page_title(rota), on_load=on_load)

# Unknown URLs: a pt-BR page with a way back.
app.add_page(nao_encontrada.pagina_nao_encontrada, route="404", title=labels.page_title("404"))

# AI core: the ingestion outbox is drained by a task inside the app, unless AI_WORKER=external
# (production: `python -m aurora_app.cli worker`, as many as needed).
app.register_lifespan_task(embedded_worker)
