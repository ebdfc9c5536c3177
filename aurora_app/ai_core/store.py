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
        _call(col.upsert, ids=[d.id for d in part], documents=[d.texto for d in part],
              metadatas=[d.meta for d in part], embeddings=vectors)
    return len(docs)


def delete(*, ids: list[str] | None = None, where: dict[str, Any] | None = None, embedding=None) -> None:  # noqa: ANN001
    if not ids and not where:
        return
    col = _collection(embedding)
    if ids:
        _call(col.delete, ids=ids)
    if where:
        _call(col.delete, where=where)


def query(texto: str, *, where: dict[str, Any] | None = None, n: int = 10, embedding=None) -> list[Hit]:  # noqa: ANN001
    """The ``n`` nearest documents to ``texto`` among those matching ``where`` (permission and
    kind filters are applied inside Chroma's search, not after it)."""
    emb = embedding or get_embedding()
    col = _collection(emb)
    vector = emb.encode_query([texto])
    res = _call(col.query, query_embeddings=vector, n_results=max(1, n), where=where or None,
                include=["documents", "metadatas", "distances"])
    hits = []
    for doc_id, texto_doc, meta, dist in zip(res["ids"][0], res["documents"][0], res["metadatas"][0],
                                             res["distances"][0], strict=True):
        hits.append(Hit(id=doc_id, texto=texto_doc or "", meta=dict(meta or {}), score=round(1.0 - float(dist), 4)))
    return hits


def get(ids: list[str], *, embedding=None) -> list[Doc]:  # noqa: ANN001
    col = _collection(embedding)
    res = _call(col.get, ids=ids, include=["documents", "metadatas"])
    return [Doc(id=i, texto=t or "", meta=dict(m or {})) for i, t, m in zip(res["ids"], res["documents"], res["metadatas"], strict=True)]


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
