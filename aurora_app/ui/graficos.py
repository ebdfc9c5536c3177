"""Plotly figures of the dashboard, in pt-BR: short money on the axes (``R$ 1,2 mi``,
``R$ 35,4 mil``), exact values on hover (``R$ 1.234,56``). Pure functions of the service's answer
(``DashboardRead``), built in the backend and sent to ``rx.plotly`` as figures."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go

from aurora_app.ui import labels

ESTAGIO_COR = {
    "novo": "#8b8d98", "qualificado": "#0090ff", "proposta": "#8e4ec6",
    "negociacao": "#f76b15", "ganho": "#30a46c", "perdido": "#e5484d",
}  # fmt: skip
MESES = ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"]
COR_RECEITA = "#3e63dd"  # indigo 9, the app's accent
COR_ORIGEM = "#12a594"  # teal 9
FONTE = "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


# --- pt-BR numbers -------------------------------------------------------------------------


def _virgula(valor: float, casas: int = 1) -> str:
    """1.25 → "1,3"; 35.0 → "35" (no ",0")."""
    texto = f"{valor:.{casas}f}".rstrip("0").rstrip(".") if casas else f"{valor:.0f}"
    return texto.replace(".", ",")


def inteiro(n: int) -> str:
    """12345 → "12.345"."""
    return f"{int(n):,}".replace(",", ".")


def brl_curto(valor: Decimal | float | int) -> str:
    """Axis money: R$ 850 · R$ 35,4 mil · R$ 1,2 mi · R$ 3 bi."""
    v = float(valor)
    sinal = "-" if v < 0 else ""
    v = abs(v)
    for limite, sufixo in ((1e9, "bi"), (1e6, "mi"), (1e3, "mil")):
        if v >= limite * 0.9995:  # 999.950 shows as "R$ 1 mi", not "R$ 1.000 mil"
            return f"{sinal}R$ {_virgula(v / limite)} {sufixo}"
    return f"{sinal}R$ {v:.0f}"


def percentual(fracao: float, casas: int = 1) -> str:
    """0.6667 → "66,7%"."""
    return f"{_virgula(fracao * 100, casas)}%"


def mes_curto(mes: str) -> str:
    """ "2026-10" → "out/26"."""
    ano, m = mes.split("-")
    return f"{MESES[int(m) - 1]}/{ano[2:]}"


def escala(maximo: float, alvo: int = 4) -> list[float]:
    """Round axis ticks from 0 to at least ``maximo`` (steps of 1, 2, 2.5 or 5 × 10^k)."""
    if maximo <= 0:
        return [0.0, 1.0]
    bruto = maximo / alvo
    mag = 10 ** math.floor(math.log10(bruto))
    passo = next(f * mag for f in (1, 2, 2.5, 5, 10) if f * mag >= bruto)
    n = math.ceil(maximo / passo - 1e-9)
    return [i * passo for i in range(n + 1)]


def variacao(atual: Decimal | float, anterior: Decimal | float) -> tuple[str, str]:
    """(text, tone) comparing with the previous period: ("▲ 12,5%", "green"), ("▼ 3%", "red")."""
    a, b = float(atual), float(anterior)
    if b == 0:
        return ("sem base no período anterior", "gray") if a else ("igual ao período anterior", "gray")
    delta = (a - b) / abs(b)
    if abs(delta) < 0.0005:
        return "= igual ao período anterior", "gray"
    seta, tom = ("▲", "green") if delta > 0 else ("▼", "red")
    return f"{seta} {percentual(abs(delta))}", tom


def variacao_pp(atual: float, anterior: float, tinha_base: bool) -> tuple[str, str]:
    """A rate compared in percentage points: ("▲ 4,2 p.p.", "green")."""
    if not tinha_base:
        return "sem base no período anterior", "gray"
    delta = (atual - anterior) * 100
    if abs(delta) < 0.05:
        return "= igual ao período anterior", "gray"
    seta, tom = ("▲", "green") if delta > 0 else ("▼", "red")
    return f"{seta} {_virgula(abs(delta))} p.p.", tom


# --- figures -------------------------------------------------------------------------------


def _layout(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "separators": ",.",
        "font": {"family": FONTE, "size": 12},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 8, "r": 8, "t": 8, "b": 8, "pad": 4},
        "height": 300,
        "autosize": True,
        "showlegend": False,
        "hoverlabel": {"font": {"family": FONTE}},
        "dragmode": False,
        "bargap": 0.3,
    }
    base.update(extra)
    return base


def _eixo_dinheiro(maximo: float, alvo: int = 4) -> dict[str, Any]:
    ticks = escala(maximo, alvo)
    return {
        "tickvals": ticks,
        "ticktext": [brl_curto(t) for t in ticks],
        "range": [0, ticks[-1] * 1.04],
        "automargin": True,
        "fixedrange": True,
        "zeroline": False,
    }


def _eixo_contagem(maximo: float) -> dict[str, Any]:
    ticks = [t for t in escala(max(maximo, 1)) if float(t).is_integer()] or [0, 1]
    return {
        "tickvals": ticks,
        "ticktext": [inteiro(int(t)) for t in ticks],
        "range": [0, max(ticks[-1], maximo) * 1.04],
        "automargin": True,
        "fixedrange": True,
        "zeroline": False,
    }


def _categorias(**extra: Any) -> dict[str, Any]:
    return {"automargin": True, "fixedrange": True, "type": "category", **extra}


def figura_funil(funil: list[Any]) -> go.Figure:
    """Horizontal bars, top to bottom in pipeline order: length = count, label = value."""
    estagios = [f.estagio for f in funil]
    qtd = [f.quantidade for f in funil]
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=[labels.ESTAGIO_LABEL.get(e, e) for e in estagios],
            x=qtd,
            text=[f"{inteiro(f.quantidade)} · {brl_curto(f.valor)}" for f in funil],
            textposition="auto",
            cliponaxis=False,
            customdata=[[inteiro(f.quantidade), labels.brl(f.valor)] for f in funil],
            hovertemplate="<b>%{y}</b><br>%{customdata[0]} lead(s)<br>%{customdata[1]}<extra></extra>",
            marker={"color": [ESTAGIO_COR.get(e, COR_RECEITA) for e in estagios]},
        )
    )
    fig.update_layout(
        _layout(
            xaxis=_eixo_contagem(max(qtd, default=0)),
            yaxis=_categorias(autorange="reversed"),
        )
    )
    return fig


def figura_receita(serie: list[Any]) -> go.Figure:
    valores = [float(m.valor) for m in serie]
    fig = go.Figure(
        go.Bar(
            x=[mes_curto(m.mes) for m in serie],
            y=valores,
            customdata=[labels.brl(m.valor) for m in serie],
            hovertemplate="<b>%{x}</b><br>%{customdata}<extra></extra>",
            marker={"color": COR_RECEITA},
        )
    )
    fig.update_layout(_layout(xaxis=_categorias(), yaxis=_eixo_dinheiro(max(valores, default=0))))
    return fig


def figura_origem(origens: list[Any]) -> go.Figure:
    qtd = [o.quantidade for o in origens]
    fig = go.Figure(
        go.Bar(
            x=[labels.ORIGEM_LABEL.get(o.origem, o.origem) for o in origens],
            y=qtd,
            text=[inteiro(n) for n in qtd],
            textposition="outside",
            cliponaxis=False,
            customdata=[inteiro(n) for n in qtd],
            hovertemplate="<b>%{x}</b><br>%{customdata} lead(s) criados no período<extra></extra>",
            marker={"color": COR_ORIGEM},
        )
    )
    fig.update_layout(_layout(xaxis=_categorias(), yaxis=_eixo_contagem(max(qtd, default=0) * 1.1)))
    return fig


def figura_ranking(ranking: list[Any]) -> go.Figure:
    """Best first, at the top; bar = won revenue in the period. Rows by position (two people
    with the same name stay two bars)."""
    valores = [float(r.receita) for r in ranking]
    posicoes = list(range(len(ranking)))
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=posicoes,
            x=valores,
            text=[brl_curto(r.receita) for r in ranking],
            textposition="auto",
            customdata=[[r.nome, labels.brl(r.receita), inteiro(r.ganhos)] for r in ranking],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]} negócio(s) ganho(s)<extra></extra>",
            marker={"color": ESTAGIO_COR["ganho"]},
            width=0.6,
        )
    )
    altura = max(160, 44 * len(ranking) + 70)
    fig.update_layout(
        _layout(
            height=altura,
            xaxis={**_eixo_dinheiro(max(valores, default=0), alvo=3), "tickangle": 0},
            yaxis={
                "tickvals": posicoes,
                "ticktext": [r.nome for r in ranking],
                "range": [len(ranking) - 0.5, -0.5],
                "automargin": True,
                "fixedrange": True,
                "zeroline": False,
                "showgrid": False,
            },
        )
    )
    return fig
