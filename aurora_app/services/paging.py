"""Keyset paging shared by every list: opaque cursors over (criado_em, id), newest first.

Page 1,000 costs what page 1 costs: the query seeks past the last row seen instead of OFFSET.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import and_, or_
from sqlalchemy.sql.elements import ColumnElement

from aurora_app.models.cliente import MAX_DB_INT
from aurora_app.models.entrada import LIMITE_CURSOR, em_faixa
from aurora_app.services.errors import Invalid

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None
    total: int
    # True when ``total`` is the planner's estimate of a very large unfiltered list (see
    # ``services.consulta.contar``): "cerca de 1.000.000" instead of a 100 ms count(*).
    total_estimado: bool = False


class Estimativa(int):
    """A total taken from PostgreSQL's statistics, not counted (``Page.total_estimado``)."""


def check_limit(limite: int | None) -> int:
    if limite is None:
        return DEFAULT_LIMIT
    if not isinstance(limite, int) or not 1 <= limite <= MAX_LIMIT:
        raise Invalid(f"O parâmetro limite deve estar entre 1 e {MAX_LIMIT}.", code="limite_invalido")
    return limite


def encode_cursor(criado_em: datetime, row_id: int) -> str:
    raw = json.dumps([criado_em.isoformat(), row_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """Anything but a cursor we issued is a 422, never a 500 (hostile input included)."""
    invalid = Invalid("Cursor de paginação inválido.", code="cursor_invalido")
    if not isinstance(cursor, str) or len(cursor) > 200:
        raise invalid
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        criado_em, row_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        criado_em, row_id = datetime.fromisoformat(criado_em), int(row_id)
    except (ValueError, TypeError, OverflowError, OSError, json.JSONDecodeError) as exc:
        raise invalid from exc
    # Out-of-range dates (year 9999 with a -23:59 offset...) fail here, not in the driver.
    if not em_faixa(criado_em, ate=LIMITE_CURSOR) or not 0 <= row_id <= MAX_DB_INT:
        raise invalid
    return criado_em, row_id


def encode_chave(*partes: Any) -> str:
    """An opaque cursor for another order than (criado_em, id): JSON of ``partes``, base64."""
    raw = json.dumps(list(partes), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_chave(cursor: str, n: int) -> list[Any]:
    """The ``n`` parts of a cursor made by :func:`encode_chave`; anything else is a 422."""
    invalid = Invalid("Cursor de paginação inválido.", code="cursor_invalido")
    if not isinstance(cursor, str) or len(cursor) > 200:
        raise invalid
    try:
        partes = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        raise invalid from exc
    if not isinstance(partes, list) or len(partes) != n:
        raise invalid
    return partes


def seek_ordem(ordem: str, cursor: str, coluna: Any, id_col: Any, ler: Callable[[Any], Any]) -> Any:
    """Rows after a cursor made by :func:`page_ordenada` for ``ordem`` (``-`` prefix: descending),
    ties broken by id in the same direction. ``ler`` turns the cursor's value back into the
    column's type. A cursor made for another order, or garbage, is a 422."""
    invalid = Invalid("Cursor de paginação inválido.", code="cursor_invalido")
    de, valor, row_id = decode_chave(cursor, 3)
    if de != ordem or isinstance(row_id, bool) or not isinstance(row_id, int) or not 0 <= row_id <= MAX_DB_INT:
        raise invalid
    try:
        chave = ler(valor)
    except (ValueError, TypeError, ArithmeticError):
        raise invalid from None
    if ordem.startswith("-"):
        return (coluna < chave) | ((coluna == chave) & (id_col < row_id))
    return (coluna > chave) | ((coluna == chave) & (id_col > row_id))


def page_ordenada(reads: list[Any], limite: int, total: int, ordem: str, valor: Callable[[Any], Any]) -> Page:
    """A page fetched with ``limit(limite + 1)`` in ``ordem``; its cursor holds the last row's
    ``valor`` (JSON-safe) and id, for :func:`seek_ordem`."""
    more = len(reads) > limite
    reads = reads[:limite]
    return Page(
        items=reads,
        next_cursor=encode_chave(ordem, valor(reads[-1]), reads[-1].id) if more and reads else None,
        total=int(total),
        total_estimado=isinstance(total, Estimativa),
    )


def after_cursor(created_col: Any, id_col: Any, cursor: str | None) -> ColumnElement[bool] | None:
    """WHERE clause for 'rows after the cursor' in (criado_em DESC, id DESC) order.

    The redundant ``criado_em <= :c`` lets PostgreSQL and SQLite turn the seek into an index
    range scan (the bare OR form made PostgreSQL bitmap-scan and sort everything older than
    the cursor: deep pages got slow).
    """
    if not cursor:
        return None
    criado_em, row_id = decode_cursor(cursor)
    return and_(
        created_col <= criado_em,
        or_(created_col < criado_em, and_(created_col == criado_em, id_col < row_id)),
    )


def build_page(rows: list[Any], limite: int, total: int, to_read) -> Page:  # noqa: ANN001
    """``rows`` was fetched with ``limit(limite + 1)``: the extra row tells whether more exist."""
    more = len(rows) > limite
    rows = rows[:limite]
    next_cursor = encode_cursor(rows[-1].criado_em, rows[-1].id) if more and rows else None
    return Page(
        items=[to_read(r) for r in rows],
        next_cursor=next_cursor,
        total=int(total),
        total_estimado=isinstance(total, Estimativa),
    )
