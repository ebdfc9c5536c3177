"""pt-BR text shown by the UI, and the formatters for money, dates and masks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

APP_NAME = "Aurora"
TAGLINE = "CRM para equipes de vendas B2B"
TZ = ZoneInfo("America/Sao_Paulo")

NAV = [
    ("Painel", "/", "layout-dashboard"),
    ("Clientes", "/clientes", "building-2"),
    ("Leads", "/leads", "kanban"),
    ("Minhas tarefas", "/tarefas", "list-checks"),
    ("Consulta CNPJ", "/cnpj", "search"),
    ("Lixeira", "/lixeira", "trash-2"),
    ("Segurança da conta", "/conta/seguranca", "shield-check"),
    ("Administração", "/admin", "settings"),
]

TITLES = {
    "/": "Painel",
    "/login": "Entrar",
    "/clientes": "Clientes",
    "/clientes/[id]": "Cliente",
    "/leads": "Leads",
    "/leads/[id]": "Lead",
    "/cnpj": "Consulta CNPJ",
    "/conta/seguranca": "Segurança da conta",
    "/admin": "Administração",
    "/tarefas": "Minhas tarefas",
    "/lixeira": "Lixeira",
}


def page_title(route: str) -> str:
    return f"{TITLES.get(route, APP_NAME)} · {APP_NAME}"


def brl(value: Decimal | float | int | None) -> str:
    """R$ 1.234,56"""
    if value is None:
        return "—"
    q = Decimal(value).quantize(Decimal("0.01"))
    sign = "-" if q < 0 else ""
    inteiro, _, centavos = f"{abs(q):.2f}".partition(".")
    grupos = f"{int(inteiro):,}".replace(",", ".")
    return f"{sign}R$ {grupos},{centavos}"


def data_br(value: date | datetime | None) -> str:
    """31/12/2026 (datetimes shown in Brasília time)."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(TZ)
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")
