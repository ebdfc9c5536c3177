"""/api/v1/admin: users and the audit log. Admin role + a token that passed 2FA (checked twice:
here by the dependency, and again inside each service function)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, Field

from aurora_app.api.deps import AdminUser, Ctx, require_admin_2fa
from aurora_app.models.cliente import MAX_DB_INT
from aurora_app.models.entrada import Entrada
from aurora_app.models.schemas import UsuarioRead
from aurora_app.services import usuarios
from aurora_app.services.paging import DEFAULT_LIMIT, MAX_LIMIT, Page
from aurora_app.services.usuarios import AuditoriaRead

UsuarioId = Annotated[int, Path(ge=1, le=MAX_DB_INT)]

router = APIRouter(prefix="/admin", tags=["administração"], dependencies=[Depends(require_admin_2fa)])

Limite = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


class UsuarioCreate(Entrada):
    nome: str = Field(max_length=120)
    email: str = Field(max_length=254)
    papel: str = Field(max_length=20)
    password: str = Field(max_length=4096)


class UsuarioUpdate(Entrada):
    nome: str | None = Field(default=None, max_length=120)
    papel: str | None = Field(default=None, max_length=20)
    ativo: bool | None = None


@router.get("/usuarios", response_model=Page[UsuarioRead])
async def list_users(
    actor: AdminUser, limite: Limite = DEFAULT_LIMIT, cursor: str | None = None, busca: str | None = None
):
    return await asyncio.to_thread(usuarios.list_users, actor=actor, limite=limite, cursor=cursor, busca=busca)


@router.post("/usuarios", response_model=UsuarioRead, status_code=201)
async def create_user(body: UsuarioCreate, actor: AdminUser, ctx: Ctx):
    return await asyncio.to_thread(usuarios.admin_create_user, actor=actor, ctx=ctx, **body.model_dump())


@router.patch("/usuarios/{usuario_id:int}", response_model=UsuarioRead)
async def update_user(
    usuario_id: Annotated[int, Path(ge=1, le=MAX_DB_INT)], body: UsuarioUpdate, actor: AdminUser, ctx: Ctx
):
    return await asyncio.to_thread(
        usuarios.update_user, actor=actor, user_id=usuario_id, ctx=ctx, **body.model_dump(exclude_unset=True)
    )


@router.get("/auditoria", response_model=Page[AuditoriaRead])
async def list_audit(
    actor: AdminUser,
    limite: Limite = DEFAULT_LIMIT,
    cursor: str | None = None,
    usuario_id: Annotated[int | None, Query(ge=1, le=MAX_DB_INT)] = None,
    acao: str | None = Query(default=None, max_length=60),
    inicio: str | None = Query(default=None, description="AAAA-MM-DD ou data-hora ISO 8601"),
    fim: str | None = Query(default=None, description="AAAA-MM-DD (dia inteiro) ou data-hora ISO 8601"),
):
    return await asyncio.to_thread(
        usuarios.list_audit,
        actor=actor,
        limite=limite,
        cursor=cursor,
        usuario_id=usuario_id,
        acao=acao,
        inicio=inicio,
        fim=fim,
    )


class SenhaTemporariaOut(BaseModel):
    senha_temporaria: str = Field(description="Mostrada uma única vez; no próximo login o usuário escolhe outra")
    expira_em: datetime


@router.post("/usuarios/{usuario_id:int}/redefinir-senha", response_model=SenhaTemporariaOut,
             summary="Gerar uma senha temporária (encerra as sessões do usuário)")
async def reset_password(usuario_id: UsuarioId, actor: AdminUser, ctx: Ctx):
    result = await asyncio.to_thread(usuarios.redefinir_senha, actor=actor, user_id=usuario_id, ctx=ctx)
    return SenhaTemporariaOut(senha_temporaria=result.senha_temporaria, expira_em=result.expira_em)


class EncerradasOut(BaseModel):
    encerradas: int = Field(description="Quantas sessões estavam ativas")


@router.post("/usuarios/{usuario_id:int}/encerrar-sessoes", response_model=EncerradasOut,
             summary="Encerrar todas as sessões do usuário (sem mudar senha nem 2FA)")
async def end_user_sessoes(usuario_id: UsuarioId, actor: AdminUser, ctx: Ctx) -> EncerradasOut:
    encerradas = await asyncio.to_thread(usuarios.encerrar_sessoes, actor=actor, user_id=usuario_id, ctx=ctx)
    return EncerradasOut(encerradas=encerradas)


@router.post("/usuarios/{usuario_id:int}/redefinir-2fa", status_code=204, response_class=Response,
             summary="Desativar o 2FA do usuário para que ele o configure de novo")
async def reset_2fa(usuario_id: UsuarioId, actor: AdminUser, ctx: Ctx) -> Response:
    await asyncio.to_thread(usuarios.redefinir_2fa, actor=actor, user_id=usuario_id, ctx=ctx)
    return Response(status_code=204)
