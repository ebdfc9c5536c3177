"""Cliente: a company (SPEC §3)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Strict, model_validator
from pydantic import Field as PField
from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from aurora_app.core.cnpj import formatar_cnpj
from aurora_app.models.base import UTCDateTime, fold, utcnow
from aurora_app.models.entrada import BIDI, INVALIDOS, Entrada

LIVE = text("removido_em IS NULL")


class Cliente(SQLModel, table=True):
    __tablename__ = "cliente"
    __table_args__ = (
        # One live cliente per CNPJ; a soft-deleted one frees the CNPJ again.
        Index("uq_cliente_cnpj_vivo", "cnpj", unique=True, sqlite_where=LIVE, postgresql_where=LIVE),
        Index("ix_cliente_keyset", "criado_em", "id"),
        Index("ix_cliente_responsavel", "responsavel_id"),
        Index("ix_cliente_uf", "uf"),
        Index(
            "ix_cliente_lixeira",
            "removido_em",
            sqlite_where=text("removido_em IS NOT NULL"),
            postgresql_where=text("removido_em IS NOT NULL"),
        ),  # the trash (migration 0005)
        Index(
            "ix_cliente_vivo_responsavel", "responsavel_id", sqlite_where=LIVE, postgresql_where=LIVE
        ),  # dashboard counts
        Index("ix_cliente_vivo_nome", "busca", "id", sqlite_where=LIVE, postgresql_where=LIVE),  # ?ordem=razao_social
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


# --- Schemas (DTOs) -----------------------------------------------------------------------
# Create/Update refuse unknown fields (extra="forbid") so typos never pass silently; the
# read-only fields of ClienteRead (id, versao in Create, timestamps, busca...) are *ignored*
# when sent, so a client may PATCH back what it read. ``versao`` is required on Update
# (optimistic locking). Text is stripped; empty strings become None for optional fields.


UFS = frozenset("AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO".split())
MAX_DB_INT = 2**31 - 1
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A cliente's own data, in the order people read it: the form, the CSV import and export and the
# detail page all derive their field lists from this one (tests/models check it against the schema).
CAMPOS_CLIENTE = (
    "cnpj", "razao_social", "nome_fantasia", "email", "telefone", "cep", "logradouro", "numero",
    "complemento", "bairro", "municipio", "uf", "cnae_principal", "situacao_cadastral", "porte",
)  # fmt: skip
READ_ONLY_FIELDS = frozenset(
    {
        "id",
        "criado_em",
        "atualizado_em",
        "removido_em",
        "busca",
        "responsavel_nome",
        "cnpj_formatado",
        "fechado_em",
        "autor_id",
        "autor_nome",
        "cliente_nome",
        "concluida_em",
        "posicao",  # a lead's place on the board changes only by a move (``apos_id``)
    }
)


def busca_cliente(razao_social: str | None, nome_fantasia: str | None, cnpj: str | None) -> str:
    """The folded search text of a cliente (same recipe as the demo seed)."""
    return fold(" ".join(p for p in (razao_social, nome_fantasia, cnpj) if p))[:500]


def texto(max_len: int, *, multiline: bool = False):
    """Optional text: stripped, '' → None, no control characters, at most ``max_len``."""

    def _check(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError("deve ser um texto")
        value = str(value).replace("\r\n", "\n").strip()
        if not multiline:  # one-line fields: line breaks and tabs (Excel's Alt+Enter) become spaces
            value = " ".join(re.split(r"[\t\n\r]+", value)).strip()
        if not value:
            return None
        if _CONTROL.search(value) or INVALIDOS.search(value) or BIDI.search(value):
            raise ValueError("contém caracteres de controle não permitidos")
        if len(value) > max_len:
            raise ValueError(f"deve ter no máximo {max_len} caracteres (foram {len(value)})")
        return value

    return BeforeValidator(_check)


def obrigatorio(mensagem: str) -> AfterValidator:
    """A required text: the field's own pt-BR message when it is empty (the UI shows it under it)."""

    def _check(value: Any) -> Any:
        if not value:
            raise ValueError(mensagem)
        return value

    return AfterValidator(_check)


