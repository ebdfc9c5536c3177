"""Ingestion: records → documents, through a transactional outbox.

Services call :func:`enqueue` with their own session, so the outbox row commits (or rolls back)
together with the record; a request never waits for an embedding. A worker (:func:`drain_once`
in a loop: a task inside the app in the embedded default, ``python -m aurora_app.cli worker`` in
production) claims a batch, rebuilds the documents of the records it names from the database,
upserts them into Chroma and deletes the rows in one transaction. Chroma down → the transaction
rolls back and the rows wait; a killed worker leaves its rows in place; upserts by record id make
a retry harmless. On PostgreSQL the claim is ``FOR UPDATE SKIP LOCKED``, so several workers can
drain at once.

Documents (ids ``cliente:7``, ``lead:12``, ``interacao:99``) carry the metadata retrieval filters
on: ``tipo_doc``, ``record_id``, ``cliente_id``, ``lead_id``, ``responsavel_id``, ``estagio``,
``tipo``, dates as epoch seconds, and the permission keys ``publico`` (clientes and their
timelines: every user reads them) and ``dono`` (a lead and its timeline: its responsável).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete as sa_delete
from sqlalchemy import func, insert, literal, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql import Select
from sqlmodel import Session

from aurora_app.core.db import session_scope
from aurora_app.core.geracoes import GERACAO_IA, invalidar
from aurora_app.models import AiOutbox, Cliente, Interacao, Lead
from aurora_app.models.base import utcnow

log = logging.getLogger("aurora.ai")

ENTIDADES = ("interacao", "lead", "cliente")
ROTULO_TIPO = {"nota": "Nota", "ligacao": "Ligação", "email": "E-mail", "reuniao": "Reunião", "tarefa": "Tarefa"}
ROTULO_ESTAGIO = {
    "novo": "novo",
    "qualificado": "qualificado",
    "proposta": "proposta",
    "negociacao": "negociação",
    "ganho": "ganho",
    "perdido": "perdido",
}


# --- the hook services call (same transaction as the write) -------------------------------------


def enqueue(session: Session, entidade: str, ids: int | Iterable[int] | Select) -> None:
    """Write outbox rows for ``ids`` (one id, several, or a SELECT of ids) in ``session``'s
    transaction. Never touches Chroma."""
    if entidade not in ENTIDADES:
        raise ValueError(f"entidade desconhecida: {entidade}")
    now = utcnow()
    if isinstance(ids, Select):
        sub = ids.subquery()
        session.execute(
            insert(AiOutbox).from_select(
                ["entidade", "entidade_id", "criado_em"],
                select(literal(entidade), sub.c[0], literal(now, type_=AiOutbox.__table__.c.criado_em.type)),
            )
        )
        return
    values = [ids] if isinstance(ids, int) else [int(i) for i in ids]
    if values:
        session.execute(insert(AiOutbox), [{"entidade": entidade, "entidade_id": i, "criado_em": now} for i in values])


def pending() -> int:
    with session_scope() as s:
        return int(s.execute(select(func.count()).select_from(AiOutbox)).scalar_one())


# --- records → documents --------------------------------------------------------------------------


def _epoch(value: datetime | None) -> int:
    return int(value.timestamp()) if value else 0


def _lead_meta(lead: Lead) -> dict[str, Any]:
    return {
        "lead_id": lead.id,
        "cliente_id": lead.cliente_id or 0,
        "dono": lead.responsavel_id or 0,
        "publico": False,
        "responsavel_id": lead.responsavel_id or 0,
        "estagio": lead.estagio,
        "lead_nome": lead.nome[:120],
        "fechado_em": _epoch(lead.fechado_em),
        "motivo_perda": (lead.motivo_perda or "")[:300],
    }


def _cliente_meta(cliente: Cliente) -> dict[str, Any]:
    return {
        "lead_id": 0,
        "cliente_id": cliente.id,
        "dono": 0,
        "publico": True,
        "responsavel_id": cliente.responsavel_id or 0,
        "estagio": "",
        "cliente_nome": cliente.razao_social[:120],
    }


def texto_lead(lead: Lead) -> str:
    partes = [f"Lead {lead.nome}"]
    if lead.empresa:
        partes.append(f"empresa {lead.empresa}")
    partes.append(f"origem {lead.origem}, estágio {ROTULO_ESTAGIO.get(lead.estagio, lead.estagio)}")
    if lead.motivo_perda:
        partes.append(f"motivo da perda: {lead.motivo_perda}")
    return ". ".join(partes) + "."


def texto_cliente(c: Cliente) -> str:
    partes = [c.razao_social]
    if c.nome_fantasia and c.nome_fantasia != c.razao_social:
        partes.append(f"({c.nome_fantasia})")
    texto = " ".join(partes)
    extras = [
        x
        for x in (
            c.cnae_principal,
            c.porte and f"porte {c.porte}",
            c.municipio and f"{c.municipio}/{c.uf or ''}".rstrip("/"),
        )
        if x
    ]
    return texto + (". " + ". ".join(extras) if extras else "") + "."


def _doc_interacao(it: Interacao, parent: dict[str, Any]) -> Any:
    from aurora_app.ai_core.store import Doc  # noqa: PLC0415

    meta = {
        **parent,
        "tipo_doc": "interacao",
        "record_id": it.id,
        "tipo": it.tipo,
        "autor_id": it.autor_id or 0,
        "criado_em": _epoch(it.criado_em),
        "vence_em": _epoch(it.vence_em),
        "concluida": bool(it.concluida),
    }
    fechado = parent.get("fechado_em") or 0
    meta["antes_fechamento"] = not fechado or _epoch(it.criado_em) <= fechado
    return Doc(id=f"interacao:{it.id}", texto=it.descricao, meta=meta)


def _doc_lead(lead: Lead) -> Any:
    from aurora_app.ai_core.store import Doc  # noqa: PLC0415

    return Doc(
        id=f"lead:{lead.id}",
        texto=texto_lead(lead),
        meta={
            **_lead_meta(lead),
            "tipo_doc": "lead",
            "record_id": lead.id,
            "tipo": "",
            "criado_em": _epoch(lead.criado_em),
        },
    )


def _doc_cliente(c: Cliente) -> Any:
    from aurora_app.ai_core.store import Doc  # noqa: PLC0415

    return Doc(
        id=f"cliente:{c.id}",
        texto=texto_cliente(c),
        meta={
            **_cliente_meta(c),
            "tipo_doc": "cliente",
            "record_id": c.id,
            "tipo": "",
            "criado_em": _epoch(c.criado_em),
        },
    )


class _Plano:
    """What a batch does to the store: documents to upsert, ids and filters to delete."""

    def __init__(self) -> None:
        self.docs: dict[str, Any] = {}
        self.delete_ids: set[str] = set()
        self.delete_where: list[dict[str, Any]] = []

    def put(self, doc: Any) -> None:
        self.docs[doc.id] = doc
        self.delete_ids.discard(doc.id)

    def drop(self, doc_id: str) -> None:
        self.docs.pop(doc_id, None)
        self.delete_ids.add(doc_id)


def _plan_lead(s: Session, plano: _Plano, lead_id: int) -> None:
    lead = s.get(Lead, lead_id)
    if lead is None or lead.removido_em is not None:
        plano.drop(f"lead:{lead_id}")
        plano.delete_where.append({"$and": [{"lead_id": lead_id}, {"tipo_doc": "interacao"}]})
        return
    plano.put(_doc_lead(lead))
    parent = _lead_meta(lead)
    for it in s.execute(select(Interacao).where(Interacao.lead_id == lead_id, Interacao.sistema.is_(False))).scalars():
        plano.put(_doc_interacao(it, parent))


def _plan_cliente(s: Session, plano: _Plano, cliente_id: int) -> None:
    c = s.get(Cliente, cliente_id)
    if c is None or c.removido_em is not None:
        plano.drop(f"cliente:{cliente_id}")
        plano.delete_where.append({"$and": [{"cliente_id": cliente_id}, {"tipo_doc": "interacao"}, {"lead_id": 0}]})
        return
    plano.put(_doc_cliente(c))
    parent = _cliente_meta(c)
    for it in s.execute(
        select(Interacao).where(Interacao.cliente_id == cliente_id, Interacao.sistema.is_(False))
    ).scalars():
        plano.put(_doc_interacao(it, parent))


def _plan_interacao(s: Session, plano: _Plano, interacao_id: int) -> None:
    it = s.get(Interacao, interacao_id)
    doc_id = f"interacao:{interacao_id}"
    if it is None or it.sistema:  # the system's own history entries are not knowledge
        plano.drop(doc_id)
        return
    if it.lead_id is not None:
        lead = s.get(Lead, it.lead_id)
        if lead is None or lead.removido_em is not None:
            plano.drop(doc_id)
            return
        plano.put(_doc_interacao(it, _lead_meta(lead)))
    else:
        c = s.get(Cliente, it.cliente_id)
        if c is None or c.removido_em is not None:
            plano.drop(doc_id)
            return
        plano.put(_doc_interacao(it, _cliente_meta(c)))


_PLANNERS = {"lead": _plan_lead, "cliente": _plan_cliente, "interacao": _plan_interacao}


def _apply(plano: _Plano) -> None:
    from aurora_app.ai_core import store  # noqa: PLC0415

    for where in plano.delete_where:
        store.delete(where=where)
    if plano.delete_ids:
        store.delete(ids=sorted(plano.delete_ids))
    store.upsert(list(plano.docs.values()))


# --- the worker ---------------------------------------------------------------------------------


def drain_once(batch: int | None = None) -> int:
    """Claim up to ``batch`` outbox rows, bring the store up to date for the records they name,
    delete them; all in one database transaction. Returns the number of rows consumed (0 = idle).
    Raises ``StoreUnavailable`` (the rows stay) when Chroma is down."""
    from aurora_app.core.config import get_settings  # noqa: PLC0415

    batch = batch or get_settings().AI_WORKER_BATCH
    with session_scope() as s:
        stmt = select(AiOutbox.id, AiOutbox.entidade, AiOutbox.entidade_id).order_by(AiOutbox.id).limit(batch)
        if s.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        rows = s.execute(stmt).all()
        if not rows:
            return 0
        plano = _Plano()
        # Leads and clientes first: an interaction of the same batch is then rebuilt last, fresh.
        for entidade, entidade_id in sorted(
            {(e, i) for _, e, i in rows}, key=lambda t: ENTIDADES.index(t[0]), reverse=True
        ):
            _PLANNERS[entidade](s, plano, entidade_id)
        _apply(plano)
        s.execute(sa_delete(AiOutbox).where(AiOutbox.id.in_([r[0] for r in rows])))
    invalidar(GERACAO_IA)  # cached suggestions are recomputed with what was just ingested
    return len(rows)


def drain(*, batch: int | None = None, max_seconds: float | None = None) -> int:
    """Drain until the outbox is empty (or ``max_seconds`` passed). Returns rows consumed."""
    total = 0
    start = time.monotonic()
    while True:
        n = drain_once(batch)
        total += n
        if n == 0 or (max_seconds is not None and time.monotonic() - start > max_seconds):
            return total


def run_worker(
    stop: threading.Event, *, idle_s: float = 0.5, max_backoff_s: float = 30.0, batch: int | None = None
) -> None:
    """Loop until ``stop`` is set: drain; when idle sleep ``idle_s``; when Chroma or the database
    fails, log and back off (doubling up to ``max_backoff_s``) and keep the rows for later."""
    from aurora_app.ai_core.store import StoreUnavailable  # noqa: PLC0415

    backoff = idle_s
    while not stop.is_set():
        try:
            n = drain_once(batch)
            backoff = idle_s
        except (StoreUnavailable, OperationalError) as exc:
            log.warning("ingestão da IA aguardando (%s): nova tentativa em %.1fs", exc, backoff)
            n = 0
            backoff = min(max_backoff_s, backoff * 2)
        except Exception:  # noqa: BLE001 - a bug must not kill the worker; the rows stay
            log.exception("ingestão da IA falhou; nova tentativa em %.1fs", backoff)
            n = 0
            backoff = min(max_backoff_s, backoff * 2)
        if n == 0:
            stop.wait(backoff)


async def embedded_worker() -> None:
    """The outbox worker as a task of the app process (the embedded default, AI_WORKER=embedded)."""
    import asyncio  # noqa: PLC0415

    from aurora_app.core.config import get_settings  # noqa: PLC0415

    if get_settings().AI_WORKER != "embedded":
        return
    stop = threading.Event()
    try:
        await asyncio.to_thread(run_worker, stop)
    finally:
        stop.set()


# --- full rebuild -------------------------------------------------------------------------------


def _chunks(s: Session, model: Any, conds: list[Any], size: int) -> Iterable[list[Any]]:
    last = 0
    while True:
        rows = list(s.execute(select(model).where(model.id > last, *conds).order_by(model.id).limit(size)).scalars())
        if not rows:
            return
        yield rows
        last = rows[-1].id


def reindex_all(*, progress: bool = True, batch: int = 500) -> int:
    """Rebuild the store from the database: upsert every live cliente, lead and interaction,
    then delete documents whose record is gone. Safe to rerun (and to interrupt and rerun)."""
    from tqdm import tqdm  # noqa: PLC0415

    from aurora_app.ai_core import store  # noqa: PLC0415

    seen: set[str] = set()
    with session_scope() as s:
        vivos_c = [Cliente.removido_em.is_(None)]
        vivos_l = [Lead.removido_em.is_(None)]
        total = sum(
            s.execute(select(func.count()).select_from(m).where(*c)).scalar_one()
            for m, c in ((Cliente, vivos_c), (Lead, vivos_l), (Interacao, []))
        )
        bar = tqdm(total=total, desc="Reindexando IA", unit="doc", disable=not progress)
        leads: dict[int, dict[str, Any]] = {}
        clientes: dict[int, dict[str, Any]] = {}
        for rows in _chunks(s, Cliente, vivos_c, batch):
            docs = [_doc_cliente(c) for c in rows]
            clientes.update({c.id: _cliente_meta(c) for c in rows})
            store.upsert(docs)
            seen.update(d.id for d in docs)
            bar.update(len(rows))
        for rows in _chunks(s, Lead, vivos_l, batch):
            docs = [_doc_lead(lead) for lead in rows]
            leads.update({lead.id: _lead_meta(lead) for lead in rows})
            store.upsert(docs)
            seen.update(d.id for d in docs)
            bar.update(len(rows))
        for rows in _chunks(s, Interacao, [], batch):
            docs = []
            for it in rows:
                if it.sistema:
                    continue
                parent = leads.get(it.lead_id) if it.lead_id is not None else clientes.get(it.cliente_id)
                if parent is not None:
                    docs.append(_doc_interacao(it, parent))
            store.upsert(docs)
            seen.update(d.id for d in docs)
            bar.update(len(rows))
        bar.close()
    stale = [i for i in store.all_ids() if i not in seen]
    for i in range(0, len(stale), store.MAX_BATCH):
        store.delete(ids=stale[i : i + store.MAX_BATCH])
    return len(seen)
