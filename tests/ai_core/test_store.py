"""The knowledge store: our embedding always attached, collections named by embedding and
dimension, the Chroma server path (CHROMA_URL) through the same code, and an outbox that waits
while Chroma is down and catches up afterwards."""

from __future__ import annotations

import pytest

from aurora_app.ai_core import embeddings, ingestion, store
from aurora_app.core.config import reset_settings_cache
from aurora_app.services import ai, interacoes
from tests.ai_helpers import mundo, nota


def test_colecao_usa_nossa_embedding_e_nome_com_dimensao():
    emb = embeddings.get_embedding()
    assert emb is embeddings.get_embedding()  # one instance per process
    assert store.collection_name() == "aurora_hash_512"
    col = store._collection()
    assert col._embedding_function is emb
    assert col.configuration_json["hnsw"]["ef_search"] == store.HNSW["ef_search"]
    # Chroma rebuilding the function from the collection's config gets our cached instance back
    assert type(emb).build_from_config(emb.get_config()) is emb


def test_guarda_falha_se_o_padrao_do_chroma_for_usado():
    from chromadb.utils import embedding_functions as ef

    with pytest.raises(AssertionError, match="downloading default"):
        ef.DefaultEmbeddingFunction()(["texto"])


def test_servidor_chroma_pelo_mesmo_caminho_e_outbox_espera_quando_cai(chroma_server, monkeypatch):
    monkeypatch.setenv("CHROMA_URL", chroma_server.url)
    reset_settings_cache()
    store.reset_clients()
    m = mundo()  # drained into the server
    assert store.count() > 0
    assert ai.busca(actor=m.dono, q="reunião com a diretoria financeira")["items"][0]["lead_id"] == m.ganho.id

    chroma_server.kill()
    store.reset_clients()
    nova = interacoes.add(
        actor=m.dono, lead_id=m.alvo.id, data=nota("Visita técnica agendada para validar a integração com a balança")
    )
    assert ingestion.pending() == 1  # the write succeeded without Chroma
    with pytest.raises(store.StoreUnavailable):
        ingestion.drain_once()
    assert ingestion.pending() == 1  # nothing lost

    chroma_server.start()
    store.reset_clients()
    assert ingestion.drain() == 1 and ingestion.pending() == 0
    hits = ai.busca(actor=m.dono, q="visita técnica integração balança")["items"]
    assert hits[0]["tipo"] == "interacao" and hits[0]["id"] == nova.id


def test_filtro_avaliado_aqui_igual_ao_do_chroma():
    """The over-fetched search keeps exactly what Chroma's own ``where`` keeps (same operators)."""
    from aurora_app.ai_core.store import _INAVALIAVEL, _aceita

    meta = {"publico": False, "dono": 3, "tipo": "nota", "lead_id": 7}
    assert _aceita({"$or": [{"publico": True}, {"dono": 3}]}, meta) is True
    assert _aceita({"$or": [{"publico": True}, {"dono": 4}]}, meta) is False
    assert _aceita({"$and": [{"dono": 3}, {"lead_id": {"$ne": 7}}]}, meta) is False
    assert _aceita({"$and": [{"dono": 3}, {"tipo": {"$ne": "tarefa"}}]}, meta) is True
    assert _aceita({"tipo": {"$in": ["nota", "email"]}}, meta) is True
    assert _aceita({"ausente": 1}, meta) is False
    assert _aceita({"dono": {"$gt": 1}}, meta) is _INAVALIAVEL  # Chroma filters what it does not know
