"""/admin: users (create, role, activate/deactivate) and the audit log. Admins past 2FA only
(the page's on_load and every handler of AdminState check it)."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui import routes
from aurora_app.ui.components.forms import FOCO_VOLTA, so_permitidos
from aurora_app.ui.components.lista import ESTILO_CARTOES, celula, paginador
from aurora_app.ui.components.shell import page_shell
from aurora_app.ui.components.user_menu import PAPEIS, papel_label, user_menu
from aurora_app.ui.state.admin import PAPEIS as PAPEIS_VALORES
from aurora_app.ui.state.admin import AdminState as A
from aurora_app.ui.state.admin_auditoria import AuditoriaState as L


def _label(text: str, html_for: str) -> rx.Component:
    return rx.el.label(text, html_for=html_for, style={"fontSize": "var(--font-size-2)", "fontWeight": "500"})


def _campo(label: str, name: str, tipo: str = "text", **props) -> rx.Component:  # noqa: ANN003
    return rx.vstack(
        _label(label, f"novo-{name}"),
        rx.input(id=f"novo-{name}", name=name, type=tipo, required=True, width="100%", **props),
        spacing="1",
        width="100%",
    )


def _dialogo_novo() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("user-plus", size=16), "Novo usuário", id="admin-novo")),
        rx.dialog.content(
            rx.dialog.title("Novo usuário"),
            rx.dialog.description("A pessoa poderá trocar a senha em Segurança da conta.", size="2"),
            rx.form(
                rx.vstack(
                    _campo("Nome", "nome", max_length=120),
                    _campo("E-mail", "email", tipo="email", auto_complete="off"),
                    rx.vstack(
                        _label("Papel", "novo-papel"),
                        rx.select.root(
                            rx.select.trigger(id="novo-papel", width="100%"),
                            rx.select.content(*[rx.select.item(PAPEIS[p], value=p) for p in PAPEIS_VALORES]),
                            name="papel",
                            default_value="vendedor",
                        ),
                        spacing="1",
                        width="100%",
                    ),
                    _campo(
                        "Senha inicial (mínimo 8 caracteres)", "password", tipo="password", auto_complete="new-password"
                    ),
                    rx.cond(
                        A.erro_form != "",
                        rx.callout(A.erro_form, icon="triangle-alert", color_scheme="red", size="1", role="alert"),
                    ),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancelar", type="button", variant="soft", color_scheme="gray")),
                        rx.button("Criar", type="submit"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=A.criar_usuario,
                reset_on_submit=False,
            ),
            max_width="28rem",
            custom_attrs=FOCO_VOLTA,
        ),
        open=A.dialogo_aberto,
        on_open_change=A.set_dialogo_aberto,
    )


def _linha_usuario(u: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(u["nome"], weight="medium"),
                rx.text(u["email"], size="1", color=rx.color("gray", 11)),
                spacing="0",
            )
        ),
        celula(
            "Papel",
            rx.select.root(
                rx.select.trigger(aria_label="Papel de " + u["nome"]),
                rx.select.content(*[rx.select.item(PAPEIS[p], value=p) for p in PAPEIS_VALORES]),
                value=u["papel"],
                on_change=lambda v: A.alterar_papel(u["id"], v),
                size="1",
            ),
        ),
        celula(
            "2FA",
            rx.cond(u["totp"] != "", rx.badge("2FA", color_scheme="green"), rx.badge("sem 2FA", color_scheme="gray")),
        ),
        celula(
            "Situação",
            rx.hstack(
                rx.cond(
                    u["ativo"] != "", rx.badge("Ativo", color_scheme="green"), rx.badge("Inativo", color_scheme="red")
                ),
                rx.cond(u["temporaria"] != "", rx.badge("senha temporária", color_scheme="amber")),
                spacing="1",
                wrap="wrap",
            ),
        ),
        celula("Último acesso", u["ultimo_login"]),
        celula(
            "Acesso",
            rx.cond(
                u["ativo"] != "",
                rx.button(
                    "Desativar",
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=A.alterar_ativo(u["id"], False),
                    aria_label="Desativar " + u["nome"],
                ),
                rx.button(
                    "Reativar",
                    size="1",
                    variant="soft",
                    on_click=A.alterar_ativo(u["id"], True),
                    aria_label="Reativar " + u["nome"],
                ),
            ),
            rx.cond(u["email"] != A.usuario_email, _mais_acoes(u)),
            white_space="nowrap",
        ),
    )


def _mais_acoes(u: rx.Var) -> rx.Component:
    """Password and 2FA resets, ending the user's sessions (confirmed first; not offered on one's own row)."""
    return rx.menu.root(
        rx.menu.trigger(
            rx.icon_button(
                rx.icon("ellipsis", size=14),
                size="1",
                variant="soft",
                color_scheme="gray",
                margin_left="0.5rem",
                aria_label="Mais ações para " + u["nome"],
                class_name="admin-mais-acoes",
            ),
        ),
        rx.menu.content(
            rx.menu.item(
                rx.icon("key-round", size=14),
                "Redefinir senha",
                on_click=A.pedir_redefinicao(u["id"], "senha"),
                class_name="admin-redefinir-senha",
            ),
            rx.cond(
                u["totp"] != "",
                rx.menu.item(
                    rx.icon("shield-off", size=14),
                    "Redefinir 2FA",
                    on_click=A.pedir_redefinicao(u["id"], "2fa"),
                    class_name="admin-redefinir-2fa",
                ),
            ),
            rx.menu.item(
                rx.icon("log-out", size=14),
                "Encerrar sessões",
                on_click=A.pedir_redefinicao(u["id"], "sessoes"),
                class_name="admin-encerrar-sessoes",
            ),
        ),
    )


def _senha_temporaria() -> rx.Component:
    """The temporary password, shown once: the admin hands it over by a safe channel."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Senha temporária"),
            rx.dialog.description(
                "Entregue esta senha a ",
                A.senha_temporaria_de,
                " por um canal seguro (pessoalmente ou por telefone). Ela vale até ",
                A.senha_temporaria_ate,
                " e será trocada no primeiro login. Ela não será mostrada de novo.",
                size="2",
            ),
            rx.code(
                A.senha_temporaria,
                size="6",
                id="senha-temporaria",
                style={"userSelect": "all"},
                margin_y="1rem",
                display="block",
                text_align="center",
            ),
            rx.flex(
                rx.button(rx.icon("copy", size=14), "Copiar", variant="soft", on_click=A.copiar_senha_temporaria),
                rx.dialog.close(rx.button("Pronto", id="senha-temporaria-fechar")),
                gap="0.75rem",
                justify="end",
            ),
            max_width="30rem",
        ),
        open=A.senha_temporaria != "",
        on_open_change=A.fechar_senha_temporaria,
    )


