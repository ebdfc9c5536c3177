"""Admin + 2FA for the states of /admin (users, audit log): every handler re-checks it through
``services.auth.require_admin_2fa`` (and the service functions check again), because the browser
can call any handler with any arguments, whatever the page shows."""

from __future__ import annotations

import reflex as rx

from aurora_app.services import auth
from aurora_app.services.actor import Actor
from aurora_app.services.errors import DomainError
from aurora_app.ui import routes
from aurora_app.ui.state.auth import backend_method


class AdminAcessoMixin(rx.State, mixin=True):
    """Admin + 2FA, re-checked by every handler of the admin page's states."""

    bloqueio: str = ""  # "2fa" when an admin's session has not passed 2FA

    def _sem_acesso(self) -> None:
        """Forget what a refused visitor must not see (each state says what it holds)."""

    @backend_method
    async def _admin(self) -> tuple[Actor | None, list | None]:
        """(actor, None) for an admin past 2FA; else (None, events that send the visitor away)."""
        actor = await self.current_actor()
        if actor is None:
            return None, [self.login_redirect()]
        try:
            auth.require_admin_2fa(actor)
        except DomainError as exc:
            self._sem_acesso()
            if exc.code == "2fa_requerido":
                # An admin stays on the page, which explains how to get in (no data is loaded).
                self.bloqueio = "2fa"
                return None, [rx.toast.warning(exc.detail, duration=8000)]
            return None, [rx.redirect(routes.PAINEL), rx.toast.error(exc.detail, duration=8000)]
        self.bloqueio = ""
        return actor, None
