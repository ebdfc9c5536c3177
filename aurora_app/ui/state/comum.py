"""Small helpers shared by the clientes and leads states."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

from aurora_app.services.actor import Actor
from aurora_app.ui.components.toasts import run


def _fonte_responsaveis() -> Callable[..., Any] | None:
    for nome in ("aurora_app.services.usuarios_lookup", "aurora_app.services.clientes", "aurora_app.services.usuarios"):
        try:
            mod = importlib.import_module(nome)
        except ImportError:
            continue
        fn = getattr(mod, "list_responsaveis", None)
        if callable(fn):
            return fn
    return None


async def carregar_responsaveis(actor: Actor) -> list[dict[str, str]]:
    """Options for the responsável selects: ``[{id, nome}]`` (empty when the service is missing)."""
    fn = _fonte_responsaveis()
    if fn is None:
        return []
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        params = {}
    users = await run(fn, actor=actor) if "actor" in params else await run(fn)
    out = []
    for u in users:
        uid = u["id"] if isinstance(u, dict) else u.id
        nome = u["nome"] if isinstance(u, dict) else u.nome
        out.append({"id": str(uid), "nome": str(nome)})
    return out
