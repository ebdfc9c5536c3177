"""Saved views of a list (``VisoesMixin``): a "Visões" menu beside the filters — open a view,
save the current one, delete one — and the dialog that names a new view."""

from __future__ import annotations

from typing import Any

import reflex as rx

from aurora_app.ui.components.forms import FOCO_VOLTA


def menu_visoes(S: Any) -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("bookmark", size=14),
                "Visões",
                rx.icon("chevron-down", size=14),
                variant="soft",
                color_scheme="gray",
                size="1",
                id="menu-visoes",
            ),
        ),
        rx.menu.content(
            rx.cond(
                S.visoes.length() > 0,
                rx.foreach(
                    S.visoes,
                    lambda v: rx.menu.item(v["nome"], on_click=S.aplicar_visao(v["id"]), class_name="visao-salva"),
                ),
                rx.menu.item("Nenhuma visão salva", disabled=True),
            ),
            rx.menu.separator(),
            rx.menu.item(
                rx.icon("bookmark-plus", size=14),
                "Salvar visão atual…",
                on_click=S.abrir_salvar_visao,
                id="salvar-visao",
            ),
            rx.cond(
                S.visoes.length() > 0,
                rx.menu.sub(
                    rx.menu.sub_trigger(rx.icon("trash-2", size=14), "Excluir visão"),
                    rx.menu.sub_content(
                        rx.foreach(
                            S.visoes,
                            lambda v: rx.menu.item(
                                v["nome"], color="red", on_click=S.excluir_visao(v["id"]), class_name="excluir-visao"
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )


def dialogo_visao(S: Any) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Salvar visão"),
            rx.dialog.description("Os filtros e a ordem atuais ficam guardados com este nome, só para você.", size="2"),
            rx.form(
                rx.vstack(
                    rx.input(
                        value=S.visao_nome,
                        on_change=S.set_visao_nome,
                        placeholder="Ex.: Meus leads em negociação",
                        aria_label="Nome da visão",
                        id="nome-visao",
                        max_length=60,
                        width="100%",
                        color_scheme=rx.cond(S.visao_erro != "", "red", "gray"),
                        auto_focus=True,
                    ),
                    rx.cond(
                        S.visao_erro != "",
                        rx.text(S.visao_erro, size="1", color=rx.color("red", 11), role="alert", id="erro-nome-visao"),
                    ),
                    rx.flex(
                        rx.dialog.close(rx.button("Cancelar", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Salvar", type="submit", id="confirmar-visao"),
                        gap="0.75rem",
                        justify="end",
                        width="100%",
                    ),
                    spacing="2",
                    padding_top="0.75rem",
                    width="100%",
                ),
                on_submit=lambda _: S.salvar_visao(),
                reset_on_submit=False,
            ),
            max_width="28rem",
            custom_attrs=FOCO_VOLTA,
        ),
        open=S.visao_dialog_aberto,
        on_open_change=S.set_visao_dialog_aberto,
    )
