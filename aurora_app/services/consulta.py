"""Query helpers shared by the clientes and leads services: search terms and keyset seek."""

from __future__ import annotations

import json
import re
import typing
from functools import lru_cache
from typing import Any

from sqlalchemy import String, and_, cast, func, literal, literal_column, or_, select, text
from sqlalchemy import update as sa_update
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.engine import CursorResult
from sqlalchemy.sql.elements import ColumnElement

from aurora_app.ai_core import ingestion
from aurora_app.core.cnpj import CNPJInvalido, normalizar_cnpj, strip_cnpj
from aurora_app.core.db import get_engine
from aurora_app.core.geracoes import cacheado
from aurora_app.models.base import NAO_PALAVRA, fold, utcnow
from aurora_app.models.cliente import MAX_DB_INT
from aurora_app.services import audit
from aurora_app.services.audit import RequestContext
from aurora_app.services.errors import Invalid, NotFound
from aurora_app.services.paging import Estimativa

MAX_BUSCA = 200
_CNPJ_CHARS = re.compile(r"^[0-9A-Za-z./\-\s]+$")
_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")  # controls and lone surrogates: spaces


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


def escape_like(term: str) -> str:
    """LIKE wildcards taken literally (use with ``escape='\\\\'``)."""
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
    # Identifiers from the mapped Column (never from input); the searched word is a bound parameter.
    sql = text(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {tabela} WHERE {coluna} ILIKE :p")  # noqa: S608
    with get_engine().connect() as conn:
        plan = conn.execute(sql, {"p": f"%{escape_like(palavra)}%"}).scalar_one()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


def _texto(column: Any, term: str, pg: bool) -> ColumnElement[bool]:
    """``busca ILIKE '%term%'`` (served by the pg_trgm GIN index).

    A trigram scan reads the posting list of every trigram of the term, and the lists of common
    words ("sao", "ipe", "ltda") grow with the table. So on PostgreSQL a phrase goes through the
    index by its rarest word only (by the planner's estimate) and is checked whole as a filter."""
    pattern = f"%{escape_like(term)}%"
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
        column.ilike(f"%{escape_like(rarest)}%", escape="\\"),
        (column + "").ilike(pattern, escape="\\"),  # not indexable: checked on the few candidates
    )


# --- whole words and prefixes (full-text index), fragments by trigrams ---------------------
# The trigram GIN's posting lists grow with the table (issue 15: search p95 1.57x from 20k to
# 200k clientes). Words typed from their start ("ipe", "sao joao", "ferrag") go through a GIN
# full-text index on the words of ``busca`` instead; a fragment from the middle of a word
# ("erragens") still finds its rows through the trigram search when no word starts with it.
def _cond_palavras(column: Any, termo: str, pg: bool) -> ColumnElement[bool] | None:
    """Rows where the term's words appear in order, each a whole word but the last, which may
    be a prefix: ``aurora_palavras(busca) LIKE '% sao joao%'`` (SQLite). On PostgreSQL the GIN
    index ``ix_cliente_busca_palavras`` (a parser-free tsvector of the same words) finds the rows
    where the words are whole and the last starts a word (``'sao' & 'joao':*``); for several,
    a regular expression on those candidates checks order and adjacency, the same rule without
    recomputing the words of each row (``regexp_replace`` per row cost 4x the whole search)."""
    words = [w for w in NAO_PALAVRA.split(termo) if w]
    if not words:
        return None
    if not pg:
        return func.aurora_palavras(column).like(f"% {' '.join(words)}%")
    vetor = func.array_to_tsvector(
        func.string_to_array(func.btrim(func.aurora_palavras(column)), literal_column("' '"))
    )
    # Every word but the last is whole: an exact entry, which GIN's fast scan skips through using
    # the rarest one. A prefix entry (``'sao':*``) is first collected whole into a bitmap, so the
    # common words' lists made the search grow with the table (issue 15: at 200k clientes
    # "sao joao moxaze" took 4.5 ms in the index with prefixes, 0.3 ms with exact words).
    consulta = " & ".join([*(f"'{w}'" for w in words[:-1]), f"'{words[-1]}':*"])
    cond = vetor.op("@@")(cast(literal(consulta, String), TSQUERY))
    if len(words) == 1:
        return cond
    ordem = "(^|[^a-z0-9])" + "[^a-z0-9]+".join(words)
    return and_(cond, (column + "").op("~")(ordem))  # ``+ ''``: not a trigram index condition


# At most this many word matches are resolved to their ids first. The planner cannot estimate a
# prefix search (it assumes 2% of the table), so for a rare word it walked the keyset index
# newest-first testing every row (3 s at 200k clientes for 8 matches); ``id IN (...)`` it
# estimates exactly. Many matches keep the index condition: a walk finds a page among them fast.
POUCOS_IDS = 500


def _ids_por_palavras(column: Any, cond: ColumnElement[bool], contexto: tuple) -> list[int]:
    """Ids of the rows matching ``cond`` among ``contexto``, up to ``POUCOS_IDS + 1``."""
    id_col = column.table.c.id
    with get_engine().connect() as conn:
        return list(conn.execute(select(id_col).where(*contexto, cond).limit(POUCOS_IDS + 1)).scalars())


