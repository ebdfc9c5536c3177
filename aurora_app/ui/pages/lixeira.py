"""/lixeira: what was removed in the last 30 days, with "Restaurar"."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui.components.shell import page_shell
from aurora_app.ui.state.lixeira import TIPOS
from aurora_app.ui.state.lixeira import LixeiraState as S


def _linha(i: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.text(i["nome"], weight="medium"),
            rx.cond(i["cnpj"] != "", rx.text(i["cnpj"], size="1", color=rx.color("gray", 11))),
        ),
        rx.table.cell(i["responsavel"]),
        rx.table.cell(i["removido_em"]),
        rx.table.cell(i["expira_em"]),
        rx.table.cell(
            rx.button(
                rx.icon("undo-2", size=14),
                "Restaurar",
                variant="soft",
                size="1",
                on_click=S.restaurar(i["tipo"], i["id"]),
                id=f"restaurar-{i['tipo']}-{i['id']}",
            ),
        ),
    )


def lixeira_page() -> rx.Component:
    return page_shell(
        "Lixeira",
        rx.vstack(
            rx.text(
                "Clientes e leads excluídos nos últimos 30 dias. Depois disso, não podem mais ser restaurados aqui.",
                size="2",
                color=rx.color("gray", 11),
            ),
            rx.segmented_control.root(
                *[rx.segmented_control.item(rotulo, value=valor) for valor, rotulo in TIPOS.items()],
                value=S.tipo,
                on_change=S.set_tipo,
                id="lixeira-tipo",
            ),
            rx.cond(
                S.itens.length() > 0,
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("Nome"),
                            rx.table.column_header_cell("Responsável"),
                            rx.table.column_header_cell("Excluído em"),
                            rx.table.column_header_cell("Disponível até"),
                            rx.table.column_header_cell(rx.el.span("Ações", class_name="sr-only")),
                        )
                    ),
                    rx.table.body(rx.foreach(S.itens, _linha)),
                    width="100%",
                    id="lixeira-tabela",
                ),
                rx.cond(~S.carregando, rx.callout("A lixeira está vazia.", icon="trash-2", color_scheme="gray")),
            ),
            rx.cond(S.tem_mais, rx.button("Carregar mais", variant="soft", on_click=S.mais, loading=S.carregando)),
            spacing="3",
            width="100%",
        ),
    )
