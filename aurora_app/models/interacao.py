"""Interacao: one entry in the timeline of a cliente or a lead (SPEC §3)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from aurora_app.models.base import UTCDateTime, utcnow


class TipoInteracao(StrEnum):
    nota = "nota"
    ligacao = "ligacao"
    email = "email"
    reuniao = "reuniao"
    tarefa = "tarefa"


class Interacao(SQLModel, table=True):
    __tablename__ = "interacao"
    __table_args__ = (
        CheckConstraint(
            "tipo IN ('nota','ligacao','email','reuniao','tarefa')", name="ck_interacao_tipo"
        ),
        CheckConstraint(
            "(cliente_id IS NOT NULL AND lead_id IS NULL) OR (cliente_id IS NULL AND lead_id IS NOT NULL)",
            name="ck_interacao_alvo",
        ),
        Index("ix_interacao_cliente", "cliente_id", "criado_em", "id"),
        Index("ix_interacao_lead", "lead_id", "criado_em", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tipo: str = Field(max_length=20)
    descricao: str = Field(max_length=5000)
    cliente_id: int | None = Field(default=None, foreign_key="cliente.id")
    lead_id: int | None = Field(default=None, foreign_key="lead.id")
    autor_id: int | None = Field(default=None, foreign_key="usuario.id")
    vence_em: datetime | None = Field(default=None, sa_type=UTCDateTime)
    concluida: bool = Field(default=False)
    concluida_em: datetime | None = Field(default=None, sa_type=UTCDateTime)
    criado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
