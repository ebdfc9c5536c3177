"""Interacao: one entry in the timeline of a cliente or a lead (SPEC §3)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator
from sqlalchemy import CheckConstraint, Index, text
from sqlmodel import Field, SQLModel

from aurora_app.models.base import UTCDateTime, utcnow
from aurora_app.models.cliente import _Entrada, texto
from aurora_app.models.entrada import DataHora, Entrada


class TipoInteracao(StrEnum):
    nota = "nota"
    ligacao = "ligacao"
    email = "email"
    reuniao = "reuniao"
    tarefa = "tarefa"


class Interacao(SQLModel, table=True):
    __tablename__ = "interacao"
    __table_args__ = (
        CheckConstraint("tipo IN ('nota','ligacao','email','reuniao','tarefa')", name="ck_interacao_tipo"),
        CheckConstraint(
            "(cliente_id IS NOT NULL AND lead_id IS NULL) OR (cliente_id IS NULL AND lead_id IS NOT NULL)",
            name="ck_interacao_alvo",
        ),
        Index("ix_interacao_cliente", "cliente_id", "criado_em", "id"),
        Index("ix_interacao_lead", "lead_id", "criado_em", "id"),
        # "Minhas tarefas": one author's open or done tasks by due date (migration 0005).
        Index(
            "ix_interacao_tarefa_autor",
            "autor_id",
            "concluida",
            "vence_em",
            "id",
            sqlite_where=text("tipo = 'tarefa'"),
            postgresql_where=text("tipo = 'tarefa'"),
        ),
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
    # Written by the system in the same transaction as a lead's stage change, conversion or
    # reassignment (tipo ``nota``; author = who made the change): shown in the timeline, never
    # edited or deleted by users, not a task, not an activity, not sent to the AI (migration 0009).
    sistema: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})


# --- Schemas (DTOs) -----------------------------------------------------------------------


def _tipo(value: Any) -> Any:
    if not isinstance(value, str) or value.strip().lower() not in TipoInteracao.__members__:
        raise ValueError("tipo inválido: use nota, ligacao, email, reuniao ou tarefa")
    return value.strip().lower()


class InteracaoCreate(_Entrada):
    """A timeline entry. ``vence_em`` only for ``tarefa``; author = the caller."""

    tipo: Annotated[str, BeforeValidator(_tipo)] = TipoInteracao.nota.value
    descricao: Annotated[str | None, texto(5000, multiline=True)]
    vence_em: DataHora | None = None

    @model_validator(mode="after")
    def _check(self) -> InteracaoCreate:
        if not self.descricao:
            raise ValueError("Informe a descrição.")
        if self.vence_em is not None and self.tipo != TipoInteracao.tarefa:
            raise ValueError("Só tarefas têm data de vencimento (vence_em).")
        return self


class InteracaoUpdate(Entrada):
    """Body of ``PATCH /interacoes/{id}``: edit the text or the due date, mark a task done or not.
    Only the fields sent change; ``vence_em: null`` clears a task's due date."""

    model_config = ConfigDict(extra="forbid")
    descricao: Annotated[str | None, texto(5000, multiline=True)] = None
    vence_em: DataHora | None = None
    concluida: bool | None = None

    @model_validator(mode="after")
    def _check(self) -> InteracaoUpdate:
        if not self.model_fields_set:
            raise ValueError("Informe o que alterar: descricao, vence_em ou concluida.")
        for name in ("descricao", "concluida"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"O campo {name} não pode ficar vazio.")
        return self

    def changes(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.model_fields_set}


class InteracaoRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    tipo: str
    descricao: str
    cliente_id: int | None = None
    lead_id: int | None = None
    autor_id: int | None = None
    autor_nome: str | None = None
    vence_em: DataHora | None = None
    concluida: bool
    concluida_em: datetime | None = None
    criado_em: datetime
    sistema: bool = False


class TarefaRead(InteracaoRead):
    """An item of "Minhas tarefas": the task and the name of the cliente or lead it belongs to."""

    alvo_nome: str | None = None
