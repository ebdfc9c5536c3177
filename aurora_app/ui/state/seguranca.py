"""State of /conta/seguranca: TOTP enrollment (QR + typed key), recovery codes shown once,
2FA deactivation and password change. Every handler re-checks the session and calls the same
``services.auth`` functions as the REST API."""

from __future__ import annotations

import asyncio
import functools

import reflex as rx

from aurora_app.core.cache import BackendUnavailable
from aurora_app.services import auth, sessoes
from aurora_app.services.actor import Actor
from aurora_app.services.errors import DomainError
from aurora_app.ui import labels, routes
from aurora_app.ui.state.auth import MSG_INDISPONIVEL, AuthState, backend_method

# Ids of the password inputs on /conta/seguranca (the forms keep their values: reset_on_submit=False).
SENHA_ATUAL, NOVA_SENHA, CONFIRMACAO = "seg-senha-atual", "seg-senha-nova", "seg-senha-conf"
DESATIVAR_SENHA, DESATIVAR_OTP = "seg-off-senha", "seg-off-otp"


def limpar(*ids: str, focar: bool = True) -> list:
    """Empty the fields that must be retyped and put the cursor in the first of them."""
    eventos = [rx.set_value(i, "") for i in ids]
    return [*eventos, rx.set_focus(ids[0])] if focar and ids else eventos


_NAVEGADORES = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
_SISTEMAS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def descrever_navegador(user_agent: str | None) -> str:
    """``Chrome no Windows`` from a user agent; the raw string when it names nothing we know."""
    ua = user_agent or ""
    nav = next((nome for chave, nome in _NAVEGADORES if chave in ua), "")
    so = next((nome for chave, nome in _SISTEMAS if chave in ua), "")
    if nav and so:
        return f"{nav} no {so}" if so != "iPhone" and so != "iPad" else f"{nav} em {so}"
    return nav or so or (ua[:60] if ua else "Navegador desconhecido")


def linha_sessao(sessao: sessoes.SessaoRead) -> dict[str, str]:
    return {
        "id": str(sessao.id),
        "navegador": descrever_navegador(sessao.user_agent),
        "user_agent": sessao.user_agent or "",
        "ip": sessao.ip or "IP desconhecido",
        "criada": labels.data_br(sessao.criado_em),
        "visto": labels.data_br(sessao.visto_em) if sessao.visto_em else "—",
        "com_2fa": "1" if sessao.com_2fa else "",
        "atual": "1" if sessao.atual else "",
    }


