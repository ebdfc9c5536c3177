"""CNPJ lookup use case (SPEC §6), shared by ``GET /api/v1/cnpj/{cnpj}``, the /cnpj page and the
clientes form's "Buscar CNPJ" button.

Order: validate (422, no upstream call) → cache (fresh) → remembered 404 → per-user limit →
CNPJá (paid keys → free API, see integrations/cnpja.py) → store. When every provider fails, an
answer past its TTL (kept up to 30 days) is served marked ``desatualizado``; else 503.

The per-user limit counts only lookups that would reach CNPJá (cache hits cost nothing), so one
account cannot burn the paid credits or the shared free quota.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from pydantic import ValidationError

from aurora_app.core.cnpj import CNPJInvalido, normalizar_cnpj
from aurora_app.integrations.cnpja import (
    CACHE_EVENTS,
    LOOKUPS,
    CNPJaClient,
    CNPJNaoEncontrado,
    ConsultaCache,
    ConsultaIndisponivel,
)
from aurora_app.integrations.cnpja_schema import CNPJConsulta
from aurora_app.models.cliente import ClienteCreate, ClienteRead
from aurora_app.services import clientes, contatos
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.errors import Conflict, Forbidden, Invalid, NotFound, TooManyRequests, Unavailable

log = logging.getLogger("aurora.cnpj")

USER_RULE = "30/minute"
MSG_NAO_ENCONTRADO = "CNPJ não encontrado na Receita Federal."
MSG_INDISPONIVEL = "Consulta de CNPJ indisponível no momento. Tente novamente em instantes."
MSG_LIMITE = "Muitas consultas de CNPJ em pouco tempo. Aguarde um pouco e tente novamente."

__all__ = [
    "CNPJConsulta",
    "cadastrar_cliente",
    "cliente_existente",
    "consultar",
    "get_client",
    "reset_client",
    "set_client",
    "to_cliente_fields",
]


_client: CNPJaClient | None = None


def get_client() -> CNPJaClient:
    """One client per process, built from settings on first use."""
    global _client
    if _client is None:
        _client = CNPJaClient.from_settings()
    return _client


def set_client(client: CNPJaClient | None) -> None:
    """Tests and benchmarks install a client with other timeouts; ``None`` rebuilds from settings."""
    global _client
    _client = client


def reset_client() -> None:
    set_client(None)


def _validar(cnpj: str) -> str:
    try:
        return normalizar_cnpj(cnpj)
    except CNPJInvalido as exc:
        LOOKUPS.labels("nenhuma", "invalido").inc()
        raise Invalid(str(exc), code="cnpj_invalido", campo="cnpj") from exc


async def consultar(*, actor: Actor, cnpj: str) -> CNPJConsulta:
    """The normalised company data, from cache or CNPJá.

    Raises ``Invalid`` (cnpj_invalido), ``NotFound`` (cnpj_nao_encontrado), ``TooManyRequests``
    (muitas_consultas) or ``Unavailable`` (consulta_indisponivel, with ``retry_after``).
    """
    bare = _validar(cnpj)
    cache = ConsultaCache()
    hit = cache.get(bare)
    if hit is not None and hit.fresh:
        LOOKUPS.labels("cache", "ok").inc()
        return hit.consulta
    if cache.is_not_found(bare):
        LOOKUPS.labels("cache", "nao_encontrado").inc()
        raise NotFound(MSG_NAO_ENCONTRADO, code="cnpj_nao_encontrado")

    client = get_client()
    limit = client.state.hit("cnpj-consulta", USER_RULE, str(actor.id))
    if not limit.allowed:
        LOOKUPS.labels("nenhuma", "limitado").inc()
        raise TooManyRequests(MSG_LIMITE, retry_after=limit.retry_after, code="muitas_consultas")

    try:
        consulta = await client.fetch(bare)
    except CNPJNaoEncontrado:
        cache.remember_not_found(bare)
        LOOKUPS.labels("nenhuma", "nao_encontrado").inc()
        raise NotFound(MSG_NAO_ENCONTRADO, code="cnpj_nao_encontrado") from None
    except ConsultaIndisponivel as exc:
        if hit is not None:
            LOOKUPS.labels("cache", "desatualizado").inc()
            CACHE_EVENTS.labels("stale").inc()
            log.warning("cnpj: provedores indisponíveis; servindo cache desatualizado cnpj=%s", bare)
            return hit.consulta.model_copy(update={"desatualizado": True})
        LOOKUPS.labels("nenhuma", "indisponivel").inc()
        raise Unavailable(MSG_INDISPONIVEL, retry_after=exc.retry_after, code="consulta_indisponivel") from None
    cache.put(consulta)
    LOOKUPS.labels(consulta.fonte, "ok").inc()
    return consulta


def to_cliente_fields(consulta: CNPJConsulta) -> dict[str, Any]:
    """The lookup mapped onto Cliente's fields (for the create form and one-click registration)."""
    end = consulta.endereco
    telefone = consulta.telefones[0].completo[:20] if consulta.telefones else None
    email = consulta.emails[0].endereco[:254] if consulta.emails else None
    cnae = None
    if consulta.cnae_principal:
        cnae = f"{consulta.cnae_principal.codigo_formatado} - {consulta.cnae_principal.descricao}"[:200]

    def cut(value: str | None, n: int) -> str | None:
        return value[:n] if value else None

    return {
        "cnpj": consulta.cnpj,
        "razao_social": consulta.razao_social[:200],
        "nome_fantasia": cut(consulta.nome_fantasia, 200),
        "email": email,
        "telefone": telefone,
        "cep": cut(end.cep, 8),
        "logradouro": cut(end.logradouro, 200),
        "numero": cut(end.numero, 20),
        "complemento": cut(end.complemento, 100),
        "bairro": cut(end.bairro, 100),
        "municipio": cut(end.municipio, 100),
        "uf": cut(end.uf, 2),
        "cnae_principal": cnae,
        "situacao_cadastral": cut(consulta.situacao_cadastral, 40),
        "porte": cut(consulta.porte, 60),
    }


