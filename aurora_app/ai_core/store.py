"""Knowledge store: one Chroma collection per embedding (named by embedding and dimension).

``CHROMA_URL`` set → ``HttpClient`` (a Chroma server, e.g. ``chroma run``); otherwise an embedded
``PersistentClient`` at ``CHROMA_PATH``. Everything else is the same code path. The embedding
is computed here and handed to Chroma as vectors, and the collection is opened with our
embedding instance too, so Chroma never falls back to its downloading default.

HNSW settings are chosen at creation (they persist with the collection): cosine space, a wider
graph and search beam than the defaults, whose recall is low on hard data.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from aurora_app.ai_core.embeddings import get_embedding

log = logging.getLogger("aurora.ai")

HNSW = {"space": "cosine", "ef_construction": 200, "ef_search": 128, "max_neighbors": 32}
MAX_BATCH = 5000  # Chroma refuses an add above ~5,461 records
PREFIX = "aurora"


class StoreUnavailable(RuntimeError):
    """Chroma cannot be reached or refused the operation."""


@dataclass
class Hit:
    id: str
    texto: str
    meta: dict[str, Any]
    score: float  # cosine similarity, 1 = identical

    @property
    def tipo(self) -> str:
        return str(self.meta.get("tipo_doc", ""))

    @property
    def record_id(self) -> int:
        return int(self.meta.get("record_id", 0))


@dataclass
class Doc:
    id: str
    texto: str
    meta: dict[str, Any] = field(default_factory=dict)


_clients: dict[tuple[str, str], Any] = {}
_lock = threading.Lock()


def _settings():
    from aurora_app.core.config import get_settings  # noqa: PLC0415

    return get_settings()


def _client() -> Any:
    import chromadb  # noqa: PLC0415 - heavy import, only when the AI core is used
    from chromadb.config import Settings as ChromaSettings  # noqa: PLC0415

    s = _settings()
    key = (s.CHROMA_URL or "", s.CHROMA_PATH)
    with _lock:
        if key not in _clients:
            chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
            if s.CHROMA_URL:
                url = urlparse(s.CHROMA_URL)
                _clients[key] = chromadb.HttpClient(
                    host=url.hostname or "localhost",
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=chroma_settings,
                )
            else:
                _clients[key] = chromadb.PersistentClient(path=s.CHROMA_PATH, settings=chroma_settings)
        return _clients[key]


def reset_clients() -> None:
    """Tests switch CHROMA_PATH/CHROMA_URL between cases."""
    with _lock:
        _clients.clear()


def collection_name(embedding=None) -> str:  # noqa: ANN001
    emb = embedding or get_embedding()
    return f"{PREFIX}_{emb.collection_suffix}"


def _collection(embedding=None):  # noqa: ANN001, ANN202
    emb = embedding or get_embedding()
    try:
        return _client().get_or_create_collection(
            name=collection_name(emb),
            embedding_function=emb,
            configuration={"hnsw": dict(HNSW)},
            metadata={"embedding": emb.name(), "dim": emb.dim},
        )
    except Exception as exc:  # noqa: BLE001 - connection refused, timeouts, server errors
        raise StoreUnavailable(f"base de conhecimento indisponível: {exc}") from exc


def _call(fn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
    try:
        return fn(*args, **kwargs)
    except StoreUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001
        raise StoreUnavailable(f"base de conhecimento indisponível: {exc}") from exc


def upsert(docs: list[Doc], *, embedding=None) -> int:  # noqa: ANN001
    """Idempotent by id: the same record written twice is one document."""
    if not docs:
        return 0
    emb = embedding or get_embedding()
    col = _collection(emb)
    for i in range(0, len(docs), MAX_BATCH):
        part = docs[i : i + MAX_BATCH]
        vectors = emb.encode([d.texto for d in part])
        _call(
            col.upsert,
            ids=[d.id for d in part],
            documents=[d.texto for d in part],
            metadatas=[d.meta for d in part],
            embeddings=vectors,
        )
    return len(docs)


def delete(*, ids: list[str] | None = None, where: dict[str, Any] | None = None, embedding=None) -> None:  # noqa: ANN001
    if not ids and not where:
        return
    col = _collection(embedding)
    if ids:
        _call(col.delete, ids=ids)
    if where:
        _call(col.delete, where=where)


# Chroma applies a ``where`` filter by listing the matching ids from its metadata index first:
# at 100k documents and a vendedor's permission filter (public or theirs) that was 257 ms p50,
# against 10 ms for the same search unfiltered (bench/bench_ai.py). So a filtered search first
# asks the HNSW index for ``SOBRE_BUSCA`` times more neighbours, unfiltered, and keeps those the
# filter accepts (evaluated here, same semantics); when fewer than ``n`` survive, Chroma's own
# filtered search answers. Either way only documents the filter accepts are returned.
SOBRE_BUSCA = 4
_INAVALIAVEL = object()


def _aceita(where: dict[str, Any], meta: dict[str, Any]) -> Any:
    """Whether ``meta`` passes a Chroma ``where`` (True/False), or ``_INAVALIAVEL`` for an operator
    this evaluator does not know (then Chroma filters)."""
    resultados = []
    for chave, cond in where.items():
        if chave in ("$and", "$or"):
            partes = [_aceita(c, meta) for c in cond]
            if _INAVALIAVEL in partes:
                return _INAVALIAVEL
            resultados.append(all(partes) if chave == "$and" else any(partes))
        elif chave.startswith("$"):
            return _INAVALIAVEL
        elif isinstance(cond, dict):
            if len(cond) != 1:
                return _INAVALIAVEL
            ((op, valor),) = cond.items()
            atual = meta.get(chave)
            if op == "$eq":
                resultados.append(atual == valor)
            elif op == "$ne":
                resultados.append(atual != valor)
            elif op == "$in":
                resultados.append(atual in valor)
            elif op == "$nin":
                resultados.append(atual not in valor)
            else:
                return _INAVALIAVEL
        else:
            resultados.append(chave in meta and meta[chave] == cond)
    return all(resultados)


def _hits(res: dict[str, Any]) -> list[Hit]:
    return [
        Hit(id=doc_id, texto=texto_doc or "", meta=dict(meta or {}), score=round(1.0 - float(dist), 4))
        for doc_id, texto_doc, meta, dist in zip(
            res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0], strict=True
        )
    ]


def query(texto: str, *, where: dict[str, Any] | None = None, n: int = 10, embedding=None) -> list[Hit]:  # noqa: ANN001
    """The ``n`` nearest documents to ``texto`` among those matching ``where`` (the permission
    filter decides what comes back; retrieval never returns a document it refuses)."""
    emb = embedding or get_embedding()
    return query_vetor(emb.encode_query([texto]), where=where, n=n, embedding=emb)


def query_vetor(vector: Any, *, where: dict[str, Any] | None = None, n: int = 10, embedding=None) -> list[Hit]:  # noqa: ANN001
    """``query`` with the query's vector already computed."""
    col = _collection(embedding)
    n = max(1, n)
    include = ["documents", "metadatas", "distances"]
    if where and _aceita(where, {}) is not _INAVALIAVEL:
        k = min(max(n * SOBRE_BUSCA, 40), 1000)
        # Neighbours' metadata only; the texts are read for the ones kept (a few, not k).
        res = _call(col.query, query_embeddings=vector, n_results=k, include=["metadatas", "distances"])
        vistos = list(zip(res["ids"][0], res["metadatas"][0], res["distances"][0], strict=True))
        aceitos = [(i, dict(m or {}), d) for i, m, d in vistos if _aceita(where, dict(m or {})) is True][:n]
        if len(aceitos) >= n or len(vistos) < k:  # enough, or the whole collection was seen
            lidos = _call(col.get, ids=[i for i, _, _ in aceitos], include=["documents"]) if aceitos else None
            textos = dict(zip(lidos["ids"], lidos["documents"], strict=True)) if lidos else {}
            return [
                Hit(id=i, texto=textos.get(i) or "", meta=m, score=round(1.0 - float(d), 4)) for i, m, d in aceitos
            ]
    res = _call(col.query, query_embeddings=vector, n_results=n, where=where or None, include=include)
    return _hits(res)


