"""State of /admin: users (create, role, activate/deactivate) and the audit log (filters, paging).

Every handler re-checks admin + 2FA through ``services.auth.require_admin_2fa`` (and the service
functions check again): the browser can call any handler with any arguments, whatever the page
shows. Only the current page of rows lives in the browser; cursors are backend-only.
"""

from __future__ import annotations

import asyncio
import functools

import reflex as rx

from aurora_app.core.cache import BackendUnavailable
from aurora_app.models import Papel
from aurora_app.services import auth
from aurora_app.services import usuarios as usuarios_svc
from aurora_app.services.actor import Actor
from aurora_app.services.errors import DomainError
from aurora_app.ui import labels, routes
from aurora_app.ui.state.auth import MSG_INDISPONIVEL, AuthState, backend_method

PAGE_USUARIOS = 50
PAGE_AUDITORIA = 25
TODOS = "todos"  # Radix selects refuse "" as an item value
PAPEIS = [p.value for p in Papel]


def _usuario_row(u) -> dict[str, str]:  # noqa: ANN001
    return {
        "id": str(u.id), "nome": u.nome, "email": u.email, "papel": u.papel,
        "ativo": "1" if u.ativo else "", "totp": "1" if u.totp_ativo else "",
        "criado_em": labels.data_br(u.criado_em), "ultimo_login": labels.data_br(u.ultimo_login_em),
    }


def _audit_row(a) -> dict[str, str]:  # noqa: ANN001
    return {
        "id": str(a.id), "quando": labels.data_br(a.criado_em), "acao": a.acao,
        "usuario_id": "" if a.usuario_id is None else str(a.usuario_id), "email": a.email or "",
        "entidade": f"{a.entidade} #{a.entidade_id}" if a.entidade else "", "detalhes": a.detalhes or "",
        "ip": a.ip or "",
    }


