"""Ingestion through the outbox: same transaction as the write, a killed worker loses and
duplicates nothing, several workers at once, and a rerunnable reindex."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import insert

from aurora_app.ai_core import ingestion, store
from aurora_app.cli import main
from aurora_app.core.db import session_scope
from aurora_app.models import Interacao
from aurora_app.models.base import utcnow
from aurora_app.models.lead import LeadUpdate
from aurora_app.services import clientes, leads
from aurora_app.services.errors import Conflict
from tests.ai_helpers import mundo
from tests.builders import actor_of, cria_cliente, cria_lead, novo_cnpj, usuario


def _muitas_notas(actor, n: int) -> list[int]:  # noqa: ANN001
    """``n`` interactions on one lead, written with their outbox rows in one transaction."""
    lead = cria_lead(actor)
    ingestion.drain()
    now = utcnow()
    with session_scope() as s:
        rows = [
            {
                "tipo": "nota",
                "descricao": f"Nota {i}: cliente pediu proposta de {i} licenças do ERP",
                "lead_id": lead.id,
                "autor_id": actor.id,
                "concluida": False,
                "criado_em": now,
            }
            for i in range(n)
        ]
        s.execute(insert(Interacao), rows)
        ids = [
            i
            for (i,) in s.execute(
                Interacao.__table__.select().with_only_columns(Interacao.id).where(Interacao.lead_id == lead.id)
            )
        ]
        ingestion.enqueue(s, "interacao", ids)
    return ids


def test_escrita_que_falha_nao_deixa_linha_na_fila():
    vendedor = actor_of(usuario())
    lead = cria_lead(vendedor)
    c = cria_cliente(vendedor)
    antes = ingestion.pending()
    with pytest.raises(Conflict):
        leads.update(actor=vendedor, lead_id=lead.id, data=LeadUpdate(nome="Outro", versao=lead.versao + 5))
    assert ingestion.pending() == antes
    leads.update(actor=vendedor, lead_id=lead.id, data=LeadUpdate(nome="Outro", versao=lead.versao))
    clientes.delete(actor=vendedor, cliente_id=c.id)
    assert ingestion.pending() == antes + 2
    csv = f"cnpj;razao_social\n{novo_cnpj()};Importada Um Ltda\n{novo_cnpj()};Importada Dois Ltda\n".encode()
    assert clientes.import_csv(actor=vendedor, content=csv).criados == 2
    assert ingestion.pending() == antes + 4
    ingestion.drain()
    assert {d.id for d in store.get([f"lead:{lead.id}", f"cliente:{c.id}"])} == {f"lead:{lead.id}"}
    assert "Outro" in store.get([f"lead:{lead.id}"])[0].texto


def test_worker_morto_nao_perde_nem_duplica(tmp_path, fresh_world):
    vendedor = actor_of(usuario())
    ids = _muitas_notas(vendedor, 800)
    env = {**os.environ, "DATABASE_URL": fresh_world}
    proc = subprocess.Popen(
        [sys.executable, "-m", "aurora_app.cli", "worker", "--lote", "25"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while ingestion.pending() > 700 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
    restantes = ingestion.pending()
    assert 0 < restantes < 800, "the worker must be killed halfway"
    store.reset_clients()
    ingestion.drain()
    assert ingestion.pending() == 0
    esperados = {f"interacao:{i}" for i in ids}
    assert esperados <= set(store.all_ids())
    assert len(store.get(sorted(esperados))) == len(esperados)


def test_varios_workers_ao_mesmo_tempo():
    vendedor = actor_of(usuario())
    ids = _muitas_notas(vendedor, 200)
    erros: list[BaseException] = []

    def trabalhar() -> None:
        try:
            ingestion.drain(batch=20)
        except BaseException as exc:  # noqa: BLE001
            erros.append(exc)

    threads = [threading.Thread(target=trabalhar) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not erros and ingestion.pending() == 0
    assert {f"interacao:{i}" for i in ids} <= set(store.all_ids())


def test_reindex_reconstroi_e_pode_rodar_de_novo(capsys):
    m = mundo()
    esperado = store.count()
    store.delete(ids=[f"lead:{m.alvo.id}"])
    store.upsert([store.Doc(id="lead:999999", texto="órfão", meta={"tipo_doc": "lead", "record_id": 999999})])
    assert main(["reindex-ai"]) == 0
    assert store.count() == esperado and "lead:999999" not in store.all_ids()
    assert main(["reindex-ai"]) == 0
    assert store.count() == esperado
    out = capsys.readouterr()
    assert f"{esperado} documentos reindexados" in out.out and "Reindexando IA" in out.err
