"""The Reflex app and its route table. The REST API is the FastAPI app Reflex mounts into."""

from __future__ import annotations

import reflex as rx

from aurora_app.api import build_api
from aurora_app.api.bench_bare import bench_transformers
from aurora_app.api.middleware import OriginGuard
from aurora_app.core.logging import setup_logging
from aurora_app.ui import labels, routes, styles

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

# Login, account security and admin pages (issue 3). AuthState.require_login guards a page for
# any logged-in user; AdminState.on_load re-checks admin + 2FA (as does each of its handlers).
from aurora_app.ui.pages import admin as admin_pages  # noqa: E402
from aurora_app.ui.pages import login as login_pages  # noqa: E402
from aurora_app.ui.pages import seguranca as seguranca_pages  # noqa: E402
from aurora_app.ui.state.admin import AdminState  # noqa: E402
from aurora_app.ui.state.auth import LoginState  # noqa: E402
from aurora_app.ui.state.seguranca import SegurancaState  # noqa: E402

app.add_page(login_pages.login_page, route=routes.LOGIN, title=labels.page_title(routes.LOGIN), on_load=LoginState.on_load)
app.add_page(seguranca_pages.seguranca_page, route=routes.SEGURANCA, title=labels.page_title(routes.SEGURANCA), on_load=SegurancaState.on_load)
app.add_page(admin_pages.admin_page, route=routes.ADMIN, title=labels.page_title(routes.ADMIN), on_load=AdminState.on_load)

# Clientes and leads pages (issue 4).
from aurora_app.ui.pages import cliente_detalhe as cliente_detalhe_pages  # noqa: E402
from aurora_app.ui.pages import clientes as clientes_pages  # noqa: E402
from aurora_app.ui.pages import leads as leads_pages  # noqa: E402
from aurora_app.ui.state.ai import SugestoesState  # noqa: E402 - AI panel (issue 10)
from aurora_app.ui.state.cliente_detalhe import ClienteDetalheState  # noqa: E402
from aurora_app.ui.state.clientes import ClientesState  # noqa: E402
from aurora_app.ui.state.leads import LeadDetalheState, LeadsState  # noqa: E402

app.add_page(clientes_pages.clientes_page, route=routes.CLIENTES, title=labels.page_title(routes.CLIENTES), on_load=ClientesState.on_load)
app.add_page(cliente_detalhe_pages.cliente_detalhe_page, route=routes.CLIENTE_DETALHE, title=labels.page_title(routes.CLIENTE_DETALHE), on_load=[ClienteDetalheState.on_load, SugestoesState.carregar])
app.add_page(leads_pages.leads_page, route=routes.LEADS, title=labels.page_title(routes.LEADS), on_load=LeadsState.on_load)
app.add_page(leads_pages.lead_detalhe_page, route=routes.LEAD_DETALHE, title=labels.page_title(routes.LEAD_DETALHE), on_load=[LeadDetalheState.on_load, SugestoesState.carregar])

# CNPJ lookup page (issue 5).
from aurora_app.ui.pages import cnpj as cnpj_pages  # noqa: E402
from aurora_app.ui.state.cnpj import CnpjState  # noqa: E402

app.add_page(cnpj_pages.cnpj_page, route=routes.CNPJ, title=labels.page_title(routes.CNPJ), on_load=CnpjState.on_load)

# Painel (issue 9): KPIs and plotly charts from services.dashboard.
from aurora_app.ui.pages import painel as painel_pages  # noqa: E402
from aurora_app.ui.state.dashboard import DashboardState  # noqa: E402

app.add_page(painel_pages.painel_page, route=routes.PAINEL, title=labels.page_title(routes.PAINEL), on_load=DashboardState.on_load)

# AI core (issue 10): the ingestion outbox is drained by a task inside the app, unless
# AI_WORKER=external (production: `python -m aurora_app.cli worker`, as many as needed).
from aurora_app.ai_core.ingestion import embedded_worker  # noqa: E402

app.register_lifespan_task(embedded_worker)

# Unknown URLs: a pt-BR page with a way back (issue 12).
from aurora_app.ui.pages import nao_encontrada  # noqa: E402

app.add_page(nao_encontrada.pagina_nao_encontrada, route="404", title=labels.page_title("404"))

# Daily workflow (issue 13): "Minhas tarefas" and the trash.
from aurora_app.ui.pages import lixeira as lixeira_pages  # noqa: E402
from aurora_app.ui.pages import tarefas as tarefas_pages  # noqa: E402
from aurora_app.ui.state.lixeira import LixeiraState  # noqa: E402
from aurora_app.ui.state.tarefas import TarefasState  # noqa: E402

app.add_page(tarefas_pages.tarefas_page, route=routes.TAREFAS, title=labels.page_title(routes.TAREFAS), on_load=TarefasState.on_load)
app.add_page(lixeira_pages.lixeira_page, route=routes.LIXEIRA, title=labels.page_title(routes.LIXEIRA), on_load=LixeiraState.on_load)

# LGPD console (issue 16): admins past 2FA and encarregados (services.lgpd checks every call).
from aurora_app.ui.pages import lgpd as lgpd_pages  # noqa: E402
from aurora_app.ui.state.lgpd import LgpdState  # noqa: E402

app.add_page(lgpd_pages.lgpd_page, route=routes.LGPD, title=labels.page_title(routes.LGPD), on_load=LgpdState.on_load)
