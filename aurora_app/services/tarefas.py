"""Tarefas and editing the timeline (SPEC §4): "Minhas tarefas", ``PATCH``/``DELETE /interacoes/{id}``.

- A task belongs to its author: ``GET /tarefas`` lists the caller's tasks; gerente and admin may
  name another ``responsavel_id`` (a vendedor naming someone else gets 403).
- Only tasks whose cliente or lead is live and visible to the caller are listed (a lead handed
  to someone else takes its tasks out of a vendedor's list: they no longer see the lead).
- "Today" is the Brasília calendar day: ``atrasadas`` = open and due before today, ``hoje`` =
  open and due today, ``proximas`` = open and due later or without a date, ``concluidas`` =
  done, most recently done first.
- Editing the text or due date, and deleting, is for the author, a gerente or an admin; the
  done flag also for whoever may edit the cliente or sees the lead (as before). Someone who
  cannot see the parent gets 404; who sees it but may not change the entry, 403. Audited.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy import delete as sa_delete
from sqlmodel import Session

from aurora_app.ai_core import ingestion
from aurora_app.core import tempo
from aurora_app.core.db import session_scope
from aurora_app.models import Cliente, Interacao, Lead, TipoInteracao, Usuario
from aurora_app.models.base import UTCDateTime, utcnow
from aurora_app.models.interacao import InteracaoRead, InteracaoUpdate, TarefaRead
from aurora_app.services import audit, permissoes
from aurora_app.services import leads as leads_service
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.clientes import pode_editar
from aurora_app.services.consulta import check_id
from aurora_app.services.errors import Forbidden, Invalid, NotFound
from aurora_app.services.paging import Page, check_limit, decode_cursor, encode_cursor

__all__ = ["Situacao", "TarefaRead", "delete", "dia_de_brasilia", "list_tarefas", "pendentes", "pode_alterar", "update"]

SEM_PRAZO = datetime(9999, 12, 31, tzinfo=UTC)  # tasks without a date sort after every dated one
NAO_ENCONTRADA = "Interação não encontrada."
REGISTRO_DO_SISTEMA = (
    "Registros automáticos do histórico (estágio, conversão, responsável) não podem ser alterados nem excluídos."
)


class Situacao(StrEnum):
    atrasadas = "atrasadas"
    hoje = "hoje"
    proximas = "proximas"
    concluidas = "concluidas"


def dia_de_brasilia(agora: datetime | None = None) -> tuple[datetime, datetime]:
    """Start of today and of tomorrow in Brasília, as UTC instants."""
    agora = agora or utcnow()
    hoje = agora.astimezone(tempo.BRASILIA).date()
    inicio = datetime.combine(hoje, time(0), tzinfo=tempo.BRASILIA)
    fim = datetime.combine(hoje + timedelta(days=1), time(0), tzinfo=tempo.BRASILIA)
    return inicio.astimezone(UTC), fim.astimezone(UTC)


def _situacao(value: Any) -> Situacao | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value.strip().lower() not in Situacao.__members__:
        raise Invalid("Situação inválida: use atrasadas, hoje, proximas ou concluidas.", code="situacao_invalida")
    return Situacao(value.strip().lower())


def _dono(actor: Actor, responsavel_id: int | None) -> int:
    if responsavel_id is not None:
        check_id(responsavel_id, "responsavel_id")
    return permissoes.responsavel_das_tarefas(actor, responsavel_id)


def _das_tarefas(actor: Actor, dono: int) -> list[Any]:
    """Tasks of ``dono`` on a lead the caller sees or a live cliente (joins Lead and Cliente)."""
    lead_visivel = and_(*leads_service.condicoes_visiveis(actor))
    return [
        Interacao.tipo == TipoInteracao.tarefa.value,
        Interacao.autor_id == dono,
        or_(
            and_(Interacao.lead_id.is_not(None), lead_visivel),
            and_(Interacao.cliente_id.is_not(None), Cliente.removido_em.is_(None)),
        ),
    ]


def pendentes(*, actor: Actor, agora: datetime | None = None) -> dict[str, int]:
    """The caller's open tasks overdue and due today (Brasília day), in one SQL count: the
    navigation badge and the painel's reminder."""
    inicio, fim = dia_de_brasilia(agora)
    conds = [*_das_tarefas(actor, actor.id), Interacao.concluida.is_(False), Interacao.vence_em < fim]
    with session_scope() as s:
        atrasadas, hoje = s.execute(
            select(
                func.coalesce(func.sum(case((Interacao.vence_em < inicio, 1), else_=0)), 0),
                func.coalesce(func.sum(case((Interacao.vence_em >= inicio, 1), else_=0)), 0),
            )
            .select_from(Interacao)
            .outerjoin(Lead, Lead.id == Interacao.lead_id)
            .outerjoin(Cliente, Cliente.id == Interacao.cliente_id)
            .where(*conds)
        ).one()
    return {"atrasadas": int(atrasadas), "hoje": int(hoje)}


