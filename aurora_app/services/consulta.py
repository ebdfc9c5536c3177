"""Query helpers shared by the clientes and leads services: search terms and keyset seek."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy.sql.elements import ColumnElement

from aurora_app.core.cnpj import strip_cnpj
from aurora_app.core.db import get_engine
from aurora_app.models.base import fold
from aurora_app.models.cliente import MAX_DB_INT
from aurora_app.services.errors import Invalid
from aurora_app.services.paging import decode_cursor

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


def cond_busca(column: Any, busca: str | None) -> ColumnElement[bool] | None:
    """``busca ILIKE '%term%'`` on PostgreSQL (served by the pg_trgm GIN index), LIKE on SQLite
    (the column is already folded to lower case, so both are case-insensitive)."""
    terms = termos_busca(busca)
    if not terms:
        return None
    pg = get_engine().dialect.name == "postgresql"
    conds = [
        (column.ilike if pg else column.like)(f"%{_escape_like(t)}%", escape="\\")
        for t in terms
    ]
    return conds[0] if len(conds) == 1 else or_(*conds)


def apos_cursor(created_col: Any, id_col: Any, cursor: str | None) -> ColumnElement[bool] | None:
    """Rows after the cursor in (criado_em DESC, id DESC) order.

    Same meaning as ``paging.after_cursor`` plus a redundant ``criado_em <= :c`` so that both
    PostgreSQL and SQLite turn the seek into an index range scan (the bare OR form made
    PostgreSQL bitmap-scan and sort everything older than the cursor: deep pages got slow).
    """
    if not cursor:
        return None
    if not isinstance(cursor, str) or len(cursor) > 200:
        raise Invalid("Cursor de paginação inválido.", code="cursor_invalido")
    criado_em, row_id = decode_cursor(cursor)
    if not 0 <= row_id <= MAX_DB_INT:
        raise Invalid("Cursor de paginação inválido.", code="cursor_invalido")
    try:
        criado_em.timestamp()
    except (OverflowError, ValueError, OSError) as exc:
        raise Invalid("Cursor de paginação inválido.", code="cursor_invalido") from exc
    return and_(
        created_col <= criado_em,
        or_(created_col < criado_em, and_(created_col == criado_em, id_col < row_id)),
    )


def check_id(value: int | None, nome: str = "id") -> int | None:
    """Ids that the database can hold (anything else can't exist: 404/422, never a 500)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DB_INT:
        raise Invalid(f"O parâmetro {nome} é inválido.", code="parametro_invalido")
    return value
