"""State of /admin: users (create, role, activate/deactivate, password and 2FA resets). The audit
log on the same page is its own state (``admin_auditoria.AuditoriaState``); both check access
through ``AdminAcessoMixin``.

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
from aurora_app.services import usuarios as usuarios_svc
from aurora_app.services.actor import Actor
from aurora_app.services.errors import DomainError
from aurora_app.ui import labels
from aurora_app.ui.components.toasts import falha
from aurora_app.ui.state.admin_acesso import AdminAcessoMixin
from aurora_app.ui.state.admin_auditoria import AuditoriaState
from aurora_app.ui.state.auth import MSG_INDISPONIVEL, AuthState, backend_method, login_url

PAGE_USUARIOS = 50
PAGE_AUDITORIA = 25
TODOS = "todos"  # Radix selects refuse "" as an item value
PAPEIS = [p.value for p in Papel]
PAPEL_LABEL = labels.PAPEIS


def _usuario_row(u) -> dict[str, str]:  # noqa: ANN001
    return {
        "id": str(u.id),
        "nome": u.nome,
        "email": u.email,
        "papel": u.papel,
        "ativo": "1" if u.ativo else "",
        "totp": "1" if u.totp_ativo else "",
        "criado_em": labels.data_br(u.criado_em),
        "ultimo_login": labels.data_br(u.ultimo_login_em),
        "temporaria": "1" if getattr(u, "senha_temporaria_ate", None) else "",
    }


class AdminState(AdminAcessoMixin, AuthState):
    usuarios: list[dict[str, str]] = []
    usuarios_total: int = 0
    usuarios_mais: bool = False
    dialogo_aberto: bool = False
    erro_form: str = ""

    confirmar_aberto: bool = False
    confirmar_titulo: str = ""
    confirmar_texto: str = ""
    confirmar_botao: str = ""
    _pendente: dict = {}

    # A temporary password, shown once right after the reset (closing the dialog forgets it).
    senha_temporaria: str = ""
    senha_temporaria_de: str = ""
    senha_temporaria_ate: str = ""

    _cursor_usuarios: str | None = None

    def _sem_acesso(self) -> None:
        self.usuarios = []

    @backend_method
    async def _call(self, fn, **kwargs):  # noqa: ANN001, ANN003
        return await asyncio.to_thread(functools.partial(fn, **kwargs))

    @backend_method
    async def _load_users(self, actor: Actor, more: bool = False) -> None:
        page = await self._call(
            usuarios_svc.list_users, actor=actor, limite=PAGE_USUARIOS, cursor=self._cursor_usuarios if more else None
        )
        rows = [_usuario_row(u) for u in page.items]
        self.usuarios = (self.usuarios + rows) if more else rows
        self.usuarios_total = page.total
        self._cursor_usuarios = page.next_cursor
        self.usuarios_mais = page.next_cursor is not None

    async def _auditoria(self, actor: Actor) -> None:
        """The audit log from its first page (a change here is its newest entry)."""
        log = await self.get_state(AuditoriaState)
        await log.recomecar(actor)

    # ---- events -------------------------------------------------------------------------

    @rx.event
    async def on_load(self):
        actor, away = await self._admin()
        if away:
            return away
        self.dialogo_aberto = False
        try:
            await self._load_users(actor)
        except (DomainError, BackendUnavailable) as exc:
            return falha(exc)
        return None

    @rx.event
    async def mais_usuarios(self):
        actor, away = await self._admin()
        if away:
            return away
        try:
            await self._load_users(actor, more=True)
        except (DomainError, BackendUnavailable) as exc:
            return falha(exc)
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
                usuarios_svc.admin_create_user,
                actor=actor,
                nome=str(form.get("nome") or ""),
                email=str(form.get("email") or ""),
                papel=str(form.get("papel") or ""),
                password=str(form.get("password") or ""),
                ctx=self.request_context(),
            )
        except (DomainError, BackendUnavailable) as exc:
            self.erro_form = exc.detail if isinstance(exc, DomainError) else MSG_INDISPONIVEL
            return None
        self.dialogo_aberto = False
        self.erro_form = ""
        await self._load_users(actor)
        await self._auditoria(actor)
        return rx.toast.success(f"Usuário {novo.email} criado.")

    # Role changes and deactivation end the person's sessions: they are confirmed first.

    @rx.event
    async def alterar_papel(self, usuario_id: str, papel: str):
        _, away = await self._admin()
        if away:
            return away
        u = next((u for u in self.usuarios if u["id"] == str(usuario_id)), None)
        if u is None or papel not in PAPEIS or papel == u["papel"]:
            return None
        self._pendente = {"usuario_id": u["id"], "papel": papel}
        self.confirmar_titulo = "Mudar o papel?"
        self.confirmar_texto = (
            f"{u['nome']} passa de {PAPEL_LABEL[u['papel']]} a {PAPEL_LABEL[papel]}. "
            "As sessões abertas dessa pessoa serão encerradas."
        )
        self.confirmar_botao = "Mudar papel"
        self.confirmar_aberto = True
        return None

    @rx.event
    async def alterar_ativo(self, usuario_id: str, ativo: bool):
        _, away = await self._admin()
        if away:
            return away
        if ativo:
            return await self._update(usuario_id, ativo=True)
        u = next((u for u in self.usuarios if u["id"] == str(usuario_id)), None)
        if u is None:
            return None
        self._pendente = {"usuario_id": u["id"], "ativo": False}
        self.confirmar_titulo = "Desativar usuário?"
        self.confirmar_texto = (
            f"{u['nome']} ({u['email']}) não poderá mais entrar, e as sessões abertas serão encerradas. "
            "Você pode reativar depois."
        )
        self.confirmar_botao = "Desativar"
        self.confirmar_aberto = True
        return None

    @rx.event
    async def pedir_redefinicao(self, usuario_id: str, acao: str):
        """Asks for confirmation before a password or 2FA reset (``acao``: senha | 2fa)."""
        _, away = await self._admin()
        if away:
            return away
        u = next((u for u in self.usuarios if u["id"] == str(usuario_id)), None)
        if u is None or acao not in ("senha", "2fa", "sessoes"):
            return None
        self._pendente = {"usuario_id": u["id"], "redefinir": acao}
        if acao == "sessoes":
            self.confirmar_titulo = "Encerrar as sessões?"
            self.confirmar_texto = (
                f"Todas as sessões abertas de {u['nome']} ({u['email']}) serão encerradas, em qualquer navegador "
                "ou aparelho. A senha e a verificação em duas etapas não mudam: a pessoa pode entrar de novo."
            )
            self.confirmar_botao = "Encerrar sessões"
        elif acao == "senha":
            self.confirmar_titulo = "Redefinir a senha?"
            self.confirmar_texto = (
                f"Uma senha temporária será gerada para {u['nome']} ({u['email']}) e mostrada uma única vez. "
                "As sessões abertas serão encerradas e, no próximo login, a pessoa escolherá uma nova senha."
            )
            self.confirmar_botao = "Gerar senha temporária"
        else:
            self.confirmar_titulo = "Redefinir a verificação em duas etapas?"
            self.confirmar_texto = (
                f"A verificação em duas etapas de {u['nome']} ({u['email']}) será desativada (chave e códigos de "
                "recuperação apagados) e as sessões abertas serão encerradas. A pessoa entra só com a senha e "
                "configura o aplicativo autenticador de novo em Segurança da conta."
            )
            self.confirmar_botao = "Redefinir 2FA"
        self.confirmar_aberto = True
        return None

    @backend_method
    async def _redefinir(self, usuario_id: str, acao: str):
        actor, away = await self._admin()
        if away:
            return away
        try:
            if acao == "senha":
                r = await self._call(
                    usuarios_svc.redefinir_senha, actor=actor, user_id=int(usuario_id), ctx=self.request_context()
                )
            elif acao == "sessoes":
                encerradas = await self._call(
                    usuarios_svc.encerrar_sessoes, actor=actor, user_id=int(usuario_id), ctx=self.request_context()
                )
            else:
                await self._call(
                    usuarios_svc.redefinir_2fa, actor=actor, user_id=int(usuario_id), ctx=self.request_context()
                )
        except ValueError:
            return rx.toast.error("Usuário inválido.")
        except (DomainError, BackendUnavailable) as exc:
            return falha(exc)
        u = next((u for u in self.usuarios if u["id"] == str(usuario_id)), {"nome": "", "email": ""})
        await self._load_users(actor)
        await self._auditoria(actor)
        if acao == "senha":
            self.senha_temporaria = r.senha_temporaria
            self.senha_temporaria_de = f"{u['nome']} ({u['email']})"
            self.senha_temporaria_ate = labels.data_br(r.expira_em)
            return None
        if acao == "sessoes":
            quantas = (
                labels.plural(encerradas, "sessão encerrada", "sessões encerradas")
                if encerradas
                else ("nenhuma sessão estava aberta")
            )
            return rx.toast.success(f"{u['nome']}: {quantas}.")
        return rx.toast.success(f"{u['nome']}: verificação em duas etapas redefinida.")

    @rx.event
    def fechar_senha_temporaria(self, aberto: bool = False):
        if not aberto:
            self.senha_temporaria = self.senha_temporaria_de = self.senha_temporaria_ate = ""

    @rx.event
    def copiar_senha_temporaria(self):
        return [rx.set_clipboard(self.senha_temporaria), rx.toast.info("Senha copiada.")]

    @rx.event
    def set_confirmar_aberto(self, aberto: bool):
        self.confirmar_aberto = bool(aberto)
        if not aberto:
            self._pendente = {}

    @rx.event
    async def confirmar_alteracao(self):
        pendente, self._pendente = dict(self._pendente), {}
        self.confirmar_aberto = False
        if not pendente:
            return None
        usuario_id = pendente.pop("usuario_id")
        if "redefinir" in pendente:
            return await self._redefinir(usuario_id, pendente["redefinir"])
        return await self._update(usuario_id, **pendente)

    @backend_method
    async def _update(self, usuario_id: str, **changes):  # noqa: ANN003
        actor, away = await self._admin()
        if away:
            return away
        try:
            u = await self._call(
                usuarios_svc.update_user, actor=actor, user_id=int(usuario_id), ctx=self.request_context(), **changes
            )
        except ValueError:
            return rx.toast.error("Usuário inválido.")
        except (DomainError, BackendUnavailable) as exc:
            await self._load_users(actor)  # put the select back to the stored value
            return falha(exc)
        if u.id == actor.id:
            # Changing one's own role ends one's own sessions: back to the login page.
            self._clear_session()
            return [rx.toast.info("Seu papel mudou: entre novamente."), rx.redirect(login_url(motivo="papel_alterado"))]
        await self._load_users(actor)
        await self._auditoria(actor)
        return rx.toast.success(f"{u.nome}: alteração salva.")