def list_tarefas(
    *,
    actor: Actor,
    situacao: str | None = None,
    responsavel_id: int | None = None,
    limite: int = 50,
    cursor: str | None = None,
    agora: datetime | None = None,
) -> Page[TarefaRead]:
    """The tasks of one person (the caller by default). Open ones by due date (soonest first),
    done ones by when they were done (latest first); keyset paged. Without ``situacao``: every
    open task."""
    sit = _situacao(situacao)
    limite = check_limit(limite)
    dono = _dono(actor, responsavel_id)
    inicio, fim = dia_de_brasilia(agora)
    conds = _das_tarefas(actor, dono)
    concluidas = sit == Situacao.concluidas
    if concluidas:
        chave = func.coalesce(Interacao.concluida_em, Interacao.criado_em, type_=UTCDateTime)
        conds.append(Interacao.concluida.is_(True))
    else:
        chave = func.coalesce(Interacao.vence_em, literal(SEM_PRAZO, UTCDateTime), type_=UTCDateTime)
        conds.append(Interacao.concluida.is_(False))
        if sit == Situacao.atrasadas:
            conds.append(Interacao.vence_em < inicio)
        elif sit == Situacao.hoje:
            conds += [Interacao.vence_em >= inicio, Interacao.vence_em < fim]
        elif sit == Situacao.proximas:
            conds.append(or_(Interacao.vence_em >= fim, Interacao.vence_em.is_(None)))
    seek: list[Any] = []
    if cursor:
        valor, ultimo = decode_cursor(cursor)
        if concluidas:
            seek.append(or_(chave < valor, and_(chave == valor, Interacao.id < ultimo)))
        else:
            seek.append(or_(chave > valor, and_(chave == valor, Interacao.id > ultimo)))
    ordem = (chave.desc(), Interacao.id.desc()) if concluidas else (chave.asc(), Interacao.id.asc())
    base = (
        select(
            Interacao,
            Usuario.nome,
            case(
                (Interacao.lead_id.is_not(None), Lead.nome),
                else_=func.coalesce(Cliente.nome_fantasia, Cliente.razao_social),
            ),
            chave,
        )
        .outerjoin(Lead, Lead.id == Interacao.lead_id)
        .outerjoin(Cliente, Cliente.id == Interacao.cliente_id)
        .outerjoin(Usuario, Usuario.id == Interacao.autor_id)
    )
    with session_scope() as s:
        total = s.execute(
            select(func.count())
            .select_from(Interacao)
            .outerjoin(Lead, Lead.id == Interacao.lead_id)
            .outerjoin(Cliente, Cliente.id == Interacao.cliente_id)
            .where(*conds)
        ).scalar_one()
        rows = s.execute(base.where(*conds, *seek).order_by(*ordem).limit(limite + 1)).all()
    mais = len(rows) > limite
    rows = rows[:limite]
    items = [
        TarefaRead.model_validate({**row.model_dump(), "autor_nome": nome, "alvo_nome": alvo})
        for row, nome, alvo, _ in rows
    ]
    proximo = encode_cursor(rows[-1][3], rows[-1][0].id) if mais and rows else None
    return Page(items=items, next_cursor=proximo, total=total)


# --- editing and deleting timeline entries -------------------------------------------------


