"""Auditoria: append-only record of who did what (SPEC §3). Triggers refuse UPDATE/DELETE."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from aurora_app.models.base import UTCDateTime, utcnow


class Auditoria(SQLModel, table=True):
    __tablename__ = "auditoria"
    __table_args__ = (
        Index("ix_auditoria_keyset", "criado_em", "id"),
        Index("ix_auditoria_usuario", "usuario_id", "criado_em"),
        Index("ix_auditoria_acao", "acao", "criado_em"),
    )

    id: int | None = Field(default=None, primary_key=True)
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")
    email: str | None = Field(default=None, max_length=254)  # e.g. the email tried at a failed login
    acao: str = Field(max_length=60)
    entidade: str | None = Field(default=None, max_length=40)
    entidade_id: str | None = Field(default=None, max_length=64)
    detalhes: str | None = Field(default=None, max_length=2000)  # JSON, never a secret
    ip: str | None = Field(default=None, max_length=64)
    user_agent: str | None = Field(default=None, max_length=300)
    criado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
