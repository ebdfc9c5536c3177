"""/conta/seguranca: 2FA enrollment (QR + key), recovery codes shown once, deactivation, password."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui.components.shell import page_shell
from aurora_app.ui.components.user_menu import user_menu
from aurora_app.ui.state.seguranca import SegurancaState as S


def _label(text: str, html_for: str) -> rx.Component:
    return rx.el.label(text, html_for=html_for, style={"fontSize": "var(--font-size-2)", "fontWeight": "500"})


def _erro(var) -> rx.Component:  # noqa: ANN001
    return rx.cond(
        var != "", rx.callout(var, icon="triangle-alert", color_scheme="red", size="1", role="alert", width="100%")
    )


def _password(
    id_: str, name: str = "password", label: str = "Sua senha atual", autocomplete: str = "current-password"
) -> rx.Component:
    return rx.vstack(
        _label(label, id_),
        rx.input(id=id_, name=name, type="password", auto_complete=autocomplete, required=True, width="100%"),
        spacing="1",
        width="100%",
    )


def _otp(id_: str) -> rx.Component:
    return rx.vstack(
        _label("Código do aplicativo (6 dígitos)", id_),
        rx.input(
            id=id_,
            name="otp",
            auto_complete="one-time-code",
            input_mode="numeric",
            required=True,
            max_length=32,
            placeholder="123456",
            width="100%",
        ),
        spacing="1",
        width="100%",
    )


def _inicio_inativo() -> rx.Component:
    return rx.vstack(
        rx.text(
            "Proteja sua conta com um segundo fator: além da senha, um código que muda a cada 30 segundos "
            "no seu celular (Google Authenticator, Microsoft Authenticator, 1Password, Aegis...). "
            "Administradores precisam dele para acessar a área administrativa.",
            size="2",
        ),
        rx.form(
            rx.vstack(
                _password("seg-setup-senha"),
                _erro(S.erro),
                rx.button(
                    "Configurar verificação em duas etapas", type="submit", loading=S.carregando, id="seg-configurar"
                ),
                spacing="3",
                width="100%",
                max_width="24rem",
            ),
            on_submit=S.iniciar,
        ),
        spacing="3",
        width="100%",
    )


def _qr() -> rx.Component:
    return rx.vstack(
        rx.text("1. Escaneie o QR code com o aplicativo autenticador.", size="2", weight="medium"),
        rx.image(
            src=S.qr_src,
            alt="QR code para o aplicativo autenticador",
            width="12rem",
            height="12rem",
            border=f"1px solid {rx.color('gray', 6)}",
            border_radius="var(--radius-3)",
            background="white",
            padding="0.25rem",
        ),
        rx.text("Sem câmera? Digite esta chave no aplicativo (tipo: baseada em tempo):", size="2"),
        rx.code(S.chave, size="3", id="seg-chave", style={"letterSpacing": "0.05em", "wordBreak": "break-all"}),
        rx.text("2. Digite o código que o aplicativo mostra para confirmar.", size="2", weight="medium"),
        rx.form(
            rx.vstack(
                _otp("seg-ativar-otp"),
                _erro(S.erro),
                rx.hstack(
                    rx.button("Ativar", type="submit", loading=S.carregando, id="seg-ativar"),
                    rx.button("Cancelar", type="button", variant="soft", color_scheme="gray", on_click=S.cancelar),
                    spacing="2",
                ),
                spacing="3",
                width="100%",
                max_width="24rem",
            ),
            on_submit=S.ativar,
        ),
        spacing="3",
        width="100%",
    )


def _codigos() -> rx.Component:
    return rx.vstack(
        rx.callout(
            "Guarde estes códigos de recuperação agora: eles não serão mostrados de novo. "
            "Cada um vale uma única vez no lugar do código do aplicativo, se você perder o celular.",
            icon="key-round",
            color_scheme="amber",
            width="100%",
        ),
        rx.grid(
            rx.foreach(S.codigos, lambda c: rx.code(c, size="3", class_name="codigo-recuperacao")),
            columns="2",
            spacing="2",
            id="seg-codigos",
        ),
        rx.hstack(
            rx.button(rx.icon("copy", size=16), "Copiar", variant="soft", on_click=S.copiar_codigos),
            rx.button(rx.icon("download", size=16), "Baixar .txt", variant="soft", on_click=S.baixar_codigos),
            rx.button("Já guardei os códigos", on_click=S.concluir, id="seg-concluir"),
            spacing="2",
            wrap="wrap",
        ),
        spacing="3",
        width="100%",
    )


def _ativo() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.badge(rx.icon("shield-check", size=14), "Ativa", color_scheme="green", size="2", id="seg-status-ativa"),
            rx.text(S.restantes, " códigos de recuperação restantes", size="2", color=rx.color("gray", 11)),
            align="center",
            spacing="3",
        ),
        rx.cond(
            (S.restantes < 3),
            rx.callout(
                "Poucos códigos de recuperação restantes: desative e ative de novo para gerar outros.",
                icon="info",
                color_scheme="amber",
                size="1",
            ),
        ),
        rx.heading("Desativar", size="3", as_="h3"),
        rx.text("Confirme com a senha e um código atual (ou um código de recuperação).", size="2"),
        rx.form(
            rx.vstack(
                _password("seg-off-senha"),
                _otp("seg-off-otp"),
                _erro(S.erro),
                rx.button(
                    "Desativar verificação em duas etapas",
                    type="submit",
                    color_scheme="red",
                    variant="soft",
                    loading=S.carregando,
                    id="seg-desativar",
                ),
                spacing="3",
                width="100%",
                max_width="24rem",
            ),
            on_submit=S.desativar,
            reset_on_submit=False,
        ),
        spacing="3",
        width="100%",
    )


def _dois_fatores() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Verificação em duas etapas (TOTP)", size="4", as_="h2"),
            rx.match(
                S.etapa,
                ("qr", _qr()),
                ("codigos", _codigos()),
                rx.cond(S.usuario_totp_ativo, _ativo(), _inicio_inativo()),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _senha() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Trocar a senha", size="4", as_="h2"),
            rx.text(
                "Mínimo de 8 caracteres; frases longas são bem-vindas. Suas outras sessões serão encerradas.", size="2"
            ),
            rx.form(
                rx.vstack(
                    _password("seg-senha-atual", name="senha_atual"),
                    _password("seg-senha-nova", name="nova_senha", label="Nova senha", autocomplete="new-password"),
                    _password(
                        "seg-senha-conf", name="confirmacao", label="Repita a nova senha", autocomplete="new-password"
                    ),
                    _erro(S.erro_senha),
                    rx.button("Trocar senha", type="submit", loading=S.carregando),
                    spacing="3",
                    width="100%",
                    max_width="24rem",
                ),
                on_submit=S.trocar_senha,
                reset_on_submit=False,
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _sessao(item: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon("monitor-smartphone", size=20, color=rx.color("gray", 10), flex_shrink="0"),
        rx.vstack(
            rx.hstack(
                rx.text(item["navegador"], weight="medium", size="2", title=item["user_agent"]),
                rx.cond(item["atual"] != "", rx.badge("Esta sessão", color_scheme="green", variant="soft")),
                rx.cond(item["com_2fa"] != "", rx.badge("com 2FA", color_scheme="gray", variant="surface")),
                align="center",
                wrap="wrap",
                spacing="2",
            ),
            rx.text(item["ip"], " · entrou em ", item["criada"], " · último acesso ", item["visto"],
                    size="1", color=rx.color("gray", 11)),
            spacing="0",
            min_width="0",
        ),
        rx.spacer(),
        rx.button(
            rx.cond(item["atual"] != "", "Sair", "Encerrar"),
            size="1",
            variant="soft",
            color_scheme="red",
            loading=S.encerrando == item["id"],
            on_click=S.encerrar_sessao(item["id"]),
            class_name="encerrar-sessao",
            aria_label=rx.cond(item["atual"] != "", "Sair: encerrar esta sessão", "Encerrar a sessão de " + item["navegador"]),
        ),
        align="center",
        width="100%",
        padding_y="0.6rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        class_name="sessao-ativa",
    )


def _sessoes() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Sessões ativas", size="4", as_="h2"),
            rx.text(
                "Onde sua conta está conectada agora. Encerre uma sessão que você não reconhece: aquele "
                "dispositivo sai na próxima ação. Se desconfiar de alguém, troque também a senha.",
                size="2",
            ),
            rx.box(rx.foreach(S.sessoes, _sessao), width="100%", id="sessoes-ativas"),
            rx.cond(
                S.outras_sessoes > 0,
                rx.button("Encerrar todas as outras", variant="outline", color_scheme="red", size="2",
                          on_click=S.encerrar_outras, id="encerrar-outras"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def seguranca_page() -> rx.Component:
    return page_shell(
        "Segurança da conta",
        rx.vstack(_dois_fatores(), _senha(), _sessoes(), spacing="4", width="100%", max_width="48rem"),
        sidebar_extra=user_menu(),
    )
