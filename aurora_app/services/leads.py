"""Leads (SPEC §3, §4): the pipeline. A vendedor sees and edits only their own leads (anyone
else's is a 404, so ids don't leak); gerente and admin see everything.

Stages: novo → qualificado → proposta → negociacao → ganho | perdido. Any move is allowed (a
kanban drag can go back); closing (ganho/perdido) stamps ``fechado_em``, reopening clears it
and the loss reason; ``perdido`` needs ``motivo_perda``. ``valor`` is an exact Decimal.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import func, select
from sqlalchemy import update as sa_update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from aurora_app.ai_core import ingestion
from aurora_app.core.cnpj import CNPJInvalido, formatar_cnpj, normalizar_cnpj
from aurora_app.core.db import session_scope
from aurora_app.core.geracoes import cacheado, invalidar
from aurora_app.core.tempo import data_hora_br, dia_br
from aurora_app.models import ESTAGIOS_FECHADOS, Cliente, Estagio, Interacao, Lead, TipoInteracao, Usuario
from aurora_app.models.base import utcnow
from aurora_app.models.cliente import MAX_DB_INT, busca_cliente
from aurora_app.models.entrada import em_faixa
from aurora_app.models.lead import (
    ColunaBoard,
    ConversaoRead,
    LeadCreate,
    LeadRead,
    LeadUpdate,
    OrigemIn,
    Valor,
    busca_lead,
)
from aurora_app.services import audit, csv_io, permissoes
from aurora_app.services import clientes as clientes_service
from aurora_app.services import contatos as contatos_service
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.consulta import check_id, cond_busca, contar, inserir_auditado, remover_logico
from aurora_app.services.errors import Conflict, Invalid, NotFound
from aurora_app.services.paging import (
    Page,
    after_cursor,
    build_page,
    check_limit,
    decode_chave,
    encode_chave,
    encode_cursor,
    page_ordenada,
    seek_ordem,
)

__all__ = [
    "ColunaBoard",
    "ConversaoRead",
    "LeadCreate",
    "LeadRead",
    "LeadUpdate",
    "board",
    "converter",
    "create",
    "delete",
    "export_csv",
    "get",
    "list_leads",
    "move",
    "update",
]

NAO_ENCONTRADO = "Lead não encontrado."
CONFLITO_VERSAO = "Este lead foi alterado por outra pessoa. Recarregue os dados e tente novamente."
LEAD_PERDIDO = "Este lead está perdido: reabra-o (mova para outro estágio) antes de convertê-lo em cliente."
ESTAGIOS = tuple(e.value for e in Estagio)
ROTULO_ESTAGIO = {
    "novo": "Novo",
    "qualificado": "Qualificado",
    "proposta": "Proposta",
    "negociacao": "Negociação",
    "ganho": "Ganho",
    "perdido": "Perdido",
}


# --- helpers -------------------------------------------------------------------------------


def _cnpj(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return normalizar_cnpj(value)
    except CNPJInvalido as exc:
        raise Invalid(str(exc), code="cnpj_invalido", campo="cnpj") from exc


def _estagio(value: Any) -> str:
    if not isinstance(value, str) or value.strip().lower() not in ESTAGIOS:
        raise Invalid(
            "Estágio inválido: use novo, qualificado, proposta, negociacao, ganho ou perdido.",
            code="estagio_invalido",
            campo="estagio",
        )
    return value.strip().lower()


def visivel(actor: Actor, lead: Lead | LeadRead) -> bool:
    return permissoes.dono_ou_gestor(actor, lead.responsavel_id)


def get_visivel(session: Session, actor: Actor, lead_id: int) -> Lead:
    """The live lead if the caller may see it; otherwise 404 (never 403: ids must not leak)."""
    check_id(lead_id, "lead_id")
    row = session.execute(
        select(Lead).where(Lead.id == lead_id, Lead.removido_em.is_(None)).execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if row is None or not visivel(actor, row):
        raise NotFound(NAO_ENCONTRADO, code="nao_encontrado")
    return row


_LOOKUP = object()


def _read(session: Session, row: Lead, nome: Any = _LOOKUP) -> LeadRead:
    data = row.model_dump()
    if nome is _LOOKUP:
        nome = (
            session.execute(select(Usuario.nome).where(Usuario.id == row.responsavel_id)).scalar_one_or_none()
            if row.responsavel_id
            else None
        )
    data["responsavel_nome"] = nome
    return LeadRead.model_validate(data)


def _fechamento(estagio: str, motivo_perda: str | None, atual: Lead | None, now: datetime) -> dict[str, Any]:
    """Stage-dependent fields: fechado_em stamped on close, cleared on reopen; motivo for perdido."""
    estagio = _estagio(estagio)
    if estagio == Estagio.perdido:
        if not motivo_perda:
            raise Invalid(
                "Informe o motivo da perda para marcar o lead como perdido.",
                code="motivo_perda_obrigatorio",
                campo="motivo_perda",
            )
        keep = atual is not None and atual.estagio == estagio and atual.fechado_em is not None
        return {
            "estagio": estagio,
            "motivo_perda": motivo_perda,
            "fechado_em": cast(Lead, atual).fechado_em if keep else now,
        }
    if estagio in ESTAGIOS_FECHADOS:  # ganho
        keep = atual is not None and atual.estagio == estagio and atual.fechado_em is not None
        return {"estagio": estagio, "motivo_perda": None, "fechado_em": cast(Lead, atual).fechado_em if keep else now}
    return {"estagio": estagio, "motivo_perda": None, "fechado_em": None}


def _responsavel_para_criacao(actor: Actor, pedido: int | None) -> int:
    return permissoes.responsavel_na_criacao(actor, pedido, acao="criam leads")


def _check_responsavel(session: Session, user_id: int) -> None:
    ativo = session.execute(select(Usuario.ativo).where(Usuario.id == user_id)).scalar_one_or_none()
    if not ativo:
        raise Invalid("Responsável não encontrado ou inativo.", code="responsavel_invalido", campo="responsavel_id")


def _conds(
    actor: Actor, *, estagio: str | None, busca: str | None, responsavel_id: int | None, cliente_id: int | None = None
) -> list[Any]:
    conds: list[Any] = [Lead.removido_em.is_(None)]
    if cliente_id is not None:
        conds.append(Lead.cliente_id == check_id(cliente_id, "cliente_id"))
    if (dono := permissoes.escopo(actor)) is not None:
        # A vendedor's lists hold only their own leads, whatever filter they send.
        conds.append(Lead.responsavel_id == dono)
    if responsavel_id is not None:
        conds.append(Lead.responsavel_id == check_id(responsavel_id, "responsavel_id"))
    if estagio:
        conds.append(Lead.estagio == _estagio(estagio))
    cond = cond_busca(Lead.busca, busca, Lead.cnpj)
    if cond is not None:
        conds.append(cond)
    return conds


_VALOR = TypeAdapter(Valor)
_ORIGEM = TypeAdapter(OrigemIn)
_MILHAR = re.compile(r"\d{1,3}(\.\d{3})+")


def _valor_filtro(valor: Any, campo: str) -> Decimal | None:
    if valor is None or (isinstance(valor, str) and not valor.strip()):
        return None
    if isinstance(valor, str):  # typed in the pt-BR UI: "R$ 1.000" is a thousand, not one
        valor = valor.replace("R$", "").strip()
        if _MILHAR.fullmatch(valor):
            valor = valor.replace(".", "")
    try:
        return _VALOR.validate_python(valor)
    except ValidationError:
        raise Invalid(
            "Valor inválido no filtro: use um número como 1.234,56.", code="filtro_invalido", campo=campo
        ) from None


def _data_filtro(valor: Any, campo: str) -> date | None:
    if valor is None or (isinstance(valor, str) and not valor.strip()):
        return None
    try:
        dia = valor if isinstance(valor, date) else date.fromisoformat(str(valor).strip())
    except ValueError:
        raise Invalid("Data inválida no filtro: use AAAA-MM-DD.", code="filtro_invalido", campo=campo) from None
    if not em_faixa(dia):
        raise Invalid("Data fora do intervalo aceito (1900 a 2199).", code="filtro_invalido", campo=campo)
    return dia


def conds_faixas(
    *,
    origem: str | None = None,
    valor_min: Any = None,
    valor_max: Any = None,
    previsao_de: Any = None,
    previsao_ate: Any = None,
) -> tuple[list[Any], tuple]:
    """The list's narrower filters (origin, value range, expected close date range), checked: a bad
    value or an inverted range is a 422 naming the field. Returns the clauses and their cache key."""
    conds: list[Any] = []
    if origem:
        try:
            origem = _ORIGEM.validate_python(origem)
        except ValidationError:
            raise Invalid(
                "Origem inválida: use site, indicacao, evento, outbound ou outro.",
                code="filtro_invalido",
                campo="origem",
            ) from None
        conds.append(Lead.origem == origem)
    vmin, vmax = _valor_filtro(valor_min, "valor_min"), _valor_filtro(valor_max, "valor_max")
    if vmin is not None and vmax is not None and vmin > vmax:
        raise Invalid("O valor mínimo é maior que o máximo.", code="faixa_invalida", campo="valor_min")
    de, ate = _data_filtro(previsao_de, "previsao_de"), _data_filtro(previsao_ate, "previsao_ate")
    if de is not None and ate is not None and de > ate:
        raise Invalid("A data inicial da previsão é depois da final.", code="faixa_invalida", campo="previsao_de")
    if vmin is not None:
        conds.append(Lead.valor >= vmin)
    if vmax is not None:
        conds.append(Lead.valor <= vmax)
    if de is not None:
        conds.append(Lead.previsao_fechamento >= de)
    if ate is not None:
        conds.append(Lead.previsao_fechamento <= ate)
    return conds, (
        origem or None,
        str(vmin) if vmin is not None else None,
        str(vmax) if vmax is not None else None,
        de,
        ate,
    )


def condicoes_visiveis(actor: Actor, *, busca: str | None = None, cliente_id: int | None = None) -> list[Any]:
    """WHERE clauses for the live leads the caller may see (for other services' queries)."""
    return _conds(actor, estagio=None, busca=busca, responsavel_id=None, cliente_id=cliente_id)


def _vincular(s: Session, changes: dict[str, Any], atual: Lead | None) -> None:
    """Checks ``cliente_id``/``contato_id`` when they change (a contact brings its cliente); a lead
    tied to a cliente without its own company data takes the cliente's (conversion reuses it)."""
    if "cliente_id" not in changes and "contato_id" not in changes:
        return
    cliente_id = changes.get("cliente_id", atual.cliente_id if atual else None)
    contato_id = changes.get("contato_id", atual.contato_id if atual else None)
    if "cliente_id" in changes and atual is not None and cliente_id != atual.cliente_id and "contato_id" not in changes:
        contato_id = None  # a new cliente drops the old cliente's contact
    if atual is None or (cliente_id, contato_id) != (atual.cliente_id, atual.contato_id):
        cliente_id, contato_id = contatos_service.vinculo(s, cliente_id=cliente_id, contato_id=contato_id)
    changes["cliente_id"], changes["contato_id"] = cliente_id, contato_id
    if cliente_id is not None:
        cliente = cast(Cliente, s.get(Cliente, cliente_id))  # vinculo() checked it exists
        for campo, valor in (("cnpj", cliente.cnpj), ("empresa", cliente.nome_fantasia or cliente.razao_social)):
            if not changes.get(campo, getattr(atual, campo) if atual else None):
                changes[campo] = valor


def _select_reads(session: Session, stmt) -> list[LeadRead]:  # noqa: ANN001
    return [_read(session, row, nome) for row, nome in session.execute(stmt).all()]


def _base_select():
    return select(Lead, Usuario.nome).outerjoin(Usuario, Usuario.id == Lead.responsavel_id)


# --- automatic timeline entries ----------------------------------------------------------


def registrar_no_historico(s: Session, actor: Actor, lead_id: int, texto: str) -> None:
    """A system entry in the lead's timeline (``Interacao.sistema``), in the caller's transaction:
    the change and its record commit or fail together. Not editable, not a task, not an activity."""
    s.add(
        Interacao(
            tipo=TipoInteracao.nota.value,
            descricao=texto[:5000],
            lead_id=lead_id,
            autor_id=actor.id,
            sistema=True,
            concluida=False,
            criado_em=utcnow(),
        )
    )


def texto_estagio(de: str, para: str, motivo_perda: str | None = None) -> str:
    texto = f"Estágio: {ROTULO_ESTAGIO.get(de, de)} → {ROTULO_ESTAGIO.get(para, para)}"
    return f"{texto} (motivo: {motivo_perda})" if para == Estagio.perdido and motivo_perda else texto


def _nome_usuario(s: Session, user_id: int | None) -> str:
    if user_id is None:
        return "ninguém"
    return s.execute(select(Usuario.nome).where(Usuario.id == user_id)).scalar_one_or_none() or f"usuário #{user_id}"


def _historico_mudancas(s: Session, actor: Actor, row: Lead, antes: dict[str, Any], changes: dict[str, Any]) -> None:
    """Entries for what salespeople track in a lead's history: stage and owner."""
    if "estagio" in changes and changes["estagio"] != antes.get("estagio"):
        registrar_no_historico(
            s,
            actor,
            cast(int, row.id),
            texto_estagio(antes["estagio"], changes["estagio"], changes.get("motivo_perda")),
        )
    if "responsavel_id" in changes and changes["responsavel_id"] != antes.get("responsavel_id"):
        de, para = _nome_usuario(s, antes.get("responsavel_id")), _nome_usuario(s, changes["responsavel_id"])
        registrar_no_historico(s, actor, cast(int, row.id), f"Responsável: {de} → {para}")


# --- use cases -----------------------------------------------------------------------------


def create(*, actor: Actor, data: LeadCreate, ctx: RequestContext | None = None) -> LeadRead:
    cnpj = _cnpj(data.cnpj)
    responsavel = _responsavel_para_criacao(actor, data.responsavel_id)
    now = utcnow()
    fechamento = _fechamento(data.estagio, data.motivo_perda, None, now)
    values = data.model_dump(exclude={"cnpj", "responsavel_id", "estagio", "motivo_perda"})
    with session_scope() as s:
        _check_responsavel(s, responsavel)
        values["cnpj"] = cnpj
        _vincular(s, values, None)
        row = Lead(
            **values,
            **fechamento,
            responsavel_id=responsavel,
            busca=busca_lead(data.nome, values["empresa"], data.contato, values["cnpj"]),
            criado_em=now,
            atualizado_em=now,
            versao=1,
        )
        inserir_auditado(s, row, usuario_id=actor.id, detalhes={"nome": row.nome}, ctx=ctx)
        read = _read(s, row)
    invalidar("lead")
    return read


def get(*, actor: Actor, lead_id: int) -> LeadRead:
    with session_scope() as s:
        return _read(s, get_visivel(s, actor, lead_id))


def _write(s: Session, row: Lead, changes: dict[str, Any], versao: int | None) -> None:
    conds = [Lead.id == row.id, Lead.removido_em.is_(None)]
    if versao is not None:
        if row.versao != versao:
            raise Conflict(CONFLITO_VERSAO, code="conflito_versao", extra={"versao_atual": row.versao})
        conds.append(Lead.versao == versao)
    merged = {k: changes.get(k, getattr(row, k)) for k in ("nome", "empresa", "contato", "cnpj")}
    result = s.execute(
        sa_update(Lead)
        .where(*conds)
        .values(**changes, busca=busca_lead(**merged), versao=Lead.versao + 1, atualizado_em=utcnow())
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult, result).rowcount != 1:
        raise Conflict(CONFLITO_VERSAO, code="conflito_versao")
    ingestion.enqueue(s, "lead", cast(int, row.id))  # every lead write (update, move, conversion) goes through here


def update(*, actor: Actor, lead_id: int, data: LeadUpdate, ctx: RequestContext | None = None) -> LeadRead:
    """Partial update with optimistic locking (``data.versao``). A stage change here follows
    the same rules as :func:`move`."""
    changes = data.changes()
    if "cnpj" in changes:
        changes["cnpj"] = _cnpj(changes["cnpj"])
    now = utcnow()
    with session_scope() as s:
        row = get_visivel(s, actor, lead_id)
        if "responsavel_id" in changes and changes["responsavel_id"] != row.responsavel_id:
            permissoes.exigir_transferencia(actor, "leads")
            if changes["responsavel_id"] is None:
                raise Invalid("Todo lead precisa de um responsável.", code="responsavel_invalido")
            _check_responsavel(s, changes["responsavel_id"])
        if "estagio" in changes or "motivo_perda" in changes:
            estagio = changes.get("estagio", row.estagio)
            motivo = changes.get("motivo_perda", row.motivo_perda)
            changes.update(_fechamento(estagio, motivo, row, now))
        _vincular(s, changes, row)
        antes = {k: getattr(row, k) for k in changes}
        _write(s, row, changes, data.versao)
        _historico_mudancas(s, actor, row, antes, changes)
        diff = audit.mudancas(antes, changes)
        if diff:
            audit.record(
                s,
                acao="lead_alterado",
                usuario_id=actor.id,
                entidade="lead",
                entidade_id=lead_id,
                detalhes={"nome": row.nome, "mudancas": audit.nomear_responsavel(s, diff)},
                ctx=ctx,
            )
        read = _read(s, get_visivel(s, actor, lead_id))
    invalidar("lead")
    return read


_NA_COLUNA = (Lead.removido_em.is_(None),)
TOPO = 0  # ``apos_id`` for "the top of the column"
QUADRO_MUDOU = "O quadro mudou enquanto você arrastava: ele foi recarregado, tente de novo."


def _renumerar(s: Session, estagio: str) -> None:
    """Spread a column's places out again (1, 2, 3…, same order) when two neighbours left no room
    between them (ties, or ~50 drops into one gap exhausted the float). Rare; one UPDATE."""
    ordem = (
        select(Lead.id, func.row_number().over(order_by=(Lead.posicao, Lead.id)).label("n"))
        .where(Lead.estagio == estagio, *_NA_COLUNA)
        .subquery()
    )
    s.execute(
        sa_update(Lead)
        .where(Lead.id == ordem.c.id)
        .values(posicao=ordem.c.n)
        .execution_options(synchronize_session=False)
    )


def _posicao_apos(
    s: Session, actor: Actor, lead_id: int, estagio: str, apos_id: int, *, renumerado: bool = False
) -> float:
    """The place of a card dropped right below ``apos_id`` in ``estagio``'s column (``TOPO``: above
    every card). The neighbour below is the next card of the whole column, seen or not, so the
    card lands at the same spot in every view of it (a vendedor's board is a subset of the
    gerente's, in the same order). A neighbour that is gone, elsewhere or hidden is a 409: the
    board the user dragged on is stale."""
    outros = (Lead.estagio == estagio, Lead.id != lead_id, *_NA_COLUNA)
    if apos_id == TOPO:
        topo = s.execute(select(func.max(Lead.posicao)).where(*outros)).scalar_one_or_none()
        return max(float(topo) + 1.0 if topo is not None else 0.0, utcnow().timestamp())
    acima = s.execute(
        select(Lead).where(Lead.id == apos_id, *outros).execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if acima is None or not visivel(actor, acima):
        raise Conflict(QUADRO_MUDOU, code="conflito_posicao", campo="apos_id")
    abaixo = s.execute(
        select(func.max(Lead.posicao)).where(
            *outros,
            Lead.id != apos_id,
            (Lead.posicao < acima.posicao) | ((Lead.posicao == acima.posicao) & (Lead.id < apos_id)),
        )
    ).scalar_one_or_none()
    if abaixo is None:
        return float(acima.posicao) - 1.0
    meio = (float(acima.posicao) + float(abaixo)) / 2
    if float(abaixo) < meio < float(acima.posicao):
        return meio
    if renumerado:  # cannot happen after spreading out; refuse rather than loop
        raise Conflict(QUADRO_MUDOU, code="conflito_posicao", campo="apos_id")
    _renumerar(s, estagio)  # the neighbour is read again below (populate_existing): no stale place
    return _posicao_apos(s, actor, lead_id, estagio, apos_id, renumerado=True)


def move(
    *,
    actor: Actor,
    lead_id: int,
    estagio: str,
    motivo_perda: str | None = None,
    versao: int | None = None,
    apos_id: int | None = None,
    ctx: RequestContext | None = None,
) -> LeadRead:
    """The kanban move. ``versao`` is optional here (a drag is a deliberate last word), but
    checked when given; the version is bumped either way.

    ``apos_id`` places the card in the column: right below that card, or at the top with
    ``TOPO`` (0); absent, the card keeps its place in the order (a move from a menu). A drop
    within the card's own column is a reorder: audited, no timeline entry."""
    estagio = _estagio(estagio)
    if motivo_perda is not None:
        motivo_perda = motivo_perda.strip()[:500] or None
    if apos_id is not None and apos_id != TOPO:
        check_id(apos_id, "apos_id")
    with session_scope() as s:
        row = get_visivel(s, actor, lead_id)
        reordenar = estagio == row.estagio and apos_id is not None and motivo_perda is None
        changes: dict[str, Any] = {} if reordenar else _fechamento(estagio, motivo_perda, row, utcnow())
        if apos_id is not None:
            if apos_id == lead_id:
                raise Invalid(
                    "Um card não pode ser posto abaixo de si mesmo.", code="posicao_invalida", campo="apos_id"
                )
            changes["posicao"] = _posicao_apos(s, actor, lead_id, estagio, apos_id)
        _write(s, row, changes, versao)
        _historico_mudancas(s, actor, row, {"estagio": row.estagio}, changes)
        audit.record(
            s,
            acao="lead_reordenado" if reordenar else "lead_movido",
            usuario_id=actor.id,
            entidade="lead",
            entidade_id=lead_id,
            detalhes={
                "nome": row.nome,
                "de": row.estagio,
                "para": estagio,
                "mudancas": audit.mudancas({k: getattr(row, k) for k in changes}, changes),
            },
            ctx=ctx,
        )
        read = _read(s, get_visivel(s, actor, lead_id))
    invalidar("lead")
    return read


def delete(*, actor: Actor, lead_id: int, ctx: RequestContext | None = None) -> None:
    with session_scope() as s:
        row = get_visivel(s, actor, lead_id)
        remover_logico(s, Lead, lead_id, NAO_ENCONTRADO, usuario_id=actor.id, detalhes={"nome": row.nome}, ctx=ctx)
    invalidar("lead")


_SEM_PREVISAO = date(9999, 12, 31)  # sorts a lead without an expected close after every date
ORDENS = ("-criado_em", "criado_em", "-valor", "valor", "previsao_fechamento", "-previsao_fechamento")


def _coluna_ordem(ordem: str) -> tuple[Any, bool]:
    campo, desc = ordem.lstrip("-"), ordem.startswith("-")
    if campo == "valor":
        return Lead.valor, desc
    if campo == "previsao_fechamento":
        return func.coalesce(Lead.previsao_fechamento, _SEM_PREVISAO), desc
    return Lead.criado_em, desc


def _valor_da_ordem(ordem: str, lead: LeadRead) -> Any:
    campo = ordem.lstrip("-")
    if campo == "valor":
        return str(lead.valor)
    if campo == "previsao_fechamento":
        return (lead.previsao_fechamento or _SEM_PREVISAO).isoformat()
    return lead.criado_em.isoformat()


def _ler_chave(ordem: str) -> Any:
    """The cursor value of ``ordem`` back in its column's type."""
    campo = ordem.lstrip("-")
    if campo == "valor":

        def _decimal(valor: Any) -> Decimal:
            chave = Decimal(valor)
            if not chave.is_finite():
                raise ValueError
            return chave

        return _decimal
    return date.fromisoformat if campo == "previsao_fechamento" else datetime.fromisoformat


def list_leads(
    *,
    actor: Actor,
    estagio: str | None = None,
    busca: str | None = None,
    responsavel_id: int | None = None,
    limite: int = 50,
    cursor: str | None = None,
    cliente_id: int | None = None,
    ordem: str | None = None,
    **faixas: Any,
) -> Page[LeadRead]:
    """Newest first (or ``ordem``: one of ``ORDENS``, ``-`` for descending), keyset paged in that
    order; a vendedor's list holds only their own leads. With ``cliente_id``: that live cliente's
    leads (404 for an unknown or removed cliente). ``faixas``: ``origem``, ``valor_min``/
    ``valor_max``, ``previsao_de``/``previsao_ate`` (see :func:`conds_faixas`)."""
    ordem = ordem or "-criado_em"
    if ordem not in ORDENS:
        raise Invalid(
            "Ordem inválida: use criado_em, valor ou previsao_fechamento (com - para decrescente).",
            code="ordem_invalida",
            campo="ordem",
        )
    if ordem != "-criado_em":
        return _list_ordenada(actor, estagio, busca, responsavel_id, limite, cursor, cliente_id, ordem, faixas)
    limite = check_limit(limite)
    conds = _conds(actor, estagio=estagio, busca=busca, responsavel_id=responsavel_id, cliente_id=cliente_id)
    extra, chave_faixas = conds_faixas(**faixas)
    conds += extra
    seek = after_cursor(Lead.criado_em, Lead.id, cursor)
    with session_scope() as s:
        if cliente_id is not None:
            contatos_service.vinculo(s, cliente_id=cliente_id, contato_id=None)
        escopo = permissoes.escopo(actor)
        total = contar(
            s,
            "lead",
            (escopo, estagio, busca, responsavel_id, cliente_id, *chave_faixas),
            select(func.count()).select_from(Lead).where(*conds),
        )
        reads = _select_reads(
            s,
            _base_select()
            .where(*conds, *([seek] if seek is not None else []))
            .order_by(Lead.criado_em.desc(), Lead.id.desc())
            .limit(limite + 1),
        )
    return build_page(reads, limite, total, lambda r: r)


def _list_ordenada(
    actor: Actor,
    estagio: str | None,
    busca: str | None,
    responsavel_id: int | None,
    limite: int,
    cursor: str | None,
    cliente_id: int | None,
    ordem: str,
    faixas: dict[str, Any],
) -> Page[LeadRead]:
    """``list_leads`` in another order than the default (whose cursors stay the original ones)."""
    limite = check_limit(limite)
    conds = _conds(actor, estagio=estagio, busca=busca, responsavel_id=responsavel_id, cliente_id=cliente_id)
    extra, chave_faixas = conds_faixas(**faixas)
    conds += extra
    coluna, desc = _coluna_ordem(ordem)
    seek = [seek_ordem(ordem, cursor, coluna, Lead.id, _ler_chave(ordem))] if cursor else []
    with session_scope() as s:
        if cliente_id is not None:
            contatos_service.vinculo(s, cliente_id=cliente_id, contato_id=None)
        total = contar(
            s,
            "lead",
            (permissoes.escopo(actor), estagio, busca, responsavel_id, cliente_id, *chave_faixas),
            select(func.count()).select_from(Lead).where(*conds),
        )
        ordenacao = (coluna.desc(), Lead.id.desc()) if desc else (coluna.asc(), Lead.id.asc())
        reads = _select_reads(s, _base_select().where(*conds, *seek).order_by(*ordenacao).limit(limite + 1))
    return page_ordenada(reads, limite, total, ordem, lambda r: _valor_da_ordem(ordem, r))


EXPORT_COLUNAS = (
    "nome", "empresa", "cnpj", "contato", "email", "telefone", "estagio", "valor", "origem",
    "previsao_fechamento", "motivo_perda", "responsavel_nome", "responsavel_email", "criado_em",
)  # fmt: skip


def export_csv(
    *,
    actor: Actor,
    estagio: str | None = None,
    busca: str | None = None,
    responsavel_id: int | None = None,
    ids: list[int] | None = None,
    ctx: RequestContext | None = None,
    **faixas: Any,
) -> Iterator[str]:
    """The leads of the list's filter (or the selected ``ids``) as CSV for Excel, as the clientes
    export: who may export is ``permissoes.pode_exportar``; a vendedor allowed to export still gets
    only their own leads; checked and audited before the first chunk; values with a decimal comma
    (pt-BR Excel reads them as numbers), dates as dd/mm/aaaa."""
    permissoes.exigir_exportacao(actor)
    conds = _conds(actor, estagio=estagio, busca=busca, responsavel_id=responsavel_id)
    extra, _ = conds_faixas(**faixas)
    conds += extra
    if (selecionados := csv_io.selecao(ids)) is not None:
        conds.append(Lead.id.in_(selecionados))
    filtros = {"estagio": estagio, "busca": busca, "responsavel_id": responsavel_id, **faixas}
    with session_scope() as s:
        audit.record(
            s,
            acao="leads_exportados",
            usuario_id=actor.id,
            entidade="lead",
            detalhes={
                "filtros": {k: str(v) for k, v in filtros.items() if v},
                **({"selecionados": len(selecionados)} if selecionados is not None else {}),
            },
            ctx=ctx,
        )

    def _pagina(cursor: str | None, n: int) -> tuple[list[tuple[Any, ...]], str | None]:
        seek = after_cursor(Lead.criado_em, Lead.id, cursor)
        with session_scope() as s:
            rows = s.execute(
                select(Lead, Usuario.nome, Usuario.email)
                .outerjoin(Usuario, Usuario.id == Lead.responsavel_id)
                .where(*conds, *([seek] if seek is not None else []))
                .order_by(Lead.criado_em.desc(), Lead.id.desc())
                .limit(n)
            ).all()
        celulas = [
            (
                lead.nome,
                lead.empresa,
                formatar_cnpj(lead.cnpj) if lead.cnpj else None,
                lead.contato,
                lead.email,
                lead.telefone,
                lead.estagio,
                f"{lead.valor:.2f}".replace(".", ","),
                lead.origem,
                dia_br(lead.previsao_fechamento) if lead.previsao_fechamento else None,
                lead.motivo_perda,
                nome,
                email,
                data_hora_br(lead.criado_em),
            )
            for lead, nome, email in rows
        ]
        ultimo = rows[-1][0] if len(rows) == n else None
        return celulas, encode_cursor(ultimo.criado_em, ultimo.id) if ultimo else None

    return csv_io.exportar(EXPORT_COLUNAS, _pagina)


def _apos_card(estagio: str, cursor: str) -> Any:
    """The seek of a column's ``next_cursor``: the cards after (posicao, id) in board order."""
    de, posicao, lead_id = decode_chave(cursor, 3)
    if (
        de != estagio
        or isinstance(posicao, bool)
        or not isinstance(posicao, int | float)
        or not math.isfinite(posicao)
        or isinstance(lead_id, bool)
        or not isinstance(lead_id, int)
        or not 0 <= lead_id <= MAX_DB_INT
    ):
        raise Invalid("Cursor de paginação inválido.", code="cursor_invalido")
    return (Lead.posicao < posicao) | ((Lead.posicao == posicao) & (Lead.id < lead_id))


def board(
    *,
    actor: Actor,
    responsavel_id: int | None = None,
    por_estagio: int = 20,
    busca: str | None = None,
    estagio: str | None = None,
    cursor: str | None = None,
) -> dict[str, ColunaBoard]:
    """The kanban: per stage, count and total value of every visible lead (one GROUP BY) and the
    first ``por_estagio`` cards in board order (``posicao``; one small indexed query per stage).
    ``estagio`` asks for that column alone; with it, ``cursor`` (a column's ``next_cursor``)
    continues the column. ``busca`` narrows the board as it narrows the list (same matching),
    counts and totals included."""
    por_estagio = check_limit(por_estagio)
    estagios = (_estagio(estagio),) if estagio else ESTAGIOS
    if cursor and not estagio:
        raise Invalid("Para continuar uma coluna, informe o estágio.", code="cursor_invalido", campo="estagio")
    seek = [_apos_card(estagios[0], cursor)] if cursor else []
    conds = _conds(actor, estagio=None, busca=busca, responsavel_id=responsavel_id)
    cols: dict[str, ColunaBoard] = {}
    with session_scope() as s:
        escopo = permissoes.escopo(actor)
        stats = cacheado(
            "lead",
            ("board", escopo, responsavel_id, (busca or "").strip()),
            lambda: {
                estagio: [count, str(total)]
                for estagio, count, total in s.execute(
                    select(Lead.estagio, func.count(), func.coalesce(func.sum(Lead.valor), 0))
                    .where(*conds)
                    .group_by(Lead.estagio)
                ).all()
            },
        )
        for estagio in estagios:
            count, total = stats.get(estagio, (0, "0"))
            items: list[LeadRead] = []
            if count:
                items = _select_reads(
                    s,
                    _base_select()
                    .where(*conds, Lead.estagio == estagio, *seek)
                    .order_by(Lead.posicao.desc(), Lead.id.desc())
                    .limit(por_estagio + 1),
                )
            more = len(items) > por_estagio
            items = items[:por_estagio]
            cols[estagio] = ColunaBoard(
                estagio=estagio,
                count=count,
                total_valor=Decimal(total).quantize(Decimal("0.01")),
                items=items,
                next_cursor=encode_chave(estagio, items[-1].posicao, items[-1].id) if more else None,
            )
    return cols


def converter(*, actor: Actor, lead_id: int, ctx: RequestContext | None = None) -> ConversaoRead:
    """Lead → cliente: reuse the live cliente with the lead's CNPJ (or the one already linked),
    else create it (responsável = the lead's); mark the lead ``ganho`` and link ``cliente_id``.
    One transaction; if a concurrent create wins the CNPJ, the whole thing retries once and
    reuses that cliente. Idempotent: converting twice returns the same pair."""
    for attempt in (1, 2):
        try:
            result = _converter(actor, lead_id, ctx)
        except IntegrityError:
            if attempt == 2:
                raise
            continue
        invalidar("lead", "cliente")
        return result
    raise AssertionError("unreachable")  # pragma: no cover


def _converter(actor: Actor, lead_id: int, ctx: RequestContext | None) -> ConversaoRead:
    now = utcnow()
    with session_scope() as s:
        lead = get_visivel(s, actor, lead_id)
        if lead.estagio == Estagio.perdido:
            # SPEC §4: converting would silently turn a loss into a win and erase its reason.
            raise Conflict(LEAD_PERDIDO, code="lead_perdido")
        if not lead.cnpj:
            raise Invalid("Informe o CNPJ do lead antes de convertê-lo em cliente.", code="lead_sem_cnpj", campo="cnpj")
        cliente = None
        if lead.cliente_id:
            cliente = s.execute(
                select(Cliente).where(Cliente.id == lead.cliente_id, Cliente.removido_em.is_(None))
            ).scalar_one_or_none()
        if cliente is None:
            cliente = s.execute(
                select(Cliente).where(Cliente.cnpj == lead.cnpj, Cliente.removido_em.is_(None))
            ).scalar_one_or_none()
        criado = cliente is None
        if cliente is None:
            razao = lead.empresa or lead.nome
            cliente = Cliente(
                cnpj=lead.cnpj,
                razao_social=razao,
                email=lead.email,
                telefone=lead.telefone,
                responsavel_id=lead.responsavel_id or actor.id,
                busca=busca_cliente(razao, None, lead.cnpj),
                criado_em=now,
                atualizado_em=now,
                versao=1,
            )
            inserir_auditado(s, cliente, usuario_id=actor.id, detalhes={"cnpj": lead.cnpj, "lead_id": lead.id}, ctx=ctx)
        changes = {**_fechamento(Estagio.ganho.value, None, lead, now), "cliente_id": cliente.id}
        ja_convertido = lead.estagio == Estagio.ganho and lead.cliente_id == cliente.id
        _write(s, lead, changes, None)
        if not ja_convertido:  # converting twice returns the same pair and writes nothing new
            texto = f"Convertido em cliente {cliente.nome_fantasia or cliente.razao_social}"
            if lead.estagio != Estagio.ganho:
                texto += f" ({texto_estagio(lead.estagio, Estagio.ganho.value)})"
            registrar_no_historico(s, actor, cast(int, lead.id), texto)
        audit.record(
            s,
            acao="lead_convertido",
            usuario_id=actor.id,
            entidade="lead",
            entidade_id=lead.id,
            detalhes={"cliente_id": cliente.id, "cliente_criado": criado},
            ctx=ctx,
        )
        return ConversaoRead(
            lead=_read(s, get_visivel(s, actor, lead_id)),
            cliente=clientes_service.to_read(s, cliente),
            cliente_criado=criado,
        )
