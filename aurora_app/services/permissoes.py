"""Who may do what: every role rule of SPEC §3, once, as named checks.

Services call these (the API and the UI both pass through the services); the UI shows or hides
controls from flags computed here (``pode_transferir``…), never by comparing role names.

- gerente and admin see and edit every cliente, lead and interaction (``Actor.sees_everything``);
- a vendedor sees and edits what they are responsável for, creates only in their own name and
  never transfers a record to someone else;
- an interaction's text is edited or deleted by its author, a gerente or an admin.
"""

from __future__ import annotations

from aurora_app.core.config import get_settings
from aurora_app.services.actor import Actor
from aurora_app.services.errors import Forbidden


def dono_ou_gestor(actor: Actor, dono_id: int | None) -> bool:
    """May read/edit a record owned (responsável, or author) by ``dono_id``."""
    return actor.sees_everything or (dono_id is not None and dono_id == actor.id)


def escopo(actor: Actor) -> int | None:
    """Whose records a list holds: ``None`` = everyone's; a vendedor's lists hold their own."""
    return None if actor.sees_everything else actor.id


def pode_transferir(actor: Actor) -> bool:
    """May hand a cliente or lead to another responsável (and pick anyone when creating)."""
    return actor.sees_everything


def pode_exportar(actor: Actor) -> bool:
    """May export a list to CSV: the roles in ``EXPORT_PAPEIS`` (gerente and admin by default)."""
    papeis = {p.strip() for p in get_settings().EXPORT_PAPEIS.split(",")}
    return actor.papel in papeis


def exigir_exportacao(actor: Actor) -> None:
    if not pode_exportar(actor):
        raise Forbidden("Seu perfil não pode exportar listas. Peça a um gerente.", code="sem_permissao")


def exigir_transferencia(actor: Actor, registros: str) -> None:
    """``registros``: "clientes" or "leads", for the message."""
    if not pode_transferir(actor):
        raise Forbidden(
            f"Só gerentes e administradores transferem {registros} para outro responsável.", code="sem_permissao"
        )


def responsavel_na_criacao(actor: Actor, pedido: int | None, *, acao: str) -> int:
    """The responsável a new record gets: the caller unless a gerente/admin names someone.

    ``acao``: "cadastram clientes", "criam leads"… (a vendedor naming someone else → 403)."""
    if pode_transferir(actor):
        return pedido or actor.id
    if pedido not in (None, actor.id):
        raise Forbidden(f"Vendedores {acao} apenas sob sua própria responsabilidade.", code="sem_permissao")
    return actor.id


def responsavel_das_tarefas(actor: Actor, responsavel_id: int | None) -> int:
    """Whose task list: one's own by default; a gerente/admin may look at anyone's."""
    if responsavel_id is None or responsavel_id == actor.id:
        return actor.id
    if not actor.sees_everything:
        raise Forbidden("Vendedores veem apenas as próprias tarefas.", code="sem_permissao")
    return responsavel_id


def responsavel_do_dashboard(actor: Actor, responsavel_id: int | None) -> int | None:
    """Whose numbers the dashboard shows: ``None`` = the whole team.

    A vendedor sees only their own numbers (asking for nobody means themselves; naming someone
    else is a 403 ``sem_permissao``); gerente and admin see the team or any one salesperson."""
    if actor.sees_everything:
        return responsavel_id
    if responsavel_id not in (None, actor.id):
        raise Forbidden("Vendedores veem apenas os próprios números no painel.", code="sem_permissao")
    return actor.id


def pode_lgpd_papel(papel: str, *, encarregado: bool) -> bool:
    """May handle titulares' requests at all (before the 2FA check): an admin or an encarregado."""
    return encarregado or papel == "admin"


def pode_lgpd(actor: Actor, *, encarregado: bool) -> bool:
    """The LGPD console (SPEC §9): a user marked ``encarregado``, or an admin past 2FA."""
    return encarregado or (actor.is_admin and actor.passed_2fa)


def exigir_lgpd(actor: Actor, *, encarregado: bool) -> None:
    """403 ``sem_permissao`` for other roles; 403 ``2fa_requerido`` for an admin without 2FA."""
    if pode_lgpd(actor, encarregado=encarregado):
        return
    if actor.is_admin:
        raise Forbidden(
            "O console LGPD exige verificação em duas etapas: ative-a em Segurança da conta e entre novamente com o código.",
            code="2fa_requerido",
        )
    raise Forbidden("Só administradores e o encarregado de dados acessam o console LGPD.", code="sem_permissao")
