"""Active sessions: every access token the auth service issues is a ``Sessao`` row (who, when,
from which IP and browser, last seen). A user lists theirs and ends any of them.

Ending a session revokes its token id in ``token_revogado``, the table every request already
checks (``services.auth.actor_from_token``): the REST API refuses the token at once, and a
browser tab (Reflex re-checks the token on every event through ``AuthState.current_actor``) is
sent to /login on its next click, with the reason. "Active" = not ended, not expired, and issued
after the user's last security change (``tokens_validos_desde``: password, 2FA, role, status).
``visto_em`` is refreshed at most every ``VISTO_INTERVALO`` so a request costs no write.

This module never imports ``services.auth`` (auth imports it to record what it issues).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from aurora_app.core.db import session_scope
from aurora_app.core.security import TokenClaims
from aurora_app.models import Sessao, TokenRevogado, Usuario
from aurora_app.models.base import utcnow
from aurora_app.services import audit
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.consulta import check_id
from aurora_app.services.errors import NotFound

__all__ = ["SessaoRead", "encerrar", "encerrar_outras", "listar", "registrar", "revogar", "tocar"]

VISTO_INTERVALO = timedelta(minutes=5)
GUARDAR_ENCERRADAS = timedelta(days=30)  # ended/expired rows kept this long, then swept at login
NAO_ENCONTRADA = "Sessão não encontrada ou já encerrada."


class SessaoRead(BaseModel):
    id: int
    criado_em: datetime
    visto_em: datetime | None = None
    expira_em: datetime
    ip: str | None = None
    user_agent: str | None = None
    com_2fa: bool = False
    atual: bool = False  # the session making this request ("esta sessão")


def registrar(session: Session, claims: TokenClaims, ctx: RequestContext | None) -> None:
    """The row of a token just issued, in the issuing transaction."""
    ctx = ctx or RequestContext()
    session.add(
        Sessao(
            jti=claims.jti,
            usuario_id=claims.sub,
            criado_em=claims.iat,
            expira_em=claims.exp,
            visto_em=claims.iat,
            com_2fa="otp" in claims.amr,
            ip=(ctx.ip or None) and ctx.ip[:64],
            user_agent=(ctx.user_agent or None) and ctx.user_agent[:300],
        )
    )


def limpar(session: Session, user_id: int) -> None:
    """Housekeeping at login: this user's long-gone rows."""
    session.execute(
        delete(Sessao).where(Sessao.usuario_id == user_id, Sessao.expira_em < utcnow() - GUARDAR_ENCERRADAS)
    )


def tocar(jti: str, visto_em: datetime | None, agora: datetime | None = None) -> None:
    """Last seen, written only when the stored value is older than ``VISTO_INTERVALO``."""
    agora = agora or utcnow()
    if visto_em is None or agora - visto_em < VISTO_INTERVALO:
        return
    with session_scope() as session:
        session.execute(
            update(Sessao).where(Sessao.jti == jti, Sessao.visto_em < agora - VISTO_INTERVALO).values(visto_em=agora)
        )


def revogar(session: Session, *, jti: str, user_id: int, expira_em: datetime) -> None:
    """Revoke a token id (logout, an ended session): refused from the next request on."""
    agora = utcnow()
    session.execute(delete(TokenRevogado).where(TokenRevogado.expira_em < agora))  # only needed until expiry
    exists = session.execute(select(TokenRevogado.jti).where(TokenRevogado.jti == jti)).first()
    if not exists:
        session.add(TokenRevogado(jti=jti, usuario_id=user_id, expira_em=expira_em))
    session.execute(update(Sessao).where(Sessao.jti == jti, Sessao.encerrada_em.is_(None)).values(encerrada_em=agora))


def _ativas(user_id: int, desde: datetime, agora: datetime):  # noqa: ANN202
    return select(Sessao).where(
        Sessao.usuario_id == user_id,
        Sessao.encerrada_em.is_(None),
        Sessao.expira_em > agora,
        Sessao.criado_em >= desde,
    )


def listar(*, actor: Actor) -> list[SessaoRead]:
    """The caller's active sessions, newest first (a handful: tokens live 30 minutes)."""
    agora = utcnow()
    with session_scope() as session:
        desde = session.execute(select(Usuario.tokens_validos_desde).where(Usuario.id == actor.id)).scalar_one()
        rows = session.execute(_ativas(actor.id, desde, agora).order_by(Sessao.criado_em.desc(), Sessao.id.desc()))
        return [
            SessaoRead(**row.model_dump(exclude={"jti", "usuario_id", "encerrada_em"}), atual=row.jti == actor.jti)
            for row in rows.scalars()
        ]


def encerrar(*, actor: Actor, sessao_id: int, ctx: RequestContext | None = None) -> bool:
    """Ends one of the caller's sessions (someone else's, or one already over, is a 404).
    Returns whether it was the calling session itself."""
    check_id(sessao_id, "sessao_id")
    agora = utcnow()
    for attempt in (1, 2):
        try:
            with session_scope() as session:
                desde = session.execute(select(Usuario.tokens_validos_desde).where(Usuario.id == actor.id)).scalar_one()
                row = session.execute(
                    _ativas(actor.id, desde, agora).where(Sessao.id == sessao_id)
                ).scalar_one_or_none()
                if row is None:
                    raise NotFound(NAO_ENCONTRADA, code="nao_encontrado")
                propria = row.jti == actor.jti
                revogar(session, jti=row.jti, user_id=actor.id, expira_em=row.expira_em)
                audit.record(
                    session,
                    acao="sessao_encerrada",
                    usuario_id=actor.id,
                    email=actor.email,
                    entidade="sessao",
                    entidade_id=row.id,
                    detalhes={"propria": propria, "ip_da_sessao": row.ip},
                    ctx=ctx,
                )
                return propria
        except IntegrityError:  # a concurrent logout revoked it first
            if attempt == 2:
                raise NotFound(NAO_ENCONTRADA, code="nao_encontrado") from None
    raise AssertionError("unreachable")  # pragma: no cover


def encerrar_outras(*, actor: Actor, ctx: RequestContext | None = None) -> int:
    """Ends every active session of the caller but this one; returns how many."""
    agora = utcnow()
    with session_scope() as session:
        desde = session.execute(select(Usuario.tokens_validos_desde).where(Usuario.id == actor.id)).scalar_one()
        rows = session.execute(_ativas(actor.id, desde, agora).where(Sessao.jti != (actor.jti or ""))).scalars().all()
        for row in rows:
            revogar(session, jti=row.jti, user_id=actor.id, expira_em=row.expira_em)
        if rows:
            audit.record(
                session,
                acao="sessoes_encerradas",
                usuario_id=actor.id,
                email=actor.email,
                detalhes={"quantidade": len(rows)},
                ctx=ctx,
            )
        return len(rows)


def encerrar_todas(session: Session, user: Usuario, agora: datetime) -> int:
    """Ends every session of ``user`` at once (an admin's action): tokens issued before ``agora``
    are refused from the next request on (``tokens_validos_desde``), and the open rows are marked
    ended. Returns how many were active."""
    ativas = session.execute(
        update(Sessao)
        .where(
            Sessao.usuario_id == user.id,
            Sessao.encerrada_em.is_(None),
            Sessao.expira_em > agora,
            Sessao.criado_em >= user.tokens_validos_desde,
        )
        .values(encerrada_em=agora)
        .execution_options(synchronize_session=False)
    )
    user.tokens_validos_desde = agora
    return int(getattr(ativas, "rowcount", 0) or 0)
