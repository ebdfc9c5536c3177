"""AI core tables: the ingestion outbox and the votes on suggestions (SPEC §8)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, Integer
from sqlmodel import Field, SQLModel

from aurora_app.models.base import UTCDateTime, utcnow


class AiOutbox(SQLModel, table=True):
    """One row per write to an interacao, lead or cliente, inserted in the same transaction as
    the write; the worker turns rows into Chroma documents and deletes them (at-least-once,
    idempotent upserts by record id)."""

    __tablename__ = "ai_outbox"
    __table_args__ = (CheckConstraint("entidade IN ('interacao','lead','cliente')", name="ck_ai_outbox_entidade"),)

    id: int | None = Field(
        default=None,
        sa_column=Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    )
    entidade: str = Field(max_length=20)
    entidade_id: int
    criado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AiFeedback(SQLModel, table=True):
    """A user's vote on a suggestion (one per user and suggestion; voting again replaces it)."""

    __tablename__ = "ai_feedback"
    __table_args__ = (
        CheckConstraint("voto IN (-1, 1)", name="ck_ai_feedback_voto"),
        Index("uq_ai_feedback_usuario_sugestao", "usuario_id", "sugestao_id", unique=True),
        Index("ix_ai_feedback_sugestao", "sugestao_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    usuario_id: int = Field(foreign_key="usuario.id")
    sugestao_id: str = Field(max_length=80)
    voto: int
    criado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
