"""Global search (SPEC §4 ``GET /busca?q=``): clientes by name or CNPJ, leads, contacts — only
what the caller may see (every live cliente and its contacts; a vendedor's own leads).

Each kind is one ``LIMIT n`` query on the folded ``busca`` column with the same condition the
lists use (:func:`aurora_app.services.consulta.cond_busca`: pg_trgm GIN on PostgreSQL, a CNPJ
by its btree), and no ``count(*)``: a search box needs the first few hits, fast at 200k rows.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import ColumnElement, select

from aurora_app.core.db import session_scope
from aurora_app.models import Cliente, Contato, Lead, Usuario
from aurora_app.models.busca import BuscaRead, ContatoEncontrado
from aurora_app.models.cliente import ClienteRead
from aurora_app.models.lead import LeadRead
from aurora_app.services import leads as leads_service
from aurora_app.services.actor import Actor
from aurora_app.services.consulta import cond_busca, termos_busca
from aurora_app.services.errors import Invalid

__all__ = ["BuscaRead", "MAX_POR_TIPO", "buscar"]

MAX_POR_TIPO = 20
MIN_CARACTERES = 2  # one letter matches nearly everything and no trigram index can serve it


def buscar(*, actor: Actor, q: str | None, limite: int = 5) -> BuscaRead:
    if isinstance(limite, bool) or not isinstance(limite, int) or not 1 <= limite <= MAX_POR_TIPO:
        raise Invalid(f"O parâmetro limite deve estar entre 1 e {MAX_POR_TIPO}.", code="limite_invalido")
    termos = termos_busca(q)
    if not termos or len(termos[0]) < MIN_CARACTERES:
        raise Invalid(
            f"Digite ao menos {MIN_CARACTERES} caracteres: nome, CNPJ, e-mail ou telefone.", code="busca_invalida"
        )
    cond_cliente = cast(ColumnElement[bool], cond_busca(Cliente.busca, q, Cliente.cnpj))  # q has a term
    with session_scope() as s:
        clientes = [
            ClienteRead.model_validate({**row.model_dump(), "responsavel_nome": nome})
            for row, nome in s.execute(
                select(Cliente, Usuario.nome)
                .outerjoin(Usuario, Usuario.id == Cliente.responsavel_id)
                .where(Cliente.removido_em.is_(None), cond_cliente)
                .order_by(Cliente.criado_em.desc(), Cliente.id.desc())
                .limit(limite)
            ).all()
        ]
        leads = [
            LeadRead.model_validate({**row.model_dump(), "responsavel_nome": nome})
            for row, nome in s.execute(
                select(Lead, Usuario.nome)
                .outerjoin(Usuario, Usuario.id == Lead.responsavel_id)
                .where(*leads_service.condicoes_visiveis(actor, busca=q))
                .order_by(Lead.criado_em.desc(), Lead.id.desc())
                .limit(limite)
            ).all()
        ]
        contatos = [
            ContatoEncontrado.model_validate({**row.model_dump(), "cliente_nome": nome_fantasia or razao})
            for row, razao, nome_fantasia in s.execute(
                select(Contato, Cliente.razao_social, Cliente.nome_fantasia)
                .join(Cliente, Cliente.id == Contato.cliente_id)
                .where(
                    Contato.removido_em.is_(None),
                    Cliente.removido_em.is_(None),
                    cast(ColumnElement[bool], cond_busca(Contato.busca, q)),
                )
                .order_by(Contato.criado_em.desc(), Contato.id.desc())
                .limit(limite)
            ).all()
        ]
    return BuscaRead(clientes=clientes, leads=leads, contatos=contatos)
