"""Contatos (SPEC §3, §4): the people at a cliente.

Rules (REST and UI alike):
- who reads a cliente reads its contacts (every user: a vendedor must see who is already
  talked to before calling a company);
- who may edit the cliente creates, edits and deletes its contacts (its responsável, gerente,
  admin); anyone else gets 403 ``sem_permissao``;
- a contact of a removed cliente, or a removed contact, is a 404;
- the LGPD basis is required (default ``legitimo_interesse``); ``consentimento`` needs when
  and how it was given; every write is audited (personal data: SPEC §9).
"""

from __future__ import annotations

from typing import Any, cast

from pydantic import BaseModel, ValidationError
from sqlalchemy import func, select
from sqlalchemy import update as sa_update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session

from aurora_app.core.db import session_scope
from aurora_app.models import Cliente, Contato
from aurora_app.models.base import fold, utcnow
from aurora_app.models.contato import ContatoCreate, ContatoRead, ContatoUpdate, busca_contato, checar_consentimento
from aurora_app.services import audit, lgpd
from aurora_app.services import clientes as clientes_service
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.clientes import pode_editar
from aurora_app.services.consulta import check_id
from aurora_app.services.errors import Conflict, Forbidden, Invalid, NotFound
from aurora_app.services.paging import Page, after_cursor, build_page, check_limit

__all__ = [
    "ContatoCreate",
    "ContatoRead",
    "ContatoUpdate",
    "create",
    "delete",
    "get",
    "list_contatos",
    "update",
    "SociosAdicionados",
    "adicionar_pessoas",
    "vinculo",
]

NAO_ENCONTRADO = "Contato não encontrado."
SEM_PERMISSAO = "Você só pode alterar contatos de clientes dos quais é responsável."
CONFLITO_VERSAO = "Este contato foi alterado por outra pessoa. Recarregue os dados e tente novamente."


def _contato_vivo(session: Session, contato_id: int) -> tuple[Contato, Cliente]:
    """The live contact and its live cliente, or 404."""
    check_id(contato_id, "contato_id")
    found = session.execute(
        select(Contato, Cliente)
        .join(Cliente, Cliente.id == Contato.cliente_id)
        .where(Contato.id == contato_id, Contato.removido_em.is_(None), Cliente.removido_em.is_(None))
        .execution_options(populate_existing=True)
    ).one_or_none()
    if found is None:
        raise NotFound(NAO_ENCONTRADO, code="nao_encontrado")
    return found[0], found[1]


def _pode_editar(actor: Actor, cliente: Cliente) -> None:
    if not pode_editar(actor, cliente):
        raise Forbidden(SEM_PERMISSAO, code="sem_permissao")


def contato_vivo(session: Session, contato_id: int) -> Contato:
    """The live contact of a live cliente, or 404 (the LGPD consent history reads it)."""
    return _contato_vivo(session, contato_id)[0]


def contato_editavel(session: Session, actor: Actor, contato_id: int) -> Contato:
    """The live contact ``actor`` may edit, else 404/403 (the LGPD consent revocation)."""
    row, cliente = _contato_vivo(session, contato_id)
    _pode_editar(actor, cliente)
    return row


def _read(row: Contato) -> ContatoRead:
    return ContatoRead.model_validate(row.model_dump())


def vinculo(session: Session, *, cliente_id: int | None, contato_id: int | None) -> tuple[int | None, int | None]:
    """Checks a lead's links: the cliente is live; the contact is live and belongs to that
    cliente (a contact alone brings its cliente). Returns ``(cliente_id, contato_id)``."""
    if contato_id is not None:
        contato, cliente = _contato_vivo(session, contato_id)
        if cliente_id is not None and cliente_id != cliente.id:
            raise Invalid(
                "O contato escolhido não pertence a este cliente.", code="contato_de_outro_cliente", campo="contato_id"
            )
        return cliente.id, contato.id
    if cliente_id is not None:
        clientes_service.vivo(session, cliente_id)
    return cliente_id, None


# --- use cases -----------------------------------------------------------------------------


def list_contatos(*, actor: Actor, cliente_id: int, limite: int = 50, cursor: str | None = None) -> Page[ContatoRead]:
    """A cliente's live contacts, newest first, keyset paged."""
    limite = check_limit(limite)
    seek = after_cursor(Contato.criado_em, Contato.id, cursor)
    conds = [Contato.cliente_id == cliente_id, Contato.removido_em.is_(None)]
    with session_scope() as s:
        clientes_service.vivo(s, cliente_id)
        total = s.execute(select(func.count()).select_from(Contato).where(*conds)).scalar_one()
        rows = (
            s.execute(
                select(Contato)
                .where(*conds, *([seek] if seek is not None else []))
                .order_by(Contato.criado_em.desc(), Contato.id.desc())
                .limit(limite + 1)
            )
            .scalars()
            .all()
        )
        return build_page(list(rows), limite, total, _read)


def get(*, actor: Actor, contato_id: int) -> ContatoRead:
    with session_scope() as s:
        return _read(_contato_vivo(s, contato_id)[0])


def create(*, actor: Actor, cliente_id: int, data: ContatoCreate, ctx: RequestContext | None = None) -> ContatoRead:
    with session_scope() as s:
        _pode_editar(actor, clientes_service.vivo(s, cliente_id))
        return create_em(s, actor, cliente_id, data, ctx)


