"""State of ``/`` (painel): period and salesperson filters, KPI cards, four plotly figures.

The numbers come from ``services.dashboard`` (SQL aggregates, cached per write generation) in a
background event: the service runs in a worker thread without holding this user's state lock,
so the page stays responsive (skeleton while loading) and other users are never blocked. A
newer request supersedes an older one still running (``_pedido``).
"""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from aurora_app.services import atividade as atividade_svc
from aurora_app.services import dashboard as dashboard_svc
from aurora_app.services.errors import DomainError, Invalid
from aurora_app.ui import graficos, labels, routes
from aurora_app.ui.components.toasts import falha, run
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.comum import carregar_responsaveis

TODOS = "todos"
PERIODOS: list[tuple[str, str]] = [
    ("30", "Últimos 30 dias"),
    ("90", "Últimos 90 dias"),
    ("365", "Últimos 365 dias"),
    ("mes", "Este mês"),
    ("ano", "Este ano"),
    ("custom", "Personalizado"),
]
PERIODO_ROTULO = dict(PERIODOS)
PARADOS_NO_PAINEL = 5  # the stalest leads shown; the card says how many more there are


def datas_do_periodo(opcao: str, hoje: date, inicio: str = "", fim: str = "") -> tuple[Any, Any]:
    """The (inicio, fim) a period choice means; a custom range passes the typed text through
    (the service validates it and answers in pt-BR)."""
    if opcao in ("30", "90", "365"):
        return hoje - timedelta(days=int(opcao) - 1), hoje
    if opcao == "mes":
        return hoje.replace(day=1), hoje
    if opcao == "ano":
        return hoje.replace(month=1, day=1), hoje
    if not inicio.strip() or not fim.strip():
        raise Invalid("Informe as duas datas do período personalizado.", code="periodo_invalido")
    return inicio.strip(), fim.strip()


def url_leads(estagio: str | None = None, responsavel_id: int | None = None) -> str:
    """The leads list filtered by stage and/or salesperson (read by LeadsState.on_load)."""
    params = {k: v for k, v in (("estagio", estagio), ("responsavel_id", responsavel_id)) if v}
    return f"{routes.LEADS}?{urlencode(params)}" if params else routes.LEADS


def linhas_parados(resultado: Any, gestor: bool) -> list[dict[str, str]]:
    """The painel's "leads sem atividade" rows, as display strings."""
    linhas = []
    for i in resultado.items:
        quando = (
            f"última interação em {labels.dia(i.ultima_atividade_em)}"
            if i.ultima_atividade_em
            else "nenhuma interação registrada"
        )
        linhas.append(
            {
                "id": str(i.id),
                "href": routes.lead_url(i.id),
                "nome": i.nome,
                "empresa": i.empresa or "",
                "estagio": labels.ESTAGIO_LABEL.get(i.estagio, i.estagio),
                "dias": labels.plural(i.dias_sem_atividade, "dia", "dias"),
                "detalhe": quando + (f" · {i.responsavel_nome}" if gestor and i.responsavel_nome else ""),
            }
        )
    return linhas


def cartoes(painel: Any, anterior: Any) -> list[dict[str, str]]:
    """The KPI cards: value, a hint, and (for the period-bound ones) the comparison."""
    k = painel.kpis
    taxa = graficos.variacao_pp(k.taxa_conversao, anterior.taxa_conversao, bool(anterior.ganhos + anterior.perdidos))
    receita = graficos.variacao(k.receita_ganha, anterior.receita_ganha)
    ticket = graficos.variacao(k.ticket_medio, anterior.ticket_medio)
    agora = ("situação atual", "gray")
    fechados = sum(f.quantidade for f in painel.funil if f.estagio in ("ganho", "perdido"))
    linhas = [
        (
            "clientes",
            "Clientes ativos",
            graficos.inteiro(k.clientes_ativos),
            "building-2",
            "cadastrados e não removidos",
            agora,
        ),
        ("abertos", "Leads abertos", graficos.inteiro(k.leads_abertos), "kanban", "em qualquer estágio aberto", agora),
        ("funil", "Valor do funil", labels.brl(k.valor_funil), "filter", "soma dos leads abertos", agora),
        (
            "conversao",
            "Taxa de conversão",
            graficos.percentual(k.taxa_conversao),
            "percent",
            f"{graficos.inteiro(fechados)} negócio(s) fechado(s) no período",
            taxa,
        ),
        ("receita", "Receita ganha", labels.brl(k.receita_ganha), "trending-up", "negócios ganhos no período", receita),
        ("ticket", "Ticket médio", labels.brl(k.ticket_medio), "receipt", "por negócio ganho", ticket),
    ]
    return [
        {"id": i, "titulo": t, "valor": v, "icone": ic, "dica": d, "variacao": var, "tom": tom}
        for i, t, v, ic, d, (var, tom) in linhas
    ]


