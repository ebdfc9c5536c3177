"""Lead: a sales opportunity moving through the pipeline (SPEC §3)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, Numeric
from sqlmodel import Field, SQLModel

from aurora_app.models.base import UTCDateTime, utcnow


class Estagio(StrEnum):
    novo = "novo"
    qualificado = "qualificado"
    proposta = "proposta"
    negociacao = "negociacao"
    ganho = "ganho"
    perdido = "perdido"


ESTAGIOS_ABERTOS = (Estagio.novo, Estagio.qualificado, Estagio.proposta, Estagio.negociacao)
ESTAGIOS_FECHADOS = (Estagio.ganho, Estagio.perdido)


class Origem(StrEnum):
    site = "site"
    indicacao = "indicacao"
    evento = "evento"
    outbound = "outbound"
    outro = "outro"


def _in(column: str, enum: type[StrEnum]) -> str:
    return f"{column} IN ({','.join(repr(e.value) for e in enum)})"


class Lead(SQLModel, table=True):
    __tablename__ = "lead"
    __table_args__ = (
        CheckConstraint(_in("estagio", Estagio), name="ck_lead_estagio"),
        CheckConstraint(_in("origem", Origem), name="ck_lead_origem"),
        CheckConstraint("valor >= 0", name="ck_lead_valor"),
        Index("ix_lead_keyset", "criado_em", "id"),
        Index("ix_lead_responsavel_estagio", "responsavel_id", "estagio"),
        Index("ix_lead_estagio", "estagio"),
        Index("ix_lead_fechado_em", "fechado_em"),
    )

    id: int | None = Field(default=None, primary_key=True)
    nome: str = Field(max_length=200)
    empresa: str | None = Field(default=None, max_length=200)
    cnpj: str | None = Field(default=None, max_length=14, index=True)
    contato: str | None = Field(default=None, max_length=120)
    email: str | None = Field(default=None, max_length=254)
    telefone: str | None = Field(default=None, max_length=20)
    origem: str = Field(default=Origem.outro.value, max_length=20)
    estagio: str = Field(default=Estagio.novo.value, max_length=20)
    valor: Decimal = Field(default=Decimal("0.00"), sa_type=Numeric(14, 2))
    previsao_fechamento: date | None = Field(default=None)
    motivo_perda: str | None = Field(default=None, max_length=500)
    fechado_em: datetime | None = Field(default=None, sa_type=UTCDateTime)
    responsavel_id: int | None = Field(default=None, foreign_key="usuario.id")
    cliente_id: int | None = Field(default=None, foreign_key="cliente.id", index=True)
    busca: str = Field(default="", max_length=500)
    criado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    atualizado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    versao: int = Field(default=1)
    removido_em: datetime | None = Field(default=None, sa_type=UTCDateTime)
