"""Form fields with a label, inline error text and optional mask (the state applies the mask).

A field is bound to ``state.form[nome]``, changes through ``state.set_campo(nome, valor)`` and
is checked on blur by ``state.validar_campo(nome)``: every form state has these names
(``ui/state/formulario.FormularioMixin``), so a field needs only its name. A form that shares a
state with another (the contato dialog on the cliente page) passes its own Vars and handlers.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

# Characters each masked field accepts. The masks run in the state, but a character the mask
# drops leaves the state unchanged, so the (debounced) input would keep showing it: refuse it
# in the browser before it is inserted. The state still masks and validates everything.
PERMITIDOS = {
    "cnpj": r"[0-9A-Za-z.\/\- ]",
    "telefone": r"[0-9()+\- ]",
    "cep": r"[0-9.\- ]",
    "uf": r"[A-Za-z]",
    "valor": r"[0-9.,R$ ]",
    "data": r"[0-9\/\-]",
    "data_hora": r"[0-9\/: ]",
}
PERMITIDOS["previsao_fechamento"] = PERMITIDOS["data"]


def so_permitidos(tipo: str) -> dict[str, Any]:
    """Props for an input that refuses typed or pasted characters outside ``PERMITIDOS[tipo]``."""
    padrao = PERMITIDOS.get(tipo)
    if not padrao:
        return {}
    js = f"((e) => {{ const t = e.data ?? (e.nativeEvent && e.nativeEvent.data); if (t && !/^{padrao}*$/.test(t)) e.preventDefault(); }})"
    return {"custom_attrs": {"onBeforeInput": rx.Var(js)}}


# Dialogs opened from the state (``open=state.var``) have no Radix trigger to give focus back to
# on close: remember what had focus when the dialog opened, and return focus there (Esc too).
_ABRIU = "(e) => { window.__auroraAbriu = document.activeElement; }"
_FECHOU = (
    "(e) => { const el = window.__auroraAbriu; window.__auroraAbriu = null;"
    " if (el && el.isConnected && el !== document.body) { e.preventDefault(); el.focus(); } }"
)
FOCO_VOLTA = {"onOpenAutoFocus": rx.Var(_ABRIU), "onCloseAutoFocus": rx.Var(_FECHOU)}


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
    form: Any = None,
    erros: Any = None,
    setter: Any = None,
    **props: Any,
) -> rx.Component:
    """A text field bound to ``state.form[nome]`` through ``state.set_campo(nome, valor)``."""
    form = state.form if form is None else form
    erros_var = state.erros if erros is None else erros
    set_fn = state.set_campo if setter is None else setter
    extra: dict[str, Any] = {}
    if valida_no_blur:
        extra["on_blur"] = lambda _v: state.validar_campo(nome)
    return rx.vstack(
        rotulo(texto, nome, obrigatorio),
        rx.input(
            id=f"campo-{nome}",
            name=nome,
            type=tipo,
            value=form[nome],
            on_change=lambda v: set_fn(nome, v),
            placeholder=placeholder,
            width="100%",
            color_scheme=rx.cond(erros_var.contains(nome), "red", "gray"),
            aria_invalid=rx.cond(erros_var.contains(nome), "true", "false"),
            aria_describedby=f"erro-{nome}",
            **so_permitidos(nome),
            **extra,
            **props,
        ),
        erro_texto(erros_var, nome),
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
    disabled: Any = False,
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
            disabled=disabled,
        ),
        erro_texto(state.erros, nome),
        spacing="1",
        width="100%",
        grid_column=grid_column,
    )
