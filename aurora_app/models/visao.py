"""Saved views: a user's named filters and sort of a list ("Meus leads em negociação").

A view is the list's address parameters, the same ones a copied link carries (``/leads?...``),
so opening a view and opening its link show the same list. Each user sees only their own.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints
from pydantic import Field as PField
from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from aurora_app.models.base import UTCDateTime, utcnow
from aurora_app.models.cliente import texto
from aurora_app.models.entrada import Entrada


class ListaVisao(StrEnum):
    leads = "leads"
    clientes = "clientes"


MAX_PARAMETROS = 12


class VisaoSalva(SQLModel, table=True):
    __tablename__ = "visao_salva"
    __table_args__ = (
        UniqueConstraint("usuario_id", "lista", "nome", name="uq_visao_salva_nome"),
        CheckConstraint(f"lista IN ({','.join(repr(v.value) for v in ListaVisao)})", name="ck_visao_salva_lista"),
    )

    id: int | None = Field(default=None, primary_key=True)
    usuario_id: int = Field(foreign_key="usuario.id", ondelete="CASCADE")
    lista: str = Field(max_length=20)
    nome: str = Field(max_length=60)
    parametros: str = Field(max_length=2000)  # JSON object of the list's address parameters
    criado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


Parametro = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]


class VisaoCreate(Entrada):
    """``parametros``: the list's address parameters (``GET /leads`` or ``GET /clientes``
    filters and ``ordem``); empty values are dropped, unknown names refused."""

    model_config = ConfigDict(extra="forbid")
    lista: ListaVisao
    nome: Annotated[str | None, texto(60)]
    parametros: Annotated[
        dict[Annotated[str, StringConstraints(max_length=30)], Parametro], PField(max_length=MAX_PARAMETROS)
    ] = {}


class VisaoRead(BaseModel):
    id: int
    lista: ListaVisao
    nome: str
    parametros: dict[str, str]
    criado_em: datetime
