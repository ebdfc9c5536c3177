"""The cliente page's "Leads" and "Contatos" cards (state: ClienteVinculosMixin)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from aurora_app.ui import routes
from aurora_app.ui.components.forms import campo
from aurora_app.ui.state.cliente_vinculos import BASES_LEGAIS


def _lead(lead: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.link(lead["nome"], href=lead["href"], weight="medium", size="2"),
        rx.spacer(),
        rx.badge(lead["estagio"], color_scheme=lead["cor"], variant="soft"),
        rx.text(lead["valor"], size="2", white_space="nowrap", style={"fontVariantNumeric": "tabular-nums"}),
        align="center",
        width="100%",
        spacing="2",
    )


def leads_card(S: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("kanban", size=18, color=rx.color("accent", 9)),
                rx.heading("Leads", size="4", as_="h2"),
                rx.badge(S.leads_total.to_string(), variant="soft", color_scheme="gray"),
                rx.spacer(),
                rx.link(  # the pipeline's "Novo lead" dialog, tied to this cliente
                    rx.icon("plus", size=14),
                    "Novo lead",
                    href=routes.LEADS + "?novo_para=" + S.cliente_id.to_string(),
                    size="2",
                    id="novo-lead-do-cliente",
                    style={"display": "inline-flex", "alignItems": "center", "gap": "0.25rem"},
                ),
                align="center",
                width="100%",
            ),
            rx.cond(
                S.leads_do_cliente.length() > 0,
                rx.vstack(rx.foreach(S.leads_do_cliente, _lead), spacing="2", width="100%", id="cliente-leads"),
                rx.text("Nenhum lead deste cliente que você possa ver.", size="2", color=rx.color("gray", 11)),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _contato(c: rx.Var, S: Any) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(c["nome"], weight="medium", size="2"),
            rx.text(c["cargo"], size="1", color=rx.color("gray", 11)),
            rx.hstack(
                rx.cond(c["email"] != "", rx.link(c["email"], href="mailto:" + c["email"], size="1")),
                rx.cond(c["telefone"] != "", rx.text(c["telefone"], size="1")),
                rx.cond(c["whatsapp"] != "", rx.text("WhatsApp " + c["whatsapp"], size="1")),
                spacing="2",
                wrap="wrap",
            ),
            rx.hstack(
                rx.text("Base legal: " + c["base_legal"], size="1", color=rx.color("gray", 11)),
                rx.cond(
                    c["revogado"] != "",
                    rx.badge(
                        "Consentimento revogado em " + c["revogado"],
                        color_scheme="red",
                        size="1",
                        class_name="consentimento-revogado",
                    ),
                ),
                rx.cond(
                    (c["consentimento"] != "") & (c["revogado"] == "") & S.pode_editar,
                    rx.button(
                        "Revogar consentimento",
                        size="1",
                        variant="ghost",
                        color_scheme="red",
                        on_click=S.revogar_consentimento(c["id"]),
                        aria_label="Revogar consentimento de " + c["nome"],
                    ),
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            spacing="0",
            width="100%",
        ),
        rx.cond(
            S.pode_editar,
            rx.icon_button(
                rx.icon("trash-2", size=14),
                variant="ghost",
                color_scheme="red",
                size="1",
                aria_label="Remover contato " + c["nome"],
                on_click=S.remover_contato(c["id"]),
            ),
        ),
        align="start",
        width="100%",
    )


def _contato_dialog(S: Any) -> rx.Component:
    kw = {"form": S.contato_form, "erros": S.contato_erros, "setter": S.set_contato_campo}
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Novo contato"),
            rx.vstack(
                campo(S, "nome", "Nome", obrigatorio=True, **kw),
                campo(S, "cargo", "Cargo", **kw),
                campo(S, "email", "E-mail", tipo="email", **kw),
                campo(S, "telefone", "Telefone", **kw),
                campo(S, "whatsapp", "WhatsApp", **kw),
                rx.vstack(
                    rx.el.label(
                        "Base legal (LGPD)",
                        html_for="campo-base_legal",
                        style={"fontSize": "var(--font-size-2)", "fontWeight": "500"},
                    ),
                    rx.select.root(
                        rx.select.trigger(id="campo-base_legal", width="100%"),
                        rx.select.content(*[rx.select.item(r, value=v) for v, r in BASES_LEGAIS.items()]),
                        value=S.contato_form["base_legal"],
                        on_change=lambda v: S.set_contato_campo("base_legal", v),
                    ),
                    spacing="1",
                    width="100%",
                ),
                rx.cond(
                    S.contato_form["base_legal"] == "consentimento",
                    campo(
                        S,
                        "consentimento_origem",
                        "Como o consentimento foi dado",
                        obrigatorio=True,
                        placeholder="ex.: formulário do site, e-mail de 01/12/2026",
                        **kw,
                    ),
                ),
                rx.cond(
                    S.contato_erros.contains("_"),
                    rx.text(S.contato_erros["_"], size="1", color=rx.color("red", 11), role="alert"),
                ),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancelar", variant="soft", color_scheme="gray")),
                    rx.button("Salvar", on_click=S.salvar_contato, id="salvar-contato"),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
        ),
        open=S.contato_aberto,
        on_open_change=S.set_contato_aberto,
    )


def contatos_card(S: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("contact", size=18, color=rx.color("accent", 9)),
                rx.heading("Contatos", size="4", as_="h2"),
                rx.badge(S.contatos_total.to_string(), variant="soft", color_scheme="gray"),
                rx.cond(
                    S.pode_editar,
                    rx.hstack(
                        rx.button(
                            rx.icon("users", size=14),
                            "Sócios do CNPJ",
                            variant="soft",
                            color_scheme="gray",
                            size="1",
                            loading=S.buscando_socios,
                            on_click=S.adicionar_socios,
                            title="Adicionar os sócios (pessoas) da consulta do CNPJ como contatos",
                            id="socios-como-contatos",
                        ),
                        rx.button(
                            rx.icon("plus", size=14),
                            "Contato",
                            variant="soft",
                            size="1",
                            on_click=S.abrir_contato,
                            id="novo-contato",
                        ),
                        spacing="2",
                        margin_left="auto",
                    ),
                ),
                align="center",
                width="100%",
                wrap="wrap",  # the side column is narrow: the buttons go below the title, never clipped
                row_gap="0.5rem",
            ),
            rx.cond(
                S.contatos.length() > 0,
                rx.vstack(
                    rx.foreach(S.contatos, lambda c: _contato(c, S)), spacing="3", width="100%", id="cliente-contatos"
                ),
                rx.text("Nenhum contato cadastrado.", size="2", color=rx.color("gray", 11)),
            ),
            _contato_dialog(S),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
