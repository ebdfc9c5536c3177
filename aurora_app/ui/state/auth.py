"""Session base for every page state: the token, the current user, and the login guard.

The browser keeps the access token in ``localStorage`` (key ``aurora_token``), so a session
survives a reload and a new tab; every rule still lives in ``services.auth``, which checks the
token again on every call (signature, expiry, logout, password/2FA change, deactivation).

API for other page states (keep to these names)::

    class ClientesState(AuthState):
        @rx.event
        async def on_load(self):
            actor = await self.current_actor()      # Actor, or None when logged out/expired
            if actor is None:
                return self.login_redirect()        # back to /login?next=<this page>
            ...

        @rx.event
        async def salvar(self, form: dict):
            actor = await self.current_actor()      # re-check in *every* handler
            if actor is None:
                return self.login_redirect()
            try:
                await asyncio.to_thread(service.create, actor=actor, ctx=self.request_context(), ...)
            except DomainError as exc:
                return toast_error(exc)             # rx.toast.error(exc.detail)

    app.add_page(page, route=..., on_load=AuthState.require_login)          # any logged-in user
    app.add_page(page, route=..., on_load=[AuthState.require_login, ClientesState.on_load])
    app.add_page(page, route=..., on_load=AuthState.require_admin)          # admin past 2FA

Public vars usable in components: ``AuthState.logado``, ``usuario_nome``, ``usuario_email``,
``usuario_papel``, ``usuario_totp_ativo``, ``sessao_2fa``; event ``AuthState.logout``.
"""

from __future__ import annotations

import asyncio
import functools
import types
from urllib.parse import quote, urlsplit

import reflex as rx

from aurora_app.core.cache import BackendUnavailable
from aurora_app.core.net import client_ip
from aurora_app.services import auth, permissoes, tarefas
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.errors import DomainError
from aurora_app.ui import routes

TOKEN_STORAGE_KEY = "aurora_token"  # noqa: S105 - a storage key name, not a token
MSG_SESSAO_EXPIRADA = "Sua sessão expirou ou foi encerrada. Entre novamente."
MSG_INDISPONIVEL = "Serviço temporariamente indisponível (cache/limites fora do ar). Tente novamente em instantes."


def safe_next(target: str | None, default: str = routes.PAINEL) -> str:
    """Only same-site paths: refuses ``//evil``, ``https://evil`` and backslash tricks."""
    if not target or not isinstance(target, str):
        return default
    target = target.strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path.startswith(routes.LOGIN):
        return default
    return target


def motivo_saida(exc: Exception) -> str:
    """The reason code of a session ended by a security change (``""`` when there is none)."""
    motivo = exc.extra.get("motivo") if isinstance(exc, DomainError) else None
    return motivo if motivo in auth.SESSAO_ENCERRADA else ""


def login_url(next_path: str | None = None, motivo: str = "") -> str:
    """/login, remembering the page to return to and why the session ended (a known code only)."""
    params = []
    if next_path:
        params.append(f"next={quote(next_path, safe='')}")
    if motivo in auth.SESSAO_ENCERRADA:
        params.append(f"motivo={motivo}")
    return routes.LOGIN + ("?" + "&".join(params) if params else "")


def toast_error(exc: Exception) -> rx.event.EventSpec:
    """The one place that turns a service error into a toast."""
    if isinstance(exc, DomainError):
        return rx.toast.error(exc.detail, duration=8000)
    if isinstance(exc, BackendUnavailable):
        return rx.toast.error(MSG_INDISPONIVEL, duration=8000)
    return rx.toast.error("Erro inesperado. Tente novamente.", duration=8000)


class backend_method:
    """Marks a State method as backend-only: callable from handlers, not an event the browser can fire.

    Reflex turns every public method of a State into an event handler; these helpers return
    Python objects (an Actor, a RequestContext) and have no business being called from outside.
    """

    def __init__(self, fn) -> None:  # noqa: ANN001
        self.fn = fn
        functools.update_wrapper(self, fn)
        del self.__wrapped__  # keep ``inspect`` from seeing the function's code through us

    def __get__(self, instance, owner=None):  # noqa: ANN001
        return self if instance is None else types.MethodType(self.fn, instance)

    def __call__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return self.fn(*args, **kwargs)


