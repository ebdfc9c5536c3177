"""Turn pydantic validation errors into one pt-BR ``Invalid`` (for the UI and the CSV import).

REST routes let FastAPI answer its usual 422; Reflex handlers and the CSV importer build the
schemas from plain dicts through :func:`validar` and get a message fit for a toast.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from aurora_app.models.entrada import INVALIDOS
from aurora_app.services.errors import Invalid

M = TypeVar("M", bound=BaseModel)

_MENSAGENS = {
    "missing": "campo obrigatório",
    "extra_forbidden": "campo não permitido",
    "string_type": "deve ser um texto",
    "int_type": "deve ser um número inteiro",
    "int_parsing": "deve ser um número inteiro",
    "int_from_float": "deve ser um número inteiro",
    "bool_type": "deve ser verdadeiro ou falso",
    "bool_parsing": "deve ser verdadeiro ou falso",
    "decimal_parsing": "deve ser um número, ex.: 1234.56",
    "decimal_type": "deve ser um número, ex.: 1234.56",
    "decimal_max_digits": "número grande demais",
    "decimal_max_places": "use no máximo 2 casas decimais",
    "decimal_whole_digits": "número grande demais",
    "finite_number": "deve ser um número finito",
    "greater_than_equal": "deve ser maior ou igual a {ge}",
    "less_than_equal": "deve ser menor ou igual a {le}",
    "date_parsing": "data inválida; use AAAA-MM-DD",
    "date_from_datetime_parsing": "data inválida; use AAAA-MM-DD",
    "date_type": "data inválida; use AAAA-MM-DD",
    "datetime_parsing": "data e hora inválidas; use AAAA-MM-DDTHH:MM",
    "datetime_from_date_parsing": "data e hora inválidas; use AAAA-MM-DDTHH:MM",
    "datetime_type": "data e hora inválidas; use AAAA-MM-DDTHH:MM",
    "model_type": "formato inválido",
    "dict_type": "formato inválido",
}

ROTULOS = {
    "razao_social": "Razão social",
    "nome_fantasia": "Nome fantasia",
    "cnpj": "CNPJ",
    "email": "E-mail",
    "telefone": "Telefone",
    "cep": "CEP",
    "uf": "UF",
    "municipio": "Município",
    "numero": "Número",
    "responsavel_id": "Responsável",
    "previsao_fechamento": "Previsão de fechamento",
    "motivo_perda": "Motivo da perda",
    "estagio": "Estágio",
    "descricao": "Descrição",
    "vence_em": "Vencimento",
}


def mensagem(err: Mapping[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "value_error":
        text = str(err.get("msg", "")).removeprefix("Value error, ")
    else:
        template = _MENSAGENS.get(kind)
        try:
            text = template.format(**(err.get("ctx") or {})) if template else str(err.get("msg", "valor inválido"))
        except (KeyError, IndexError):
            text = template or "valor inválido"
    campo = ".".join(str(p) for p in err.get("loc", ()) if not isinstance(p, int))
    if not campo:
        return text
    return f"{ROTULOS.get(campo, campo)}: {text}"


def erros(exc: ValidationError) -> list[str]:
    return [mensagem(e) for e in exc.errors()]


def validar(model: type[M], data: dict[str, Any]) -> M:
    """``model.model_validate(data)`` or ``Invalid`` with every problem in pt-BR."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        msgs = erros(exc)
        raise Invalid("; ".join(msgs), code="dados_invalidos", extra={"erros": msgs}) from exc


def parametro(value: str | None, rotulo: str = "Busca") -> str | None:
    """A free-text parameter (search, filter) the database can take: NUL and lone surrogates are
    a 422, not a driver error."""
    if value is not None and (not isinstance(value, str) or INVALIDOS.search(value)):
        raise Invalid(f"{rotulo}: contém caracteres não permitidos.", code="parametro_invalido")
    return value
