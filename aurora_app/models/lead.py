"""Lead: a sales opportunity moving through the pipeline (SPEC §3)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, PlainSerializer, Strict, model_validator
from pydantic import Field as PField
from sqlalchemy import CheckConstraint, Index, Numeric, text
from sqlmodel import Field, SQLModel

from aurora_app.core.cnpj import formatar_cnpj
from aurora_app.models.base import UTCDateTime, fold, utcnow
from aurora_app.models.cliente import (
    MAX_DB_INT,
    READ_ONLY_FIELDS,
    ClienteRead,
    Email,
    IdRef,
    Telefone,
    Versao,
    _Entrada,
    obrigatorio,
    texto,
)


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


_VIVO = text("removido_em IS NULL")
_REMOVIDO = text("removido_em IS NOT NULL")
_FECHADO = text("removido_em IS NULL AND fechado_em IS NOT NULL")


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
        # Partial (live rows) covering indexes: counts and the kanban's per-stage sums become
        # index-only scans (migration 0002; 1M leads: a vendedor's count 236 ms → 7 ms).
        Index("ix_lead_vivo_estagio_valor", "estagio", "valor", sqlite_where=_VIVO, postgresql_where=_VIVO),
        Index(
            "ix_lead_vivo_responsavel", "responsavel_id", "estagio", "valor", sqlite_where=_VIVO, postgresql_where=_VIVO
        ),
        Index("ix_lead_lixeira", "removido_em", sqlite_where=_REMOVIDO, postgresql_where=_REMOVIDO),  # migration 0005
        # The kanban's order within a column (migration 0011): a stage's cards by ``posicao``, for
        # everyone and for one owner, each an ordered index scan that stops at the page.
        Index("ix_lead_vivo_quadro", "estagio", "posicao", "id", sqlite_where=_VIVO, postgresql_where=_VIVO),
        Index("ix_lead_vivo_valor", "valor", "id", sqlite_where=_VIVO, postgresql_where=_VIVO),  # ?ordem=valor
        Index(
            "ix_lead_vivo_quadro_responsavel",
            "responsavel_id",
            "estagio",
            "posicao",
            "id",
            sqlite_where=_VIVO,
            postgresql_where=_VIVO,
        ),
        # Dashboard aggregates by period (migration 0003): closed and created leads, index-only.
        Index(
            "ix_lead_vivo_fechado",
            "fechado_em",
            "estagio",
            "responsavel_id",
            "valor",
            sqlite_where=_FECHADO,
            postgresql_where=_FECHADO,
        ),
        Index(
            "ix_lead_vivo_criado_origem",
            "criado_em",
            "origem",
            "responsavel_id",
            sqlite_where=_VIVO,
            postgresql_where=_VIVO,
        ),
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
    contato_id: int | None = Field(default=None, foreign_key="contato.id")
    busca: str = Field(default="", max_length=500)
    criado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    atualizado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    versao: int = Field(default=1)
    removido_em: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The card's place in its kanban column, highest first (the order salespeople drag into).
    # A new lead starts at its creation instant in seconds, above every card placed before it.
    posicao: float = Field(default_factory=lambda: utcnow().timestamp(), sa_column_kwargs={"server_default": "0"})


# --- Schemas (DTOs) -----------------------------------------------------------------------
# Same conventions as the cliente schemas: unknown fields refused, read-only fields ignored,
# ``versao`` required on Update. ``valor`` is an exact Decimal (JSON string or number in,
# string "1234.56" out so no float ever touches money).


def busca_lead(nome: str | None, empresa: str | None, contato: str | None, cnpj: str | None) -> str:
    """The folded search text of a lead (same recipe as the demo seed)."""
    return fold(" ".join(p for p in (nome, empresa, contato, cnpj) if p))[:500]


def _valor(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError('valor deve ser um número, ex.: "1234.56"')
    if isinstance(value, str):
        value = value.strip()
        # Accept the Brazilian format too: "1.234,56" → "1234.56".
        if "," in value:
            value = value.replace(".", "").replace(",", ".")
        if len(value) > 40:
            raise ValueError("valor inválido")
    if isinstance(value, float):
        value = repr(value)  # shortest repr: 1234.56 stays 1234.56
    return value


def _estagio(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str) or value.strip().lower() not in Estagio.__members__:
        raise ValueError("estágio inválido: use novo, qualificado, proposta, negociacao, ganho ou perdido")
    return value.strip().lower()


def _origem(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str) or value.strip().lower() not in Origem.__members__:
        raise ValueError("origem inválida: use site, indicacao, evento, outbound ou outro")
    return value.strip().lower()


def _cnpj_opcional(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValueError("CNPJ deve ser um texto, ex.: 12.ABC.345/01DE-35")
    if len(value) > 40:
        raise ValueError("CNPJ inválido: texto longo demais")
    return value.strip()


def _sem_sinal(value: Decimal) -> Decimal:
    if value.is_signed():  # -0.0 passes ge=0 but is a negative number typed by someone
        raise ValueError("valor não pode ser negativo")
    return value


Valor = Annotated[
    Decimal,
    BeforeValidator(_valor),
    AfterValidator(_sem_sinal),
    PField(ge=0, max_digits=14, decimal_places=2, allow_inf_nan=False),
]
ValorOut = Annotated[Decimal, PlainSerializer(lambda v: f"{v:.2f}", return_type=str, when_used="json")]
EstagioIn = Annotated[str, BeforeValidator(_estagio)]
OrigemIn = Annotated[str, BeforeValidator(_origem)]
CnpjOpcional = Annotated[str | None, BeforeValidator(_cnpj_opcional)]


class _LeadCampos(_Entrada):
    empresa: Annotated[str | None, texto(200)] = None
    cnpj: CnpjOpcional = None
    contato: Annotated[str | None, texto(120)] = None
    email: Email = None
    telefone: Telefone = None
    previsao_fechamento: date | None = None
    motivo_perda: Annotated[str | None, texto(500, multiline=True)] = None
    responsavel_id: IdRef | None = None
    cliente_id: IdRef | None = None  # an existing cliente (SPEC §3); conversion reuses it
    contato_id: IdRef | None = None  # one of that cliente's contacts


class LeadCreate(_LeadCampos):
    """New lead. Stage defaults to ``novo``; ``perdido`` needs ``motivo_perda``."""

    _ignorados: ClassVar[frozenset[str]] = READ_ONLY_FIELDS | {"versao"}
    nome: Annotated[str | None, texto(200), obrigatorio("Informe o nome do lead.")]
    origem: OrigemIn = Origem.outro.value
    estagio: EstagioIn = Estagio.novo.value
    valor: Valor = Decimal("0.00")


class LeadUpdate(_LeadCampos):
    versao: Versao | None = None  # SPEC §4: absent → the change applies; stale → 409
    nome: Annotated[str | None, texto(200)] = None
    origem: OrigemIn | None = None
    estagio: EstagioIn | None = None
    valor: Valor | None = None

    @model_validator(mode="after")
    def _not_null(self) -> LeadUpdate:
        for name in ("nome", "origem", "estagio", "valor"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"O campo {name} não pode ficar vazio.")
        return self

    def changes(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.model_fields_set if k != "versao"}


class LeadMove(BaseModel):
    """Body of the kanban move (``POST /leads/{id}/mover``)."""

    model_config = ConfigDict(extra="forbid")
    estagio: EstagioIn
    motivo_perda: Annotated[str | None, texto(500, multiline=True)] = None
    versao: Versao | None = None
    # The card's place in the column: right below this lead, or 0 for the top; absent, it keeps
    # its place in the order (a move from a menu).
    apos_id: Annotated[int, Strict(), PField(ge=0, le=MAX_DB_INT)] | None = None


class LeadRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    nome: str
    empresa: str | None = None
    cnpj: str | None = None
    cnpj_formatado: str = ""
    contato: str | None = None
    email: str | None = None
    telefone: str | None = None
    origem: str
    estagio: str
    valor: ValorOut
    previsao_fechamento: date | None = None
    motivo_perda: str | None = None
    fechado_em: datetime | None = None
    responsavel_id: int | None = None
    responsavel_nome: str | None = None
    cliente_id: int | None = None
    contato_id: int | None = None
    criado_em: datetime
    atualizado_em: datetime
    versao: int
    posicao: float = 0.0  # its place in the kanban column (highest first)

    @model_validator(mode="after")
    def _fmt(self) -> LeadRead:
        self.cnpj_formatado = formatar_cnpj(self.cnpj)
        return self


class ConversaoRead(BaseModel):
    lead: LeadRead
    cliente: ClienteRead
    cliente_criado: bool  # False when an existing live cliente with the CNPJ was reused


class ColunaBoard(BaseModel):
    """One kanban column: totals over every lead in the stage, plus the first cards."""

    estagio: str
    count: int
    total_valor: ValorOut
    items: list[LeadRead]
    next_cursor: str | None = None  # GET /leads/quadro?estagio=<this>&cursor=<this> continues the column
