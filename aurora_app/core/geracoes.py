"""Write generations: values cached until the data they were computed from changes.

Each entity (``cliente``, ``lead``, the AI store ``ia``) has a generation number in the cache that
every committed write bumps (``invalidar``); a cached value's key carries the generations it
depends on, so it is never older than the last write it could have seen. The TTL bounds staleness
from writers outside the services (seed scripts). In ``core`` because the services and the AI
core's ingestion worker both bump them.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from typing import Any

from aurora_app.core.cache import BackendUnavailable, get_cache

# ``total`` is an exact count over every matching row: at 1M leads that costs more than the
# page itself. Counts are cached per (entity, filters) under a generation number that every
# write through the services bumps, so a total is never older than the last write it could
# have seen; the TTL bounds staleness from writers outside the services (e.g. seed scripts).
TOTAL_TTL_S = 60
GERACAO_IA = "ia"  # the AI store's generation: every ingestion batch and every vote bumps it


def _gen_key(entidade: str) -> str:
    return f"crm:gen:{entidade}"


def cacheado(entidade: str, filtros: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()`` (JSON-serialisable), cached under the entity's current generation."""
    try:
        cache = get_cache()
        gen = cache.get(_gen_key(entidade)) or "0"
        key = f"crm:agg:{entidade}:{gen}:{hashlib.sha1(repr(filtros).encode(), usedforsecurity=False).hexdigest()}"
        hit = cache.get(key)
        if hit is not None:
            return json.loads(hit)
    except BackendUnavailable:
        return compute()
    value = compute()
    try:
        cache.set(key, json.dumps(value), ttl_seconds=TOTAL_TTL_S)
    except BackendUnavailable:
        pass
    return value


def geracao(entidade: str) -> str:
    """The entity's current write generation, for a cached value that depends on a second
    entity too (put it in ``filtros``). Unknown when the cache is down: never a stale hit."""
    try:
        return get_cache().get(_gen_key(entidade)) or "0"
    except BackendUnavailable:
        return uuid.uuid4().hex


def invalidar(*entidades: str) -> None:
    """Call after a committed write: cached totals of these entities are recounted."""
    for entidade in entidades:
        try:
            get_cache().incr(_gen_key(entidade))
        except BackendUnavailable:
            pass
