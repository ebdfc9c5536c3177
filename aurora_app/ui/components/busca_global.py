"""The header's global search: a button (and Ctrl+K / ⌘K) opening a dialog with live results."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui.state.busca_global import BuscaGlobalState as S

# Ctrl+K / ⌘K opens the search from anywhere (one listener per page load).
ATALHO = """
if (!window.__auroraBuscaK) {
  window.__auroraBuscaK = true;
  document.addEventListener('keydown', function (e) {
    if ((e.ctrlKey || e.metaKey) && (e.key === 'k' || e.key === 'K')) {
      var b = document.getElementById('busca-global-abrir');
      if (b) { e.preventDefault(); b.click(); }
    }
  });
}
"""


def _resultado(r: rx.Var) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.badge(r["tipo"], variant="soft", color_scheme="gray", min_width="4.5rem", justify="center"),
            rx.vstack(
                rx.text(r["titulo"], size="2", weight="medium"),
                rx.text(r["detalhe"], size="1", color=rx.color("gray", 11)),
                spacing="0",
            ),
            align="center",
            spacing="3",
        ),
        href=r["href"],
        id=r["id"],
        underline="none",
        on_click=S.set_busca_aberta(False),
        padding="0.5rem",
        border_radius="var(--radius-2)",
        width="100%",
        _hover={"background": rx.color("gray", 3)},
        _focus={"background": rx.color("accent", 3), "outline": "none"},
        class_name="busca-resultado",
    )


def busca_global() -> rx.Component:
    return rx.fragment(
        rx.button(
            rx.icon("search", size=16),
            rx.text("Buscar"),
            rx.code("Ctrl K", size="1", display=["none", "none", "inline"]),
            variant="soft",
            color_scheme="gray",
            on_click=S.abrir_busca,
            id="busca-global-abrir",
        ),
        rx.dialog.root(
            rx.dialog.content(
                rx.dialog.title("Buscar", class_name="sr-only"),
                rx.vstack(
                    rx.form(
                        rx.input(
                            rx.input.slot(rx.icon("search", size=16)),
                            placeholder="Cliente (nome ou CNPJ), lead ou contato…",
                            value=S.busca_q,
                            on_change=S.set_busca_q.debounce(250),
                            auto_focus=True,
                            size="3",
                            width="100%",
                            id="busca-global-q",
                            aria_label="Buscar clientes, leads e contatos",
                        ),
                        on_submit=lambda _d: S.ir_primeiro(),
                        width="100%",
                    ),
                    rx.vstack(
                        rx.foreach(S.busca_resultados, _resultado),
                        spacing="1",
                        width="100%",
                        id="busca-global-resultados",
                    ),
                    rx.cond(S.busca_vazia, rx.text("Nada encontrado.", size="2", color=rx.color("gray", 11))),
                    rx.text(
                        "Enter abre o primeiro resultado; Tab percorre os demais.", size="1", color=rx.color("gray", 11)
                    ),
                    spacing="3",
                    width="100%",
                ),
                max_width="36rem",
            ),
            open=S.busca_aberta,
            on_open_change=S.set_busca_aberta,
        ),
        rx.script(ATALHO),
    )
