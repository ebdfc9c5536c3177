"""Dependencies: the caller (from the bearer token), role checks, request context."""

from __future__ import annotations

import asyncio
import ipaddress
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from aurora_app.core.config import get_settings
from aurora_app.services import auth
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.errors import Forbidden

bearer = HTTPBearer(auto_error=False, description="Token de `POST /api/v1/auth/login`")


def _trusted_proxy(peer: str | None) -> bool:
    """Only a reverse proxy listed in TRUSTED_PROXIES may name the client (none by default)."""
    nets = get_settings().trusted_proxies
    if not nets:
        return False
    try:
        addr = ipaddress.ip_address(peer or "")
    except ValueError:
        return False
    return any(addr in net for net in nets)


def client_ip(peer: str | None, forwarded_for: str | None) -> str | None:
    """X-Forwarded-For is client-controlled: a spoofed value would dodge the per-IP login limits.

    Trust it only from a proxy listed in TRUSTED_PROXIES, and take its *last* entry (the one our
    proxy appended), never the first (whatever the client sent).
    """
    if forwarded_for and _trusted_proxy(peer):
        hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
        if hops:
            try:
                return str(ipaddress.ip_address(hops[-1]))
            except ValueError:
                return peer
    return peer


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
