"""Small helpers shared by the page states."""

from __future__ import annotations

from typing import Any

from aurora_app.services import lixeira as lixeira_svc
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.usuarios_lookup import list_responsaveis
from aurora_app.ui.components.toasts import run


def como_id(valor: Any) -> int:
    """An id sent by the browser (any type) → int; garbage → 0, which the services refuse."""
    texto = str(valor).strip()
    return int(texto) if texto.isdigit() and len(texto) < 12 else 0


async def carregar_responsaveis(actor: Actor) -> list[dict[str, str]]:
    """Options for the responsável selects: ``[{id, nome}]``. ``actor`` keeps the call site honest
    (only logged-in states ask); the list itself is every active user."""
    users = await run(list_responsaveis)
    return [{"id": str(u["id"]), "nome": str(u["nome"])} for u in users]


async def restaurar(actor: Actor, tipo: str, registro_id: Any, ctx: RequestContext) -> Any:
    """ "Desfazer" after a delete: the record back from the trash (the trash's own rules apply)."""
    return await run(lixeira_svc.restaurar, actor=actor, tipo=tipo, registro_id=como_id(registro_id), ctx=ctx)