def get(ids: list[str], *, embedding=None) -> list[Doc]:  # noqa: ANN001
    col = _collection(embedding)
    res = _call(col.get, ids=ids, include=["documents", "metadatas"])
    return [
        Doc(id=i, texto=t or "", meta=dict(m or {}))
        for i, t, m in zip(res["ids"], res["documents"], res["metadatas"], strict=True)
    ]


def ids_contendo(trecho: str, *, embedding=None) -> list[str]:  # noqa: ANN001
    """Ids of the documents whose text contains ``trecho`` (exact, case-sensitive): the LGPD
    anonymisation removes every document that still mentions the titular."""
    if not trecho:
        return []
    col = _collection(embedding)
    res = _call(col.get, where_document={"$contains": trecho}, include=[])
    return list(res["ids"])


def all_ids(*, embedding=None, page: int = 5000) -> list[str]:  # noqa: ANN001
    col = _collection(embedding)
    ids: list[str] = []
    offset = 0
    while True:
        res = _call(col.get, include=[], limit=page, offset=offset)
        ids.extend(res["ids"])
        if len(res["ids"]) < page:
            return ids
        offset += page


def count(*, embedding=None) -> int:  # noqa: ANN001
    return int(_call(_collection(embedding).count))


def ping() -> None:
    """Raises StoreUnavailable when Chroma does not answer."""
    _call(lambda: _client().heartbeat())
