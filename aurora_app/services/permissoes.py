"""Who may see what: role rules as named checks (SPEC §3)."""

from __future__ import annotations

from aurora_app.services.actor import Actor
from aurora_app.services.errors import Forbidden


def responsavel_do_dashboard(actor: Actor, responsavel_id: int | None) -> int | None:
    """Whose numbers the dashboard shows: ``None`` = the whole team.

    A vendedor sees only their own numbers (asking for nobody means themselves; naming someone
    else is a 403 ``sem_permissao``); gerente and admin see the team or any one salesperson."""
    if actor.sees_everything:
        return responsavel_id
    if responsavel_id not in (None, actor.id):
        raise Forbidden("Vendedores veem apenas os próprios números no painel.", code="sem_permissao")
    return actor.id
