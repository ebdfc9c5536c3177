"""LGPD (SPEC §9, issue 16): the titulares' requests register, the consent history of each
contact and the register of anonymisations (counts and motivo only, never the data removed)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from aurora_app.models.base import UTCDateTime, utcnow

PRAZO_DIAS = 15  # art. 19 II: complete answer within 15 days of the request


class TipoSolicitacao(StrEnum):
    acesso = "acesso"
    correcao = "correcao"
    anonimizacao = "anonimizacao"
    portabilidade = "portabilidade"
    revogacao_consentimento = "revogacao_consentimento"


class EstadoSolicitacao(StrEnum):
    aberta = "aberta"
    em_andamento = "em_andamento"
    concluida = "concluida"
    recusada = "recusada"


ESTADOS_ABERTOS = (EstadoSolicitacao.aberta, EstadoSolicitacao.em_andamento)


def _in(column: str, enum: type[StrEnum]) -> str:
    return f"{column} IN ({','.join(repr(e.value) for e in enum)})"


class SolicitacaoTitular(SQLModel, table=True):
    """A titular's request (art. 18) with its legal deadline (art. 19: 15 days)."""

    __tablename__ = "lgpd_solicitacao"
    __table_args__ = (
        CheckConstraint(_in("tipo", TipoSolicitacao), name="ck_lgpd_solicitacao_tipo"),
        CheckConstraint(_in("estado", EstadoSolicitacao), name="ck_lgpd_solicitacao_estado"),
        Index("ix_lgpd_solicitacao_estado_prazo", "estado", "prazo_em"),
        Index("ix_lgpd_solicitacao_keyset", "criado_em", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tipo: str = Field(max_length=30)
    titular_nome: str | None = Field(default=None, max_length=120)
    titular_email: str | None = Field(default=None, max_length=254)
    descricao: str | None = Field(default=None, max_length=2000)
    estado: str = Field(default=EstadoSolicitacao.aberta.value, max_length=20)
    recebida_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    prazo_em: datetime = Field(sa_type=UTCDateTime)
    responsavel_id: int | None = Field(default=None, foreign_key="usuario.id")
    resposta: str | None = Field(default=None, max_length=2000)
    concluida_em: datetime | None = Field(default=None, sa_type=UTCDateTime)
    criado_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    criado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    atualizado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ConsentimentoHistorico(SQLModel, table=True):
    """One change of a contact's legal basis or consent (who, when, what it became)."""

    __tablename__ = "lgpd_consentimento"

    id: int | None = Field(default=None, primary_key=True)
    contato_id: int = Field(foreign_key="contato.id", index=True)
    evento: str = Field(max_length=30)  # registrado | alterado | revogado
    base_legal: str = Field(max_length=30)
    consentimento_em: datetime | None = Field(default=None, sa_type=UTCDateTime)
    consentimento_origem: str | None = Field(default=None, max_length=300)
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")
    criado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Anonimizacao(SQLModel, table=True):
    """That an anonymisation happened, why and by whom, with counts. Its id numbers the
    replacement name ("Titular anonimizado #n"). Never holds the data removed."""

    __tablename__ = "lgpd_anonimizacao"

    id: int | None = Field(default=None, primary_key=True)
    motivo: str = Field(max_length=500)
    registros: int = Field(default=0)
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")
    solicitacao_id: int | None = Field(default=None, foreign_key="lgpd_solicitacao.id")
    criado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
