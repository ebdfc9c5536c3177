"""The AI panels: "Sugestões" (cliente and lead pages) and the semantic search box (lists)."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui.state.ai import BuscaIAState as B
from aurora_app.ui.state.ai import SugestoesState as S


def _fonte(f: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.link(f.rotulo, href=f.href, size="1", weight="medium", class_name="ai-fonte", flex_shrink="0"),
        rx.text(
            f.trecho,
            size="1",
            color=rx.color("gray", 11),
            trim="both",
            style={
                "overflow": "hidden",
                "textOverflow": "ellipsis",
                "display": "-webkit-box",
                "WebkitLineClamp": "2",
                "WebkitBoxOrient": "vertical",
            },
        ),
        spacing="2",
        align="start",
        width="100%",
    )


def _voto(item: rx.Var, voto: int, icone: str, rotulo: str) -> rx.Component:
    return rx.button(
        rx.icon(icone, size=14),  # 👍/👎 as icons: they render without an emoji font
        size="1",
        variant=rx.cond(S.votos[item.id] == voto, "solid", "soft"),
        aria_label=rotulo,
        title=rotulo,
        on_click=S.votar(item.id, voto),
        class_name=f"ai-voto-{'up' if voto > 0 else 'down'}",
    )


def _sugestao(item: rx.Var) -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.hstack(
                rx.badge(item.rotulo, variant="soft"),
                rx.spacer(),
                rx.text(item.score, size="1", color=rx.color("gray", 11), title="relevância"),
                width="100%",
                align="center",
            ),
            rx.text(item.texto, size="2"),
            rx.vstack(rx.foreach(item.fontes, _fonte), spacing="1", width="100%"),
            rx.hstack(
                _voto(item, 1, "thumbs-up", "Sugestão útil"),
                _voto(item, -1, "thumbs-down", "Sugestão não útil"),
                spacing="2",
            ),
            spacing="2",
            width="100%",
        ),
        class_name="ai-sugestao",
        padding="0.75rem",
        border=f"1px solid {rx.color('gray', 5)}",
        border_radius="var(--radius-3)",
        width="100%",
    )


def painel_sugestoes() -> rx.Component:
    """Loaded by ``SugestoesState.carregar`` (a background event in the page's on_load)."""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("sparkles", size=18, color=rx.color("accent", 9)),
                rx.heading("Sugestões", size="4", as_="h2"),
                rx.spacer(),
                rx.icon_button(
                    rx.icon("refresh-cw", size=14),
                    size="1",
                    variant="ghost",
                    on_click=S.carregar,
                    aria_label="Atualizar sugestões",
                    title="Atualizar sugestões",
                ),
                align="center",
                width="100%",
            ),
            rx.cond(
                S.carregando,
                rx.hstack(rx.spinner(size="2"), rx.text("Buscando sugestões no histórico…", size="2"), align="center"),
                rx.cond(
                    S.aviso != "",
                    rx.callout(S.aviso, icon="info", color_scheme="gray", size="1", id="ai-aviso"),
                    rx.vstack(rx.foreach(S.itens, _sugestao), spacing="2", width="100%"),
                ),
            ),
            rx.text(
                "Baseadas em registros parecidos que você pode ver; cada uma cita suas fontes.",
                size="1",
                color=rx.color("gray", 11),
            ),
            spacing="3",
            width="100%",
        ),
        id="painel-sugestoes",
        width="100%",
    )


def busca_ia() -> rx.Component:
    """Semantic search over what the caller may see (notes, leads, clientes)."""
    return rx.box(
        rx.form(
            rx.hstack(
                rx.input(
                    rx.input.slot(rx.icon("sparkles", size=14)),
                    placeholder="Busca inteligente: descreva o que procura (ex.: cliente reclamou do preço)",
                    value=B.q,
                    on_change=B.set_q,
                    max_length=300,
                    name="q",
                    id="busca-ia",
                    aria_label="Busca inteligente",
                    width="100%",
                ),
                rx.button(
                    "Buscar com IA",
                    type="submit",
                    loading=B.buscando,
                    variant="soft",
                    id="busca-ia-enviar",
                    flex_shrink="0",
                ),
                rx.cond(
                    B.resultados.length() > 0,
                    rx.icon_button(
                        rx.icon("x", size=14), variant="ghost", on_click=B.limpar, aria_label="Limpar busca"
                    ),
                ),
                width="100%",
            ),
            on_submit=B.buscar,
            reset_on_submit=False,
        ),
        rx.cond(B.aviso != "", rx.text(B.aviso, size="1", color=rx.color("gray", 11), margin_top="0.25rem")),
        rx.cond(
            B.resultados.length() > 0,
            rx.vstack(
                rx.foreach(
                    B.resultados,
                    lambda r: rx.hstack(
                        rx.link(r["rotulo"], href=r["href"], size="1", weight="medium", flex_shrink="0"),
                        rx.text(r["titulo"], size="1", weight="medium", flex_shrink="0"),
                        rx.text(r["trecho"], size="1", color=rx.color("gray", 11), trim="both"),
                        spacing="2",
                        align="start",
                        width="100%",
                        class_name="ai-resultado",
                    ),
                ),
                spacing="1",
                width="100%",
                margin_top="0.5rem",
            ),
        ),
        id="busca-ia-box",
        width="100%",
    )
