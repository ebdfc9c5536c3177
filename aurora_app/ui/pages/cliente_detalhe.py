"""/clientes/[id]: details, timeline of interactions, and the slot of the AI panel."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui import routes
from aurora_app.ui.components.ai_panel import painel_sugestoes
from aurora_app.ui.components.cliente_form import cliente_dialog
from aurora_app.ui.components.cliente_vinculos import contatos_card, leads_card
from aurora_app.ui.components.shell import page_shell
from aurora_app.ui.components.timeline import timeline
from aurora_app.ui.state.cliente_detalhe import ClienteDetalheState as S


def _dado(rotulo: str, valor: rx.Var | str, **props) -> rx.Component:
    return rx.vstack(
        rx.text(rotulo, size="1", color=rx.color("gray", 11), weight="medium"),
        rx.text(valor, size="2", white_space="pre-line", style={"overflowWrap": "anywhere"}, **props),
        spacing="0",
        width="100%",
    )


def _detalhes() -> rx.Component:
    c = S.cliente
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("building-2", size=22, color=rx.color("accent", 9)),
                rx.vstack(
                    rx.heading(c["razao_social"], size="5", as_="h2", id="cliente-razao-social"),
                    rx.cond(
                        c["nome_fantasia"] != "", rx.text(c["nome_fantasia"], size="2", color=rx.color("gray", 11))
                    ),
                    spacing="0",
                ),
                rx.spacer(),
                rx.cond(
                    S.pode_editar,
                    rx.button(
                        rx.icon("pencil", size=14),
                        "Editar",
                        variant="soft",
                        on_click=S.abrir_edicao(c["id"]),
                        id="editar-cliente",
                    ),
                ),
                align="start",
                spacing="3",
                width="100%",
            ),
            rx.grid(
                _dado("CNPJ", c["cnpj"], font_family="var(--code-font-family)", id="cliente-cnpj"),
                _dado("Situação cadastral", c["situacao_cadastral"]),
                _dado("Telefone", rx.cond(c["telefone"] != "", c["telefone"], "—")),
                _dado("E-mail", rx.cond(c["email"] != "", c["email"], "—")),
                _dado("Endereço", rx.cond(c["endereco"] != "", c["endereco"], "—")),
                _dado("CNAE principal", c["cnae_principal"]),
                _dado("Porte", c["porte"]),
                _dado("Responsável", c["responsavel"]),
                _dado("Cliente desde", c["criado_em"]),
                _dado("Última alteração", c["atualizado_em"]),
                columns=rx.breakpoints(initial="1", sm="2"),
                gap="1rem",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


def _nao_encontrado() -> rx.Component:
    return rx.callout(
        "Cliente não encontrado (ou foi excluído).",
        icon="circle-x",
        color_scheme="red",
    )


def cliente_detalhe_page() -> rx.Component:
    return page_shell(
        "Cliente",
        rx.cond(
            S.nao_encontrado,
            _nao_encontrado(),
            rx.grid(
                rx.vstack(_detalhes(), timeline(S), spacing="4", width="100%", min_width="0"),
                rx.vstack(
                    leads_card(S), contatos_card(S), painel_sugestoes(), spacing="4", width="100%", min_width="0"
                ),
                columns=rx.breakpoints(initial="1", lg="3"),
                gap="1rem",
                width="100%",
                style={"@media (min-width: 1024px)": {"gridTemplateColumns": "2fr 1fr"}},
            ),
        ),
        cliente_dialog(S),
        actions=rx.link(rx.button(rx.icon("arrow-left", size=16), "Clientes", variant="soft"), href=routes.CLIENTES),
    )
