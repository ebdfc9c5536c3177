"""Append-only audit trail. Call inside the use case's session so it commits with the change."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from aurora_app.models import Auditoria

SECRET_HINTS = ("password", "senha", "otp", "secret", "token", "codigo", "hash", "key", "chave")


@dataclass(frozen=True)
class RequestContext:
    """Where a call came from: REST request or Reflex event. Never holds secrets."""

    ip: str | None = None
    user_agent: str | None = None


def _clean(details: dict[str, Any] | None) -> str | None:
    if not details:
        return None
    safe = {k: v for k, v in details.items() if not any(h in k.lower() for h in SECRET_HINTS)}
    return json.dumps(safe, ensure_ascii=False, default=str)[:2000]


def record(
    session: Session,
    *,
    acao: str,
    usuario_id: int | None = None,
    email: str | None = None,
    entidade: str | None = None,
    entidade_id: Any = None,
    detalhes: dict[str, Any] | None = None,
    ctx: RequestContext | None = None,
) -> None:
    ctx = ctx or RequestContext()
    session.add(
        Auditoria(
            usuario_id=usuario_id,
            email=email,
            acao=acao,
            entidade=entidade,
            entidade_id=None if entidade_id is None else str(entidade_id),
            detalhes=_clean(detalhes),
            ip=(ctx.ip or None) and ctx.ip[:64],
            user_agent=(ctx.user_agent or None) and ctx.user_agent[:300],
        )
    )
