"""/ (painel): KPI cards compared with the previous period, and four plotly charts."""

from __future__ import annotations

import plotly.graph_objects as go
import reflex as rx

from aurora_app.ui import routes
from aurora_app.ui.components.shell import page_shell
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.dashboard import PERIODOS, TODOS, DashboardState

S = DashboardState
PLOTLY_CONFIG = {"displayModeBar": False, "responsive": True, "scrollZoom": False}


# --------------------------------------------------------------------------- filters


def _filtros() -> rx.Component:
    return rx.flex(
        rx.select.root(
            rx.select.trigger(aria_label="Período", id="filtro-periodo", min_width="11rem"),
            rx.select.content(*[rx.select.item(r, value=v) for v, r in PERIODOS]),
            value=S.periodo,
            on_change=S.set_periodo,
        ),
        rx.cond(
            S.gestor,
            rx.select.root(
                rx.select.trigger(aria_label="Vendedor", id="filtro-vendedor", min_width="12rem"),
                rx.select.content(
                    rx.select.item("Toda a equipe", value=TODOS),
                    rx.foreach(S.responsaveis, lambda r: rx.select.item(r["nome"], value=r["id"])),
                ),
                value=S.filtro_responsavel,
                on_change=S.set_filtro_responsavel,
            ),
        ),
        gap="0.75rem",
        wrap="wrap",
        align="center",
    )


def _periodo_custom() -> rx.Component:
    def data(rotulo: str, id_: str, valor: rx.Var, setter) -> rx.Component:  # noqa: ANN001
        return rx.vstack(
            rx.el.label(rotulo, html_for=id_, style={"fontSize": "var(--font-size-2)", "fontWeight": "500"}),
            rx.input(type="date", id=id_, value=valor, on_change=setter, min="2000-01-01", max="2100-12-31"),
            spacing="1",
        )

    return rx.cond(
        S.periodo_custom,
        rx.form(
            rx.flex(
                data("De", "periodo-inicio", S.custom_inicio, S.set_custom_inicio),
                data("Até", "periodo-fim", S.custom_fim, S.set_custom_fim),
                rx.button("Aplicar", type="submit", id="aplicar-periodo"),
                gap="0.75rem",
                align="end",
                wrap="wrap",
            ),
            on_submit=lambda _f: S.aplicar_periodo(),
            padding_bottom="1rem",
        ),
    )


# --------------------------------------------------------------------------- KPI cards


def _cartao(k: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(k["titulo"], size="2", weight="medium", color=rx.color("gray", 11)),
                rx.spacer(),
                rx.icon(k["icone"], size=18, color=rx.color("gray", 10)),
                align="center",
                width="100%",
            ),
            rx.skeleton(
                rx.text(
                    k["valor"],
                    size=rx.breakpoints(initial="4", sm="5", lg="6"),
                    weight="bold",
                    class_name="kpi-valor",
                    white_space="nowrap",
                ),
                loading=S.carregando,
            ),
            rx.text(
                k["variacao"],
                size="1",
                weight="medium",
                color=rx.match(
                    k["tom"], ("green", rx.color("green", 11)), ("red", rx.color("red", 11)), rx.color("gray", 11)
                ),
                class_name="kpi-variacao",
            ),
            rx.text(k["dica"], size="1", color=rx.color("gray", 11)),
            spacing="1",
            width="100%",
        ),
        id="kpi-" + k["id"].to(str),
        class_name="kpi",
    )


def _kpis_esqueleto() -> rx.Component:
    return rx.foreach(
        rx.Var.create(list(range(6))),
        lambda _i: rx.card(rx.skeleton(rx.box(height="5.5rem"), loading=True)),
    )


def _kpis() -> rx.Component:
    return rx.grid(
        rx.cond(S.carregado, rx.foreach(S.kpis, _cartao), _kpis_esqueleto()),
        columns=rx.breakpoints(initial="2", md="3", xl="6"),
        gap="0.75rem",
        width="100%",
        padding_bottom="1rem",
        aria_busy=S.carregando,
    )


# --------------------------------------------------------------------------- charts


def _vazio(icone: str, titulo: str, texto: str, link: rx.Component | None = None) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon(icone, size=28, color=rx.color("gray", 9)),
            rx.text(titulo, weight="medium"),
            rx.text(texto, size="2", color=rx.color("gray", 11), text_align="center", max_width="22rem"),
            link or rx.fragment(),
            align="center",
            spacing="2",
        ),
        min_height="300px",
        class_name="grafico-vazio",
    )


