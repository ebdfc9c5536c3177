"""Timeline of interactions (newest first) and the form that adds one; bound to a TimelineMixin state."""

from __future__ import annotations

from typing import Any

import reflex as rx

from aurora_app.ui.components.forms import so_permitidos
from aurora_app.ui.state.timeline import TIPOS


def _excluir(state: Any, item: rx.Var) -> rx.Component:
    """Delete a note or task, after a confirmation (shown to its author, gerente and admin)."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.icon_button(
                rx.icon("trash-2", size=12),
                variant="ghost",
                color_scheme="gray",
                size="1",
                aria_label="Excluir interação",
                class_name="excluir-interacao",
            ),
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Excluir esta interação?"),
            rx.alert_dialog.description("Ela sai do histórico de vez; a auditoria registra quem excluiu e quando."),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancelar", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Excluir",
                        color_scheme="red",
                        class_name="confirmar-exclusao",
                        on_click=state.excluir_interacao(item["id"]),
                    )
                ),
                justify="end",
                spacing="3",
                margin_top="1rem",
            ),
        ),
    )


def _registro(item: rx.Var) -> rx.Component:
    """An entry the system wrote (stage, conversion, owner): one quiet line, nothing to edit."""
    return rx.hstack(
        rx.icon("history", size=14, color=rx.color("gray", 9), flex_shrink="0", margin_top="0.15rem"),
        rx.text(
            rx.text.span(item["descricao"], color=rx.color("gray", 11)),
            rx.text.span(" · ", item["autor"], " · ", item["data"], color=rx.color("gray", 9)),
            size="1",
            style={"overflowWrap": "anywhere"},
        ),
        align="start",
        spacing="2",
        width="100%",
        padding_y="0.4rem",
        padding_left="0.6rem",
        border_bottom=f"1px dashed {rx.color('gray', 4)}",
        class_name="timeline-sistema",
    )


def _entrada(state: Any, item: rx.Var) -> rx.Component:
    return rx.cond(item["sistema"] != "", _registro(item), _interacao(state, item))


def _interacao(state: Any, item: rx.Var) -> rx.Component:
    icone = rx.match(
        item["tipo"],
        *[(tipo, rx.icon(icon, size=16)) for tipo, (_r, icon, _c) in TIPOS.items()],
        rx.icon("sticky_note", size=16),
    )
    cor = rx.match(item["tipo"], *[(tipo, c) for tipo, (_r, _i, c) in TIPOS.items()], "gray")
    return rx.hstack(
        rx.box(
            icone,
            color=rx.color(cor, 11),
            background=rx.color(cor, 3),
            border=f"1px solid {rx.color('gray', 5)}",
            border_radius="9999px",
            padding="0.45rem",
            line_height="0",
            flex_shrink="0",
        ),
        rx.vstack(
            rx.hstack(
                rx.badge(item["rotulo"], color_scheme=cor, variant="soft"),
                rx.text(item["autor"], size="2", weight="medium"),
                rx.text("·", color=rx.color("gray", 9)),
                rx.text(item["data"], size="2", color=rx.color("gray", 11)),
                rx.cond(item["pode_alterar"] != "", _excluir(state, item)),
                align="center",
                wrap="wrap",
                spacing="2",
            ),
            rx.text(item["descricao"], size="2", white_space="pre-wrap", style={"overflowWrap": "anywhere"}),
            rx.cond(
                item["tarefa"] != "",
                rx.hstack(
                    rx.checkbox(
                        "Concluída",
                        checked=item["concluida"] != "",
                        on_change=lambda v: state.alternar_concluida(item["id"], v),
                        size="1",
                    ),
                    rx.cond(
                        item["vence_em"] != "",
                        rx.badge(
                            rx.icon("clock", size=12),
                            rx.cond(item["atrasada"] != "", "Atrasada · vence ", "Vence "),
                            item["vence_em"],
                            color_scheme=rx.cond(item["atrasada"] != "", "red", "gray"),
                            variant="surface",
                        ),
                    ),
                    align="center",
                    spacing="3",
                ),
            ),
            spacing="1",
            width="100%",
            min_width="0",
        ),
        align="start",
        spacing="3",
        width="100%",
        padding_y="0.75rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        class_name="timeline-item",
    )


def nova_interacao(state: Any) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.hstack(
                rx.select.root(
                    rx.select.trigger(aria_label="Tipo de interação", min_width="9rem"),
                    rx.select.content(*[rx.select.item(r, value=t) for t, (r, _i, _c) in TIPOS.items()]),
                    value=state.nova_tipo,
                    on_change=state.set_nova_tipo,
                    name="tipo",
                ),
                rx.cond(
                    state.nova_tipo == "tarefa",
                    rx.hstack(
                        rx.el.label("Vence em", html_for="nova-vence-em", style={"fontSize": "var(--font-size-2)"}),
                        rx.input(
                            id="nova-vence-em",
                            placeholder="dd/mm/aaaa hh:mm",
                            input_mode="numeric",
                            width="11rem",
                            value=state.nova_vence_em,
                            on_change=state.set_nova_vence_em,
                            auto_complete="off",
                            **so_permitidos("data_hora"),
                        ),
                        align="center",
                    ),
                ),
                wrap="wrap",
                align="center",
                width="100%",
            ),
            rx.text_area(
                value=state.nova_descricao,
                on_change=state.set_nova_descricao,
                placeholder="O que aconteceu? (ligação, reunião, próximo passo…)",
                aria_label="Descrição da interação",
                id="nova-descricao",
                rows="3",
                width="100%",
                color_scheme=rx.cond(state.nova_erros.contains("descricao"), "red", "gray"),
            ),
            rx.cond(
                state.nova_erros.contains("descricao"),
                rx.text(state.nova_erros["descricao"], size="1", color=rx.color("red", 11), role="alert"),
            ),
            rx.cond(
                state.nova_erros.contains("vence_em"),
                rx.text(state.nova_erros["vence_em"], size="1", color=rx.color("red", 11), role="alert"),
            ),
            rx.hstack(
                rx.spacer(),
                rx.button(
                    rx.icon("send", size=14),
                    "Registrar",
                    type="submit",
                    loading=state.adicionando,
                    id="registrar-interacao",
                ),
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        on_submit=lambda _dados: state.adicionar_interacao(),
        reset_on_submit=False,
        width="100%",
    )


def timeline(state: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Histórico", size="4", as_="h2"),
            nova_interacao(state),
            rx.divider(),
            rx.cond(
                state.timeline.length() == 0,
                rx.text(
                    rx.cond(state.timeline_carregando, "Carregando…", "Nenhuma interação registrada ainda."),
                    color=rx.color("gray", 11),
                    size="2",
                    padding_y="1rem",
                ),
                rx.box(rx.foreach(state.timeline, lambda item: _entrada(state, item)), width="100%", id="timeline"),
            ),
            rx.cond(
                state.timeline_tem_mais,
                rx.button(
                    "Carregar mais", variant="soft", on_click=state.mais_timeline, loading=state.timeline_carregando
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
