"""What every input model shares (issue 11 #4): text a database can store, dates a computer can
convert, ids a column can hold. Validated at the edge, so hostile input is a 422, never a 500.

- NUL and lone UTF-16 surrogates (``"\\ud800"`` in JSON) are refused in **every** string of every
  input model: PostgreSQL cannot store NUL, and a lone surrogate cannot be encoded as UTF-8.
- Bidi controls (U+202A–U+202E, U+2066–U+2069) are refused in names and texts (``texto()``):
  they flip how a name reads ("Empresa \\u202eadm").
- ``DataHora``: an ISO date-time between 1900 and 2200, naive read as UTC; extreme offsets
  (``9999-12-31T23:59:59-23:59``) would overflow when converted.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, field_validator

INVALIDOS = re.compile("[\x00\ud800-\udfff]")
CONTROLE = re.compile(r"[\x00-\x1f\x7f]")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
MENSAGEM_INVALIDOS = "contém caracteres de controle não permitidos"  # the same words as texto()

DATA_MIN = datetime(1900, 1, 1, tzinfo=UTC)
DATA_MAX = datetime(2200, 1, 1, tzinfo=UTC)


def checar_texto(value: Any) -> Any:
    """Refuses NUL and lone surrogates anywhere inside ``value`` (strings, lists, dicts)."""
    if isinstance(value, str):
        if INVALIDOS.search(value):
            raise ValueError(MENSAGEM_INVALIDOS)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            checar_texto(item)
    elif isinstance(value, dict):
        for k, v in value.items():
            checar_texto(k)
            checar_texto(v)
    return value


# Keyset cursors may carry the "no due date" sentinel (services.tarefas.SEM_PRAZO): a day short of
# the end of Python's range, so shifting to Brasília time cannot overflow.
LIMITE_CURSOR = datetime(9999, 12, 31, tzinfo=UTC)


def em_faixa(value: datetime | date, ate: datetime = DATA_MAX) -> bool:
    """Whether a date or date-time (any offset) lies within 1900 and ``ate`` once in UTC."""
    if not isinstance(value, datetime):
        return DATA_MIN.date() <= value < ate.date()
    try:
        utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (OverflowError, ValueError):
        return False
    return DATA_MIN <= utc <= ate if ate is LIMITE_CURSOR else DATA_MIN <= utc < ate


def _faixa(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if not em_faixa(value):
        raise ValueError("data fora do intervalo aceito (1900 a 2199)")
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


DataHora = Annotated[datetime, AfterValidator(_faixa)]


class Entrada(BaseModel):
    """Base of every model a client fills in (REST bodies, Reflex forms, CSV rows)."""

    @field_validator("*", mode="before")
    @classmethod
    def _texto_armazenavel(cls, value: Any) -> Any:
        return checar_texto(value)
