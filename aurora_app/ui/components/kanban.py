"""The pipeline board: one column per stage (count and total), cards you drag between columns.

Drag and drop comes from ``@hello-pangea/dnd`` (see components/dnd.py): drag a card with the
mouse or a finger, or focus it and press space, the arrows and space again. A drop calls
``state.soltar_card(lead_id, estagio, indice)``: the card moves at once and goes back if the
service refuses; a drop on Perdido asks the reason first. The "Mover para" menu of each card
stays as the other path (one click, and what a screen reader user may prefer).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from aurora_app.ui.components.dnd import kanban_board, kanban_card, kanban_column
from aurora_app.ui.labels import ESTAGIOS


def menu_estagio(state: Any, lead: rx.Var, *, trigger: rx.Component | None = None) -> rx.Component:
    """ "Mover para" menu: one item per stage (the current one disabled)."""
    return rx.menu.root(
        rx.menu.trigger(
            trigger
            or rx.icon_button(
                rx.icon("arrow-right-left", size=14),
                variant="ghost",
                size="1",
                aria_label="Mover lead para outro estágio",
                class_name="mover-lead",
            )
        ),
        rx.menu.content(
            rx.text("Mover para", size="1", color=rx.color("gray", 11), padding_x="0.5rem", padding_y="0.25rem"),
            *[
                rx.menu.item(
                    rx.badge(rotulo, color_scheme=cor, variant="soft"),
                    disabled=lead["estagio"] == estagio,
                    on_click=state.mover(lead["id"], estagio, lead["nome"]),
                    class_name=f"mover-para-{estagio}",
                )
                for estagio, rotulo, cor in ESTAGIOS
            ],
        ),
    )


def _card(state: Any, lead: rx.Var, indice: rx.Var) -> rx.Component:
    return kanban_card(
        _corpo_do_card(state, lead),
        draggable_id=lead["id"],
        index=indice,
        label=lead["nome"],
        class_name="lead-arrastavel",
        padding_bottom="0.5rem",
    )


def _corpo_do_card(state: Any, lead: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.link(lead["nome"], href=lead["url"], weight="medium", size="2", style={"overflowWrap": "break-word"}),
            rx.cond(lead["empresa"] != "", rx.text(lead["empresa"], size="1", color=rx.color("gray", 11))),
            rx.text(lead["valor"], size="2", weight="bold", white_space="nowrap", class_name="valor"),
            rx.hstack(
                rx.cond(
                    lead["previsao"] != "",
                    rx.hstack(
                        rx.icon("calendar", size=12),
                        rx.text(lead["previsao"], size="1", white_space="nowrap"),
                        align="center",
                        spacing="1",
                        title="Previsão de fechamento",
                    ),
                ),
                rx.spacer(),
                menu_estagio(state, lead),
                align="center",
                width="100%",
                color=rx.color("gray", 11),
            ),
            rx.flex(
                rx.hstack(
                    rx.icon("user", size=12), rx.text(lead["responsavel"], size="1"), align="center", spacing="1"
                ),
                rx.cond(lead["cliente_url"] != "", rx.badge("cliente", color_scheme="green", size="1", variant="soft")),
                gap="0.25rem 0.5rem",
                wrap="wrap",
                align="center",
                color=rx.color("gray", 11),
            ),
            spacing="1",
            width="100%",
        ),
        size="1",
        width="100%",
        flex_shrink="0",
        class_name="lead-card",
        data_lead_id=lead["id"],
    )


def _coluna(state: Any, estagio: str, rotulo: str, cor: str) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.hstack(
                rx.box(width="0.6rem", height="0.6rem", border_radius="9999px", background=rx.color(cor, 9)),
                rx.heading(rotulo, size="3", as_="h2"),
                rx.badge(
                    state.contagens[estagio], color_scheme=cor, variant="soft", radius="full", class_name="contagem"
                ),
                align="center",
                spacing="2",
            ),
            rx.text(state.totais[estagio], size="2", color=rx.color("gray", 11), class_name="total"),
            spacing="1",
            width="100%",
            padding="0.75rem",
            padding_bottom="0.5rem",
        ),
        rx.box(
            kanban_column(
                rx.foreach(state.cards[estagio], lambda lead, i: _card(state, lead, i)),
                rx.cond(
                    state.contagens[estagio] == 0,
                    rx.text(
                        "Nenhum lead",
                        size="1",
                        color=rx.color("gray", 11),
                        padding_y="1rem",
                        align="center",
                        width="100%",
                    ),
                ),
                droppable_id=estagio,
                min_height="3rem",  # an empty column still takes a drop
                display="flex",
                flex_direction="column",
                class_name="coluna-cards",
            ),
            rx.cond(
                state.restantes[estagio] > 0,
                rx.button(
                    "+ ",
                    state.restantes[estagio],
                    " na lista",
                    variant="ghost",
                    size="1",
                    on_click=state.ver_estagio(estagio),
                    width="100%",
                ),
            ),
            width="100%",
            padding="0.5rem",
            padding_top="0.25rem",
            overflow_y="auto",
            flex="1",
            min_height="0",
        ),
        direction="column",
        # Phones: one column at a time (85% wide, snapping), the next peeking in; desktop: shared width.
        flex=["0 0 85%", "0 0 60%", "1 0 10rem"],
        min_width="0",
        max_width=["none", "none", "22rem"],
        scroll_snap_align="start",
        max_height="100%",
        background=rx.color("gray", 2),
        border=f"1px solid {rx.color('gray', 4)}",
        border_top=f"3px solid {rx.color(cor, 9)}",
        border_radius="var(--radius-4)",
        id=f"coluna-{estagio}",
        aria_label=f"Estágio {rotulo}",
        role="region",
    )


def kanban(state: Any) -> rx.Component:
    """Desktop: columns share the width and each scrolls on its own inside a board as tall as the
    window, so every stage is in sight at once. Phone: the board scrolls (and snaps) by column."""
    return kanban_board(
        *[_coluna(state, e, r, c) for e, r, c in ESTAGIOS],
        on_move=state.soltar_card,
        display="flex",
        gap="0.75rem",
        align_items="flex-start",
        overflow_x="auto",
        scroll_snap_type=["x mandatory", "x mandatory", "none"],
        overscroll_behavior_x="contain",
        width="100%",
        height=["auto", "auto", "calc(100vh - 10.5rem)"],
        min_height="22rem",
        padding_bottom="0.5rem",
    )