# --- one-click registration (the /cnpj page) ----------------------------------------------------


def _cliente_create(fields: dict[str, Any]) -> ClienteCreate:
    """``ClienteCreate`` from the lookup; optional fields the form would refuse are dropped
    (the registry's data is not always what our validators accept, e.g. an odd phone)."""
    data = {k: v for k, v in fields.items() if v not in (None, "")}
    for _ in range(len(data)):
        try:
            return ClienteCreate.model_validate(data)
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e.get("loc")} - {"cnpj", "razao_social"}
            if not bad:
                raise
            for name in bad:
                data.pop(name, None)
    return ClienteCreate.model_validate(data)


def cliente_existente(*, cnpj: str) -> ClienteRead | None:
    """The live cliente with this CNPJ or None. Blocking: call it in a thread."""
    return clientes.find_live_by_cnpj(cnpj=cnpj)


async def cadastrar_cliente(*, actor: Actor, cnpj: str, ctx: RequestContext | None = None) -> tuple[ClienteRead, bool]:
    """Registers the looked-up company as a cliente (the caller becomes responsável when a
    vendedor). Returns ``(ClienteRead, criado)``: an existing live cliente with this CNPJ is
    returned with ``criado=False`` instead of a 409, so the page can simply open it."""
    consulta = await consultar(actor=actor, cnpj=cnpj)
    existing = await asyncio.to_thread(cliente_existente, cnpj=consulta.cnpj)
    if existing is not None:
        return existing, False
    data = _cliente_create(to_cliente_fields(consulta))
    try:
        return await asyncio.to_thread(clientes.create, actor=actor, data=data, ctx=ctx), True
    except Conflict as exc:  # registered by someone else meanwhile
        if exc.code == "cnpj_duplicado":
            existing = await asyncio.to_thread(cliente_existente, cnpj=consulta.cnpj)
            if existing is not None:
                return existing, False
        raise


# --- partners as contacts (the cliente page) ----------------------------------------------------

PESSOAS = ("pessoa_fisica", "estrangeiro")  # partners that are people (a holding company is not a contact)


async def adicionar_socios(
    *, actor: Actor, cliente_id: int, ctx: RequestContext | None = None
) -> contatos.SociosAdicionados:
    """The cliente's company partners (sócios), from the CNPJ lookup (cached), added as its
    contacts under the cliente's edit rule. Checked before the lookup, so a caller who may not
    edit the cliente spends no lookup."""
    cliente = await asyncio.to_thread(clientes.get, actor=actor, cliente_id=cliente_id)
    if not clientes.pode_editar(actor, cliente):
        raise Forbidden(contatos.SEM_PERMISSAO, code="sem_permissao")
    consulta = await consultar(actor=actor, cnpj=cliente.cnpj)
    pessoas = [(s.nome, s.qualificacao) for s in consulta.socios if s.tipo in PESSOAS and s.nome]
    empresas = sum(1 for s in consulta.socios if s.tipo not in PESSOAS)
    resultado = await asyncio.to_thread(
        contatos.adicionar_pessoas, actor=actor, cliente_id=cliente_id, pessoas=pessoas, ctx=ctx
    )
    return resultado.model_copy(update={"ignorados": resultado.ignorados + empresas})
