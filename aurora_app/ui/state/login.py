"""State of /login: e-mail and password, then the code step (2FA) or a new password (after an
admin's reset); the same limits and messages as the REST login, because both call
``services.auth.login``."""

from __future__ import annotations

import asyncio

import reflex as rx

from aurora_app.core.cache import BackendUnavailable
from aurora_app.services import auth
from aurora_app.services.errors import DomainError
from aurora_app.ui.state.auth import MSG_INDISPONIVEL, AuthState, backend_method, safe_next


class LoginState(AuthState):
    """/login: email + password, then (2FA accounts) a code step. Calls ``services.auth.login``,
    so the same limits, lockouts and audit apply as on ``POST /api/v1/auth/login``.

    The password is never kept in state: on the code step the (hidden) password field of the
    same form is submitted again with the code. After an admin reset the password (a temporary
    one), a "nova senha" step comes before the code: the new password fields stay mounted (hidden)
    on the code step, so the server stores the new password only when the whole login succeeds.
    """

    etapa: str = "senha"  # "senha" | "nova_senha" | "codigo"
    troca_senha: bool = False  # the temporary password must be replaced in this login
    email: str = ""
    erro: str = ""
    aviso: str = ""  # why the previous session ended (?motivo=<known code>)
    carregando: bool = False

    @rx.var
    def etapa_codigo(self) -> bool:
        return self.etapa == "codigo"

    @rx.var
    def etapa_nova_senha(self) -> bool:
        return self.etapa == "nova_senha"

    @backend_method
    def _next(self) -> str:
        return safe_next(self.router.url.query_parameters.get("next"))

    @rx.event
    async def on_load(self):
        self.etapa = "senha"
        self.troca_senha = False
        self.erro = ""
        self.carregando = False
        motivo = self.router.url.query_parameters.get("motivo") or ""
        self.aviso = auth.SESSAO_ENCERRADA.get(motivo, "")
        if self.auth_token and await self.current_actor() is not None:
            return rx.redirect(self._next())
        return None

    @rx.event
    def voltar(self):
        self.etapa = "senha"
        self.troca_senha = False
        self.erro = ""

    @rx.event
    async def entrar(self, form: dict):
        email = str(form.get("email") or "").strip()
        password = str(form.get("password") or "")
        otp = str(form.get("otp") or "").strip() if self.etapa == "codigo" else ""
        nova = str(form.get("nova_senha") or "") if self.troca_senha else ""
        if not email or not password:
            self.erro = "Informe e-mail e senha."
            return
        if self.etapa == "nova_senha":
            if not nova:
                self.erro = "Escolha a nova senha."
                return
            if nova != str(form.get("nova_confirmacao") or ""):
                self.erro = "A confirmação não confere com a nova senha."
                return
        if self.etapa == "codigo" and not otp:
            self.erro = "Digite o código de 6 dígitos do aplicativo autenticador ou um código de recuperação."
            return
        self.carregando = True
        self.erro = ""
        self.email = email
        yield
        try:
            out = await asyncio.to_thread(
                auth.login,
                email=email,
                password=password,
                otp=otp or None,
                nova_senha=nova or None,
                ctx=self.request_context(),
            )
        except DomainError as exc:
            self.carregando = False
            if exc.code == "otp_requerido":
                self.etapa = "codigo"
                self.erro = ""
            elif exc.code == "troca_de_senha_requerida":
                self.etapa, self.troca_senha = "nova_senha", True
                self.erro = ""
            else:
                if exc.code in ("credenciais_invalidas", "senha_temporaria_expirada"):
                    self.etapa, self.troca_senha = "senha", False
                elif exc.code in ("senha_fraca", "senha_repetida"):
                    self.etapa = "nova_senha"
                self.erro = exc.detail
            return
        except BackendUnavailable:
            self.carregando = False
            self.erro = MSG_INDISPONIVEL
            yield rx.toast.error(MSG_INDISPONIVEL, duration=8000)
            return
        self._set_token(out.access_token)
        self.aviso = ""
        await self.current_actor()
        self.carregando = False
        self.etapa = "senha"
        if self.troca_senha:
            self.troca_senha = False
            yield rx.toast.success("Senha definida. Bem-vindo de volta!")
        yield rx.redirect(self._next())
