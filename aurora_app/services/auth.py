"""Authentication rules shared by the REST API and the Reflex states.

Foundation version: token → Actor (signature, expiry, claims, revocation, user still active,
token not older than the user's last security change). Login, 2FA and limits extend this module.
"""

from __future__ import annotations

import jwt
from sqlmodel import select

from aurora_app.core.db import session_scope
from aurora_app.core.security import decode_access_token
from aurora_app.models import TokenRevogado, Usuario
from aurora_app.services.actor import Actor
from aurora_app.services.errors import Unauthorized

TOKEN_INVALIDO = "Sessão inválida ou expirada. Entre novamente."


def actor_from_token(token: str | None) -> Actor:
    if not token:
        raise Unauthorized("Autenticação necessária.", code="nao_autenticado")
    try:
        claims = decode_access_token(token)
    except jwt.InvalidTokenError as exc:
        raise Unauthorized(TOKEN_INVALIDO, code="token_invalido") from exc
    with session_scope() as session:
        user = session.get(Usuario, claims.sub)
        if user is None or not user.ativo:
            raise Unauthorized(TOKEN_INVALIDO, code="token_invalido")
        # Password change, deactivation or 2FA change invalidates every earlier token.
        if claims.iat < user.tokens_validos_desde:
            raise Unauthorized(TOKEN_INVALIDO, code="token_invalido")
        if session.exec(select(TokenRevogado.jti).where(TokenRevogado.jti == claims.jti)).first():
            raise Unauthorized(TOKEN_INVALIDO, code="token_invalido")
        return Actor(id=user.id, email=user.email, nome=user.nome, papel=user.papel, amr=claims.amr, jti=claims.jti)
