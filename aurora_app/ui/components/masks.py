"""Input masks and parsers for pt-BR forms (CNPJ, telefone, CEP, R$).

Reflex has no input mask: the states apply these in their ``on_change`` handlers (the input is
controlled, so the masked text goes back to the browser). They are pure functions, so they are
unit-tested without a browser, and they accept anything a user may paste (masked or not).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
_NOT_DIGIT = re.compile(r"\D")


def _progressive(chars: str, seps: dict[int, str]) -> str:
    """Insert ``seps[i]`` before the character at position i, only once that character exists."""
    out = []
    for i, ch in enumerate(chars):
        if i in seps:
            out.append(seps[i])
        out.append(ch)
    return "".join(out)


def mask_cnpj(raw: str | None) -> str:
    """``12abc34501de35`` → ``12.ABC.345/01DE-35`` as the user types (alphanumeric CNPJ too).

    The 12 first positions take letters and digits, the 2 check digits only digits; anything
    else is dropped, so the field never holds more than a CNPJ.
    """
    chars = _NOT_ALNUM.sub("", raw or "").upper()
    base = chars[:12]
    dv = _NOT_DIGIT.sub("", chars[12:])[:2]
    return _progressive(base + dv, {2: ".", 5: ".", 8: "/", 12: "-"})


def mask_telefone(raw: str | None) -> str:
    """``11987654321`` → ``(11) 98765-4321``; ``1134567890`` → ``(11) 3456-7890``."""
    digits = _NOT_DIGIT.sub("", raw or "")
    if digits.startswith("55") and len(digits) > 11:
        digits = digits[2:]
    digits = digits[:11]
    if not digits:
        return ""
    if len(digits) <= 2:
        return f"({digits}"
    ddd, rest = digits[:2], digits[2:]
    if len(rest) <= 4:
        return f"({ddd}) {rest}"
    split = 5 if len(rest) == 9 else 4
    return f"({ddd}) {rest[:split]}-{rest[split:]}"


def mask_cep(raw: str | None) -> str:
    """``01310100`` → ``01310-100``."""
    digits = _NOT_DIGIT.sub("", raw or "")[:8]
    return _progressive(digits, {5: "-"})


def mask_data(raw: str | None) -> str:
    """``31122026`` → ``31/12/2026`` as the user types (an ISO ``2026-12-31`` is turned around)."""
    text = (raw or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        y, m, d = text.split("-")
        return f"{d}/{m}/{y}"
    digits = _NOT_DIGIT.sub("", text)[:8]
    return _progressive(digits, {2: "/", 4: "/"})


def mask_data_hora(raw: str | None) -> str:
    """``311220261430`` → ``31/12/2026 14:30``."""
    digits = _NOT_DIGIT.sub("", raw or "")[:12]
    return _progressive(digits, {2: "/", 4: "/", 8: " ", 10: ":"})


def mask_uf(raw: str | None) -> str:
    return re.sub(r"[^A-Za-z]", "", raw or "")[:2].upper()


def mask_valor(raw: str | None) -> str:
    """Keep what a money field may hold while typing: digits, one comma, dots; at most 2 decimals."""
    text = re.sub(r"[^0-9,.]", "", raw or "")
    if "," in text:
        inteiro, _, dec = text.partition(",")
        text = f"{inteiro},{dec.replace(',', '').replace('.', '')[:2]}"
    return text[:20]


VALOR_INVALIDO = "Valor inválido: use só números, ex.: 1.234,56."
_DINHEIRO = re.compile(r"^\s*(R\$)?[\s\d.,\u00a0]*$")


def parece_dinheiro(raw: str | None) -> bool:
    """Only what money is typed with (digits, '.', ',', 'R$', spaces): ``abc`` or ``-5`` are not."""
    return bool(_DINHEIRO.match(raw or ""))


def digitos(raw: str | None) -> str:
    return _NOT_DIGIT.sub("", raw or "")


def parse_valor(raw: str | None) -> Decimal | None:
    """``R$ 1.234,56`` / ``1234,56`` / ``1.234`` / ``1234.5`` → Decimal; empty → None.

    Raises ``ValueError`` with a pt-BR message when it is not money.
    """
    if not parece_dinheiro(raw):
        raise ValueError(VALOR_INVALIDO)
    text = (raw or "").replace("R$", "").replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")  # 1.234 is one thousand two hundred thirty-four in pt-BR
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(VALOR_INVALIDO) from exc
    if not value.is_finite():  # "NaN", "Infinity"
        raise ValueError(VALOR_INVALIDO)
    if value < 0:
        raise ValueError("O valor não pode ser negativo.")
    return value.quantize(Decimal("0.01"))


def valor_input(value: Decimal | float | int | None) -> str:
    """Decimal → text for the money input (``1234.5`` → ``1.234,50``)."""
    if value is None:
        return ""
    q = Decimal(value).quantize(Decimal("0.01"))
    inteiro, _, centavos = f"{q:.2f}".partition(".")
    return f"{int(inteiro):,}".replace(",", ".") + f",{centavos}"


def parse_data(raw: str | None) -> date | None:
    """``31/12/2026`` (or ISO ``2026-12-31``) → date; empty → None."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        if "/" in text:
            d, m, y = text.split("/")
            if len(y) != 4:
                raise ValueError(text)
            return date(int(y), int(m), int(d))
        return date.fromisoformat(text[:10])
    except ValueError as exc:
        raise ValueError("Data inválida: use dd/mm/aaaa.") from exc


def parse_data_hora(raw: str | None) -> datetime | None:
    """``31/12/2026 14:30`` (or ``31/12/2026`` = 18:00, or ISO) → naive datetime; empty → None."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        if "/" in text:
            data, _, hora = text.partition(" ")
            dia = parse_data(data)
            hh, _, mm = (hora or "18:00").partition(":")
            return datetime.combine(dia, time(int(hh), int(mm or 0)))
        return datetime.fromisoformat(text if "T" in text or " " in text else f"{text}T18:00")
    except ValueError as exc:
        raise ValueError("Data inválida: use dd/mm/aaaa hh:mm.") from exc


def formatar_telefone(value: str | None) -> str:
    """Stored phone → display (already formatted or not); unknown shapes are returned as they are."""
    if not value:
        return ""
    digits = digitos(value)
    if 10 <= len(digits) <= 13:
        return mask_telefone(digits)
    return value


def formatar_cep(value: str | None) -> str:
    digits = digitos(value)
    return mask_cep(digits) if len(digits) == 8 else (value or "")


MASKS = {
    "cnpj": mask_cnpj,
    "telefone": mask_telefone,
    "cep": mask_cep,
    "uf": mask_uf,
    "valor": mask_valor,
    "previsao_fechamento": mask_data,
}


def aplicar(campo: str, valor: str) -> str:
    """The mask of a form field by name (fields without a mask are returned untouched)."""
    mask = MASKS.get(campo)
    return mask(valor) if mask else valor
