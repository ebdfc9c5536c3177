"""Brasília time: every date a person reads (pages, CSV, audit) is shown in it; storage stays UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

BRASILIA = ZoneInfo("America/Sao_Paulo")


def em_brasilia(value: datetime) -> datetime:
    """An instant in Brasília time (a naive datetime is UTC, as the database stores it)."""
    return (value.replace(tzinfo=UTC) if value.tzinfo is None else value).astimezone(BRASILIA)


def data_hora_br(value: datetime | None) -> str:
    """``31/12/2026 21:16`` in Brasília time; ``""`` for None."""
    return em_brasilia(value).strftime("%d/%m/%Y %H:%M") if value else ""


def dia_br(value: datetime | date | None) -> str:
    """``31/12/2026``: the Brasília calendar day of an instant (a date is shown as it is)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = em_brasilia(value).date()
    return value.strftime("%d/%m/%Y")


def inicio_do_dia(value: date) -> datetime:
    """Midnight of that day in Brasília, as an aware datetime (for "from this day" filters)."""
    return datetime(value.year, value.month, value.day, tzinfo=BRASILIA)


def hoje() -> date:
    return datetime.now(BRASILIA).date()
