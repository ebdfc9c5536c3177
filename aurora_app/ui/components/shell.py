"""The page frame: sidebar navigation, header with theme switch, content area."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui import labels, routes, styles


def _nav_item(text: str, href: str, icon: str) -> rx.Component:
    # The browser's path: Reflex 0.10 reports the root *page* as "/index", the URL stays "/".
    path = rx.State.router.url.path
    active = (path == "/") | (path == "/index") if href == "/" else path.startswith(href)
    if href == routes.ADMIN:  # /admin/lgpd has its own entry
        active = active & ~path.startswith(routes.LGPD)
    return rx.link(
        rx.hstack(
            rx.icon(icon, size=18),
            rx.text(text, size="2", weight="medium"),
            _contador(href),
            align="center",
            spacing="3",
            width="100%",
        ),
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


def _contador(href: str) -> rx.Component:
    """The open tasks overdue or due today, beside "Minhas tarefas" (red when any is overdue)."""
    from aurora_app.ui.state.auth import AuthState  # lazy, as the user menu

    if href == routes.LGPD:  # titulares' requests past the legal deadline (issue 16)
        return rx.cond(
            AuthState.lgpd_atrasadas > 0,
            rx.badge(AuthState.lgpd_atrasadas, color_scheme="red", variant="solid", radius="full", margin_left="auto",
                     class_name="contador-lgpd",
                     aria_label=AuthState.lgpd_atrasadas.to_string() + " solicitações LGPD atrasadas"),
        )
    if href != routes.TAREFAS:
        return rx.fragment()

    return rx.cond(
        AuthState.tarefas_pendentes > 0,
        rx.badge(
            AuthState.tarefas_pendentes,
            color_scheme=rx.cond(AuthState.tarefas_atrasadas > 0, "red", "amber"),
            variant="solid",
            radius="full",
            margin_left="auto",
            class_name="contador-tarefas",
            aria_label=AuthState.tarefas_pendentes.to_string() + " tarefas para hoje ou atrasadas",
        ),
    )


def _para_papel(href: str, item: rx.Component) -> rx.Component:
    """Show a navigation entry only to the roles that can use it (NAV_PAPEIS)."""
    from aurora_app.ui.state.auth import AuthState  # lazy, as the user menu

    if href == routes.LGPD:  # admins and encarregados (a flag, not a role: issue 16)
        return rx.cond(AuthState.pode_lgpd, item)
    papeis = labels.NAV_PAPEIS.get(href)
    if not papeis:
        return item

    pode = AuthState.usuario_papel == papeis[0]
    for papel in papeis[1:]:
        pode = pode | (AuthState.usuario_papel == papel)
    return rx.cond(pode, item)


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
            # The brand is text, not a heading: one h1 per page (Radix's Heading renders h1 for as_="p").
            rx.text(labels.APP_NAME, size="5", weight="bold", trim="both"),
            align="center",
            padding_x="0.75rem",
            padding_bottom="1rem",
        ),
        rx.el.nav(
            rx.vstack(*[_para_papel(h, _nav_item(t, h, i)) for t, h, i in labels.NAV], spacing="1", width="100%"),
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
    """The ☰ menu below desktop width: who is logged in, every page the role can use (whole rows
    open them, Enter works), the theme switch and "Sair"."""
    from aurora_app.ui.components.user_menu import papel_label
    from aurora_app.ui.state.auth import AuthState

    def item(texto: str, href: str, icone: str) -> rx.Component:
        # The whole row is the target (a link inside an item only reacted on its word): Radix
        # fires on_select for a tap anywhere on the row and for Enter/Space.
        return _para_papel(
            href,
            rx.menu.item(
                rx.hstack(rx.icon(icone, size=16), texto, align="center", spacing="2"),
                on_select=rx.redirect(href),
                class_name="menu-nav-item",
            ),
        )

    return rx.box(
        rx.menu.root(
            rx.menu.trigger(
                rx.icon_button(rx.icon("menu"), variant="ghost", aria_label="Abrir menu", id="menu-celular")
            ),
            rx.menu.content(
                rx.cond(
                    AuthState.logado,
                    rx.vstack(
                        rx.text(AuthState.usuario_nome, weight="medium", size="2", id="menu-usuario-nome"),
                        rx.text(papel_label(AuthState.usuario_papel), size="1", color=rx.color("gray", 11)),
                        spacing="0",
                        padding_x="0.75rem",
                        padding_y="0.4rem",
                    ),
                ),
                rx.menu.separator(),
                *[item(t, h, i) for t, h, i in labels.NAV],
                rx.menu.separator(),
                rx.menu.item(
                    rx.hstack(
                        rx.color_mode_cond(rx.icon("moon", size=16), rx.icon("sun", size=16)),
                        rx.color_mode_cond("Tema escuro", "Tema claro"),
                        align="center",
                        spacing="2",
                    ),
                    on_select=rx.toggle_color_mode,
                    id="menu-tema",
                ),
                rx.cond(
                    AuthState.logado,
                    rx.menu.item(
                        rx.hstack(rx.icon("log-out", size=16), "Sair", align="center", spacing="2"),
                        on_select=AuthState.logout,
                        color_scheme="red",
                        id="menu-sair",
                    ),
                ),
                min_width="16rem",
            ),
        ),
        display=["block", "block", "none"],
    )


def _atualizar_pendentes():
    from aurora_app.ui.state.auth import AuthState  # lazy, as the user menu

    return AuthState.atualizar_pendentes


def page_shell(
    title: str, *children: rx.Component, actions: rx.Component | None = None, sidebar_extra: rx.Component | None = None
) -> rx.Component:
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
                # A narrow screen wraps the actions to the next line rather than widening the page.
                flex_wrap="wrap",
                row_gap="0.5rem",
            ),
            *children,
            flex="1",
            padding=["1rem", "1.5rem", "2rem"],
            min_width="0",
            width="100%",
            # Until the page's on_load has run, a click would race it (on a slow server "Novo lead"
            # opened its dialog and the load then closed it, with what was typed): not clickable yet.
            pointer_events=rx.cond(rx.State.is_hydrated, "auto", "none"),
            aria_busy=rx.cond(rx.State.is_hydrated, "false", "true"),
            id="conteudo",
            on_mount=_atualizar_pendentes(),
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
