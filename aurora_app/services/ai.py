"""AI use cases (SPEC §4, §8): suggestions, semantic search and votes, with the caller's
permissions (SPEC §3: everyone reads every cliente and its timeline; a vendedor reads only their
own leads and their timelines). The rules come from the clientes/leads services; the AI core
gets them as a Chroma filter plus a database re-check, so retrieval itself never sees text the
caller may not read.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from aurora_app.ai_core import feedback, suggestions
from aurora_app.core.db import session_scope
from aurora_app.core.geracoes import GERACAO_IA, cacheado, geracao, invalidar
from aurora_app.models import Interacao, Lead
from aurora_app.services import clientes as clientes_service
from aurora_app.services import leads as leads_service
from aurora_app.services import permissoes
from aurora_app.services.actor import Actor
from aurora_app.services.consulta import check_id
from aurora_app.services.errors import Invalid, NotFound, Unavailable

log = logging.getLogger("aurora.ai")

INDISPONIVEL = (
    "As sugestões estão indisponíveis no momento (base de conhecimento fora do ar). Tente de novo em instantes."
)
VAZIO = "Ainda não há conhecimento suficiente para sugerir algo aqui: registre interações e volte depois."
MAX_Q = 300


def escopo(actor: Actor) -> suggestions.Escopo:
    dono = permissoes.escopo(actor)
    where = None if dono is None else {"$or": [{"publico": True}, {"dono": dono}]}

    def leads_visiveis(s: Session, ids: set[int]) -> set[int]:
        rows = s.execute(select(Lead).where(Lead.id.in_(sorted(ids)), Lead.removido_em.is_(None))).scalars()
        return {row.id for row in rows if leads_service.visivel(actor, row)}

    return suggestions.Escopo(usuario_id=actor.id, where=where, leads_visiveis=leads_visiveis)


def _store_call(fn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
    from aurora_app.ai_core.store import StoreUnavailable  # noqa: PLC0415

    try:
        return fn(*args, **kwargs)
    except StoreUnavailable as exc:
        log.warning("IA indisponível: %s", exc)
        raise Unavailable(INDISPONIVEL, code="ia_indisponivel", retry_after=10) from exc


def sugestoes(*, actor: Actor, lead_id: int | None = None, cliente_id: int | None = None) -> dict[str, Any]:
    """``{"items": [...], "aviso": str | None}`` for a lead or a cliente the caller may read (else 404)."""
    if (lead_id is None) == (cliente_id is None):
        raise Invalid("Informe lead_id ou cliente_id (um dos dois).", code="alvo_invalido")
    check_id(lead_id, "lead_id")
    check_id(cliente_id, "cliente_id")
    with session_scope() as s:  # who may read the target: checked on every call, never cached
        if lead_id is not None:
            leads_service.get_visivel(s, actor, lead_id)
        else:
            clientes_service.vivo(s, cast(int, cliente_id))  # one of the two is set (checked above)

    def calcular() -> list[dict[str, Any]]:
        with session_scope() as s:
            if lead_id is not None:
                lead = leads_service.get_visivel(s, actor, lead_id)
                return _store_call(suggestions.para_lead, s, escopo(actor), lead)
            cliente = clientes_service.vivo(s, cast(int, cliente_id))
            return _store_call(suggestions.para_cliente, s, escopo(actor), cliente)

    # Opening a lead asks for its suggestions (an embedding and a Chroma query: the largest CPU
    # share of a Reflex event in the benchmark). The answer is cached per caller and target under
    # the AI store's generation (bumped by every ingestion batch and every vote) and the leads'
    # and clientes' (reassignments, deletions): a change shows on the next load.
    chave = ("sugestoes", actor.id, actor.papel, lead_id, cliente_id, geracao("lead"), geracao("cliente"))
    items = cacheado(GERACAO_IA, chave, calcular)
    return {"items": items, "aviso": None if items else VAZIO}


def busca(*, actor: Actor, q: str, limite: int = 10) -> dict[str, Any]:
    q = (q or "").strip()
    if not q:
        raise Invalid("Digite o que procurar.", code="busca_vazia")
    if len(q) > MAX_Q:
        raise Invalid(f"Busca longa demais (máximo {MAX_Q} caracteres).", code="busca_longa")
    if not isinstance(limite, int) or not 1 <= limite <= 50:
        raise Invalid("O limite deve estar entre 1 e 50.", code="limite_invalido")
    with session_scope() as s:
        items = _store_call(suggestions.buscar, s, escopo(actor), q, limite=limite)
    return {"items": items}


def _fonte_legivel(s: Session, actor: Actor, sugestao_id: str) -> None:
    """404 when the suggestion names a record the caller may not read (or that does not exist)."""
    partes = sugestao_id.split(":")
    if len(partes) != 3 or partes[1] not in ("interacao", "lead", "cliente"):
        return  # aggregate suggestions (a loss reason, an action pattern) name no single record
    if not partes[2].isdigit() or int(partes[2]) > 2**31 - 1:
        raise NotFound("Sugestão não encontrada.", code="nao_encontrado")
    tipo, rid = partes[1], int(partes[2])
    if tipo == "lead":
        leads_service.get_visivel(s, actor, rid)
    elif tipo == "cliente":
        clientes_service.vivo(s, rid)
    else:
        it = s.get(Interacao, rid)
        if it is None:
            raise NotFound("Sugestão não encontrada.", code="nao_encontrado")
        if it.lead_id is not None:
            try:
                leads_service.get_visivel(s, actor, it.lead_id)
            except NotFound as exc:
                raise NotFound("Sugestão não encontrada.", code="nao_encontrado") from exc


def votar(*, actor: Actor, sugestao_id: str, voto: int) -> dict[str, Any]:
    if not feedback.id_valido(sugestao_id):
        raise Invalid("Sugestão inválida.", code="sugestao_invalida")
    if isinstance(voto, bool) or voto not in (1, -1):
        raise Invalid("O voto deve ser 1 (útil) ou -1 (não útil).", code="voto_invalido")
    for tentativa in (1, 2):  # two clicks at once: the unique index lets one insert win, redo as update
        try:
            with session_scope() as s:
                _fonte_legivel(s, actor, sugestao_id)
                row = feedback.registrar(s, usuario_id=actor.id, sugestao_id=sugestao_id, voto=voto)
        except IntegrityError:
            if tentativa == 2:
                raise
            continue
        invalidar(GERACAO_IA)  # votes change the ranking of later suggestions
        return {"sugestao_id": row.sugestao_id, "voto": row.voto, "criado_em": row.criado_em}
    raise AssertionError("unreachable")  # pragma: no cover
