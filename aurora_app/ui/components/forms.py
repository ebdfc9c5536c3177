"""Form fields with a label, inline error text and optional mask (the state applies the mask)."""

from __future__ import annotations

from typing import Any

import reflex as rx


def erro_texto(erros: Any, nome: str) -> rx.Component:
    return rx.cond(
        erros.contains(nome),
        rx.text(erros[nome], size="1", color=rx.color("red", 11), role="alert", id=f"erro-{nome}"),
    )


def rotulo(texto: str, nome: str, obrigatorio: bool = False) -> rx.Component:
    return rx.el.label(
        texto,
        *([rx.text.span(" *", color=rx.color("red", 10), aria_hidden="true")] if obrigatorio else []),
        html_for=f"campo-{nome}",
        style={"fontSize": "var(--font-size-2)", "fontWeight": "500"},
    )


def campo(
    state: Any,
    nome: str,
    texto: str,
    *,
    placeholder: str = "",
    obrigatorio: bool = False,
    tipo: str = "text",
    valida_no_blur: bool = False,
    grid_column: str | None = None,
    **props: Any,
) -> rx.Component:
    """A text field bound to ``state.form[nome]`` through ``state.set_campo(nome, valor)``."""
    extra: dict[str, Any] = {}
    if valida_no_blur:
        extra["on_blur"] = lambda _v: state.validar_campo(nome)
    return rx.vstack(
        rotulo(texto, nome, obrigatorio),
        rx.input(
            id=f"campo-{nome}",
            name=nome,
            type=tipo,
            value=state.form[nome],
            on_change=lambda v: state.set_campo(nome, v),
            placeholder=placeholder,
            width="100%",
            color_scheme=rx.cond(state.erros.contains(nome), "red", "gray"),
            aria_invalid=rx.cond(state.erros.contains(nome), "true", "false"),
            **extra,
            **props,
        ),
        erro_texto(state.erros, nome),
        spacing="1",
        width="100%",
        grid_column=grid_column,
    )


def select_campo(
    state: Any,
    nome: str,
    texto: str,
    opcoes: Any,
    *,
    placeholder: str = "Selecione",
    grid_column: str | None = None,
) -> rx.Component:
    """A select over ``[{id, nome}]`` options (a Var) or ``[(valor, rótulo)]`` (a Python list)."""
    if isinstance(opcoes, list):
        itens = [rx.select.item(rot, value=val) for val, rot in opcoes]
    else:
        itens = [rx.foreach(opcoes, lambda o: rx.select.item(o["nome"], value=o["id"]))]
    return rx.vstack(
        rotulo(texto, nome),
        rx.select.root(
            rx.select.trigger(placeholder=placeholder, width="100%", id=f"campo-{nome}", aria_label=texto),
            rx.select.content(*itens),
            value=state.form[nome],
            on_change=lambda v: state.set_campo(nome, v),
            name=nome,
        ),
        erro_texto(state.erros, nome),
        spacing="1",
        width="100%",
        grid_column=grid_column,
    )
