"""Dependencies: the caller (from the bearer token), role checks, request context."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from aurora_app.core.net import client_ip
from aurora_app.services import auth
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.errors import Forbidden

bearer = HTTPBearer(auto_error=False, description="Token de `POST /api/v1/auth/login`")


def request_context(request: Request) -> RequestContext:
    peer = request.client.host if request.client else None
    ip = client_ip(peer, request.headers.get("x-forwarded-for"))
    return RequestContext(ip=ip, user_agent=request.headers.get("user-agent"))


async def current_actor(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Actor:
    token = credentials.credentials if credentials else None
    return await asyncio.to_thread(auth.actor_from_token, token)


CurrentUser = Annotated[Actor, Depends(current_actor)]
Ctx = Annotated[RequestContext, Depends(request_context)]


def require_roles(*papeis: str):
    """Declarative role check: ``Depends(require_roles("admin"))``."""

    async def _check(actor: CurrentUser) -> Actor:
        if actor.papel not in papeis:
            raise Forbidden("Você não tem permissão para esta ação.", code="sem_permissao")
        return actor

    return _check


async def _admin_2fa(actor: CurrentUser) -> Actor:
    """Admin role *and* a token that passed 2FA: 403 ``sem_permissao`` / 403 ``2fa_requerido``."""
    return auth.require_admin_2fa(actor)


require_admin_2fa = _admin_2fa
AdminUser = Annotated[Actor, Depends(_admin_2fa)]


def csv_download(chunks: Iterator[str], filename: str) -> StreamingResponse:
    """A CSV export streamed as a download (the service checked and audited it before the first chunk)."""
    return StreamingResponse(
        chunks,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
