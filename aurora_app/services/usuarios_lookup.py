"""Options for "responsável" selects and filters (clientes, leads, dashboard)."""

from __future__ import annotations

from sqlalchemy import select

from aurora_app.core.db import session_scope
from aurora_app.models import Usuario


def list_responsaveis() -> list[dict[str, int | str]]:
    """Active users as ``[{id, nome}]``, by name. Names are not secret inside the team."""
    with session_scope() as s:
        rows = s.execute(
            select(Usuario.id, Usuario.nome).where(Usuario.ativo.is_(True)).order_by(Usuario.nome, Usuario.id)
        ).all()
    return [{"id": uid, "nome": nome} for uid, nome in rows]
