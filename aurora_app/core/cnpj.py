"""CNPJ rules (SPEC §6): numeric and alphanumeric (IN RFB 2.229/2024) CNPJs.

12 characters of [0-9A-Z] and 2 numeric check digits. A character's value is its ASCII code
minus 48; weights 2..9 cycle from the right; remainder < 2 gives 0, else 11 - remainder.
"""

from __future__ import annotations

import re

_ALLOWED_SEPARATORS = re.compile(r"[\s./\-]")
_BARE = re.compile(r"^[0-9A-Z]{12}[0-9]{2}$")


class CNPJInvalido(ValueError):
    """Carries a pt-BR message fit for the user."""


def _check_digit(body: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(body)):
        total += (ord(ch) - 48) * (2 + i % 8)
    rest = total % 11
    return 0 if rest < 2 else 11 - rest


def calcular_dv(base12: str) -> str:
    """The two check digits of a 12-character base."""
    d1 = _check_digit(base12)
    d2 = _check_digit(base12 + str(d1))
    return f"{d1}{d2}"


def strip_cnpj(value: str) -> str:
    return _ALLOWED_SEPARATORS.sub("", value or "").upper()


def normalizar_cnpj(value: str) -> str:
    """Bare upper-case 14 characters, or ``CNPJInvalido`` with a clear pt-BR message."""
    bare = strip_cnpj(value)
    if not bare:
        raise CNPJInvalido("Informe o CNPJ.")
    if len(bare) != 14:
        raise CNPJInvalido(f"CNPJ deve ter 14 caracteres; foram informados {len(bare)}.")
    if not _BARE.match(bare):
        raise CNPJInvalido(
            "CNPJ inválido: use letras e números nas 12 primeiras posições e 2 dígitos verificadores numéricos."
        )
    if len(set(bare)) == 1:
        raise CNPJInvalido("CNPJ inválido: não pode ser uma sequência de um único caractere.")
    if bare[12:] != calcular_dv(bare[:12]):
        raise CNPJInvalido("CNPJ inválido: dígitos verificadores não conferem.")
    return bare


def cnpj_valido(value: str) -> bool:
    try:
        normalizar_cnpj(value)
    except CNPJInvalido:
        return False
    return True


def formatar_cnpj(bare: str | None) -> str:
    """``12ABC34501DE35`` → ``12.ABC.345/01DE-35`` (anything else is returned untouched)."""
    if not bare or len(bare) != 14:
        return bare or ""
    return f"{bare[:2]}.{bare[2:5]}.{bare[5:8]}/{bare[8:12]}-{bare[12:]}"
