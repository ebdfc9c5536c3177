"""Who is logged in, a link to account security, and logout: shown at the foot of the sidebar."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui import labels, routes
from aurora_app.ui.state.auth import AuthState

PAPEIS = labels.PAPEIS


def papel_label(papel) -> rx.Var:  # noqa: ANN001
    return rx.match(
        papel, ("admin", PAPEIS["admin"]), ("gerente", PAPEIS["gerente"]), ("vendedor", PAPEIS["vendedor"]), papel
    )


def user_menu() -> rx.Component:
    return rx.cond(
        AuthState.logado,
        rx.vstack(
            rx.hstack(
                rx.avatar(fallback=AuthState.usuario_nome[:1], size="2", radius="full"),
                rx.vstack(
                    rx.text(AuthState.usuario_nome, size="2", weight="medium", trim="both", id="usuario-nome"),
                    rx.hstack(
                        rx.text(papel_label(AuthState.usuario_papel), size="1", color=rx.color("gray", 11)),
                        rx.cond(
                            AuthState.sessao_2fa,
                            rx.tooltip(
                                rx.icon("shield-check", size=14, color=rx.color("green", 10)),
                                content="Sessão verificada em duas etapas",
                            ),
                        ),
                        spacing="1",
                        align="center",
                    ),
                    spacing="0",
                    min_width="0",
                ),
                align="center",
                spacing="2",
                width="100%",
            ),
            rx.button(
                rx.icon("log-out", size=16),
                "Sair",
                on_click=AuthState.logout,
                variant="soft",
                color_scheme="gray",
                size="2",
                width="100%",
                id="botao-sair",
            ),
            spacing="2",
            width="100%",
            padding="0.75rem",
            border_top=f"1px solid {rx.color('gray', 5)}",
        ),
        rx.link("Entrar", href=routes.LOGIN, padding_x="0.75rem"),
    )
