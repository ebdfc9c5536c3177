"""Embeddings: deterministic hashing, the real default (multilingual USE, offline), and the
measured quality on a labelled Portuguese set: the default must beat the hashing fallback."""

from __future__ import annotations

import numpy as np
import pytest

from aurora_app.ai_core import embeddings
from tests.ai_core.dataset_ptbr import CONSULTAS, NOTAS, precisao_at_5

pytestmark = pytest.mark.no_db


def test_conjunto_rotulado_tem_o_tamanho_pedido():
    assert len(NOTAS) == 6 and sum(len(v) for v in NOTAS.values()) >= 60 and len(CONSULTAS) >= 12


def test_hash_e_deterministico_normalizado_e_sensivel_ao_texto():
    emb = embeddings.HashEmbedding()
    a, b, c = emb.encode(["Reunião com o cliente", "Reunião com o cliente", "Entrega atrasada"])
    assert np.allclose(a, b) and abs(np.linalg.norm(a) - 1) < 1e-5
    assert float(a @ c) < 0.5
    assert emb.encode([""]).shape == (1, 512)


def test_embedding_padrao_e_o_use_multilingue_com_threads_dos_nucleos(monkeypatch):
    from aurora_app.core.config import reset_settings_cache

    monkeypatch.delenv("AI_EMBEDDING", raising=False)
    reset_settings_cache()
    emb = embeddings.get_embedding()
    assert isinstance(emb, embeddings.UseEmbedding) and emb.dim == 512
    assert emb.threads == embeddings.cores()
    assert emb is embeddings.get_embedding("use")
    v = emb.encode(["O cliente pediu desconto", "Cliente quer um preço menor", "O caminhão atrasou"])
    assert v.shape == (3, 512)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2])


def test_configuracao_invalida_e_fallback():
    with pytest.raises(ValueError):
        embeddings.get_embedding("gpt")


def test_padrao_supera_o_hash_no_conjunto_rotulado():
    p_use = precisao_at_5(embeddings.get_embedding("use"))
    p_hash = precisao_at_5(embeddings.get_embedding("hash"))
    print(f"P@5 use={p_use:.2f} hash={p_hash:.2f}")
    assert p_use > p_hash
    assert p_use >= 0.6