def _carregar(s: Session, actor: Actor, interacao_id: int) -> tuple[Interacao, Cliente | None]:
    """The entry if the caller sees its parent (404 otherwise), with its cliente when it has one."""
    check_id(interacao_id, "interacao_id")
    row = s.get(Interacao, interacao_id, populate_existing=True)
    if row is None:
        raise NotFound(NAO_ENCONTRADA, code="nao_encontrado")
    if row.lead_id is not None:
        try:
            leads_service.get_visivel(s, actor, row.lead_id)
        except NotFound as exc:
            raise NotFound(NAO_ENCONTRADA, code="nao_encontrado") from exc
        return row, None
    cliente = s.execute(
        select(Cliente).where(Cliente.id == row.cliente_id, Cliente.removido_em.is_(None))
    ).scalar_one_or_none()
    if cliente is None:
        raise NotFound(NAO_ENCONTRADA, code="nao_encontrado")
    return row, cliente


def pode_alterar(actor: Actor, autor_id: int | None, sistema: bool = False) -> bool:
    """Who may edit the text of an entry or delete it: its author, a gerente, an admin; nobody
    for the entries the system writes (a lead's stage, conversion and owner history)."""
    return not sistema and permissoes.dono_ou_gestor(actor, autor_id)


def _nao_do_sistema(row: Interacao) -> None:
    if row.sistema:
        raise Forbidden(REGISTRO_DO_SISTEMA, code="registro_do_sistema")


def _autor_ou_gestor(actor: Actor, row: Interacao, acao: str) -> None:
    if not pode_alterar(actor, row.autor_id):
        raise Forbidden(f"Só o autor, um gerente ou um administrador pode {acao} esta interação.", code="sem_permissao")


def _pode_concluir(actor: Actor, row: Interacao, cliente: Cliente | None) -> None:
    """Author, gerente/admin, whoever may edit the cliente, or whoever sees the lead."""
    if row.autor_id == actor.id or cliente is None or pode_editar(actor, cliente):
        return
    raise Forbidden("Só o autor da tarefa ou o responsável pelo cliente pode concluí-la.", code="sem_permissao")


def update(
    *, actor: Actor, interacao_id: int, data: InteracaoUpdate, ctx: RequestContext | None = None
) -> InteracaoRead:
    changes = data.changes()
    with session_scope() as s:
        row, cliente = _carregar(s, actor, interacao_id)
        _nao_do_sistema(row)
        if {"descricao", "vence_em"} & changes.keys():
            _autor_ou_gestor(actor, row, "editar")
        else:
            _pode_concluir(actor, row, cliente)
        if row.tipo != TipoInteracao.tarefa and ({"vence_em", "concluida"} & changes.keys()):
            raise Invalid("Só tarefas têm vencimento e podem ser marcadas como concluídas.", code="nao_e_tarefa")
        if "concluida" in changes and changes["concluida"] != row.concluida:
            row.concluida_em = utcnow() if changes["concluida"] else None
        for campo, valor in changes.items():
            setattr(row, campo, valor)
        s.add(row)
        s.flush()
        ingestion.enqueue(s, "interacao", cast(int, row.id))
        audit.record(
            s,
            acao="interacao_alterada",
            usuario_id=actor.id,
            entidade="interacao",
            entidade_id=row.id,
            detalhes={"campos": sorted(changes), "tipo": row.tipo},
            ctx=ctx,
        )
        nome = s.execute(select(Usuario.nome).where(Usuario.id == row.autor_id)).scalar_one_or_none()
        return InteracaoRead.model_validate({**row.model_dump(), "autor_nome": nome})


def delete(*, actor: Actor, interacao_id: int, ctx: RequestContext | None = None) -> None:
    """Removes the entry for good (free text may be personal data); the audit keeps who, when,
    the type and the parent, never the text."""
    with session_scope() as s:
        row, _ = _carregar(s, actor, interacao_id)
        _nao_do_sistema(row)
        _autor_ou_gestor(actor, row, "excluir")
        detalhes = {"tipo": row.tipo, "cliente_id": row.cliente_id, "lead_id": row.lead_id, "autor_id": row.autor_id}
        s.execute(sa_delete(Interacao).where(Interacao.id == row.id))
        ingestion.enqueue(s, "interacao", cast(int, row.id))  # the AI store drops it
        audit.record(
            s,
            acao="interacao_removida",
            usuario_id=actor.id,
            entidade="interacao",
            entidade_id=row.id,
            detalhes=detalhes,
            ctx=ctx,
        )
