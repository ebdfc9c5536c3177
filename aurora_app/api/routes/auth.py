"""/api/v1/auth: login, logout, me, password change and TOTP enrollment. Rules live in services.auth."""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field

from aurora_app.api.deps import Ctx, CurrentUser, bearer
from aurora_app.models.cliente import MAX_DB_INT
from aurora_app.models.entrada import Entrada
from aurora_app.services import auth, sessoes
from aurora_app.services.sessoes import SessaoRead

router = APIRouter(prefix="/auth", tags=["autenticação"])

Secret = Field(max_length=4096)  # bounds the work a request can ask of argon2; never logged


class LoginIn(Entrada):
    email: str = Field(max_length=320, examples=["admin@aurora.dev"])
    password: str = Secret
    otp: str | None = Field(
        default=None, max_length=64, description="Código TOTP de 6 dígitos ou código de recuperação"
    )
    nova_senha: str | None = Field(
        default=None,
        max_length=4096,
        description="Depois que um administrador redefiniu a senha (401 `troca_de_senha_requerida`): a nova senha",
    )


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - OAuth2 token type name, not a secret
    expires_in: int


class MeOut(BaseModel):
    id: int
    email: str
    nome: str
    papel: str
    totp_ativo: bool


class PasswordIn(Entrada):
    password: str = Secret


class OtpIn(Entrada):
    otp: str = Field(max_length=64)


class DesativarIn(Entrada):
    password: str = Secret
    otp: str = Field(max_length=64)


class SenhaIn(Entrada):
    senha_atual: str = Secret
    nova_senha: str = Secret


class TotpSetupOut(BaseModel):
    secret: str
    otpauth_uri: str
    qr_png_base64: str


class AtivacaoOut(TokenOut):
    recovery_codes: list[str] = Field(description="Mostrados uma única vez; cada um vale uma vez no lugar do código")


@router.post("/login", response_model=TokenOut, summary="Entrar (senha e, com 2FA, código)")
async def login(body: LoginIn, ctx: Ctx) -> TokenOut:
    result = await asyncio.to_thread(
        auth.login, email=body.email, password=body.password, otp=body.otp, nova_senha=body.nova_senha, ctx=ctx
    )
    return TokenOut(**asdict(result))


@router.post("/logout", status_code=204, response_class=Response, summary="Revogar este token")
async def logout(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)], ctx: Ctx) -> Response:
    await asyncio.to_thread(auth.logout, token=credentials.credentials if credentials else "", ctx=ctx)
    return Response(status_code=204)


@router.get("/me", response_model=MeOut)
async def me(actor: CurrentUser) -> MeOut:
    user = await asyncio.to_thread(auth.me, actor)
    return MeOut(id=user.id, email=user.email, nome=user.nome, papel=user.papel, totp_ativo=user.totp_ativo)


@router.post("/senha", response_model=TokenOut, summary="Trocar a senha (encerra as outras sessões)")
async def change_password(body: SenhaIn, actor: CurrentUser, ctx: Ctx) -> TokenOut:
    result = await asyncio.to_thread(
        auth.change_password, actor=actor, senha_atual=body.senha_atual, nova_senha=body.nova_senha, ctx=ctx
    )
    return TokenOut(**asdict(result))


@router.post("/2fa/setup", response_model=TotpSetupOut, summary="Gerar chave TOTP e QR code")
async def totp_setup(body: PasswordIn, actor: CurrentUser, ctx: Ctx) -> TotpSetupOut:
    result = await asyncio.to_thread(auth.totp_setup, actor=actor, password=body.password, ctx=ctx)
    return TotpSetupOut(**asdict(result))


@router.post(
    "/2fa/ativar", response_model=AtivacaoOut, summary="Confirmar com um código e receber os códigos de recuperação"
)
async def totp_activate(body: OtpIn, actor: CurrentUser, ctx: Ctx) -> AtivacaoOut:
    result = await asyncio.to_thread(auth.totp_activate, actor=actor, otp=body.otp, ctx=ctx)
    return AtivacaoOut(recovery_codes=result.recovery_codes, **asdict(result.token))


@router.post("/2fa/desativar", status_code=204, response_class=Response, summary="Desativar 2FA (senha + código)")
async def totp_deactivate(body: DesativarIn, actor: CurrentUser, ctx: Ctx) -> Response:
    await asyncio.to_thread(auth.totp_deactivate, actor=actor, password=body.password, otp=body.otp, ctx=ctx)
    return Response(status_code=204)


class SessoesOut(BaseModel):
    items: list[SessaoRead]


@router.get("/sessoes", response_model=SessoesOut, summary="Minhas sessões ativas")
async def list_sessoes(actor: CurrentUser) -> SessoesOut:
    """Sessões ainda válidas do usuário (criação, último acesso, IP, navegador); `atual` marca esta."""
    return SessoesOut(items=await asyncio.to_thread(sessoes.listar, actor=actor))


@router.delete("/sessoes/{sessao_id:int}", status_code=204, response_class=Response, summary="Encerrar uma sessão")
async def end_sessao(
    sessao_id: Annotated[int, Path(ge=1, le=MAX_DB_INT)], actor: CurrentUser, ctx: Ctx
) -> Response:
    """O token daquela sessão passa a ser recusado (404 se não for sua ou já tiver terminado)."""
    await asyncio.to_thread(sessoes.encerrar, actor=actor, sessao_id=sessao_id, ctx=ctx)
    return Response(status_code=204)


class EncerradasOut(BaseModel):
    encerradas: int


@router.post("/sessoes/encerrar-outras", response_model=EncerradasOut, summary="Encerrar todas as outras sessões")
async def end_other_sessoes(actor: CurrentUser, ctx: Ctx) -> EncerradasOut:
    return EncerradasOut(encerradas=await asyncio.to_thread(sessoes.encerrar_outras, actor=actor, ctx=ctx))
