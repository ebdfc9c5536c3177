"""The page frame: sidebar navigation, header with theme switch, content area."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui import labels, styles


def _nav_item(text: str, href: str, icon: str) -> rx.Component:
    # The browser's path: Reflex 0.10 reports the root *page* as "/index", the URL stays "/".
    path = rx.State.router.url.path
    active = (path == "/") | (path == "/index") if href == "/" else path.startswith(href)
    return rx.link(
        rx.hstack(rx.icon(icon, size=18), rx.text(text, size="2", weight="medium"), align="center", spacing="3"),
        href=href,
        underline="none",
        padding_x="0.75rem",
        padding_y="0.55rem",
        border_radius="var(--radius-3)",
        width="100%",
        color=rx.cond(active, rx.color(styles.ACCENT, 11), rx.color("gray", 11)),
        background=rx.cond(active, rx.color(styles.ACCENT, 3), "transparent"),
        _hover={"background": rx.color("gray", 3)},
        aria_current=rx.cond(active, "page", "false"),
    )


def _user_menu() -> rx.Component:
    from aurora_app.ui.components.user_menu import user_menu  # lazy: the menu imports the auth state

    return user_menu()


def _busca_global() -> rx.Component:
    from aurora_app.ui.components.busca_global import busca_global  # lazy: it imports the auth state

    return busca_global()


def sidebar(extra: rx.Component | None = None) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.icon("sunrise", size=24, color=rx.color(styles.ACCENT, 9)),
            rx.heading(labels.APP_NAME, size="5", as_="p"),
            align="center",
            padding_x="0.75rem",
            padding_bottom="1rem",
        ),
        rx.el.nav(
            rx.vstack(*[_nav_item(t, h, i) for t, h, i in labels.NAV], spacing="1", width="100%"),
            aria_label="Navegação principal",
            width="100%",
        ),
        rx.spacer(),
        extra or _user_menu(),
        rx.hstack(
            rx.icon("sun", size=16),
            rx.color_mode.switch(aria_label="Alternar tema escuro"),
            rx.icon("moon", size=16),
            align="center",
            padding_x="0.75rem",
        ),
        width=styles.SIDEBAR_WIDTH,
        min_width=styles.SIDEBAR_WIDTH,
        height="100vh",
        position="sticky",
        top="0",
        padding="1rem",
        border_right=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 2),
        display=["none", "none", "flex"],
    )


def mobile_nav() -> rx.Component:
    return rx.box(
        rx.menu.root(
            rx.menu.trigger(rx.button(rx.icon("menu"), variant="ghost", aria_label="Abrir menu")),
            rx.menu.content(*[rx.menu.item(rx.link(t, href=h)) for t, h, _ in labels.NAV]),
        ),
        display=["block", "block", "none"],
    )


def page_shell(title: str, *children: rx.Component, actions: rx.Component | None = None, sidebar_extra: rx.Component | None = None) -> rx.Component:
    return rx.hstack(
        sidebar(sidebar_extra),
        rx.box(
            rx.hstack(
                mobile_nav(),
                rx.heading(title, size="7", as_="h1"),
                rx.spacer(),
                _busca_global(),
                actions or rx.fragment(),
                align="center",
                width="100%",
                padding_bottom="1.25rem",
            ),
            *children,
            flex="1",
            padding=["1rem", "1.5rem", "2rem"],
            min_width="0",
            width="100%",
        ),
        spacing="0",
        align="start",
        width="100%",
        min_height="100vh",
    )


def em_construcao(descricao: str) -> rx.Component:
    """For a page whose issue is still open: say so plainly (allowed by the foundation issue)."""
    return rx.callout.root(
        rx.callout.icon(rx.icon("hammer")),
        rx.callout.text(rx.text.strong("Em construção. "), descricao),
        color_scheme="amber",
        role="status",
    )
