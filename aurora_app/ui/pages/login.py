"""/login: email and password, then a code step for accounts with 2FA. No sidebar."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui import labels, styles
from aurora_app.ui.state.login import LoginState


def _label(text: str, html_for: str) -> rx.Component:
    return rx.el.label(text, html_for=html_for, style={"fontSize": "var(--font-size-2)", "fontWeight": "500"})


def _senha_fields() -> rx.Component:
    # Kept mounted (only hidden) on the code step: the browser re-sends the password with the
    # code, so the server never has to hold it between the two steps.
    return rx.vstack(
        _label("E-mail", "login-email"),
        rx.input(
            id="login-email",
            name="email",
            type="email",
            auto_complete="username",
            required=True,
            placeholder="voce@empresa.com.br",
            size="3",
            width="100%",
            auto_focus=True,
        ),
        _label("Senha", "login-senha"),
        rx.input(
            id="login-senha",
            name="password",
            type="password",
            auto_complete="current-password",
            required=True,
            size="3",
            width="100%",
        ),
        spacing="2",
        width="100%",
        display=rx.cond(LoginState.etapa == "senha", "flex", "none"),
    )


def _nova_senha_fields() -> rx.Component:
    # After an admin reset: mounted from this step on, hidden again on the code step (re-sent with it).
    return rx.cond(
        LoginState.troca_senha,
        rx.vstack(
            rx.callout(
                "Sua senha foi redefinida por um administrador. Escolha uma nova senha (mínimo de 8 "
                "caracteres; frases longas são bem-vindas) para continuar.",
                icon="key-round",
                size="1",
            ),
            _label("Nova senha", "login-nova-senha"),
            rx.input(
                id="login-nova-senha",
                name="nova_senha",
                type="password",
                auto_complete="new-password",
                size="3",
                width="100%",
                auto_focus=True,
            ),
            _label("Repita a nova senha", "login-nova-confirmacao"),
            rx.input(
                id="login-nova-confirmacao",
                name="nova_confirmacao",
                type="password",
                auto_complete="new-password",
                size="3",
                width="100%",
            ),
            rx.link("Voltar e usar outra conta", on_click=LoginState.voltar, size="2", href="#"),
            spacing="2",
            width="100%",
            display=rx.cond(LoginState.etapa_nova_senha, "flex", "none"),
        ),
    )


def _codigo_fields() -> rx.Component:
    return rx.cond(
        LoginState.etapa_codigo,
        rx.vstack(
            rx.callout(
                "Sua conta usa verificação em duas etapas. Digite o código de 6 dígitos do aplicativo "
                "autenticador ou um dos seus códigos de recuperação.",
                icon="shield-check",
                size="1",
            ),
            _label("Código de verificação", "login-otp"),
            rx.input(
                id="login-otp",
                name="otp",
                auto_complete="one-time-code",
                input_mode="text",
                placeholder="123456 ou XXXX-XXXX-XXXX-XXXX",
                size="3",
                width="100%",
                auto_focus=True,
                max_length=32,
            ),
            rx.link("Voltar e usar outra conta", on_click=LoginState.voltar, size="2", href="#"),
            spacing="2",
            width="100%",
        ),
    )


def login_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.icon("sunrise", size=28, color=rx.color(styles.ACCENT, 9)),
                    rx.heading(labels.APP_NAME, size="6", as_="h1"),
                    align="center",
                ),
                rx.text(labels.TAGLINE, color=rx.color("gray", 11), size="2"),
                rx.cond(
                    LoginState.aviso != "",
                    rx.callout(
                        LoginState.aviso,
                        icon="log-out",
                        color_scheme="amber",
                        size="1",
                        role="status",
                        id="login-aviso",
                        width="100%",
                    ),
                ),
                rx.form(
                    rx.vstack(
                        _senha_fields(),
                        _nova_senha_fields(),
                        _codigo_fields(),
                        rx.cond(
                            LoginState.erro != "",
                            rx.callout(
                                LoginState.erro,
                                icon="triangle-alert",
                                color_scheme="red",
                                size="1",
                                role="alert",
                                id="login-erro",
                                width="100%",
                            ),
                        ),
                        rx.button(
                            rx.match(
                                LoginState.etapa,
                                ("codigo", "Verificar código"),
                                ("nova_senha", "Salvar nova senha e entrar"),
                                "Entrar",
                            ),
                            type="submit",
                            size="3",
                            width="100%",
                            loading=LoginState.carregando,
                            id="login-entrar",
                            # Until the page is hydrated a click would be lost, or the browser would
                            # submit the form itself (the password in the URL): not clickable yet.
                            disabled=~rx.State.is_hydrated,
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=LoginState.entrar,
                    reset_on_submit=False,
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            size="4",
            width="100%",
            max_width="26rem",
        ),
        min_height="100vh",
        padding="1rem",
        background=rx.color("gray", 2),
    )
