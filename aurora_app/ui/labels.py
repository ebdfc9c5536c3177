"""pt-BR text shown by the UI, and the formatters for money, dates and masks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from aurora_app.core.tempo import BRASILIA, data_hora_br, dia_br
from aurora_app.models import BaseLegal, Estagio, Origem, Papel

APP_NAME = "Aurora"
TAGLINE = "CRM para equipes de vendas B2B"
TZ = BRASILIA

NAV = [
    ("Painel", "/", "layout-dashboard"),
    ("Clientes", "/clientes", "building-2"),
    ("Leads", "/leads", "kanban"),
    ("Minhas tarefas", "/tarefas", "list-checks"),
    ("Consulta CNPJ", "/cnpj", "search"),
    ("Lixeira", "/lixeira", "trash-2"),
    ("Segurança da conta", "/conta/seguranca", "shield-check"),
    ("Administração", "/admin", "settings"),
    ("LGPD", "/admin/lgpd", "shield-user"),
]
# Navigation entries only some roles can use (the pages and services refuse the others anyway).
NAV_PAPEIS = {"/admin": ("admin",)}


def _por_valor(rotulos: dict) -> dict[str, str]:
    """Keys as the enums' plain values (what the database, the API and the browser carry)."""
    return {str(k.value): v for k, v in rotulos.items()}


# The business's enums in pt-BR, one table each, keyed by the model enums (a new value without
# a label fails tests/ui/test_labels.py). Colours are Radix scales (badges, kanban columns).
PAPEIS: dict[str, str] = _por_valor(
    {Papel.admin: "Administrador", Papel.gerente: "Gerente", Papel.vendedor: "Vendedor"}
)
ESTAGIO_LABEL: dict[str, str] = _por_valor({
    Estagio.novo: "Novo", Estagio.qualificado: "Qualificado", Estagio.proposta: "Proposta",
    Estagio.negociacao: "Negociação", Estagio.ganho: "Ganho", Estagio.perdido: "Perdido",
})  # fmt: skip
ESTAGIO_COR: dict[str, str] = _por_valor({
    Estagio.novo: "gray", Estagio.qualificado: "blue", Estagio.proposta: "violet",
    Estagio.negociacao: "amber", Estagio.ganho: "green", Estagio.perdido: "red",
})  # fmt: skip
ESTAGIOS: list[tuple[str, str, str]] = [(e.value, ESTAGIO_LABEL[e.value], ESTAGIO_COR[e.value]) for e in Estagio]
ORIGEM_LABEL: dict[str, str] = _por_valor({
    Origem.site: "Site", Origem.indicacao: "Indicação", Origem.evento: "Evento",
    Origem.outbound: "Outbound", Origem.outro: "Outro",
})  # fmt: skip
ORIGENS: list[tuple[str, str]] = [(o.value, ORIGEM_LABEL[o.value]) for o in Origem]
BASE_LEGAL_LABEL: dict[str, str] = _por_valor(
    {
        BaseLegal.execucao_contrato: "Execução de contrato",
        BaseLegal.legitimo_interesse: "Legítimo interesse",
        BaseLegal.consentimento: "Consentimento",
    }
)

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
    "404": "Página não encontrada",
    "/tarefas": "Minhas tarefas",
    "/lixeira": "Lixeira",
    "/admin/lgpd": "LGPD",
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
    """31/12/2026 for a date; 31/12/2026 21:16 in Brasília time for an instant (naive = UTC)."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return data_hora_br(value)
    return dia_br(value)


def dia(value: date | datetime | None) -> str:
    """31/12/2026: the Brasília calendar day of an instant (never the UTC day)."""
    return dia_br(value) if value is not None else "—"


def inteiro(n: int) -> str:
    """1.234.567 (pt-BR thousands)."""
    return f"{int(n):,}".replace(",", ".")


def plural(n: int, um: str, varios: str) -> str:
    return f"{inteiro(n)} {um if n == 1 else varios}"


def resumo_importacao(linhas: int, criados: int, atualizados: int, inalterados: int, erros: int) -> str:
    """Every row accounted for: ``5 linhas: 1 criado, 1 atualizado, 1 inalterado, 2 com erro``."""
    return (
        f"{plural(linhas, 'linha', 'linhas')}: {plural(criados, 'criado', 'criados')}, "
        f"{plural(atualizados, 'atualizado', 'atualizados')}, {plural(inalterados, 'inalterado', 'inalterados')}, "
        f"{erros} com erro"
    )
