"""Tables that become cards on narrow screens (one markup, CSS only: no duplicated rows).

Below 768 px the header row hides, each row is a card, each cell a line with its column name
(``data-label``) before the value, and the row's action menu sits in the card's corner — so
nothing scrolls sideways and the menu stays on screen.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

CELULAR = "@media (max-width: 767px)"

ESTILO_CARTOES = {
    CELULAR: {
        "& thead": {"display": "none"},
        # Radix gives the table `height: 0` (a trick that only works while it is a table): as a
        # block it would then be 0 px tall and its card would clip every row.
        "& tbody, & table": {"display": "block", "width": "100%", "height": "auto"},
        "& tr": {
            "display": "block",
            "boxSizing": "border-box",
            "position": "relative",
            "padding": "0.75rem 3rem 0.75rem 0.75rem",
            "marginBottom": "0.75rem",
            "border": "1px solid var(--gray-5)",
            "borderRadius": "var(--radius-3)",
            "background": "var(--color-panel-solid)",
        },
        "& td, & th": {
            "display": "flex",
            "gap": "0.5rem",
            "alignItems": "baseline",
            "padding": "0.15rem 0",
            "boxShadow": "none",
            "border": "none",
            "minHeight": "0",
            "height": "auto",  # Radix's row height would space the lines and clip a two-line name
            "width": "100%",
        },
        "& td[data-label]::before": {
            "content": "attr(data-label)",
            "flex": "0 0 7.5rem",
            "color": "var(--gray-11)",
            "fontSize": "var(--font-size-1)",
        },
        "& .celula-acoes": {
            "position": "absolute",
            "top": "0.5rem",
            "right": "0.5rem",
            "width": "auto",
            "padding": "0",
        },
    }
}


def celula(rotulo: str, *children: Any, **props: Any) -> rx.Component:
    """A table cell that shows ``rotulo`` before its value when the row is a card."""
    return rx.table.cell(*children, custom_attrs={"data-label": rotulo}, **props)


def celula_acoes(*children: Any, **props: Any) -> rx.Component:
    return rx.table.cell(*children, class_name="celula-acoes", **props)


def paginador(
    pagina: Any, tem_proxima: Any, anterior: Any, proxima: Any, faixa: Any = None, **props: Any
) -> rx.Component:
    """ "1–20 de 24 · Página 1 · Anterior / Próxima" under a list (wraps on a phone)."""
    return rx.hstack(
        rx.text(faixa, size="2", color=rx.color("gray", 11), class_name="faixa")
        if faixa is not None
        else rx.fragment(),
        rx.spacer(),
        rx.text("Página ", pagina, size="2", color=rx.color("gray", 11)),
        rx.button(
            rx.icon("chevron-left", size=16), "Anterior", variant="soft", disabled=pagina <= 1, on_click=anterior
        ),
        rx.button(
            "Próxima", rx.icon("chevron-right", size=16), variant="soft", disabled=~tem_proxima, on_click=proxima
        ),
        align="center",
        width="100%",
        flex_wrap="wrap",
        row_gap="0.5rem",
        **props,
    )


def cabecalho_ordenavel(S: Any, texto: str, campo: str, dica: str) -> rx.Component:
    """A header that sorts the list by its column (``ListaNaUrlMixin.ordenar``); ``aria-sort`` says how."""
    ativo = S.ordem_campo == campo
    return rx.table.column_header_cell(
        rx.button(
            texto,
            rx.cond(
                ativo,
                rx.cond(S.ordem_desc, rx.icon("arrow-down", size=14), rx.icon("arrow-up", size=14)),
                rx.icon("arrow-up-down", size=14, opacity="0.4"),
            ),
            variant="ghost",
            color_scheme="gray",
            size="1",
            on_click=S.ordenar(campo),
            title=dica,
            class_name=f"ordenar-{campo}",
            style={"fontWeight": "bold"},
        ),
        custom_attrs={"aria-sort": rx.cond(ativo, rx.cond(S.ordem_desc, "descending", "ascending"), "none")},
    )
