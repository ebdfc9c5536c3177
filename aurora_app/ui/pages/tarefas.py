"""/tarefas: "Minhas tarefas" — overdue, today, upcoming and done, with done/undo."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui.components.shell import page_shell
from aurora_app.ui.state.tarefas import SITUACOES
from aurora_app.ui.state.tarefas import TarefasState as S


def _tarefa(t: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.checkbox(
                checked=t["concluida"] == "1",
                on_change=lambda v: S.alternar(t["id"], v),
                aria_label="Concluída",
                size="3",
                id=f"tarefa-{t['id']}-concluida",
            ),
            rx.vstack(
                rx.text(
                    t["descricao"],
                    size="3",
                    weight="medium",
                    white_space="pre-line",
                    text_decoration=rx.cond(t["concluida"] == "1", "line-through", "none"),
                ),
                rx.hstack(
                    rx.badge(t["alvo_tipo"], variant="soft", color_scheme="gray"),
                    rx.link(t["alvo"], href=t["href"], size="2"),
                    rx.cond(
                        t["vence_em"] != "",
                        rx.badge(
                            rx.icon("clock", size=12),
                            t["vence_em"],
                            color_scheme=rx.cond(t["atrasada"] == "1", "red", "amber"),
                            variant="soft",
                        ),
                        rx.badge("Sem prazo", variant="outline", color_scheme="gray"),
                    ),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                spacing="1",
                width="100%",
            ),
            align="start",
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def tarefas_page() -> rx.Component:
    return page_shell(
        "Minhas tarefas",
        rx.vstack(
            rx.segmented_control.root(
                *[rx.segmented_control.item(rotulo, value=valor) for valor, rotulo in SITUACOES.items()],
                value=S.situacao,
                on_change=S.set_situacao,
                id="tarefas-situacao",
            ),
            rx.text(S.total.to_string() + " tarefa(s)", size="2", color=rx.color("gray", 11), id="tarefas-total"),
            rx.cond(
                S.itens.length() > 0,
                rx.vstack(rx.foreach(S.itens, _tarefa), spacing="2", width="100%", id="tarefas-lista"),
                rx.cond(~S.carregando, rx.callout("Nenhuma tarefa aqui.", icon="circle-check", color_scheme="green")),
            ),
            rx.cond(S.tem_mais, rx.button("Carregar mais", variant="soft", on_click=S.mais, loading=S.carregando)),
            spacing="3",
            width="100%",
            max_width="56rem",
        ),
    )
