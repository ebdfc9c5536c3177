"""One place that turns service results and domain errors into what the user sees.

Handlers call services through :func:`run` (blocking DB work in a thread, never on the event
loop) and map any failure with :func:`falha`: a ``DomainError`` shows its pt-BR ``detail``;
an expired session sends the user to the login page; anything else is logged and shown as a
generic message (no stack traces in the browser).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx
from pydantic import ValidationError

from aurora_app.services.errors import DomainError, Unauthorized

log = logging.getLogger("aurora.ui")
T = TypeVar("T")

ERRO_INESPERADO = "Algo deu errado do nosso lado. Tente novamente em instantes."


async def run(fn: Callable[..., T], /, **kwargs: Any) -> T:
    """Call a (blocking) service function in a worker thread with keyword arguments."""
    return await asyncio.to_thread(functools.partial(fn, **kwargs))


def ok(mensagem: str) -> rx.event.EventSpec:
    return rx.toast.success(mensagem, duration=3000)


def com_desfazer(mensagem: str, desfazer: Any) -> rx.event.EventSpec:
    """A success toast with a "Desfazer" button that runs ``desfazer`` (an event of the page's state)."""
    return rx.toast.success(mensagem, duration=8000, action={"label": "Desfazer", "on_click": desfazer})


def info(mensagem: str) -> rx.event.EventSpec:
    return rx.toast.info(mensagem, duration=4000)


def erro(mensagem: str) -> rx.event.EventSpec:
    return rx.toast.error(mensagem, duration=6000)


def falha(exc: BaseException) -> list[rx.event.EventSpec]:
    """Events for a failed call: toast with the pt-BR detail (and login redirect on 401)."""
    from aurora_app.core.cache import BackendUnavailable
    from aurora_app.ui.state.auth import toast_error

    if isinstance(exc, Unauthorized):
        from aurora_app.ui.state.auth import login_url, motivo_saida

        return [toast_error(exc), rx.redirect(login_url(motivo=motivo_saida(exc)))]
    if isinstance(exc, (DomainError, BackendUnavailable)):
        return [toast_error(exc)]
    if isinstance(exc, ValidationError):
        erros = erros_de_validacao(exc)
        return [erro(next(iter(erros.values()), "Dados inválidos."))]
    log.error("falha inesperada num evento da UI", exc_info=exc)
    return [erro(ERRO_INESPERADO)]


# pydantic error types → pt-BR (the services' own validators already speak pt-BR).
_PYDANTIC_PT = {
    "missing": "Campo obrigatório.",
    "string_too_short": "Campo obrigatório.",
    "string_too_long": "Texto longo demais (máximo de {max_length} caracteres).",
    "value_error": "{msg}",
    "assertion_error": "{msg}",
    "decimal_parsing": "Valor inválido: use o formato 1.234,56.",
    "greater_than_equal": "O valor deve ser maior ou igual a {ge}.",
    "date_from_datetime_parsing": "Data inválida: use dd/mm/aaaa.",
    "date_parsing": "Data inválida: use dd/mm/aaaa.",
    "datetime_parsing": "Data inválida: use dd/mm/aaaa.",
    "enum": "Opção inválida.",
    "literal_error": "Opção inválida.",
    "string_pattern_mismatch": "Formato inválido.",
}


def _mensagem(err: dict[str, Any]) -> str:
    texto = _traduzir(err)
    return texto[:1].upper() + texto[1:]


def _traduzir(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    ctx = dict(err.get("ctx") or {})
    msg = str(err.get("msg", ""))
    # "Value error, CNPJ inválido ..." → "CNPJ inválido ..."
    msg = re.sub(r"^(Value|Assertion) error,\s*", "", msg)
    if kind.startswith("email") or ("email" in msg.lower() and "valid" in msg.lower()):
        return "E-mail inválido."
    template = _PYDANTIC_PT.get(kind)
    if template is None:
        return msg if _parece_pt(msg) else "Valor inválido."
    try:
        return template.format(msg=msg, **ctx)
    except (KeyError, IndexError):
        return msg


def _parece_pt(msg: str) -> bool:
    return bool(re.search(r"[ãõçáéíóúâêô]|inválid|obrigatóri|deve ", msg, re.IGNORECASE))


def erros_de_validacao(exc: ValidationError) -> dict[str, str]:
    """``{campo: mensagem pt-BR}`` from a pydantic ValidationError (first message per field)."""
    erros: dict[str, str] = {}
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if not isinstance(p, int)]
        campo = loc[0] if loc else "_"
        erros.setdefault(campo, _mensagem(err))
    return erros


def campo_do_erro(exc: DomainError, campos: set[str] | frozenset[str]) -> str | None:
    """Which form field a service error is about: the service names it (``campo=``)."""
    campo = exc.extra.get("campo") if isinstance(exc.extra, dict) else None
    return campo if isinstance(campo, str) and campo in campos else None