def cond_busca(
    column: Any, busca: str | None, cnpj_col: Any = None, palavras_entre: tuple | None = None
) -> ColumnElement[bool] | None:
    """Case- and accent-insensitive substring search on the folded ``busca`` column:
    ``busca ILIKE '%term%'`` on PostgreSQL (served by the pg_trgm GIN index), LIKE on SQLite.

    With ``cnpj_col``, CNPJ-looking input uses the CNPJ's btree instead: a complete valid CNPJ
    (any mask) by equality, a root or longer prefix (8+ characters, "11.222.333") by range.
    Shorter digit fragments ("0001-81") still go through the trigram search.

    With ``palavras_entre`` (the list's other conditions), text goes by whole words and prefixes
    first (:func:`_cond_palavras`); only when no row among those matches that way does it fall
    back to the substring search, so a mid-word fragment still finds what it found before."""
    terms = termos_busca(busca)
    if not terms:
        return None
    pg = get_engine().dialect.name == "postgresql"
    text = terms[0]
    bare = (
        terms[1]
        if len(terms) == 2
        else (text if _SO_CNPJ.match(text) and sum(c.isdigit() for c in text) >= 2 else None)
    )
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
    if palavras_entre is not None:
        por_palavras = _cond_palavras(column, text, pg)
        ids = _ids_por_palavras(column, por_palavras, palavras_entre) if por_palavras is not None else []
        if ids:
            return column.table.c.id.in_(ids) if pg and len(ids) <= POUCOS_IDS else por_palavras
    conds = [_texto(column, t, pg) for t in terms]
    return conds[0] if len(conds) == 1 else or_(*conds)


# Cached totals: ``core/geracoes.py`` (write generations).
# An unfiltered list (every live row of the table) above this many rows shows the planner's
# estimate instead of an exact count: at 1M leads the count cost ~100 ms cold (and every write
# makes it cold again), the estimate ~0.5 ms, off by well under 1% after ANALYZE (figures:
# BENCHMARKS.md, `list_totals` in bench/results.json). Filtered lists stay exact.
ESTIMAR_ACIMA = 200_000


def _linhas_estimadas(stmt: Any) -> int | None:
    """The planner's row estimate for ``stmt``'s WHERE (PostgreSQL; None elsewhere)."""
    engine = get_engine()
    if engine.dialect.name != "postgresql":
        return None
    compiled = stmt.with_only_columns(literal_column("1")).compile(dialect=engine.dialect)
    with engine.connect() as conn:  # its own connection: a failure never aborts the caller's transaction
        plan = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params).scalar_one()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def contar(session: Any, entidade: str, filtros: tuple, stmt: Any) -> int:
    """``SELECT count(*)`` through :func:`cacheado`; for an unfiltered list (every filter None)
    of more than ``ESTIMAR_ACIMA`` rows, the planner's estimate (an :class:`Estimativa`)."""
    if all(f is None for f in filtros):
        try:
            estimativa = _linhas_estimadas(stmt)
        except Exception:  # noqa: BLE001 - an estimate is an optimisation, never a failure
            estimativa = None
        if estimativa is not None and estimativa >= ESTIMAR_ACIMA:
            return Estimativa(estimativa)
    return int(cacheado(entidade, ("count", *filtros), lambda: session.execute(stmt).scalar_one()))


def inserir_auditado(
    session: Any, row: Any, *, usuario_id: int, detalhes: dict[str, Any], ctx: RequestContext | None
) -> int:
    """Insert a new cliente or lead in the caller's transaction: audited as ``<entidade>_criado``
    and handed to the AI outbox (which indexes it). Returns its id."""
    session.add(row)
    session.flush()
    entidade = row.__tablename__
    audit.record(
        session,
        acao=f"{entidade}_criado",
        usuario_id=usuario_id,
        entidade=entidade,
        entidade_id=row.id,
        detalhes=detalhes,
        ctx=ctx,
    )
    ingestion.enqueue(session, entidade, typing.cast(int, row.id))
    return typing.cast(int, row.id)


def remover_logico(
    session: Any,
    modelo: Any,
    registro_id: int,
    nao_encontrado: str,
    *,
    usuario_id: int,
    detalhes: dict[str, Any],
    ctx: RequestContext | None,
) -> None:
    """Soft delete one live row (``removido_em`` now, ``versao`` + 1, so a stale edit is a 409);
    ``NotFound`` when another request removed it first. Audited as ``<entidade>_removido`` and
    handed to the AI outbox (which drops it from the store), in the caller's transaction."""
    result = session.execute(
        sa_update(modelo)
        .where(modelo.id == registro_id, modelo.removido_em.is_(None))
        .values(removido_em=utcnow(), versao=modelo.versao + 1)
        .execution_options(synchronize_session=False)
    )
    if typing.cast(CursorResult, result).rowcount != 1:
        raise NotFound(nao_encontrado, code="nao_encontrado")
    entidade = modelo.__tablename__
    audit.record(
        session,
        acao=f"{entidade}_removido",
        usuario_id=usuario_id,
        entidade=entidade,
        entidade_id=registro_id,
        detalhes=detalhes,
        ctx=ctx,
    )
    ingestion.enqueue(session, entidade, registro_id)


def check_id(value: int | None, nome: str = "id") -> int | None:
    """Ids that the database can hold (anything else can't exist: 404/422, never a 500)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DB_INT:
        raise Invalid(f"O parâmetro {nome} é inválido.", code="parametro_invalido")
    return value
