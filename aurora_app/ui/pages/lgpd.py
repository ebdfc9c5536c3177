"""/admin/lgpd (issue 16): the encarregado's console — where a titular appears, export,
anonymisation and the titulares' requests with their 15-day deadline. Admins past 2FA and users
marked encarregado (``services.lgpd`` checks every call)."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui.components.lista import ESTILO_CARTOES, celula
from aurora_app.ui.components.shell import page_shell
from aurora_app.ui.state.lgpd import ESTADOS, TIPOS_SOLICITACAO
from aurora_app.ui.state.lgpd import LgpdState as L


def _label(text: str, html_for: str) -> rx.Component:
    return rx.el.label(text, html_for=html_for, style={"fontSize": "var(--font-size-2)", "fontWeight": "500"})


def _bloqueio() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("shield-alert")),
        rx.callout.text(
            "O console LGPD exige verificação em duas etapas. Ative-a em ",
            rx.link("Segurança da conta", href="/conta/seguranca"),
            " e entre novamente com o código.",
        ),
        color_scheme="amber",
        role="alert",
        id="lgpd-bloqueio",
    )


def _linha_resultado(r: rx.Var) -> rx.Component:
    return rx.table.row(
        celula("Tipo", rx.badge(r["tipo"])),
        celula("Nome", r["nome"]),
        celula("E-mail", r["email"]),
        celula("Onde", rx.cond(r["link"] != "", rx.link(r["onde"], href=r["link"]), r["onde"])),
        class_name="lgpd-resultado",
    )


def _busca() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Onde o titular aparece", size="4", as_="h2"),
            rx.text("Busque por e-mail, telefone, CPF ou nome.", size="2", color=rx.color("gray", 11)),
            rx.form(
                rx.hstack(
                    rx.input(
                        id="lgpd-busca",
                        name="q",
                        placeholder="maria@empresa.com.br, (11) 98765-4321, CPF ou nome",
                        aria_label="E-mail, telefone, CPF ou nome do titular",
                        width="100%",
                        max_length=254,
                    ),
                    rx.button(rx.icon("search", size=16), "Buscar", type="submit", id="lgpd-buscar"),
                    width="100%",
                ),
                on_submit=L.buscar,
                reset_on_submit=False,
                width="100%",
            ),
            rx.cond(
                L.buscou,
                rx.cond(
                    L.resultados.length() > 0,
                    rx.box(
                        rx.table.root(
                            rx.table.header(
                                rx.table.row(
                                    *[rx.table.column_header_cell(h) for h in ("Tipo", "Nome", "E-mail", "Onde")]
                                )
                            ),
                            rx.table.body(rx.foreach(L.resultados, _linha_resultado)),
                            width="100%",
                            size="1",
                            style=ESTILO_CARTOES,
                        ),
                        overflow_x="auto",
                        width="100%",
                        id="lgpd-resultados",
                    ),
                    rx.text("Nenhum registro encontrado para esta busca.", id="lgpd-nada", size="2"),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _acoes() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Exportar ou anonimizar", size="4", as_="h2"),
            _label("E-mail do titular", "lgpd-email"),
            rx.input(id="lgpd-email", value=L.email, on_change=L.set_email, type="email", width="100%", max_length=254),
            rx.hstack(
                rx.button(
                    rx.icon("download", size=16),
                    "Exportar dados",
                    on_click=L.exportar,
                    id="lgpd-exportar",
                    disabled=L.email == "",
                ),
                rx.button(
                    rx.icon("eraser", size=16),
                    "Anonimizar…",
                    color_scheme="red",
                    variant="soft",
                    on_click=L.preparar_anonimizacao,
                    id="lgpd-anonimizar",
                    disabled=L.email == "",
                ),
                flex_wrap="wrap",
            ),
            rx.cond(
                L.exportado != "",
                rx.vstack(
                    rx.hstack(
                        rx.button(
                            "Baixar JSON", size="1", variant="soft", on_click=L.baixar_json, id="lgpd-baixar-json"
                        ),
                        rx.button("Baixar HTML legível", size="1", variant="soft", on_click=L.baixar_html),
                    ),
                    rx.el.pre(
                        L.exportado,
                        id="lgpd-exportado",
                        style={
                            "maxHeight": "20rem",
                            "overflow": "auto",
                            "width": "100%",
                            "fontSize": "var(--font-size-1)",
                            "whiteSpace": "pre-wrap",
                            "background": "var(--gray-3)",
                            "padding": "0.75rem",
                            "borderRadius": "var(--radius-2)",
                        },
                    ),
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _confirmacao() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Anonimizar titular — ação irreversível"),
            rx.alert_dialog.description(
                "O que vai mudar para ",
                rx.text.strong(L.email),
                ":",
                size="2",
            ),
            rx.vstack(
                rx.cond(
                    L.previa.length() > 0,
                    rx.el.ul(
                        rx.foreach(L.previa, lambda p: rx.el.li(rx.text.strong(p[0]), " ", p[1])), id="lgpd-previa"
                    ),
                    rx.text("Nenhum registro deste titular foi encontrado.", size="2"),
                ),
                rx.text(
                    "Valores, datas e estágios dos negócios são mantidos; a auditoria registra quem, quando e o motivo, "
                    "nunca os dados removidos.",
                    size="2",
                    color=rx.color("gray", 11),
                ),
                _label("Motivo (obrigatório)", "lgpd-motivo"),
                rx.text_area(id="lgpd-motivo", value=L.motivo, on_change=L.set_motivo, max_length=500, width="100%"),
                rx.hstack(
                    rx.alert_dialog.cancel(rx.button("Cancelar", variant="soft", color_scheme="gray")),
                    rx.button(
                        "Anonimizar definitivamente",
                        color_scheme="red",
                        on_click=L.anonimizar,
                        id="lgpd-confirmar",
                        disabled=L.motivo.strip() == "",
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                width="100%",
                padding_top="0.5rem",
            ),
            max_width="34rem",
        ),
        open=L.confirmar_aberto,
        on_open_change=L.set_confirmar_aberto,
    )


def _linha_solicitacao(s: rx.Var) -> rx.Component:
    return rx.table.row(
        celula("Tipo", s["tipo"]),
        celula(
            "Titular",
            rx.cond(
                s["email"] != "",
                rx.link(s["titular"], on_click=L.usar_titular(s["email"]), href="#lgpd-email"),
                s["titular"],
            ),
        ),
        celula("Recebida", s["recebida"]),
        celula(
            "Prazo",
            rx.hstack(
                rx.text(s["prazo"]),
                rx.cond(
                    s["atrasada"] != "",
                    rx.badge("Atrasada", color_scheme="red", variant="solid", class_name="lgpd-atrasada"),
                ),
                spacing="2",
                align="center",
            ),
        ),
        celula("Estado", rx.badge(s["estado_label"])),
        celula("Responsável", s["responsavel"]),
        celula(
            "Ações",
            rx.hstack(
                rx.cond(
                    s["estado"] == "aberta",
                    rx.button("Iniciar", size="1", variant="soft", on_click=L.mudar_estado(s["id"], "em_andamento")),
                ),
                rx.cond(
                    (s["estado"] == "aberta") | (s["estado"] == "em_andamento"),
                    rx.button(
                        "Concluir",
                        size="1",
                        on_click=L.mudar_estado(s["id"], "concluida"),
                        aria_label="Concluir solicitação de " + s["titular"],
                    ),
                ),
                spacing="2",
            ),
        ),
        background=rx.cond(s["atrasada"] != "", rx.color("red", 3), "transparent"),
        class_name="lgpd-solicitacao",
    )


def _nova_solicitacao() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.vstack(
                _label("Tipo", "sol-tipo"),
                rx.select.root(
                    rx.select.trigger(id="sol-tipo", width="100%"),
                    rx.select.content(*[rx.select.item(v, value=k) for k, v in TIPOS_SOLICITACAO.items()]),
                    name="tipo",
                    default_value="acesso",
                ),
                spacing="1",
            ),
            rx.vstack(
                _label("Nome do titular", "sol-nome"),
                rx.input(id="sol-nome", name="titular_nome", max_length=120),
                spacing="1",
            ),
            rx.vstack(
                _label("E-mail do titular", "sol-email"),
                rx.input(id="sol-email", name="titular_email", type="email", max_length=254),
                spacing="1",
            ),
            rx.button(rx.icon("plus", size=16), "Registrar", type="submit", id="sol-registrar"),
            gap="0.75rem",
            align="end",
            flex_wrap="wrap",
        ),
        on_submit=L.criar_solicitacao,
        reset_on_submit=True,
    )


def _solicitacoes() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Solicitações de titulares", size="4", as_="h2"),
                rx.cond(
                    L.atrasadas > 0,
                    rx.badge(
                        L.atrasadas.to_string() + " atrasada(s)",
                        color_scheme="red",
                        variant="solid",
                        id="lgpd-atrasadas",
                    ),
                ),
                rx.spacer(),
                rx.hstack(
                    rx.switch(checked=L.so_atrasadas, on_change=L.alternar_atrasadas, id="lgpd-so-atrasadas"),
                    _label("Só atrasadas", "lgpd-so-atrasadas"),
                    align="center",
                ),
                align="center",
                width="100%",
                flex_wrap="wrap",
            ),
            rx.text(
                "Prazo legal: 15 dias a partir do recebimento (LGPD art. 19).", size="2", color=rx.color("gray", 11)
            ),
            _nova_solicitacao(),
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(h)
                                for h in ("Tipo", "Titular", "Recebida", "Prazo", "Estado", "Responsável", "")
                            ]
                        )
                    ),
                    rx.table.body(rx.foreach(L.solicitacoes, _linha_solicitacao)),
                    width="100%",
                    size="1",
                    style=ESTILO_CARTOES,
                ),
                overflow_x="auto",
                width="100%",
                id="lgpd-solicitacoes",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def lgpd_page() -> rx.Component:
    return page_shell(
        "LGPD — titulares",
        rx.cond(
            L.bloqueio == "2fa",
            _bloqueio(),
            rx.vstack(_busca(), _acoes(), _solicitacoes(), _confirmacao(), spacing="4", width="100%"),
        ),
    )


__all__ = ["ESTADOS", "lgpd_page"]