class DashboardState(AuthState):
    periodo: str = "90"
    custom_inicio: str = ""
    custom_fim: str = ""
    filtro_responsavel: str = TODOS
    responsaveis: list[dict[str, str]] = []
    gestor: bool = False

    carregando: bool = True
    carregado: bool = False
    erro: str = ""
    faixa: str = ""
    comparado_a: str = ""
    kpis: list[dict[str, str]] = []
    # The figures as plotly JSON (plain dicts), never go.Figure objects: a pickled Figure took
    # ~90 ms to unpickle, and with Redis this state is read on every AuthState event (each page
    # load, the navigation badge) — bench/bench_arvore.py, BENCHMARKS.md "State tree".
    fig_funil: dict[str, Any] = {}
    fig_receita: dict[str, Any] = {}
    fig_origem: dict[str, Any] = {}
    fig_ranking: dict[str, Any] = {}
    tem_leads: bool = False
    tem_funil: bool = False
    tem_receita: bool = False
    tem_origem: bool = False
    tem_ranking: bool = False
    # Open leads nobody touched for LEADS_SEM_ATIVIDADE_DIAS days (services.atividade): capped list.
    parados: list[dict[str, str]] = []
    parados_total: int = 0
    parados_dias: int = 0
    _funil_estagios: list[str] = []
    _ranking_ids: list[int] = []
    _responsavel_exibido: int = 0
    _pedido: int = 0

    @rx.var
    def periodo_custom(self) -> bool:
        return self.periodo == "custom"

    @rx.var
    def periodo_rotulo(self) -> str:
        return PERIODO_ROTULO.get(self.periodo, "")

    def _responsavel(self) -> int | None:
        return int(self.filtro_responsavel) if self.gestor and self.filtro_responsavel.isdigit() else None

    @rx.event
    async def on_load(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.gestor = self.ve_equipe  # set by current_actor from services.permissoes
        if self.gestor:
            try:
                self.responsaveis = await carregar_responsaveis(actor)
            except Exception:  # noqa: BLE001 - the filter is a convenience; the team view still works
                self.responsaveis = []
        else:
            self.responsaveis, self.filtro_responsavel = [], TODOS
        return DashboardState.carregar

    @rx.event(background=True)
    async def carregar(self):
        """Both service calls in worker threads, outside the state lock."""
        async with self:
            actor = await self.current_actor()
            if actor is None:
                yield self.login_redirect()
                return
            try:
                inicio, fim = datas_do_periodo(self.periodo, dashboard_svc.hoje(), self.custom_inicio, self.custom_fim)
            except DomainError as exc:
                self.erro, self.carregando = exc.detail, False
                return
            responsavel = self._responsavel()
            self._pedido += 1
            pedido = self._pedido
            self.carregando, self.erro = True, ""
        try:
            d_inicio, d_fim = dashboard_svc.periodo(inicio, fim)
            ant_inicio, ant_fim = dashboard_svc.periodo_anterior(d_inicio, d_fim)
            painel, anterior, parados = await asyncio.gather(
                run(dashboard_svc.painel, actor=actor, inicio=d_inicio, fim=d_fim, responsavel_id=responsavel),
                run(dashboard_svc.comparativo, actor=actor, inicio=ant_inicio, fim=ant_fim, responsavel_id=responsavel),
                run(
                    atividade_svc.leads_sem_atividade, actor=actor, responsavel_id=responsavel, limite=PARADOS_NO_PAINEL
                ),
            )
        except DomainError as exc:
            async with self:
                if pedido == self._pedido:
                    self.erro, self.carregando = exc.detail, False
            if exc.code not in ("periodo_invalido", "responsavel_invalido", "sem_permissao"):
                for ev in falha(exc):
                    yield ev
            return
        except Exception as exc:  # noqa: BLE001
            async with self:
                if pedido == self._pedido:
                    self.carregando = False
            for ev in falha(exc):
                yield ev
            return
        figuras = {
            "fig_funil": graficos.figura_funil(painel.funil),
            "fig_receita": graficos.figura_receita(painel.receita_por_mes),
            "fig_origem": graficos.figura_origem(painel.leads_por_origem),
            "fig_ranking": graficos.figura_ranking(painel.ranking_vendedores),
        }
        async with self:
            if pedido != self._pedido:
                return  # the filters changed meanwhile; a newer load owns the page
            for nome, fig in figuras.items():
                setattr(self, nome, json.loads(fig.to_json()))
            self.kpis = cartoes(painel, anterior)
            self.parados = linhas_parados(parados, self.gestor)
            self.parados_total, self.parados_dias = parados.total, parados.dias
            self.faixa = f"{labels.data_br(d_inicio)} a {labels.data_br(d_fim)}"
            self.comparado_a = f"Comparado a {labels.data_br(ant_inicio)} a {labels.data_br(ant_fim)}"
            self._funil_estagios = [f.estagio for f in painel.funil]
            self._ranking_ids = [r.usuario_id for r in painel.ranking_vendedores]
            self._responsavel_exibido = painel.responsavel_id or 0
            self.tem_funil = any(f.quantidade for f in painel.funil)
            self.tem_receita = any(m.valor for m in painel.receita_por_mes)
            self.tem_origem = any(o.quantidade for o in painel.leads_por_origem)
            self.tem_ranking = bool(painel.ranking_vendedores)
            self.tem_leads = self.tem_funil or self.tem_receita or self.tem_origem or painel.kpis.clientes_ativos > 0
            self.carregando, self.carregado = False, True

    @rx.event
    def set_periodo(self, valor: str):
        if valor not in PERIODO_ROTULO:
            return None
        self.periodo = valor
        if valor == "custom":
            if not self.custom_inicio or not self.custom_fim:
                hoje = dashboard_svc.hoje()
                self.custom_inicio = self.custom_inicio or hoje.replace(day=1).isoformat()
                self.custom_fim = self.custom_fim or hoje.isoformat()
            return None  # waits for "Aplicar"
        return DashboardState.carregar

    @rx.event
    def set_custom_inicio(self, valor: str):
        self.custom_inicio = str(valor)[:40]

    @rx.event
    def set_custom_fim(self, valor: str):
        self.custom_fim = str(valor)[:40]

    @rx.event
    def aplicar_periodo(self):
        self.periodo = "custom"
        return DashboardState.carregar

    @rx.event
    def set_filtro_responsavel(self, valor: str):
        self.filtro_responsavel = valor if str(valor).isdigit() else TODOS
        return DashboardState.carregar

    def _ponto(self, pontos: list[dict[str, Any]] | None) -> int | None:
        if not pontos:
            return None
        idx = pontos[0].get("pointIndex", pontos[0].get("pointNumber"))
        return idx if isinstance(idx, int) and idx >= 0 else None

    @rx.event
    def abrir_estagio(self, pontos: list[dict[str, Any]]):
        """A funnel bar → the leads list of that stage (and salesperson, when one is shown)."""
        idx = self._ponto(pontos)
        if idx is None or idx >= len(self._funil_estagios):
            return None
        return rx.redirect(url_leads(self._funil_estagios[idx], self._responsavel_exibido or None))

    @rx.event
    def abrir_vendedor(self, pontos: list[dict[str, Any]]):
        """A ranking bar → that salesperson's won leads."""
        idx = self._ponto(pontos)
        if idx is None or idx >= len(self._ranking_ids):
            return None
        return rx.redirect(url_leads("ganho", self._ranking_ids[idx]))
