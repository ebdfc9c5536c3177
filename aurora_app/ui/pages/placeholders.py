"""Pages whose issue is still open say so plainly; each is replaced by its feature module."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui.components.shell import em_construcao, page_shell


def painel() -> rx.Component:
    return page_shell(
        "Painel",
        em_construcao("Os indicadores e gráficos do funil chegam com a entrega do painel."),
    )
