"""State of /conta/seguranca: TOTP enrollment (QR + typed key), recovery codes shown once,
2FA deactivation and password change. Every handler re-checks the session and calls the same
``services.auth`` functions as the REST API."""

from __future__ import annotations

import asyncio
import functools

import reflex as rx

from aurora_app.core.cache import BackendUnavailable
from aurora_app.services import auth
from aurora_app.services.errors import DomainError
from aurora_app.ui.state.auth import MSG_INDISPONIVEL, AuthState, backend_method

# Ids of the password inputs on /conta/seguranca (the forms keep their values: reset_on_submit=False).
SENHA_ATUAL, NOVA_SENHA, CONFIRMACAO = "seg-senha-atual", "seg-senha-nova", "seg-senha-conf"
DESATIVAR_SENHA, DESATIVAR_OTP = "seg-off-senha", "seg-off-otp"


def limpar(*ids: str, focar: bool = True) -> list:
    """Empty the fields that must be retyped and put the cursor in the first of them."""
    eventos = [rx.set_value(i, "") for i in ids]
    return [*eventos, rx.set_focus(ids[0])] if focar and ids else eventos


class SegurancaState(AuthState):
    etapa: str = "inicio"  # "inicio" | "qr" | "codigos"
    qr_src: str = ""
    chave: str = ""  # the secret, grouped in fours for typing by hand (shown only during enrollment)
    codigos: list[str] = []
    restantes: int = 0
    erro: str = ""
    erro_senha: str = ""
    carregando: bool = False

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
        return None

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
        yield limpar(SENHA_ATUAL, NOVA_SENHA, CONFIRMACAO, focar=False)
        yield rx.toast.success("Senha alterada. Suas outras sessões foram encerradas.")