class AdminState(AuthState):
    bloqueio: str = ""  # "2fa" when an admin's session has not passed 2FA
    usuarios: list[dict[str, str]] = []
    usuarios_total: int = 0
    usuarios_mais: bool = False
    dialogo_aberto: bool = False
    erro_form: str = ""

    auditoria: list[dict[str, str]] = []
    auditoria_total: int = 0
    filtro_usuario: str = TODOS
    filtro_acao: str = TODOS
    filtro_inicio: str = ""
    filtro_fim: str = ""
    pagina: int = 1
    tem_proxima: bool = False
    carregando: bool = False

    _cursor_usuarios: str | None = None
    _cursores: list[str | None] = [None]  # cursor of each audit page seen, for "anterior"
    _proximo: str | None = None

    @rx.var
    def acoes(self) -> list[str]:
        return [TODOS, *usuarios_svc.ACOES_AUDITORIA]

    @rx.var
    def opcoes_usuarios(self) -> list[list[str]]:
        return [[TODOS, "Todos os usuários"]] + [[u["id"], f"{u['nome']} ({u['email']})"] for u in self.usuarios]

    # ---- access -------------------------------------------------------------------------

    @backend_method
    async def _admin(self) -> tuple[Actor | None, list | None]:
        """(actor, None) for an admin past 2FA; else (None, events that send the visitor away)."""
        actor = await self.current_actor()
        if actor is None:
            return None, [self.login_redirect()]
        try:
            auth.require_admin_2fa(actor)
        except DomainError as exc:
            self.usuarios, self.auditoria = [], []
            if exc.code == "2fa_requerido":
                # An admin stays on the page, which explains how to get in (no data is loaded).
                self.bloqueio = "2fa"
                return None, [rx.toast.warning(exc.detail, duration=8000)]
            return None, [rx.redirect(routes.PAINEL), rx.toast.error(exc.detail, duration=8000)]
        self.bloqueio = ""
        return actor, None

    @backend_method
    async def _call(self, fn, **kwargs):  # noqa: ANN001, ANN003
        return await asyncio.to_thread(functools.partial(fn, **kwargs))

    @backend_method
    def _toast_fail(self, exc: Exception):
        if isinstance(exc, BackendUnavailable):
            return rx.toast.error(MSG_INDISPONIVEL, duration=8000)
        if isinstance(exc, DomainError):
            return rx.toast.error(exc.detail, duration=8000)
        raise exc

    @backend_method
    async def _load_users(self, actor: Actor, more: bool = False) -> None:
        page = await self._call(usuarios_svc.list_users, actor=actor, limite=PAGE_USUARIOS, cursor=self._cursor_usuarios if more else None)
        rows = [_usuario_row(u) for u in page.items]
        self.usuarios = (self.usuarios + rows) if more else rows
        self.usuarios_total = page.total
        self._cursor_usuarios = page.next_cursor
        self.usuarios_mais = page.next_cursor is not None

    @backend_method
    async def _load_audit(self, actor: Actor) -> None:
        cursor = self._cursores[self.pagina - 1] if self.pagina - 1 < len(self._cursores) else None
        page = await self._call(
            usuarios_svc.list_audit, actor=actor, limite=PAGE_AUDITORIA, cursor=cursor,
            usuario_id=int(self.filtro_usuario) if self.filtro_usuario.isdigit() else None,
            acao=None if self.filtro_acao == TODOS else self.filtro_acao,
            inicio=self.filtro_inicio or None, fim=self.filtro_fim or None,
        )
        self.auditoria = [_audit_row(a) for a in page.items]
        self.auditoria_total = page.total
        self._proximo = page.next_cursor
        self.tem_proxima = page.next_cursor is not None

    # ---- events -------------------------------------------------------------------------

    @rx.event
    async def on_load(self):
        actor, away = await self._admin()
        if away:
            return away
        self.pagina = 1
        self._cursores = [None]
        self.dialogo_aberto = False
        try:
            await self._load_users(actor)
            await self._load_audit(actor)
        except (DomainError, BackendUnavailable) as exc:
            return self._toast_fail(exc)
        return None

    @rx.event
    async def mais_usuarios(self):
        actor, away = await self._admin()
        if away:
            return away
        try:
            await self._load_users(actor, more=True)
        except (DomainError, BackendUnavailable) as exc:
            return self._toast_fail(exc)
        return None

    @rx.event
    def set_dialogo_aberto(self, aberto: bool):
        self.dialogo_aberto = aberto
        self.erro_form = ""

    @rx.event
    async def criar_usuario(self, form: dict):
        actor, away = await self._admin()
        if away:
            return away
        try:
            novo = await self._call(
                usuarios_svc.admin_create_user, actor=actor, nome=str(form.get("nome") or ""), email=str(form.get("email") or ""),
                papel=str(form.get("papel") or ""), password=str(form.get("password") or ""), ctx=self.request_context(),
            )
        except (DomainError, BackendUnavailable) as exc:
            self.erro_form = exc.detail if isinstance(exc, DomainError) else MSG_INDISPONIVEL
            return None
        self.dialogo_aberto = False
        self.erro_form = ""
        await self._load_users(actor)
        await self._load_audit(actor)
        return rx.toast.success(f"Usuário {novo.email} criado.")

    @rx.event
    async def alterar_papel(self, usuario_id: str, papel: str):
        return await self._update(usuario_id, papel=papel)

    @rx.event
    async def alterar_ativo(self, usuario_id: str, ativo: bool):
        return await self._update(usuario_id, ativo=bool(ativo))

    @backend_method
    async def _update(self, usuario_id: str, **changes):  # noqa: ANN003
        actor, away = await self._admin()
        if away:
            return away
        try:
            u = await self._call(usuarios_svc.update_user, actor=actor, user_id=int(usuario_id), ctx=self.request_context(), **changes)
        except ValueError:
            return rx.toast.error("Usuário inválido.")
        except (DomainError, BackendUnavailable) as exc:
            await self._load_users(actor)  # put the select back to the stored value
            return self._toast_fail(exc)
        if u.id == actor.id:
            # Changing one's own role ends one's own sessions: back to the login page.
            self._clear_session()
            return [rx.toast.info("Seu papel mudou: entre novamente."), rx.redirect(routes.LOGIN)]
        await self._load_users(actor)
        self.pagina = 1
        self._cursores = [None]
        await self._load_audit(actor)
        return rx.toast.success(f"{u.nome}: alteração salva.")

    # audit filters and paging

    @rx.event
    def set_filtro_usuario(self, value: str):
        self.filtro_usuario = value

    @rx.event
    def set_filtro_acao(self, value: str):
        self.filtro_acao = value

    @rx.event
    def set_filtro_inicio(self, value: str):
        self.filtro_inicio = value

    @rx.event
    def set_filtro_fim(self, value: str):
        self.filtro_fim = value

    @rx.event
    async def filtrar(self):
        actor, away = await self._admin()
        if away:
            return away
        self.pagina = 1
        self._cursores = [None]
        try:
            await self._load_audit(actor)
        except (DomainError, BackendUnavailable) as exc:
            return self._toast_fail(exc)
        return None

    @rx.event
    async def limpar_filtros(self):
        self.filtro_usuario = TODOS
        self.filtro_acao = TODOS
        self.filtro_inicio = ""
        self.filtro_fim = ""
        return AdminState.filtrar

    @rx.event
    async def proxima(self):
        actor, away = await self._admin()
        if away:
            return away
        if not self._proximo:
            return None
        self._cursores = self._cursores[: self.pagina] + [self._proximo]
        self.pagina += 1
        try:
            await self._load_audit(actor)
        except (DomainError, BackendUnavailable) as exc:
            return self._toast_fail(exc)
        return None

    @rx.event
    async def anterior(self):
        actor, away = await self._admin()
        if away:
            return away
        if self.pagina <= 1:
            return None
        self.pagina -= 1
        try:
            await self._load_audit(actor)
        except (DomainError, BackendUnavailable) as exc:
            return self._toast_fail(exc)
        return None
