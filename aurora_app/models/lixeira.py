"""The trash (SPEC §4 ``GET /lixeira``): one shape for removed clientes and leads."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel


class TipoLixeira(StrEnum):
    cliente = "cliente"
    lead = "lead"


class ItemLixeira(BaseModel):
    tipo: str
    id: int
    nome: str  # razão social (cliente) or the lead's name
    cnpj: str | None = None
    responsavel_id: int | None = None
    responsavel_nome: str | None = None
    removido_em: datetime
    expira_em: datetime  # after this it leaves the trash and can no longer be restored here
