"""The global search's answer (``GET /busca``): a few of each kind, newest first."""

from __future__ import annotations

from pydantic import BaseModel

from aurora_app.models.cliente import ClienteRead
from aurora_app.models.contato import ContatoRead
from aurora_app.models.lead import LeadRead


class ContatoEncontrado(ContatoRead):
    cliente_nome: str


class BuscaRead(BaseModel):
    clientes: list[ClienteRead]
    leads: list[LeadRead]
    contatos: list[ContatoEncontrado]
