"""Bulk-action pieces of a list (state: ``ui/state/lote.py``): the row and header checkboxes, the
bar that appears with a selection, and the confirmation dialog that says how many."""

from __future__ import annotations

from typing import Any

import reflex as rx

from aurora_app.ui import styles
from aurora_app.ui.labels import ESTAGIOS


def caixa_linha(S: Any, row: rx.Var, nome: str = "nome") -> rx.Component:
    return rx.checkbox(
        checked=S.selecionados.contains(row["id"]) | S.todos_do_filtro,
        on_change=lambda marcado: S.marcar(row["id"], marcado),
        aria_label="Selecionar " + row[nome],
        class_name="selecionar-linha",
    )


def caixa_pagina(S: Any) -> rx.Component:
    return rx.checkbox(
        checked=S.pagina_selecionada | S.todos_do_filtro,
        on_change=S.marcar_pagina,
        aria_label="Selecionar todos desta página",
        id="selecionar-pagina",
    )


def barra_lote(S: Any, *, pode_transferir: Any, mover: bool = True) -> rx.Component:
    """Shown while rows are selected: how many, the actions, and "every match of the filter"."""
    return rx.cond(
        S.n_selecionados > 0,
        rx.callout.root(
            rx.flex(
                rx.text(
                    rx.text.strong(S.n_selecionados.to_string()),
                    rx.cond(S.n_selecionados == 1, " selecionado", " selecionados"),
                    size="2",
                    id="lote-contagem",
                ),
                rx.cond(
                    S.oferecer_todos,
                    rx.button(
                        S.rotulo_todos,
                        variant="ghost",
                        size="1",
                        on_click=S.selecionar_todos_do_filtro,
                        id="lote-todos",
                    ),
                ),
                rx.spacer(),
                rx.cond(
                    pode_transferir,
                    rx.button(
                        rx.icon("user-round-pen", size=14),
                        "Reatribuir",
                        size="1",
                        variant="soft",
                        on_click=S.abrir_lote("reatribuir"),
                        id="lote-reatribuir",
                    ),
                ),
                *(
                    [
                        rx.button(
                            rx.icon("arrow-right-left", size=14),
                            "Mudar estágio",
                            size="1",
                            variant="soft",
                            on_click=S.abrir_lote("mover"),
                            id="lote-mover",
                        )
                    ]
                    if mover
                    else []
                ),
                rx.cond(
                    S.pode_exportar,  # the service's rule (permissoes.pode_exportar), which enforces it too
                    rx.button(
                        rx.icon("download", size=14),
                        "Exportar",
                        size="1",
                        variant="soft",
                        on_click=S.exportar_lote,
                        id="lote-exportar",
                    ),
                ),
                rx.button(
                    rx.icon("trash-2", size=14),
                    "Excluir",
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=S.abrir_lote("excluir"),
                    id="lote-excluir",
                ),
                rx.button("Limpar seleção", size="1", variant="ghost", color_scheme="gray", on_click=S.limpar_selecao),
                gap="0.5rem",
                wrap="wrap",
                align="center",
                width="100%",
            ),
            size="1",
            variant="surface",
            width="100%",
            margin_bottom="0.75rem",
            id="barra-lote",
        ),
    )


def dialogo_lote(S: Any, responsaveis: Any) -> rx.Component:
    """The confirmation: the question says how many and what; the inputs the action needs."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Ação em lote"),
            rx.alert_dialog.description(S.lote_pergunta, size="2", id="lote-pergunta"),
            rx.vstack(
                rx.cond(
                    S.lote_acao == "reatribuir",
                    rx.select.root(
                        rx.select.trigger(placeholder="Novo responsável", aria_label="Novo responsável", width="100%"),
                        rx.select.content(rx.foreach(responsaveis, lambda r: rx.select.item(r["nome"], value=r["id"]))),
                        value=S.lote_responsavel,
                        on_change=S.set_lote_responsavel,
                    ),
                ),
                rx.cond(
                    S.lote_acao == "mover",
                    rx.select.root(
                        rx.select.trigger(
                            placeholder="Estágio de destino", aria_label="Estágio de destino", width="100%"
                        ),
                        rx.select.content(*[rx.select.item(r, value=e) for e, r, _ in ESTAGIOS]),
                        value=S.lote_estagio,
                        on_change=S.set_lote_estagio,
                    ),
                ),
                rx.cond(
                    (S.lote_acao == "mover") & (S.lote_estagio == "perdido"),
                    rx.text_area(
                        placeholder="Motivo da perda (vale para todos)",
                        value=S.lote_motivo,
                        on_change=S.set_lote_motivo,
                        aria_label="Motivo da perda",
                        id="lote-motivo",
                    ),
                ),
                rx.cond(S.lote_erro != "", rx.text(S.lote_erro, color=rx.color("red", 11), size="2", role="alert")),
                rx.cond(S.lote_progresso != "", rx.text(S.lote_progresso, size="2", aria_live="polite")),
                spacing="3",
                width="100%",
                padding_top="0.75rem",
            ),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button("Cancelar", variant="soft", color_scheme="gray", disabled=S.lote_processando)
                ),
                rx.button(
                    "Confirmar",
                    on_click=S.confirmar_lote,
                    loading=S.lote_processando,
                    color_scheme=rx.cond(S.lote_acao == "excluir", "red", styles.ACCENT),
                    id="lote-confirmar",
                ),
                gap="0.75rem",
                justify="end",
                padding_top="1rem",
            ),
            max_width="28rem",
        ),
        open=S.lote_aberto,
        on_open_change=S.set_lote_aberto,
    )
