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
from aurora_app.ui import auditoria, labels, routes
from aurora_app.ui.components import masks
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


def _audit_row(a, nomes: dict[str, str] | None = None) -> dict[str, str]:  # noqa: ANN001
    uid = "" if a.usuario_id is None else str(a.usuario_id)
    return {
        "id": str(a.id),
        "quando": labels.data_br(a.criado_em),
        "acao": a.acao,
        "acao_label": auditoria.rotulo_acao(a.acao),
        "usuario_id": uid,
        "quem": (nomes or {}).get(uid, ""),
        "email": a.email or "",
        "entidade": auditoria.registro(a.acao, a.entidade, a.entidade_id, a.detalhes),
        "detalhes": auditoria.descrever(a.acao, a.detalhes),
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
    _cursores: list[str | None] = [None]  # cursor of each audit page seen, for "anterior"
    _proximo: str | None = None

    acoes: list[list[str]] = [[TODOS, "Todas as ações"]]
    filtro_erro: str = ""

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
        page = await self._call(
            usuarios_svc.list_users, actor=actor, limite=PAGE_USUARIOS, cursor=self._cursor_usuarios if more else None
        )
        rows = [_usuario_row(u) for u in page.items]
        self.usuarios = (self.usuarios + rows) if more else rows
        self.usuarios_total = page.total
        self._cursor_usuarios = page.next_cursor
        self.usuarios_mais = page.next_cursor is not None

    @backend_method
    async def _load_audit(self, actor: Actor) -> None:
        cursor = self._cursores[self.pagina - 1] if self.pagina - 1 < len(self._cursores) else None
        page = await self._call(
            usuarios_svc.list_audit,
            actor=actor,
            limite=PAGE_AUDITORIA,
            cursor=cursor,
            usuario_id=int(self.filtro_usuario) if self.filtro_usuario.isdigit() else None,
            acao=None if self.filtro_acao == TODOS else self.filtro_acao,
            inicio=self._dia("inicio"),
            fim=self._dia("fim"),
        )
        nomes = {u["id"]: u["nome"] for u in self.usuarios}
        self.auditoria = [_audit_row(a, nomes) for a in page.items]
        self.auditoria_total = page.total
        self._proximo = page.next_cursor
        self.tem_proxima = page.next_cursor is not None

    @backend_method
    def _dia(self, qual: str) -> str | None:
        """A dd/mm/aaaa filter field → ISO day for the service (checked by ``_check_datas``)."""
        texto = self.filtro_inicio if qual == "inicio" else self.filtro_fim
        try:
            dia = masks.parse_data(texto)
        except ValueError:
            return None
        return dia.isoformat() if dia else None

    @backend_method
    def _check_datas(self) -> bool:
        for rotulo, texto in (("De", self.filtro_inicio), ("Até", self.filtro_fim)):
            try:
                masks.parse_data(texto)
            except ValueError:
                self.filtro_erro = f"{rotulo}: data inválida, use dd/mm/aaaa."
                return False
        self.filtro_erro = ""
        return True

    @backend_method
    async def _load_acoes(self, actor: Actor) -> None:
        codigos = await self._call(usuarios_svc.list_acoes, actor=actor)
        self.acoes = [[TODOS, "Todas as ações"], *([c, auditoria.rotulo_acao(c)] for c in codigos)]

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
            await self._load_acoes(actor)
            if self._check_datas():
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
        await self._load_audit(actor)
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
        if u is None or acao not in ("senha", "2fa"):
            return None
        self._pendente = {"usuario_id": u["id"], "redefinir": acao}
        if acao == "senha":
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
            else:
                await self._call(
                    usuarios_svc.redefinir_2fa, actor=actor, user_id=int(usuario_id), ctx=self.request_context()
                )
        except ValueError:
            return rx.toast.error("Usuário inválido.")
        except (DomainError, BackendUnavailable) as exc:
            return self._toast_fail(exc)
        u = next((u for u in self.usuarios if u["id"] == str(usuario_id)), {"nome": "", "email": ""})
        await self._load_users(actor)
        self.pagina = 1
        self._cursores = [None]
        await self._load_audit(actor)
        if acao == "senha":
            self.senha_temporaria = r.senha_temporaria
            self.senha_temporaria_de = f"{u['nome']} ({u['email']})"
            self.senha_temporaria_ate = labels.data_br(r.expira_em)
            return None
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
            return self._toast_fail(exc)
        if u.id == actor.id:
            # Changing one's own role ends one's own sessions: back to the login page.
            self._clear_session()
            return [rx.toast.info("Seu papel mudou: entre novamente."), rx.redirect(login_url(motivo="papel_alterado"))]
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
        self.filtro_inicio = masks.mask_data(str(value))
        self.filtro_erro = ""

    @rx.event
    def set_filtro_fim(self, value: str):
        self.filtro_fim = masks.mask_data(str(value))
        self.filtro_erro = ""

    @rx.event
    async def filtrar(self):
        actor, away = await self._admin()
        if away:
            return away
        if not self._check_datas():
            return None
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
        self.filtro_erro = ""
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