def _usuarios() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Usuários", size="4", as_="h2"),
                rx.badge(A.usuarios_total),
                rx.spacer(),
                _dialogo_novo(),
                align="center",
                width="100%",
            ),
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(h)
                                for h in ("Usuário", "Papel", "2FA", "Situação", "Último acesso", "")
                            ]
                        )
                    ),
                    rx.table.body(rx.foreach(A.usuarios, _linha_usuario)),
                    width="100%",
                    size="1",
                    style=ESTILO_CARTOES,
                ),
                overflow_x="auto",
                width="100%",
                id="tabela-usuarios",
            ),
            rx.cond(A.usuarios_mais, rx.button("Carregar mais", variant="soft", on_click=A.mais_usuarios)),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _filtro(rotulo: str, id_: str, controle: rx.Component) -> rx.Component:
    return rx.vstack(_label(rotulo, id_), controle, spacing="1", width=["100%", "auto"])


def _filtros() -> rx.Component:
    return rx.vstack(
        rx.flex(
            _filtro(
                "Usuário",
                "filtro-usuario",
                rx.select.root(
                    rx.select.trigger(id="filtro-usuario", width=["100%", "14rem"]),
                    rx.select.content(rx.foreach(L.opcoes_usuarios, lambda o: rx.select.item(o[1], value=o[0]))),
                    value=L.filtro_usuario,
                    on_change=L.set_filtro_usuario,
                ),
            ),
            _filtro(
                "Ação",
                "filtro-acao",
                rx.select.root(
                    rx.select.trigger(id="filtro-acao", width=["100%", "14rem"]),
                    rx.select.content(rx.foreach(L.acoes, lambda a: rx.select.item(a[1], value=a[0]))),
                    value=L.filtro_acao,
                    on_change=L.set_filtro_acao,
                ),
            ),
            _filtro(
                "De",
                "filtro-inicio",
                rx.input(
                    id="filtro-inicio",
                    value=L.filtro_inicio,
                    on_change=L.set_filtro_inicio,
                    placeholder="dd/mm/aaaa",
                    input_mode="numeric",
                    width=["100%", "9rem"],
                    auto_complete="off",
                    **so_permitidos("data"),
                ),
            ),
            _filtro(
                "Até",
                "filtro-fim",
                rx.input(
                    id="filtro-fim",
                    value=L.filtro_fim,
                    on_change=L.set_filtro_fim,
                    placeholder="dd/mm/aaaa",
                    input_mode="numeric",
                    width=["100%", "9rem"],
                    auto_complete="off",
                    **so_permitidos("data"),
                ),
            ),
            rx.hstack(
                rx.button(rx.icon("filter", size=16), "Filtrar", on_click=L.filtrar, id="filtrar-auditoria"),
                rx.button("Limpar", variant="soft", color_scheme="gray", on_click=L.limpar_filtros),
                spacing="2",
            ),
            gap="1rem",
            wrap="wrap",
            align="end",
            width="100%",
        ),
        rx.cond(
            L.filtro_erro != "",
            rx.text(L.filtro_erro, size="1", color=rx.color("red", 11), role="alert", id="filtro-erro"),
        ),
        spacing="1",
        width="100%",
    )