def _email(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValueError("deve ser um texto")
    value = value.strip().lower()
    if len(value) > 254 or not _EMAIL.match(value) or _CONTROL.search(value):
        raise ValueError("e-mail inválido (ex.: contato@empresa.com.br)")
    return value


def _telefone(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ValueError("deve ser um texto")
    raw = str(value)
    if len(raw) > 40 or re.search(r"[^\d\s()+\-.]", raw):
        raise ValueError("telefone inválido: use DDD e número, ex.: (11) 98765-4321")
    digits = re.sub(r"\D", "", raw)
    if len(digits) in (12, 13) and digits.startswith("55"):
        digits = digits[2:]
    if len(digits) not in (10, 11):
        raise ValueError("telefone deve ter DDD e número: 10 ou 11 dígitos")
    return digits


def _cep(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ValueError("deve ser um texto")
    raw = str(value).strip()
    if len(raw) > 12 or re.search(r"[^\d\s.\-]", raw):
        raise ValueError("CEP deve ter 8 dígitos, ex.: 01310-100")
    digits = re.sub(r"\D", "", raw)
    if len(digits) != 8:
        raise ValueError("CEP deve ter 8 dígitos, ex.: 01310-100")
    return digits


def _uf(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValueError("deve ser um texto")
    uf = value.strip().upper()
    if uf not in UFS:
        raise ValueError("UF inválida: use a sigla de um dos 27 estados, ex.: SP")
    return uf


def _cnpj_text(value: Any) -> Any:
    # Checked by the service (422 cnpj_invalido); here only a sane bounded text.
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("CNPJ deve ser um texto, ex.: 12.ABC.345/01DE-35")
    value = value.strip()
    if len(value) > 40:
        raise ValueError("CNPJ inválido: texto longo demais")
    return value


Email = Annotated[str | None, BeforeValidator(_email)]
Telefone = Annotated[str | None, BeforeValidator(_telefone)]
Cep = Annotated[str | None, BeforeValidator(_cep)]
Uf = Annotated[str | None, BeforeValidator(_uf)]
CnpjTexto = Annotated[str, BeforeValidator(_cnpj_text)]
IdRef = Annotated[int, PField(ge=1, le=MAX_DB_INT)]
# The optimistic-lock counter: a number, never true/false (pydantic's lax mode takes true as 1).
Versao = Annotated[int, Strict(), PField(ge=1, le=MAX_DB_INT)]


class _Entrada(Entrada):
    model_config = ConfigDict(extra="forbid")
    _ignorados: ClassVar[frozenset[str]] = READ_ONLY_FIELDS

    @model_validator(mode="before")
    @classmethod
    def _drop_read_only(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k not in cls._ignorados}
        return data


class _ClienteCampos(_Entrada):
    nome_fantasia: Annotated[str | None, texto(200)] = None
    email: Email = None
    telefone: Telefone = None
    cep: Cep = None
    logradouro: Annotated[str | None, texto(200)] = None
    numero: Annotated[str | None, texto(20)] = None
    complemento: Annotated[str | None, texto(100)] = None
    bairro: Annotated[str | None, texto(100)] = None
    municipio: Annotated[str | None, texto(100)] = None
    uf: Uf = None
    cnae_principal: Annotated[str | None, texto(200)] = None
    situacao_cadastral: Annotated[str | None, texto(40)] = None
    porte: Annotated[str | None, texto(60)] = None
    responsavel_id: IdRef | None = None


class ClienteCreate(_ClienteCampos):
    """New cliente. ``cnpj`` accepts masks; the service validates it (422 cnpj_invalido).
    ``responsavel_id``: gerente/admin may choose; a vendedor always becomes the responsável."""

    _ignorados: ClassVar[frozenset[str]] = READ_ONLY_FIELDS | {"versao"}
    cnpj: CnpjTexto
    razao_social: Annotated[str | None, texto(200), obrigatorio("Informe a razão social.")]


class ClienteUpdate(_ClienteCampos):
    """Partial update: only the fields sent change (null clears an optional field)."""

    versao: Versao | None = None  # SPEC §4: absent → the change applies; stale → 409
    cnpj: CnpjTexto | None = None
    razao_social: Annotated[str | None, texto(200)] = None

    @model_validator(mode="after")
    def _not_null(self) -> ClienteUpdate:
        for name in ("cnpj", "razao_social"):
            if name in self.model_fields_set and not getattr(self, name):
                raise ValueError(f"O campo {name} não pode ficar vazio.")
        return self

    def changes(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.model_fields_set if k != "versao"}


class ClienteRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    cnpj: str
    cnpj_formatado: str = ""
    razao_social: str
    nome_fantasia: str | None = None
    email: str | None = None
    telefone: str | None = None
    cep: str | None = None
    logradouro: str | None = None
    numero: str | None = None
    complemento: str | None = None
    bairro: str | None = None
    municipio: str | None = None
    uf: str | None = None
    cnae_principal: str | None = None
    situacao_cadastral: str | None = None
    porte: str | None = None
    responsavel_id: int | None = None
    responsavel_nome: str | None = None
    criado_em: datetime
    atualizado_em: datetime
    versao: int

    @model_validator(mode="after")
    def _fmt(self) -> ClienteRead:
        self.cnpj_formatado = formatar_cnpj(self.cnpj)
        return self


class ImportErro(BaseModel):
    linha: int
    detalhe: str


class LinhaAmostra(BaseModel):
    linha: int
    valores: dict[str, str]  # field → value as it would be imported
    problema: str = ""  # pt-BR; empty when the row would be imported
    novo: bool = True  # a new cliente (else an update of the one with that CNPJ)


class AnaliseImportacao(BaseModel):
    """``POST /clientes/importar/analise``: the columns, their mapping and the first rows."""

    colunas: list[str]
    mapeamento: dict[str, str | None]  # file column → cliente field (None: ignored)
    campos: list[str]  # the fields a column may map to
    amostra: list[LinhaAmostra] = []
    problema: str = ""  # the file as a whole (no CNPJ column mapped…)


class ImportResult(BaseModel):
    linhas: int = 0  # data rows read (blank lines skipped); the four buckets below add up to it
    criados: int = 0
    atualizados: int = 0
    inalterados: int = 0  # existing clientes whose row in the file changes nothing (not rewritten)
    erros: list[ImportErro] = []