def _grafico(
    id_: str, titulo: str, subtitulo: str, tem: rx.Var, figura: rx.Var, vazio: rx.Component, **plotly_props
) -> rx.Component:  # noqa: ANN003
    return rx.card(
        rx.vstack(
            rx.heading(titulo, size="3", as_="h2"),
            rx.text(subtitulo, size="1", color=rx.color("gray", 11)),
            rx.skeleton(
                rx.box(
                    rx.cond(
                        tem,
                        rx.plotly.basic(
                            data=figura.to(go.Figure),  # plotly JSON in the state (a dict), a figure here
                            config=PLOTLY_CONFIG,
                            use_resize_handler=True,
                            style={"width": "100%"},
                            **plotly_props,
                        ),
                        vazio,
                    ),
                    width="100%",
                    min_height="300px",
                ),
                loading=S.carregando | ~S.carregado,
            ),
            spacing="1",
            width="100%",
        ),
        id=id_,
        class_name="grafico",
        width="100%",
        min_width="0",
    )


def _graficos() -> rx.Component:
    return rx.grid(
        _grafico(
            "grafico-funil",
            "Funil por estágio",
            "Leads abertos hoje; ganhos e perdidos no período. Clique numa barra para ver os leads.",
            S.tem_funil,
            S.fig_funil,
            _vazio(
                "kanban",
                "Nenhum lead no funil",
                "Cadastre o primeiro lead e acompanhe-o pelos estágios.",
                rx.link("Ir para Leads", href=routes.LEADS),
            ),
            on_click=S.abrir_estagio,
        ),
        _grafico(
            "grafico-receita",
            "Receita ganha por mês",
            "Os 12 meses até o fim do período (horário de Brasília).",
            S.tem_receita,
            S.fig_receita,
            _vazio(
                "trending-up",
                "Nenhuma venda ganha em 12 meses",
                "Quando um lead for marcado como ganho, a receita aparece aqui mês a mês.",
            ),
        ),
        _grafico(
            "grafico-origem",
            "Leads por origem",
            "Leads criados no período.",
            S.tem_origem,
            S.fig_origem,
            _vazio(
                "radar",
                "Nenhum lead criado no período",
                "Registre a origem de cada lead (site, indicação, evento…) para saber o que traz negócios.",
            ),
        ),
        _grafico(
            "grafico-ranking",
            "Ranking de vendedores",
            "Receita ganha no período. Clique numa barra para ver os negócios.",
            S.tem_ranking,
            S.fig_ranking,
            _vazio(
                "trophy",
                "Ninguém fechou negócio no período",
                "Escolha um período maior ou marque como ganhos os leads fechados.",
            ),
            on_click=S.abrir_vendedor,
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        gap="0.75rem",
        width="100%",
    )


def _lembrete_tarefas() -> rx.Component:
    """The salesperson's day starts here: tasks overdue and due today, one click away."""
    return rx.cond(
        AuthState.tarefas_pendentes > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("list-checks")),
            rx.callout.text(
                rx.cond(
                    AuthState.tarefas_atrasadas > 0,
                    rx.text.strong(AuthState.tarefas_atrasadas.to_string() + " atrasada(s)"),
                    "",
                ),
                rx.cond((AuthState.tarefas_atrasadas > 0) & (AuthState.tarefas_hoje > 0), " e ", ""),
                rx.cond(AuthState.tarefas_hoje > 0, AuthState.tarefas_hoje.to_string() + " para hoje", ""),
                " em suas tarefas. ",
                rx.link(
                    "Ver minhas tarefas",
                    href=routes.TAREFAS + "?situacao=" + rx.cond(AuthState.tarefas_atrasadas > 0, "atrasadas", "hoje"),
                ),
            ),
            color_scheme=rx.cond(AuthState.tarefas_atrasadas > 0, "red", "amber"),
            role="status",
            id="lembrete-tarefas",
            margin_bottom="1rem",
        ),
    )


