"""Append-only audit trail. Call inside the use case's session so it commits with the change."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from aurora_app.models import Auditoria, Usuario

SECRET_HINTS = ("password", "senha", "otp", "secret", "token", "codigo", "hash", "key", "chave")


@dataclass(frozen=True)
class RequestContext:
    """Where a call came from: REST request or Reflex event. Never holds secrets."""

    ip: str | None = None
    user_agent: str | None = None


MAX_DETALHES = 2000
MAX_VALOR = 200  # one value in a diff; longer text is cut (the record keeps the rest)


def _secret(key: str) -> bool:
    return any(h in key.lower() for h in SECRET_HINTS)


def _valor(value: Any) -> Any:
    """A value as the audit shows it: plain JSON, money as ``"1234.50"``, dates ISO, text cut."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str) and len(value) > MAX_VALOR:
        return value[:MAX_VALOR] + "…"
    return value


def mudancas(
    antes: Mapping[str, Any], depois: Mapping[str, Any], campos: Iterable[str] | None = None
) -> dict[str, dict[str, Any]]:
    """``{campo: {"de": old, "para": new}}`` for exactly the fields whose value changed (never a secret).

    ``depois`` holds what is being written (a form may send every field, changed or not);
    ``antes`` the stored values. Money compares as money (``10`` == ``10.00``)."""
    out: dict[str, dict[str, Any]] = {}
    for campo in campos if campos is not None else depois:
        if campo not in depois or _secret(campo):
            continue
        de, para = _valor(antes.get(campo)), _valor(depois[campo])
        if de != para:
            out[campo] = {"de": de, "para": para}
    return out


def _clean(details: dict[str, Any] | None) -> str | None:
    if not details:
        return None
    safe = {k: v for k, v in details.items() if not _secret(k)}
    text = json.dumps(safe, ensure_ascii=False, default=str)
    if len(text) > MAX_DETALHES:  # keep it valid JSON: drop the largest entries until it fits
        for key in sorted(safe, key=lambda k: len(json.dumps(safe[k], ensure_ascii=False, default=str)), reverse=True):
            safe[key] = "…"
            text = json.dumps(safe, ensure_ascii=False, default=str)
            if len(text) <= MAX_DETALHES:
                break
    return text[:MAX_DETALHES]


def record(
    session: Session,
    *,
    acao: str,
    usuario_id: int | None = None,
    email: str | None = None,
    entidade: str | None = None,
    entidade_id: Any = None,
    detalhes: dict[str, Any] | None = None,
    ctx: RequestContext | None = None,
) -> None:
    ctx = ctx or RequestContext()
    session.add(
        Auditoria(
            usuario_id=usuario_id,
            email=email,
            acao=acao,
            entidade=entidade,
            entidade_id=None if entidade_id is None else str(entidade_id),
            detalhes=_clean(detalhes),
            ip=(ctx.ip or None) and ctx.ip[:64],
            user_agent=(ctx.user_agent or None) and ctx.user_agent[:300],
        )
    )


def nomear_responsavel(session: Session, diff: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A diff with the responsável shown by name (``"Ana Lima (#3)"``), not a bare id."""
    mudou = diff.get("responsavel_id")
    if not mudou:
        return diff
    ids = [v for v in (mudou["de"], mudou["para"]) if v is not None]
    nomes = dict(session.execute(select(Usuario.id, Usuario.nome).where(Usuario.id.in_(ids))).all()) if ids else {}
    rotulo = {v: f"{nomes.get(v, 'usuário')} (#{v})" for v in ids}
    return {**diff, "responsavel_id": {"de": rotulo.get(mudou["de"]), "para": rotulo.get(mudou["para"])}}