def create_em(
    s: Session, actor: Actor, cliente_id: int, data: ContatoCreate, ctx: RequestContext | None
) -> ContatoRead:
    """A contact inserted in the caller's transaction (the cliente's edit rule already checked)."""
    now = utcnow()
    values = data.model_dump()
    row = Contato(
        **values, cliente_id=cliente_id, busca=busca_contato(**values), criado_em=now, atualizado_em=now, versao=1
    )
    s.add(row)
    s.flush()
    lgpd.registrar_consentimento(s, row, evento="registrado", usuario_id=actor.id)  # LGPD history (issue 16)
    audit.record(
        s,
        acao="contato_criado",
        usuario_id=actor.id,
        entidade="contato",
        entidade_id=row.id,
        detalhes={"cliente_id": cliente_id, "base_legal": row.base_legal},
        ctx=ctx,
    )
    return _read(row)


class SociosAdicionados(BaseModel):
    """``POST /clientes/{id}/contatos/socios``: the contacts created and the partners skipped
    (already among the cliente's contacts by name, or companies rather than people)."""

    items: list[ContatoRead]
    ignorados: int


def adicionar_pessoas(
    *, actor: Actor, cliente_id: int, pessoas: list[tuple[str, str | None]], ctx: RequestContext | None = None
) -> SociosAdicionados:
    """Creates contacts from ``(nome, cargo)`` pairs (a CNPJ lookup's partners) in one
    transaction, under the cliente's edit rule; a name already among the live contacts (accents
    and case aside) is skipped, so pressing twice adds nothing. Basis: legitimate interest (the
    partners are public in the company register); each contact audited as any other."""
    with session_scope() as s:
        _pode_editar(actor, clientes_service.vivo(s, cliente_id))
        nomes = s.execute(
            select(Contato.nome).where(Contato.cliente_id == cliente_id, Contato.removido_em.is_(None))
        ).scalars()
        existentes = {fold(nome).strip() for nome in nomes}
        criados: list[ContatoRead] = []
        ignorados = 0
        for nome, cargo in pessoas:
            chave = fold(nome).strip()
            if not chave or chave in existentes:
                ignorados += 1
                continue
            try:
                data = ContatoCreate(nome=nome.strip()[:120], cargo=cargo.strip()[:120] if cargo else None)
            except ValidationError:  # a register entry our validators refuse (control characters…)
                ignorados += 1
                continue
            existentes.add(chave)
            criados.append(create_em(s, actor, cliente_id, data, ctx))
        return SociosAdicionados(items=criados, ignorados=ignorados)


def update(*, actor: Actor, contato_id: int, data: ContatoUpdate, ctx: RequestContext | None = None) -> ContatoRead:
    changes = data.changes()
    with session_scope() as s:
        row, cliente = _contato_vivo(s, contato_id)
        _pode_editar(actor, cliente)
        if data.versao is not None and data.versao != row.versao:
            raise Conflict(CONFLITO_VERSAO, code="conflito_versao", extra={"versao_atual": row.versao})
        merged: dict[str, Any] = {
            k: changes.get(k, getattr(row, k))
            for k in (
                "nome",
                "cargo",
                "email",
                "telefone",
                "whatsapp",
                "base_legal",
                "consentimento_em",
                "consentimento_origem",
            )
        }
        try:
            checar_consentimento(merged["base_legal"], merged["consentimento_em"], merged["consentimento_origem"])
        except ValueError as exc:
            raise Invalid(str(exc), code="consentimento_incompleto", campo="consentimento_origem") from exc
        result = s.execute(
            sa_update(Contato)
            .where(Contato.id == contato_id, Contato.versao == row.versao, Contato.removido_em.is_(None))
            .values(**changes, busca=busca_contato(**merged), versao=Contato.versao + 1, atualizado_em=utcnow())
            .execution_options(synchronize_session=False)
        )
        if cast(CursorResult, result).rowcount != 1:
            raise Conflict(CONFLITO_VERSAO, code="conflito_versao")
        if changes.keys() & {"base_legal", "consentimento_em", "consentimento_origem"}:
            # LGPD history (issue 16); a new consent or another basis settles a revocation.
            atual = _contato_vivo(s, contato_id)[0]
            s.refresh(atual)
            atual.consentimento_revogado_em = None
            lgpd.registrar_consentimento(s, atual, evento="alterado", usuario_id=actor.id)
        audit.record(
            s,
            acao="contato_alterado",
            usuario_id=actor.id,
            entidade="contato",
            entidade_id=contato_id,
            detalhes={"campos": sorted(changes)},
            ctx=ctx,
        )
        return _read(_contato_vivo(s, contato_id)[0])


def delete(*, actor: Actor, contato_id: int, ctx: RequestContext | None = None) -> None:
    """Soft delete (leads keep pointing at it; the audit keeps who and when)."""
    with session_scope() as s:
        row, cliente = _contato_vivo(s, contato_id)
        _pode_editar(actor, cliente)
        s.execute(
            sa_update(Contato)
            .where(Contato.id == contato_id, Contato.removido_em.is_(None))
            .values(removido_em=utcnow(), versao=Contato.versao + 1)
            .execution_options(synchronize_session=False)
        )
        audit.record(
            s,
            acao="contato_removido",
            usuario_id=actor.id,
            entidade="contato",
            entidade_id=contato_id,
            detalhes={"cliente_id": cliente.id},
            ctx=ctx,
        )
