"""The normalised CNPJ answer (SPEC §6) and the mapping from CNPJá's ``OfficeDto``.

pt-BR keys, whatever the provider: the UI, the REST API and the clientes form read only this.
Partner CPFs arrive masked from the revenue service (``***482913**``) and are kept as they come;
they are never logged (see ``aurora_app.integrations.cnpja``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

Fonte = Literal["cache", "cnpja_pago", "cnpja_gratuito"]
SITUACOES_ATIVAS = {"ATIVA"}


class Atividade(BaseModel):
    codigo: str = Field(description="CNAE, 7 dígitos (ex.: 4639701)")
    descricao: str

    @property
    def codigo_formatado(self) -> str:
        c = self.codigo
        return f"{c[:4]}-{c[4]}/{c[5:]}" if len(c) == 7 and c.isdigit() else c


class Endereco(BaseModel):
    logradouro: str | None = None
    numero: str | None = None
    complemento: str | None = None
    bairro: str | None = None
    municipio: str | None = None
    uf: str | None = None
    cep: str | None = Field(default=None, description="8 dígitos, sem máscara")
    codigo_municipio_ibge: int | None = None
    pais: str | None = None


class Telefone(BaseModel):
    tipo: str | None = Field(default=None, description="fixo | celular")
    ddd: str
    numero: str

    @property
    def completo(self) -> str:
        """DDD + number, digits only (e.g. 5132124400), as Cliente.telefone stores it."""
        return f"{self.ddd}{self.numero}"


class Email(BaseModel):
    endereco: str
    tipo: str | None = Field(default=None, description="corporativo | contador | pessoal | ...")


class Socio(BaseModel):
    nome: str
    tipo: Literal["pessoa_fisica", "pessoa_juridica", "estrangeiro", "outro"] = "outro"
    documento: str | None = Field(default=None, description="CPF mascarado pela Receita, ou CNPJ")
    qualificacao: str | None = None
    desde: date | None = None
    faixa_etaria: str | None = None


class Simples(BaseModel):
    optante: bool = False
    desde: date | None = None
    mei: bool = False
    mei_desde: date | None = None


class CNPJConsulta(BaseModel):
    """One company (establishment) as the revenue service registers it."""

    cnpj: str = Field(description="14 caracteres, sem máscara")
    razao_social: str
    nome_fantasia: str | None = None
    situacao_cadastral: str | None = Field(default=None, description="Ativa, Baixada, Inapta, Suspensa, Nula")
    data_situacao: date | None = None
    data_abertura: date | None = None
    matriz: bool | None = None
    porte: str | None = None
    natureza_juridica: str | None = None
    capital_social: Decimal | None = None
    cnae_principal: Atividade | None = None
    cnaes_secundarios: list[Atividade] = Field(default_factory=list)
    endereco: Endereco = Field(default_factory=Endereco)
    telefones: list[Telefone] = Field(default_factory=list)
    emails: list[Email] = Field(default_factory=list)
    socios: list[Socio] = Field(default_factory=list)
    simples: Simples = Field(default_factory=Simples)
    atualizado_na_receita_em: datetime | None = Field(default=None, description="data dos dados no provedor")
    fonte: Fonte = Field(description="cache, cnpja_pago ou cnpja_gratuito")
    fonte_original: Literal["cnpja_pago", "cnpja_gratuito"] | None = Field(
        default=None, description="provedor que respondeu originalmente (útil quando fonte = cache)"
    )
    consultado_em: datetime = Field(description="quando o provedor foi consultado (UTC)")
    desatualizado: bool = Field(default=False, description="resposta antiga servida porque os provedores falharam")

    @property
    def ativa(self) -> bool:
        return (self.situacao_cadastral or "").strip().upper() in SITUACOES_ATIVAS


# --- CNPJá OfficeDto → CNPJConsulta ---------------------------------------------------------

_PHONE_TYPES: dict[Any, str | None] = {"LANDLINE": "fixo", "MOBILE": "celular"}
_EMAIL_TYPES: dict[Any, str | None] = {"CORPORATE": "corporativo", "ACCOUNTING": "contador", "PERSONAL": "pessoal"}
_PERSON_TYPES: dict[Any, Literal["pessoa_fisica", "pessoa_juridica", "estrangeiro", "outro"]] = {
    "NATURAL": "pessoa_fisica",
    "LEGAL": "pessoa_juridica",
    "FOREIGN": "estrangeiro",
}


def _text(obj: Any) -> str | None:
    if isinstance(obj, dict):
        value = obj.get("text")
        return str(value) if value not in (None, "") else None
    return None


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _activity(obj: Any) -> Atividade | None:
    if not isinstance(obj, dict) or obj.get("id") in (None, ""):
        return None
    return Atividade(codigo=str(obj["id"]).zfill(7), descricao=str(obj.get("text") or ""))


def _digits(value: Any) -> str | None:
    text = "".join(ch for ch in str(value or "") if ch.isdigit())
    return text or None


def _size(company: dict[str, Any]) -> str | None:
    size = company.get("size") or {}
    return _clean(size.get("text")) or _clean(size.get("acronym"))


def from_office(payload: dict[str, Any], *, fonte: Fonte, consultado_em: datetime) -> CNPJConsulta:
    """Normalises a CNPJá ``GET /office/{taxId}`` body (paid and free APIs share the shape).

    Raises ``ValueError``/``pydantic.ValidationError`` when the body is not an office.
    """
    if not isinstance(payload, dict) or not payload.get("taxId"):
        raise ValueError("resposta sem taxId")
    company = payload.get("company") or {}
    address = payload.get("address") or {}
    simples = company.get("simples") or {}
    simei = company.get("simei") or {}
    equity = company.get("equity")
    members = company.get("members") or []
    return CNPJConsulta(
        cnpj=str(payload["taxId"]).upper(),
        razao_social=_clean(company.get("name")) or "",
        nome_fantasia=_clean(payload.get("alias")),
        situacao_cadastral=_text(payload.get("status")),
        data_situacao=payload.get("statusDate") or None,
        data_abertura=payload.get("founded") or None,
        matriz=payload.get("head"),
        porte=_size(company),
        natureza_juridica=_text(company.get("nature")),
        capital_social=Decimal(str(equity)) if equity is not None else None,
        cnae_principal=_activity(payload.get("mainActivity")),
        cnaes_secundarios=[a for a in map(_activity, payload.get("sideActivities") or []) if a],
        endereco=Endereco(
            logradouro=_clean(address.get("street")),
            numero=_clean(address.get("number")),
            complemento=_clean(address.get("details")),
            bairro=_clean(address.get("district")),
            municipio=_clean(address.get("city")),
            uf=(_clean(address.get("state")) or "").upper() or None,
            cep=_digits(address.get("zip")),
            codigo_municipio_ibge=address.get("municipality"),
            pais=_clean((address.get("country") or {}).get("name")),
        ),
        telefones=[
            Telefone(
                tipo=_PHONE_TYPES.get(p.get("type"), _clean(p.get("type"))),
                ddd=str(p.get("area") or ""),
                numero=str(p.get("number") or ""),
            )
            for p in payload.get("phones") or []
            if isinstance(p, dict) and p.get("number")
        ],
        emails=[
            Email(
                endereco=str(e["address"]).strip(),
                tipo=_EMAIL_TYPES.get(e.get("ownership"), _clean(e.get("ownership"))),
            )
            for e in payload.get("emails") or []
            if isinstance(e, dict) and e.get("address")
        ],
        socios=[
            Socio(
                nome=_clean((m.get("person") or {}).get("name")) or "—",
                tipo=_PERSON_TYPES.get((m.get("person") or {}).get("type"), "outro"),
                documento=_clean((m.get("person") or {}).get("taxId")),
                qualificacao=_text(m.get("role")),
                desde=m.get("since") or None,
                faixa_etaria=_clean((m.get("person") or {}).get("age")),
            )
            for m in members
            if isinstance(m, dict)
        ],
        simples=Simples(
            optante=bool(simples.get("optant")),
            desde=simples.get("since") or None,
            mei=bool(simei.get("optant")),
            mei_desde=simei.get("since") or None,
        ),
        atualizado_na_receita_em=payload.get("updated") or None,
        fonte=fonte,
        fonte_original=fonte if fonte != "cache" else None,
        consultado_em=consultado_em,
    )
