"""Create/edit dialog of a cliente (CNPJ with "Buscar CNPJ", masks, inline errors)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from aurora_app.ui.components.forms import FOCO_VOLTA, campo, select_campo
from aurora_app.ui.state.clientes import UFS


def _secao(titulo: str) -> rx.Component:
    return rx.text(
        titulo, size="2", weight="bold", color=rx.color("gray", 11), grid_column="1 / -1", padding_top="0.5rem"
    )


def cliente_dialog(S: Any) -> rx.Component:  # noqa: N803 - reads like the pages
    """The create/edit dialog bound to a state with ``ClienteFormMixin``."""
    cnpj = rx.vstack(
        rx.el.label(
            "CNPJ",
            rx.text.span(" *", color=rx.color("red", 10)),
            html_for="campo-cnpj",
            style={"fontSize": "var(--font-size-2)", "fontWeight": "500"},
        ),
        rx.hstack(
            rx.input(
                id="campo-cnpj",
                name="cnpj",
                value=S.form["cnpj"],
                on_change=lambda v: S.set_campo("cnpj", v),
                on_blur=lambda _v: S.validar_campo("cnpj"),
                placeholder="00.000.000/0000-00 ou 12.ABC.345/01DE-35",
                font_family="var(--code-font-family)",
                color_scheme=rx.cond(S.erros.contains("cnpj"), "red", "gray"),
                aria_invalid=rx.cond(S.erros.contains("cnpj"), "true", "false"),
                flex="1",
                auto_complete="off",
            ),
            rx.button(
                rx.icon("search", size=14),
                "Buscar CNPJ",
                type="button",
                variant="soft",
                loading=S.buscando_cnpj,
                on_click=S.buscar_cnpj,
            ),
            width="100%",
        ),
        rx.cond(
            S.erros.contains("cnpj"),
            rx.text(S.erros["cnpj"], size="1", color=rx.color("red", 11), role="alert", id="erro-cnpj"),
            rx.text(
                "Aceita CNPJ numérico e alfanumérico; “Buscar CNPJ” preenche os dados da Receita.",
                size="1",
                color=rx.color("gray", 11),
            ),
        ),
        spacing="1",
        width="100%",
        grid_column="1 / -1",
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(S.titulo_dialog),
            rx.dialog.description("Campos com * são obrigatórios.", size="2", color=rx.color("gray", 11)),
            rx.form(
                rx.grid(
                    cnpj,
                    campo(S, "razao_social", "Razão social", obrigatorio=True, grid_column="1 / -1"),
                    campo(S, "nome_fantasia", "Nome fantasia", grid_column="1 / -1"),
                    campo(
                        S, "email", "E-mail", tipo="email", placeholder="contato@empresa.com.br", valida_no_blur=True
                    ),
                    campo(
                        S,
                        "telefone",
                        "Telefone",
                        tipo="tel",
                        placeholder="(11) 98765-4321",
                        valida_no_blur=True,
                        input_mode="tel",
                    ),
                    _secao("Endereço"),
                    campo(S, "cep", "CEP", placeholder="00000-000", valida_no_blur=True, input_mode="numeric"),
                    campo(S, "logradouro", "Logradouro"),
                    campo(S, "numero", "Número"),
                    campo(S, "complemento", "Complemento"),
                    campo(S, "bairro", "Bairro"),
                    campo(S, "municipio", "Município"),
                    select_campo(S, "uf", "UF", [(uf, uf) for uf in UFS], placeholder="UF"),
                    select_campo(S, "responsavel_id", "Responsável", S.responsaveis, disabled=~S.pode_transferir),
                    _secao("Dados cadastrais"),
                    campo(S, "cnae_principal", "CNAE principal", grid_column="1 / -1"),
                    campo(S, "situacao_cadastral", "Situação cadastral"),
                    campo(S, "porte", "Porte"),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    gap="0.75rem",
                    width="100%",
                    padding_y="1rem",
                ),
                rx.cond(
                    S.erros.contains("_"),
                    rx.callout(
                        S.erros["_"], icon="triangle-alert", color_scheme="red", size="1", margin_bottom="0.75rem"
                    ),
                ),
                rx.flex(
                    rx.dialog.close(rx.button("Cancelar", type="button", variant="soft", color_scheme="gray")),
                    rx.button(
                        rx.icon("save", size=16), "Salvar", type="submit", loading=S.salvando, id="salvar-cliente"
                    ),
                    gap="0.75rem",
                    justify="end",
                ),
                on_submit=lambda _dados: S.salvar(),
                reset_on_submit=False,
            ),
            max_width="46rem",
            custom_attrs=FOCO_VOLTA,
        ),
        open=S.dialog_aberto,
        on_open_change=S.set_dialog_aberto,
    )
