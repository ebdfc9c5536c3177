"""The page for an unknown URL: pt-BR, with a way back (Reflex's default says "404: Page not found")."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui import labels, routes, styles


def pagina_nao_encontrada() -> rx.Component:
    return rx.center(
        rx.el.main(
            rx.card(
                rx.vstack(
                    rx.hstack(
                        rx.icon("sunrise", size=28, color=rx.color(styles.ACCENT, 9)),
                        rx.text(labels.APP_NAME, size="6", weight="bold"),
                        align="center",
                    ),
                    rx.heading("Página não encontrada", size="6", as_="h1", id="pagina-404"),
                    rx.text(
                        "O endereço ",
                        rx.code(rx.State.router.url.path),
                        " não existe ou foi movido. Confira o link ou volte para uma página conhecida.",
                        size="2",
                        color=rx.color("gray", 11),
                    ),
                    rx.hstack(
                        rx.link(
                            rx.hstack(
                                rx.icon("layout-dashboard", size=16), "Ir para o painel", align="center", spacing="2"
                            ),
                            href=routes.PAINEL,
                            id="voltar-painel",
                        ),
                        rx.link(
                            rx.hstack(rx.icon("building-2", size=16), "Clientes", align="center", spacing="2"),
                            href=routes.CLIENTES,
                        ),
                        rx.link(
                            rx.hstack(rx.icon("kanban", size=16), "Leads", align="center", spacing="2"),
                            href=routes.LEADS,
                        ),
                        spacing="4",
                        wrap="wrap",
                    ),
                    spacing="4",
                ),
                size="4",
                width="100%",
            ),
            style={"width": "100%", "maxWidth": "32rem"},
        ),
        min_height="100vh",
        padding="1rem",
        background=rx.color("gray", 2),
        direction="column",
    )