def _parado(item: rx.Var) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.vstack(
                rx.text(item["nome"], weight="medium", size="2"),
                rx.text(
                    rx.cond(item["empresa"] != "", item["empresa"] + " · ", ""),
                    item["estagio"], " · ", item["detalhe"],
                    size="1", color=rx.color("gray", 11),
                ),
                spacing="0",
                min_width="0",
            ),
            rx.spacer(),
            rx.badge(rx.icon("clock", size=12), item["dias"], color_scheme="amber", variant="soft", flex_shrink="0"),
            align="center",
            width="100%",
        ),
        href=item["href"],
        underline="none",
        color="inherit",
        display="block",
        padding_y="0.5rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        class_name="lead-parado",
    )


def _leads_sem_atividade() -> rx.Component:
    """Open leads nobody touched for N days: the salesperson's (or the team's) follow-up list."""
    return rx.cond(
        S.parados_total > 0,
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.icon("hourglass", size=18, color=rx.color("amber", 11)),
                    rx.heading(
                        "Leads sem atividade há ", S.parados_dias.to_string(), " dias ou mais",
                        size="3", as_="h2",
                    ),
                    rx.badge(S.parados_total.to_string(), color_scheme="amber"),
                    align="center",
                    spacing="2",
                ),
                rx.text(
                    rx.cond(S.gestor, "Leads abertos da equipe", "Seus leads abertos"),
                    " sem nenhuma nota, ligação, e-mail, reunião ou tarefa no período. Registre o próximo passo:",
                    size="1",
                    color=rx.color("gray", 11),
                ),
                rx.box(rx.foreach(S.parados, _parado), width="100%"),
                rx.cond(
                    S.parados_total > S.parados.length(),
                    rx.text("e mais ", (S.parados_total - S.parados.length()).to_string(), " lead(s).",
                            size="1", color=rx.color("gray", 11)),
                ),
                spacing="2",
                width="100%",
            ),
            id="leads-sem-atividade",
            width="100%",
            margin_bottom="1rem",
        ),
    )


def _lembrete_lgpd() -> rx.Component:
    """Admins and encarregados: titulares' requests past their legal deadline (issue 16)."""
    return rx.cond(
        AuthState.lgpd_atrasadas > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("shield-alert")),
            rx.callout.text(
                rx.text.strong(AuthState.lgpd_atrasadas.to_string() + " solicitação(ões) de titulares"),
                " passaram do prazo legal de 15 dias. ",
                rx.link("Abrir o console LGPD", href=routes.LGPD),
            ),
            color_scheme="red",
            role="status",
            id="lembrete-lgpd",
            margin_bottom="1rem",
        ),
    )


def _boas_vindas() -> rx.Component:
    """A new team (nothing at all yet): what to do first."""
    return rx.cond(
        S.carregado & ~S.carregando & ~S.tem_leads & (S.erro == ""),
        rx.callout.root(
            rx.callout.icon(rx.icon("sparkles")),
            rx.callout.text(
                rx.text.strong("Comece por aqui. "),
                "Cadastre seus clientes (a consulta de CNPJ preenche os dados), crie os leads de cada "
                "oportunidade e mova-os pelo funil: os indicadores e gráficos se montam sozinhos. ",
                rx.link("Cadastrar clientes", href=routes.CLIENTES),
                " · ",
                rx.link("Criar leads", href=routes.LEADS),
            ),
            color_scheme="indigo",
            id="boas-vindas",
            margin_bottom="1rem",
        ),
    )


def _cabecalho() -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(
                rx.cond(S.gestor, "", "Seus números · "),
                S.periodo_rotulo,
                rx.cond(S.faixa != "", rx.text.span(": ", S.faixa), ""),
                size="2",
                weight="medium",
                id="faixa-periodo",
            ),
            rx.text(S.comparado_a, size="1", color=rx.color("gray", 11)),
            spacing="0",
        ),
        rx.spacer(),
        _filtros(),
        gap="0.75rem",
        wrap="wrap",
        align="center",
        width="100%",
        padding_bottom="1rem",
    )


def painel_page() -> rx.Component:
    return page_shell(
        "Painel",
        _cabecalho(),
        _periodo_custom(),
        rx.cond(
            S.erro != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("triangle-alert")),
                rx.callout.text(S.erro),
                color_scheme="red",
                role="alert",
                id="erro-painel",
                margin_bottom="1rem",
            ),
        ),
        _lembrete_tarefas(),
        _lembrete_lgpd(),
        _boas_vindas(),
        _kpis(),
        _leads_sem_atividade(),
        _graficos(),
    )
