"""Query helpers shared by the clientes and leads services: search terms and keyset seek."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, or_, text
from sqlalchemy.sql.elements import ColumnElement

from aurora_app.core.cache import BackendUnavailable, get_cache
from aurora_app.core.cnpj import CNPJInvalido, normalizar_cnpj, strip_cnpj
from aurora_app.core.db import get_engine
from aurora_app.models.base import fold
from aurora_app.models.cliente import MAX_DB_INT
from aurora_app.services.errors import Invalid

MAX_BUSCA = 200
_CNPJ_CHARS = re.compile(r"^[0-9A-Za-z./\-\s]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def termos_busca(busca: str | None) -> list[str]:
    """Folded search terms: the text itself and, when it looks like a CNPJ fragment
    (masked or bare, at least 2 digits), the same without the mask: "11.222.333" → "11222333"."""
    if busca is None:
        return []
    if not isinstance(busca, str):
        raise Invalid("O parâmetro busca deve ser um texto.", code="busca_invalida")
    if len(busca) > MAX_BUSCA:
        raise Invalid(f"A busca deve ter no máximo {MAX_BUSCA} caracteres.", code="busca_invalida")
    text = " ".join(_CONTROL.sub(" ", busca).split())
    if not text:
        return []
    terms = [fold(text)]
    if _CNPJ_CHARS.match(text) and sum(ch.isdigit() for ch in text) >= 2:
        bare = fold(strip_cnpj(text))
        if bare and bare not in terms:
            terms.append(bare)
    return terms


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_ALFABETO = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # CNPJ characters, in collation order
_SO_CNPJ = re.compile(r"^[0-9a-z]+$")


def _sucessor(prefixo: str) -> str | None:
    """The smallest [0-9A-Z] string above every string that starts with ``prefixo``."""
    chars = list(prefixo)
    while chars:
        i = _ALFABETO.index(chars[-1])
        if i + 1 < len(_ALFABETO):
            chars[-1] = _ALFABETO[i + 1]
            return "".join(chars)
        chars.pop()
    return None


def _cnpj_prefixo(cnpj_col: Any, prefixo: str) -> ColumnElement[bool]:
    """``cnpj`` starts with ``prefixo``, as a btree range (constant cost at any table size; the
    trigram index would read digit trigrams present in nearly every row). The LIKE keeps it
    exact whatever the collation."""
    conds = [cnpj_col >= prefixo, cnpj_col.like(f"{prefixo}%")]
    teto = _sucessor(prefixo)
    if teto:
        conds.append(cnpj_col < teto)
    return and_(*conds)


@lru_cache(maxsize=4096)
def _estimativa(url: str, tabela: str, coluna: str, palavra: str) -> float:
    """The planner's row estimate for ``coluna ILIKE '%palavra%'`` (from the column's MCV list
    and histogram, so common words show up as common). Planning only: ~0.2 ms, nothing read."""
    sql = text(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {tabela} WHERE {coluna} ILIKE :p")
    with get_engine().connect() as conn:
        plan = conn.execute(sql, {"p": f"%{_escape_like(palavra)}%"}).scalar_one()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


def _texto(column: Any, term: str, pg: bool) -> ColumnElement[bool]:
    """``busca ILIKE '%term%'`` (served by the pg_trgm GIN index).

    A trigram scan reads the posting list of every trigram of the term, and the lists of common
    words ("sao", "ipe", "ltda") grow with the table. So on PostgreSQL a phrase goes through the
    index by its rarest word only (by the planner's estimate) and is checked whole as a filter."""
    pattern = f"%{_escape_like(term)}%"
    if not pg:
        return column.like(pattern, escape="\\")
    words = sorted({w for w in term.split(" ") if len(w) >= 3})
    if len(words) < 2 or len(words) > 6:
        return column.ilike(pattern, escape="\\")
    try:
        url = str(get_engine().url)
        rarest = min(words, key=lambda w: (_estimativa(url, column.table.name, column.name, w), -len(w)))
    except Exception:  # noqa: BLE001 - an estimate is an optimisation, never a failure
        return column.ilike(pattern, escape="\\")
    return and_(
        column.ilike(f"%{_escape_like(rarest)}%", escape="\\"),
        (column + "").ilike(pattern, escape="\\"),  # not indexable: checked on the few candidates
    )


def cond_busca(column: Any, busca: str | None, cnpj_col: Any = None) -> ColumnElement[bool] | None:
    """Case- and accent-insensitive substring search on the folded ``busca`` column:
    ``busca ILIKE '%term%'`` on PostgreSQL (served by the pg_trgm GIN index), LIKE on SQLite.

    With ``cnpj_col``, CNPJ-looking input uses the CNPJ's btree instead: a complete valid CNPJ
    (any mask) by equality, a root or longer prefix (8+ characters, "11.222.333") by range.
    Shorter digit fragments ("0001-81") still go through the trigram search."""
    terms = termos_busca(busca)
    if not terms:
        return None
    pg = get_engine().dialect.name == "postgresql"
    text = terms[0]
    bare = terms[1] if len(terms) == 2 else (text if _SO_CNPJ.match(text) and sum(c.isdigit() for c in text) >= 2 else None)
    if cnpj_col is not None and bare and _SO_CNPJ.match(bare):
        try:
            return cnpj_col == normalizar_cnpj(bare)
        except CNPJInvalido:
            pass
        if len(bare) >= 8:
            prefixo = _cnpj_prefixo(cnpj_col, bare.upper())
            if any(c.isalpha() for c in text.replace(".", "").replace("/", "").replace("-", "")):
                return or_(prefixo, _texto(column, text, pg))  # "abc12345": a CNPJ root or a word
            return prefixo
    conds = [_texto(column, t, pg) for t in terms]
    return conds[0] if len(conds) == 1 else or_(*conds)


# --- cached totals -------------------------------------------------------------------------
# ``total`` is an exact count over every matching row: at 1M leads that costs more than the
# page itself. Counts are cached per (entity, filters) under a generation number that every
# write through the services bumps, so a total is never older than the last write it could
# have seen; the TTL bounds staleness from writers outside the services (e.g. seed scripts).
TOTAL_TTL_S = 60


def _gen_key(entidade: str) -> str:
    return f"crm:gen:{entidade}"


def cacheado(entidade: str, filtros: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()`` (JSON-serialisable), cached under the entity's current generation."""
    try:
        cache = get_cache()
        gen = cache.get(_gen_key(entidade)) or "0"
        key = f"crm:agg:{entidade}:{gen}:{hashlib.sha1(repr(filtros).encode()).hexdigest()}"
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


def contar(session: Any, entidade: str, filtros: tuple, stmt: Any) -> int:
    """``SELECT count(*)`` through :func:`cacheado`."""
    return int(cacheado(entidade, ("count", *filtros), lambda: session.execute(stmt).scalar_one()))


def invalidar(*entidades: str) -> None:
    """Call after a committed write: cached totals of these entities are recounted."""
    for entidade in entidades:
        try:
            get_cache().incr(_gen_key(entidade))
        except BackendUnavailable:
            pass


def check_id(value: int | None, nome: str = "id") -> int | None:
    """Ids that the database can hold (anything else can't exist: 404/422, never a 500)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DB_INT:
        raise Invalid(f"O parâmetro {nome} é inválido.", code="parametro_invalido")
    return value