class AuthState(rx.State):
    """Tiny auth base. Subclass it for page states; never trust its public vars for access."""

    auth_token: str = rx.LocalStorage("", name=TOKEN_STORAGE_KEY, sync=True)
    _motivo_saida: str = ""  # why the last token was refused (password changed elsewhere, ...)

    logado: bool = False
    usuario_nome: str = ""
    usuario_email: str = ""
    usuario_papel: str = ""
    usuario_totp_ativo: bool = False
    sessao_2fa: bool = False
    # What the pages may offer, computed by services.permissoes (pages never compare roles).
    pode_transferir: bool = False
    pode_exportar: bool = False  # CSV exports (EXPORT_PAPEIS)
    ve_equipe: bool = False  # lists and filters span the whole team
    # The caller's open tasks overdue / due today (services.tarefas.pendentes): the navigation
    # badge and the painel's reminder. Counted when a page mounts and after a task changes.
    tarefas_atrasadas: int = 0
    tarefas_hoje: int = 0
    # The LGPD console's link (admins and encarregados, issue 16), counted with the badge above.
    pode_lgpd: bool = False
    lgpd_atrasadas: int = 0  # titulares' requests past the 15-day deadline (admins, encarregados)

    @rx.var
    def tarefas_pendentes(self) -> int:
        return self.tarefas_atrasadas + self.tarefas_hoje

    # ---- helpers for subclasses (plain methods, not events) -------------------------------

    @backend_method
    def request_context(self) -> RequestContext:
        """Client IP by the REST API's rule (core.net: X-Forwarded-For only from TRUSTED_PROXIES)."""
        raw = self.router.headers.raw_headers
        peer = raw.get("asgi-scope-client") or self.router.session.client_ip or None
        ip = client_ip(peer, raw.get("x-forwarded-for"))
        return RequestContext(ip=ip, user_agent=self.router.headers.user_agent or None)

    @backend_method
    async def current_actor(self) -> Actor | None:
        """The caller re-checked against the database, or None (and the local session is cleared)."""
        token = self.auth_token
        if not token:
            self._clear_session()
            return None
        try:
            actor = await asyncio.to_thread(auth.actor_from_token, token)
        except DomainError as exc:
            self._clear_session()
            self._motivo_saida = motivo_saida(exc)
            return None
        self.logado = True
        self.usuario_nome = actor.nome
        self.usuario_email = actor.email
        self.usuario_papel = actor.papel
        self.sessao_2fa = actor.passed_2fa
        self.pode_transferir = permissoes.pode_transferir(actor)
        self.pode_exportar = permissoes.pode_exportar(actor)
        self.ve_equipe = permissoes.escopo(actor) is None
        return actor

    @backend_method
    def login_redirect(self) -> rx.event.EventSpec:
        """Redirect to /login remembering the current page (path + query)."""
        url = self.router.url
        current = url.path or routes.PAINEL
        if url.query:
            current = f"{current}?{url.query}"
        motivo, self._motivo_saida = self._motivo_saida, ""
        return rx.redirect(login_url(safe_next(current), motivo))

    def _set_token(self, token: str) -> None:
        self.auth_token = token

    def _clear_session(self) -> None:
        self.auth_token = ""
        self.logado = False
        self.usuario_nome = ""
        self.usuario_email = ""
        self.usuario_papel = ""
        self.usuario_totp_ativo = False
        self.sessao_2fa = False
        self.pode_transferir = self.pode_exportar = self.ve_equipe = False

    # ---- events ---------------------------------------------------------------------------

    @rx.event
    async def require_login(self):
        """``on_load`` guard: a logged-out or expired visitor goes to /login?next=<path>."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        try:
            me = await asyncio.to_thread(auth.me, actor)
            self.usuario_totp_ativo = me.totp_ativo
        except DomainError:
            self._clear_session()
            return self.login_redirect()
        return None

    @backend_method
    async def contar_pendentes(self, actor: Actor) -> None:
        try:
            conta = await asyncio.to_thread(tarefas.pendentes, actor=actor)
        except (DomainError, BackendUnavailable):
            return  # a badge is a convenience: the page works without it
        self.tarefas_atrasadas, self.tarefas_hoje = conta["atrasadas"], conta["hoje"]
        try:
            from aurora_app.services import lgpd  # noqa: PLC0415

            self.pode_lgpd = await asyncio.to_thread(lgpd.ve_console, actor)
            self.lgpd_atrasadas = await asyncio.to_thread(lgpd.contar_atrasadas) if self.pode_lgpd else 0
        except (DomainError, BackendUnavailable):
            self.pode_lgpd, self.lgpd_atrasadas = False, 0

    @rx.event
    async def atualizar_pendentes(self):
        actor = await self.current_actor()
        if actor is not None:
            await self.contar_pendentes(actor)

    @rx.event
    async def require_admin(self):
        """``on_load`` guard for admin pages: admin role *and* a session that passed 2FA."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        try:
            auth.require_admin_2fa(actor)
        except DomainError as exc:
            target = routes.SEGURANCA if exc.code == "2fa_requerido" else routes.PAINEL
            return [rx.redirect(target), rx.toast.error(exc.detail, duration=8000)]
        return None

    @rx.event
    async def logout(self):
        token = self.auth_token
        ctx = self.request_context()
        self._clear_session()
        if token:
            try:
                await asyncio.to_thread(auth.logout, token=token, ctx=ctx)
            except (DomainError, BackendUnavailable):
                pass  # an already invalid token is as good as logged out
        return rx.redirect(routes.LOGIN)
