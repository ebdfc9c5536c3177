"""The OpenAPI document as the API answers (issue 11 #8).

FastAPI documents the success status and its own 422 shape. Our answers differ: every error is
the envelope ``{"detail", "code", ...}`` (``api/errors.py``), validation errors add ``mensagem``,
and a route can answer 401/403/404/409/413/429/503 through shared machinery (auth dependencies,
domain errors, the body limit, the rate limits, a backend down). Those statuses are added here,
derived from what the route is (authenticated? path ids? a body? a write?), once for every route,
so a client written from the document, or a fuzzer, sees every answer it can get.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from aurora_app.models.cliente import UFS
from aurora_app.models.lead import Estagio
from aurora_app.models.usuario import Papel
from aurora_app.services import passwords
from aurora_app.services.paging import MAX_LIMIT
from aurora_app.services.tarefas import Situacao

ERRO = {
    "title": "Erro",
    "type": "object",
    "description": "Envelope de erro: `detail` (mensagem pt-BR), `code` (estável, para programas) e campos extras do erro.",
    "properties": {
        "detail": {"title": "Detail", "type": "string"},
        "code": {"title": "Code", "type": "string"},
    },
    "required": ["detail", "code"],
    "additionalProperties": True,
}
ERRO_VALIDACAO = {
    "title": "ErroValidacao",
    "type": "object",
    "description": "422: erros de campo no formato do FastAPI (`detail` lista) ou uma regra de negócio (`detail` texto).",
    "properties": {
        "detail": {
            "title": "Detail",
            "anyOf": [
                {"type": "string"},
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                            "msg": {"type": "string"},
                            "type": {"type": "string"},
                        },
                        "required": ["loc", "msg", "type"],
                    },
                },
            ],
        },
        "code": {"title": "Code", "type": "string"},
        "mensagem": {"title": "Mensagem", "type": "string"},
    },
    "required": ["detail", "code"],
    "additionalProperties": True,
}

_DESCRICOES = {
    "400": "Requisição inválida",
    "401": "Sem token válido (`nao_autenticado`)",
    "403": "Papel ou 2FA insuficiente (`sem_permissao`, `2fa_obrigatorio`)",
    "404": "Registro inexistente ou fora do seu alcance (`nao_encontrado`)",
    "405": "Método não permitido",
    "409": "Conflito (`conflito_versao`, `cnpj_duplicado`, estado que não permite a ação)",
    "413": "Corpo grande demais (`payload_grande_demais`)",
    "415": "Tipo de conteúdo não suportado",
    "422": "Dados inválidos",
    "429": "Muitas tentativas (`muitas_tentativas`, com `Retry-After`)",
    "503": "Serviço temporariamente indisponível (`servico_indisponivel`, `banco_indisponivel`, `servidor_ocupado`, com `Retry-After`)",
}
_WRITES = {"post", "put", "patch", "delete"}


# Constraints the services enforce on a parameter or field of this name, described once (the
# routes keep plain types so the services answer with their own pt-BR codes: uf_invalida...).
_UFS = sorted(UFS)
_CONSTRAINTS: dict[str, dict[str, Any]] = {
    "limite": {"minimum": 1, "maximum": MAX_LIMIT},
    "por_estagio": {"minimum": 1, "maximum": MAX_LIMIT},
    "cursor": {
        "pattern": "^[A-Za-z0-9_-]*$",
        "maxLength": 200,
        "description": "`next_cursor` da página anterior, tal como veio (opaco)",
    },
    "uf": {"enum": _UFS + [u.lower() for u in _UFS]},
    "estagio": {"enum": [e.value for e in Estagio]},
    "papel": {"enum": [p.value for p in Papel]},
    "situacao": {"enum": [s.value for s in Situacao]},
    "tipo": {"enum": ["cliente", "lead"]},
    "nova_senha": {"minLength": passwords.MIN_LENGTH, "maxLength": passwords.MAX_LENGTH},
}
# In bodies and answers only these names mean the same thing everywhere ("tipo" does not).
_CAMPOS_DE_CORPO = {"uf", "estagio", "papel", "nova_senha"}
_LIMITE_POR_ROTA = {"/api/v1/busca": 20}


def _constrain(schema: dict[str, Any], name: str, path: str = "") -> None:
    extra = _CONSTRAINTS.get(name)
    if not extra:
        return
    if name == "limite" and path in _LIMITE_POR_ROTA:
        extra = {**extra, "maximum": _LIMITE_POR_ROTA[path]}
    # Optional values are anyOf [type, null]: constrain the non-null branch.
    targets = [b for b in schema.get("anyOf", []) if b.get("type") != "null"] or [schema]
    for target in targets:
        for key, value in extra.items():
            if key == "description":
                schema.setdefault("description", value)
            elif key not in target or key in ("enum", "pattern"):
                target[key] = value


def _statuses(path: str, method: str, op: dict[str, Any]) -> set[str]:
    found = {"422", "503"}
    if op.get("security"):
        found |= {"401", "403"}
    if "{" in path or "requestBody" in op:
        found.add("404")  # the record, or one the body points at (cliente_id, contato_id...)
    if method in _WRITES:
        found |= {"400", "409", "413", "415"} if "requestBody" in op else {"409"}
    if "/auth/" in path:
        found |= {"400", "401", "403", "429"}
    if "/cnpj/" in path or path.endswith("/clientes/importar"):
        found.add("429")
    return found


def _with_errors(schema: dict[str, Any]) -> dict[str, Any]:
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas["Erro"] = ERRO
    schemas["ErroValidacao"] = ERRO_VALIDACAO
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    for component in schemas.values():
        for name, prop in (component.get("properties") or {}).items():
            if name in _CAMPOS_DE_CORPO:
                _constrain(prop, name)
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for param in op.get("parameters", []):
                if param.get("in") == "query":
                    _constrain(param.setdefault("schema", {}), param["name"], path)
            responses = op.setdefault("responses", {})
            for status in _statuses(path, method, op) | {s for s in responses if s[0] in "45"}:
                ref = "#/components/schemas/ErroValidacao" if status == "422" else "#/components/schemas/Erro"
                current = responses.get(status, {})
                responses[status] = {
                    "description": current.get("description") or _DESCRICOES.get(status, "Erro"),
                    "content": {"application/json": {"schema": {"$ref": ref}}},
                }
    return schema


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                tags=app.openapi_tags,
                servers=app.servers,
            )
            app.openapi_schema = _with_errors(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
