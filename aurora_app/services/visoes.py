"""Saved views (issue 13): a user's named filters and sort of the leads or clientes list.

A view holds the list's address parameters. Saving one runs them through the list's own use case
(``leads.list_leads`` / ``clientes.list_clientes``, one row), so a view that the list would refuse
— a bad stage, an inverted range, an unknown order — is refused with the same pt-BR message and
field, and the list's rules live in one place. A view never widens what its owner sees: it is only
filters, and the list's own scope applies whenever it opens (a vendedor's view naming a colleague
shows nothing). Each user reads and deletes only their own views (another's id is a 404).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from aurora_app.core.db import session_scope
from aurora_app.models.visao import ListaVisao, VisaoCreate, VisaoRead, VisaoSalva
from aurora_app.services import clientes, leads
from aurora_app.services.actor import Actor
from aurora_app.services.consulta import check_id
from aurora_app.services.errors import Conflict, Invalid, NotFound

__all__ = ["MAX_VISOES", "PARAMETROS", "create", "delete", "list_visoes"]

MAX_VISOES = 30  # per user and list
PARAMETROS: dict[ListaVisao, tuple[str, ...]] = {
    ListaVisao.leads: (
        "busca",
        "estagio",
        "responsavel_id",
        "origem",
        "valor_min",
        "valor_max",
        "previsao_de",
        "previsao_ate",
        "ordem",
    ),
    ListaVisao.clientes: ("busca", "uf", "responsavel_id", "ordem"),
}
NAO_ENCONTRADA = "Visão não encontrada."


def _lista(value: Any) -> ListaVisao:
    if not isinstance(value, str) or value not in ListaVisao.__members__:
        raise Invalid("Lista inválida: use leads ou clientes.", code="lista_invalida", campo="lista")
    return ListaVisao(value)


def _read(row: VisaoSalva) -> VisaoRead:
    return VisaoRead(
        id=row.id or 0,
        lista=ListaVisao(row.lista),
        nome=row.nome,
        parametros=json.loads(row.parametros),
        criado_em=row.criado_em,
    )


def _checar_na_lista(actor: Actor, lista: ListaVisao, parametros: dict[str, str]) -> None:
    """The list's use case judges the parameters (its errors name the field)."""
    filtros: dict[str, Any] = dict(parametros)
    if "responsavel_id" in filtros:
        valor = filtros["responsavel_id"]
        if not valor.isdigit():
            raise Invalid("Responsável inválido.", code="filtro_invalido", campo="responsavel_id")
        filtros["responsavel_id"] = int(valor)
    listar = leads.list_leads if lista is ListaVisao.leads else clientes.list_clientes
    listar(actor=actor, limite=1, **filtros)


def list_visoes(*, actor: Actor, lista: str) -> list[VisaoRead]:
    """The caller's views of ``lista``, by name."""
    alvo = _lista(lista)
    with session_scope() as s:
        rows = s.execute(
            select(VisaoSalva)
            .where(VisaoSalva.usuario_id == actor.id, VisaoSalva.lista == alvo.value)
            .order_by(func.lower(VisaoSalva.nome), VisaoSalva.id)
        ).scalars()
        return [_read(r) for r in rows]


def create(*, actor: Actor, data: VisaoCreate) -> VisaoRead:
    if not data.nome:
        raise Invalid("Dê um nome à visão.", code="nome_obrigatorio", campo="nome")
    permitidos = PARAMETROS[data.lista]
    desconhecidos = sorted(set(data.parametros) - set(permitidos))
    if desconhecidos:
        raise Invalid(
            f"Parâmetro desconhecido para a lista de {data.lista.value}: {', '.join(desconhecidos)}.",
            code="parametro_invalido",
            campo="parametros",
        )
    parametros = {k: data.parametros[k] for k in permitidos if data.parametros.get(k)}
    _checar_na_lista(actor, data.lista, parametros)
    with session_scope() as s:
        quantas = s.execute(
            select(func.count())
            .select_from(VisaoSalva)
            .where(VisaoSalva.usuario_id == actor.id, VisaoSalva.lista == data.lista.value)
        ).scalar_one()
        if quantas >= MAX_VISOES:
            raise Invalid(
                f"Você já tem {MAX_VISOES} visões salvas nesta lista; exclua uma antes de salvar outra.",
                code="visoes_demais",
            )
        row = VisaoSalva(usuario_id=actor.id, lista=data.lista.value, nome=data.nome, parametros=json.dumps(parametros))
        s.add(row)
        try:
            s.flush()
        except IntegrityError:
            raise Conflict(
                f"Você já tem uma visão chamada “{data.nome}” nesta lista.", code="visao_duplicada", campo="nome"
            ) from None
        return _read(row)


def delete(*, actor: Actor, visao_id: int) -> None:
    with session_scope() as s:
        row = s.get(VisaoSalva, check_id(visao_id, "visao_id"))
        if row is None or row.usuario_id != actor.id:
            raise NotFound(NAO_ENCONTRADA, code="visao_nao_encontrada")
        s.delete(row)
