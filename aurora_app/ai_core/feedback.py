"""Feedback loop: votes on suggestions, and the re-rank they drive.

A suggestion's id is stable (its kind and the record it came from, e.g.
``proximo_passo:interacao:42``), so a vote on it moves the same suggestion wherever it shows up
later. Final score = similarity + 0.15 · (up − down) / (up + down + 2) over everyone's votes
+ 0.10 · the caller's own vote (−1, 0 or 1): the team's votes move it for all, the caller's own
vote moves it most for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import case, func, select
from sqlmodel import Session

from aurora_app.models import AiFeedback
from aurora_app.models.base import utcnow

PESO_GERAL = 0.15
PESO_PESSOAL = 0.10
SUGESTAO_ID = re.compile(r"^[a-z_]{3,30}(:[a-z0-9_]{1,30}){1,3}$")


def id_valido(sugestao_id: object) -> bool:
    return isinstance(sugestao_id, str) and len(sugestao_id) <= 80 and bool(SUGESTAO_ID.match(sugestao_id))


def registrar(session: Session, *, usuario_id: int, sugestao_id: str, voto: int) -> AiFeedback:
    """The caller's vote on a suggestion; voting again replaces their earlier vote."""
    row = session.execute(
        select(AiFeedback).where(AiFeedback.usuario_id == usuario_id, AiFeedback.sugestao_id == sugestao_id)
    ).scalar_one_or_none()
    if row is None:
        row = AiFeedback(usuario_id=usuario_id, sugestao_id=sugestao_id, voto=voto, criado_em=utcnow())
    else:
        row.voto = voto
        row.criado_em = utcnow()
    session.add(row)
    session.flush()
    return row


def ajustes(session: Session, *, usuario_id: int, sugestao_ids: Iterable[str]) -> dict[str, float]:
    """Score adjustment per suggestion id (missing = 0), in one aggregate query."""
    ids = sorted(set(sugestao_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(
            AiFeedback.sugestao_id,
            func.sum(case((AiFeedback.voto > 0, 1), else_=0)),
            func.sum(case((AiFeedback.voto < 0, 1), else_=0)),
            func.sum(case((AiFeedback.usuario_id == usuario_id, AiFeedback.voto), else_=0)),
        )
        .where(AiFeedback.sugestao_id.in_(ids))
        .group_by(AiFeedback.sugestao_id)
    ).all()
    return {
        sid: PESO_GERAL * (int(up) - int(down)) / (int(up) + int(down) + 2) + PESO_PESSOAL * int(own)
        for sid, up, down, own in rows
    }
