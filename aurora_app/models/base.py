"""Shared column types and helpers for the SQLModel tables."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC (SQLite has no time zones) and always returns aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):  # noqa: ANN001
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def fold(text: str | None) -> str:
    """Lower case without accents: 'Ipê' → 'ipe'. Feeds the ``busca`` columns."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


NAO_PALAVRA = re.compile(r"[^a-z0-9]+")


def palavras(texto: str | None) -> str | None:
    """``' w1 w2 … '``: the [a-z0-9] runs of a folded text between single spaces. The same as
    the SQL function ``aurora_palavras`` (migration 0005 on PostgreSQL; registered on every
    SQLite connection by ``core.db``), so both databases match the same rows."""
    if texto is None:
        return None
    return f" {NAO_PALAVRA.sub(' ', texto).strip()} "
