"""Contato: a person at a cliente (SPEC §3), with the LGPD legal basis for holding their data."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator
from sqlalchemy import CheckConstraint, Index, text
from sqlmodel import Field, SQLModel

from aurora_app.models.base import UTCDateTime, fold, utcnow
from aurora_app.models.cliente import READ_ONLY_FIELDS, Email, Telefone, Versao, _Entrada, texto
from aurora_app.models.entrada import DataHora


class BaseLegal(StrEnum):
    """LGPD art. 7 bases Aurora accepts for a business contact."""

    execucao_contrato = "execucao_contrato"
    legitimo_interesse = "legitimo_interesse"
    consentimento = "consentimento"


_VIVO = text("removido_em IS NULL")


class Contato(SQLModel, table=True):
    __tablename__ = "contato"
    __table_args__ = (
        CheckConstraint(
            "base_legal IN ('execucao_contrato','legitimo_interesse','consentimento')", name="ck_contato_base_legal"
        ),
        # A cliente's live contacts by name (the cliente page), and the keyset of that list.
        Index("ix_contato_cliente_vivo", "cliente_id", "criado_em", "id", sqlite_where=_VIVO, postgresql_where=_VIVO),
    )

    id: int | None = Field(default=None, primary_key=True)
    cliente_id: int = Field(foreign_key="cliente.id")
    nome: str = Field(max_length=120)
    cargo: str | None = Field(default=None, max_length=120)
    email: str | None = Field(default=None, max_length=254)
    telefone: str | None = Field(default=None, max_length=20)
    whatsapp: str | None = Field(default=None, max_length=20)
    base_legal: str = Field(default=BaseLegal.legitimo_interesse.value, max_length=30)
    consentimento_em: datetime | None = Field(default=None, sa_type=UTCDateTime)
    consentimento_origem: str | None = Field(default=None, max_length=300)
    # Consent revoked (LGPD art. 18 IX) on a contact whose basis is consentimento: hidden from
    # exports and bulk actions until the encarregado handles it (issue 16).
    consentimento_revogado_em: datetime | None = Field(default=None, sa_type=UTCDateTime)
    busca: str = Field(default="", max_length=500)
    criado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    atualizado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    versao: int = Field(default=1)
    removido_em: datetime | None = Field(default=None, sa_type=UTCDateTime)


# --- Schemas (DTOs) -----------------------------------------------------------------------


CAMPOS_BUSCA = ("nome", "cargo", "email", "telefone", "whatsapp")


def busca_contato(**campos: str | None) -> str:
    """The folded search text of a contact: name, role, e-mail and phones."""
    return fold(" ".join(campos[c] or "" for c in CAMPOS_BUSCA if campos.get(c)))[:500]


def _base_legal(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str) or value.strip().lower() not in BaseLegal.__members__:
        raise ValueError("base legal inválida: use execucao_contrato, legitimo_interesse ou consentimento")
    return value.strip().lower()


BaseLegalIn = Annotated[str, BeforeValidator(_base_legal)]


class _ContatoCampos(_Entrada):
    # The URL names the cliente; a revocation is recorded through the LGPD service, never a PATCH.
    _ignorados: ClassVar[frozenset[str]] = READ_ONLY_FIELDS | {"cliente_id", "consentimento_revogado_em"}
    cargo: Annotated[str | None, texto(120)] = None
    email: Email = None
    telefone: Telefone = None
    whatsapp: Telefone = None
    consentimento_em: DataHora | None = None
    consentimento_origem: Annotated[str | None, texto(300)] = None


def checar_consentimento(base_legal: str | None, em: datetime | None, origem: str | None) -> None:
    if base_legal == BaseLegal.consentimento and (em is None or not origem):
        raise ValueError(
            "Com base legal consentimento, informe quando (consentimento_em) e como (consentimento_origem) ele foi dado."
        )


class ContatoCreate(_ContatoCampos):
    """New contact of a cliente. ``consentimento`` needs when and how it was given."""

    _ignorados: ClassVar[frozenset[str]] = READ_ONLY_FIELDS | {"cliente_id", "versao", "consentimento_revogado_em"}
    nome: Annotated[str | None, texto(120)]
    base_legal: BaseLegalIn = BaseLegal.legitimo_interesse.value

    @model_validator(mode="after")
    def _required(self) -> ContatoCreate:
        if not self.nome:
            raise ValueError("Informe o nome do contato.")
        checar_consentimento(self.base_legal, self.consentimento_em, self.consentimento_origem)
        return self


class ContatoUpdate(_ContatoCampos):
    """Partial update; ``versao`` optional (without it the change applies, last write wins)."""

    versao: Versao | None = None
    nome: Annotated[str | None, texto(120)] = None
    base_legal: BaseLegalIn | None = None

    @model_validator(mode="after")
    def _not_null(self) -> ContatoUpdate:
        for name in ("nome", "base_legal"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"O campo {name} não pode ficar vazio.")
        return self

    def changes(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.model_fields_set if k != "versao"}


class ContatoRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    cliente_id: int
    nome: str
    cargo: str | None = None
    email: str | None = None
    telefone: str | None = None
    whatsapp: str | None = None
    base_legal: str
    consentimento_em: datetime | None = None
    consentimento_origem: str | None = None
    consentimento_revogado_em: datetime | None = None
    criado_em: datetime
    atualizado_em: datetime
    versao: int