def _linha_auditoria(a: rx.Var) -> rx.Component:
    return rx.table.row(
        celula("Quando", a["quando"], white_space="nowrap"),
        celula("Ação", rx.text(a["acao_label"], weight="medium", title=a["acao"]), class_name="auditoria-acao"),
        celula(
            "Quem",
            rx.vstack(
                rx.text(rx.cond(a["quem"] != "", a["quem"], a["email"])),
                rx.cond(a["quem"] != "", rx.text(a["email"], size="1", color=rx.color("gray", 11))),
                spacing="0",
            ),
        ),
        celula("Registro", a["entidade"], class_name="auditoria-registro"),
        celula(
            "Detalhes",
            rx.text(a["detalhes"], size="1", style={"whiteSpace": "pre-line", "wordBreak": "break-word"}),
            max_width=rx.breakpoints(initial="none", sm="24rem"),
            class_name="auditoria-detalhes",
        ),
        celula("IP", a["ip"]),
    )


def _auditoria() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading("Auditoria", size="4", as_="h2"), rx.badge(L.total), align="center"),
            _filtros(),
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(h)
                                for h in ("Quando", "Ação", "Quem", "Registro", "Detalhes", "IP")
                            ]
                        )
                    ),
                    rx.table.body(rx.foreach(L.rows, _linha_auditoria)),
                    width="100%",
                    size="1",
                    style=ESTILO_CARTOES,
                ),
                overflow_x="auto",
                width="100%",
                id="tabela-auditoria",
            ),
            paginador(L.pagina, L.tem_proxima, L.pagina_anterior, L.proxima_pagina),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _confirmacao() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(A.confirmar_titulo),
            rx.alert_dialog.description(A.confirmar_texto, size="2"),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancelar", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        A.confirmar_botao, color_scheme="red", on_click=A.confirmar_alteracao, id="admin-confirmar"
                    )
                ),
                gap="0.75rem",
                justify="end",
                padding_top="1rem",
            ),
            max_width="30rem",
            custom_attrs=FOCO_VOLTA,
        ),
        open=A.confirmar_aberto,
        on_open_change=A.set_confirmar_aberto,
    )


def admin_page() -> rx.Component:
    return page_shell(
        "Administração",
        rx.cond(
            (A.usuario_papel == "admin") & A.sessao_2fa,
            rx.vstack(_usuarios(), _auditoria(), _confirmacao(), _senha_temporaria(), spacing="4", width="100%"),
            rx.cond(
                A.bloqueio == "2fa",
                rx.callout(
                    rx.vstack(
                        rx.text("A área administrativa exige uma sessão verificada em duas etapas."),
                        rx.text(
                            "Ative a verificação em Segurança da conta; depois saia e entre de novo informando o código."
                        ),
                        rx.link("Ir para Segurança da conta", href=routes.SEGURANCA, id="admin-ir-seguranca"),
                        spacing="1",
                    ),
                    icon="shield-alert",
                    color_scheme="amber",
                    id="admin-2fa-requerido",
                ),
                rx.center(rx.spinner(size="3"), padding="4rem"),
            ),
        ),
        sidebar_extra=user_menu(),
    )


__all__ = ["admin_page", "papel_label"]