class SegurancaState(AuthState):
    etapa: str = "inicio"  # "inicio" | "qr" | "codigos"
    qr_src: str = ""
    chave: str = ""  # the secret, grouped in fours for typing by hand (shown only during enrollment)
    codigos: list[str] = []
    restantes: int = 0
    erro: str = ""
    erro_senha: str = ""
    carregando: bool = False
    # "Sessões ativas": every valid token of this user (services.sessoes), this one marked.
    sessoes: list[dict[str, str]] = []
    encerrando: str = ""

    @rx.var
    def outras_sessoes(self) -> int:
        return sum(1 for s in self.sessoes if not s["atual"])

    @rx.var
    def codigos_texto(self) -> str:
        return "\n".join(self.codigos)

    @backend_method
    async def _call(self, fn, **kwargs):  # noqa: ANN001, ANN003
        return await asyncio.to_thread(functools.partial(fn, **kwargs))

    @backend_method
    def _fail(self, exc: Exception, field: str = "erro"):
        self.carregando = False
        if isinstance(exc, BackendUnavailable):
            setattr(self, field, MSG_INDISPONIVEL)
        elif isinstance(exc, DomainError):
            if exc.code == "token_invalido":
                return self.login_redirect()
            setattr(self, field, exc.detail)
        else:
            raise exc
        return None

    @rx.event
    async def on_load(self):
        self.etapa = "inicio"
        self.qr_src = ""
        self.chave = ""
        self.codigos = []
        self.erro = ""
        self.erro_senha = ""
        self.carregando = False
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        me = await self._call(auth.me, actor=actor)
        self.usuario_totp_ativo = me.totp_ativo
        self.restantes = await self._call(auth.recovery_codes_left, actor=actor) if me.totp_ativo else 0
        await self._carregar_sessoes(actor)
        return None

    @backend_method
    async def _carregar_sessoes(self, actor: Actor | None = None) -> None:
        actor = actor or await self.current_actor()
        if actor is None:
            return
        try:
            self.sessoes = [linha_sessao(s) for s in await self._call(sessoes.listar, actor=actor)]
        except (DomainError, BackendUnavailable):
            self.sessoes = []

    @rx.event
    async def encerrar_sessao(self, sessao_id: str):
        """Ends one session; ending this one is a logout (back to /login)."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if not str(sessao_id).isdigit():
            return None
        self.encerrando = str(sessao_id)
        try:
            propria = await self._call(
                sessoes.encerrar, actor=actor, sessao_id=int(sessao_id), ctx=self.request_context()
            )
        except (DomainError, BackendUnavailable) as exc:
            self.encerrando = ""
            await self._carregar_sessoes(actor)
            return rx.toast.error(getattr(exc, "detail", MSG_INDISPONIVEL), duration=8000)
        self.encerrando = ""
        if propria:
            self._clear_session()
            return [rx.redirect(routes.LOGIN), rx.toast.info("Sessão encerrada.")]
        await self._carregar_sessoes(actor)
        return rx.toast.success("Sessão encerrada: aquele dispositivo precisará entrar de novo.")

    @rx.event
    async def encerrar_outras(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        try:
            n = await self._call(sessoes.encerrar_outras, actor=actor, ctx=self.request_context())
        except (DomainError, BackendUnavailable) as exc:
            return rx.toast.error(getattr(exc, "detail", MSG_INDISPONIVEL), duration=8000)
        await self._carregar_sessoes(actor)
        return rx.toast.success(f"{labels.plural(n, 'sessão encerrada', 'sessões encerradas')}.")

    @rx.event
    async def iniciar(self, form: dict):
        """Step 1: confirm the password → secret + QR (pending until a code confirms it)."""
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        self.carregando = True
        self.erro = ""
        yield
        try:
            setup = await self._call(
                auth.totp_setup, actor=actor, password=str(form.get("password") or ""), ctx=self.request_context()
            )
        except (DomainError, BackendUnavailable) as exc:
            yield self._fail(exc)
            return
        self.qr_src = f"data:image/png;base64,{setup.qr_png_base64}"
        self.chave = " ".join(setup.secret[i : i + 4] for i in range(0, len(setup.secret), 4))
        self.etapa = "qr"
        self.carregando = False

    @rx.event
    async def ativar(self, form: dict):
        """Step 2: the first code turns 2FA on; the session continues with a token that passed 2FA."""
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        self.carregando = True
        self.erro = ""
        yield
        try:
            result = await self._call(
                auth.totp_activate, actor=actor, otp=str(form.get("otp") or ""), ctx=self.request_context()
            )
        except (DomainError, BackendUnavailable) as exc:
            yield self._fail(exc)
            return
        self._set_token(result.token.access_token)
        await self.current_actor()
        self.codigos = result.recovery_codes
        self.restantes = len(result.recovery_codes)
        self.qr_src = ""
        self.chave = ""
        self.usuario_totp_ativo = True
        self.etapa = "codigos"
        self.carregando = False
        await self._carregar_sessoes()
        yield rx.toast.success("Verificação em duas etapas ativada.")

    @rx.event
    def cancelar(self):
        self.etapa = "inicio"
        self.qr_src = ""
        self.chave = ""
        self.erro = ""

    @rx.event
    def concluir(self):
        """The codes leave the page for good: they are only stored hashed."""
        self.codigos = []
        self.etapa = "inicio"

    @rx.event
    def copiar_codigos(self):
        return [rx.set_clipboard(self.codigos_texto), rx.toast.info("Códigos copiados.")]

    @rx.event
    def baixar_codigos(self):
        texto = "Aurora CRM: códigos de recuperação (cada um vale uma vez)\n\n" + self.codigos_texto + "\n"
        return rx.download(data=texto, filename="aurora-codigos-de-recuperacao.txt")

    @rx.event
    async def desativar(self, form: dict):
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        self.carregando = True
        self.erro = ""
        yield
        try:
            token = await self._call(
                auth.totp_deactivate,
                actor=actor,
                password=str(form.get("password") or ""),
                otp=str(form.get("otp") or ""),
                ctx=self.request_context(),
            )
        except (DomainError, BackendUnavailable) as exc:
            yield self._fail(exc)
            yield limpar(DESATIVAR_SENHA if getattr(exc, "code", "") == "senha_incorreta" else DESATIVAR_OTP)
            return
        self._set_token(token.access_token)
        await self.current_actor()
        self.usuario_totp_ativo = False
        self.restantes = 0
        self.carregando = False
        await self._carregar_sessoes()
        yield rx.toast.success("Verificação em duas etapas desativada.")

    @rx.event
    async def trocar_senha(self, form: dict):
        """After an error only what must be retyped is cleared (and focused); the rest stays."""
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        nova = str(form.get("nova_senha") or "")
        if nova != str(form.get("confirmacao") or ""):
            self.erro_senha = "A confirmação não confere com a nova senha."
            yield limpar(CONFIRMACAO)
            return
        self.carregando = True
        self.erro_senha = ""
        yield
        try:
            token = await self._call(
                auth.change_password,
                actor=actor,
                senha_atual=str(form.get("senha_atual") or ""),
                nova_senha=nova,
                ctx=self.request_context(),
            )
        except (DomainError, BackendUnavailable) as exc:
            yield self._fail(exc, "erro_senha")
            code = getattr(exc, "code", "")
            if code in ("senha_incorreta", "muitas_tentativas"):
                yield limpar(SENHA_ATUAL)
            elif code in ("senha_fraca", "senha_repetida"):
                yield limpar(NOVA_SENHA, CONFIRMACAO)
            return
        self._set_token(token.access_token)
        self.carregando = False
        await self._carregar_sessoes()
        yield limpar(SENHA_ATUAL, NOVA_SENHA, CONFIRMACAO, focar=False)
        yield rx.toast.success("Senha alterada. Suas outras sessões foram encerradas.")
