"""Cliente: a company (SPEC §3)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from aurora_app.models.base import UTCDateTime, utcnow

LIVE = text("removido_em IS NULL")


class Cliente(SQLModel, table=True):
    __tablename__ = "cliente"
    __table_args__ = (
        # One live cliente per CNPJ; a soft-deleted one frees the CNPJ again.
        Index("uq_cliente_cnpj_vivo", "cnpj", unique=True, sqlite_where=LIVE, postgresql_where=LIVE),
        Index("ix_cliente_keyset", "criado_em", "id"),
        Index("ix_cliente_responsavel", "responsavel_id"),
        Index("ix_cliente_uf", "uf"),
    )

    id: int | None = Field(default=None, primary_key=True)
    cnpj: str = Field(max_length=14)
    razao_social: str = Field(max_length=200)
    nome_fantasia: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254)
    telefone: str | None = Field(default=None, max_length=20)
    cep: str | None = Field(default=None, max_length=8)
    logradouro: str | None = Field(default=None, max_length=200)
    numero: str | None = Field(default=None, max_length=20)
    complemento: str | None = Field(default=None, max_length=100)
    bairro: str | None = Field(default=None, max_length=100)
    municipio: str | None = Field(default=None, max_length=100)
    uf: str | None = Field(default=None, max_length=2)
    cnae_principal: str | None = Field(default=None, max_length=200)
    situacao_cadastral: str | None = Field(default=None, max_length=40)
    porte: str | None = Field(default=None, max_length=60)
    responsavel_id: int | None = Field(default=None, foreign_key="usuario.id")
    # Folded (lower case, no accents) razão social + nome fantasia + CNPJ, for search.
    busca: str = Field(default="", max_length=500)
    criado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    atualizado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    versao: int = Field(default=1)
    removido_em: datetime | None = Field(default=None, sa_type=UTCDateTime)
