"""Grounded suggestions and semantic search over the knowledge store.

Every suggestion names the records it came from (``fontes``). Permission is applied twice:
inside Chroma's search (the ``where`` filter of :class:`Escopo`, so a vendedor's nearest
neighbours are drawn only from what they may read) and again against the database for the
leads a hit belongs to (a lead reassigned or deleted a moment ago is not yet re-ingested).
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from aurora_app.ai_core import feedback, store
from aurora_app.ai_core.ingestion import ROTULO_TIPO, texto_cliente, texto_lead
from aurora_app.core import tempo
from aurora_app.models import Cliente, Interacao, Lead
from aurora_app.models.base import fold, utcnow

TRECHO = 240
POOL = 20
ACAO = {
    "reuniao": "agende uma reunião",
    "ligacao": "faça uma ligação",
    "email": "envie um e-mail",
    "nota": "registre e retome o ponto combinado",
    "tarefa": "crie uma tarefa de acompanhamento",
}


@dataclass(frozen=True)
class Escopo:
    """Who asks: ``where`` restricts Chroma's search; ``leads_visiveis`` re-checks lead ids."""

    usuario_id: int
    where: dict[str, Any] | None
    leads_visiveis: Callable[[Session, set[int]], set[int]]


@dataclass
class Sugestao:
    id: str
    tipo: str
    texto: str
    score: float
    fontes: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "tipo": self.tipo,
            "texto": self.texto,
            "score": round(self.score, 4),
            "fontes": self.fontes,
        }


def trecho(texto: str, limite: int = TRECHO) -> str:
    texto = " ".join((texto or "").split())
    if len(texto) <= limite:
        return texto
    corte = texto.rfind(" ", 0, limite - 1)
    return texto[: corte if corte > limite // 2 else limite - 1] + "…"


def _and(*clauses: dict[str, Any] | None) -> dict[str, Any] | None:
    parts = [c for c in clauses if c]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _data(epoch: int) -> str:
    return tempo.dia_br(datetime.fromtimestamp(epoch, UTC)) if epoch else ""


def _fonte(hit: store.Hit) -> dict[str, Any]:
    return {
        "tipo": hit.tipo,
        "id": hit.record_id,
        "trecho": trecho(hit.texto),
        "lead_id": int(hit.meta.get("lead_id") or 0) or None,
        "cliente_id": int(hit.meta.get("cliente_id") or 0) or None,
    }


def _buscar(s: Session, escopo: Escopo, texto: str, where: dict[str, Any] | None, n: int) -> list[store.Hit]:
    hits = store.query(texto, where=_and(escopo.where, where), n=n)
    lead_ids = {int(h.meta.get("lead_id") or 0) for h in hits} - {0}
    ok = escopo.leads_visiveis(s, lead_ids) if lead_ids else set()
    return [h for h in hits if not int(h.meta.get("lead_id") or 0) or int(h.meta["lead_id"]) in ok]


def _rerank(s: Session, escopo: Escopo, itens: list[Sugestao]) -> list[Sugestao]:
    ajuste = feedback.ajustes(s, usuario_id=escopo.usuario_id, sugestao_ids=[i.id for i in itens])
    for item in itens:
        item.score += ajuste.get(item.id, 0.0)
    return sorted(itens, key=lambda i: i.score, reverse=True)


def _recentes(s: Session, cond: Any, n: int = 5) -> list[str]:
    return list(
        s.execute(select(Interacao.descricao).where(cond).order_by(Interacao.criado_em.desc()).limit(n)).scalars()
    )


# --- a lead: next best action, similar won/lost deals, recurring loss reasons -------------------


def para_lead(s: Session, escopo: Escopo, lead: Lead, *, limite: int = 8) -> list[dict[str, Any]]:
    contexto = " ".join([texto_lead(lead), *_recentes(s, Interacao.lead_id == lead.id)])
    outro = {"lead_id": {"$ne": lead.id}}
    itens: list[Sugestao] = []

    passos = _buscar(
        s,
        escopo,
        contexto,
        _and({"tipo_doc": "interacao"}, {"estagio": "ganho"}, {"antes_fechamento": True}, outro),
        POOL,
    )
    for h in passos:
        tipo = str(h.meta.get("tipo", "nota"))
        itens.append(
            Sugestao(
                id=f"proximo_passo:interacao:{h.record_id}",
                tipo="proximo_passo",
                score=h.score,
                texto=(
                    f"Próximo passo: {ACAO.get(tipo, 'retome o contato')}. Em “{h.meta.get('lead_nome', '')}”, "
                    f"um negócio parecido que foi ganho, antes do fechamento: {ROTULO_TIPO.get(tipo, tipo).lower()} — "
                    f"“{trecho(h.texto, 160)}”"
                ),
                fontes=[_fonte(h)],
            )
        )
    if passos:
        tipos = Counter(str(h.meta.get("tipo", "nota")) for h in passos[:10])
        tipo, k = tipos.most_common(1)[0]
        if k >= 2:
            exemplos = [h for h in passos[:10] if h.meta.get("tipo") == tipo][:3]
            itens.append(
                Sugestao(
                    id=f"padrao_ganho:tipo:{tipo}",
                    tipo="proximo_passo",
                    score=sum(h.score for h in exemplos) / len(exemplos),
                    texto=(
                        f"Nos negócios parecidos que foram ganhos, o passo mais comum antes do fechamento foi "
                        f"{ROTULO_TIPO.get(tipo, tipo).lower()} ({k} de {min(10, len(passos))}): {ACAO.get(tipo, '')}."
                    ),
                    fontes=[_fonte(h) for h in exemplos],
                )
            )

    for estagio, rotulo in (("ganho", "ganho"), ("perdido", "perdido")):
        hits = _buscar(s, escopo, contexto, _and({"tipo_doc": "lead"}, {"estagio": estagio}, outro), 10)
        for h in hits[:3]:
            motivo = h.meta.get("motivo_perda") or ""
            texto = f"Negócio parecido {rotulo}: “{h.meta.get('lead_nome', '')}”"
            if motivo:
                texto += f" — motivo da perda: {motivo}"
            itens.append(
                Sugestao(
                    id=f"negocio_{estagio}:lead:{h.record_id}",
                    tipo=f"negocio_{estagio}",
                    score=h.score,
                    texto=texto + ".",
                    fontes=[_fonte(h)],
                )
            )
        if estagio == "perdido":
            itens.extend(_motivos_recorrentes(hits))
    return [i.as_dict() for i in _rerank(s, escopo, itens)[:limite]]


def _motivos_recorrentes(perdidos: list[store.Hit]) -> list[Sugestao]:
    grupos: dict[str, list[store.Hit]] = {}
    for h in perdidos:
        motivo = str(h.meta.get("motivo_perda") or "").strip()
        if motivo:
            grupos.setdefault(fold(motivo).strip(" ."), []).append(h)
    out = []
    for chave, hits in grupos.items():
        if len(hits) < 2:
            continue
        motivo = str(hits[0].meta["motivo_perda"]).strip()
        out.append(
            Sugestao(
                id=f"motivo_perda:motivo:{zlib.crc32(chave.encode()):08x}",
                tipo="motivo_perda",
                score=sum(h.score for h in hits) / len(hits),
                texto=(
                    f"Atenção: {len(hits)} de {len(perdidos)} negócios parecidos perdidos tiveram o motivo "
                    f"“{motivo}”. Antecipe essa objeção."
                ),
                fontes=[_fonte(h) for h in hits[:5]],
            )
        )
    return out


# --- a cliente: similar clientes, relevant notes, tasks that look overdue ------------------------

_DATA = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b")
_URGENTE = re.compile(r"\b(urgente|hoje|amanha|amanhã|ate sexta|até sexta|esta semana|imediat\w*)\b", re.IGNORECASE)


def _data_no_texto(texto: str, criado: datetime) -> datetime | None:
    for m in _DATA.finditer(texto):
        dia, mes, ano = int(m.group(1)), int(m.group(2)), m.group(3)
        ano_n = (int(ano) + (2000 if len(ano) == 2 else 0)) if ano else criado.year
        try:
            quando = datetime(ano_n, mes, dia, 23, 59, tzinfo=UTC)
        except ValueError:
            continue
        if not ano and quando < criado - timedelta(days=1):
            quando = quando.replace(year=quando.year + 1)
        return quando
    return None


def tarefas_atrasadas(s: Session, cliente_id: int, agora: datetime | None = None) -> list[Sugestao]:
    """Open tasks past their ``vence_em``, or without one whose text names a past date or
    urgency and that are more than three days old."""
    agora = agora or utcnow()
    out = []
    for it in s.execute(
        select(Interacao)
        .where(Interacao.cliente_id == cliente_id, Interacao.tipo == "tarefa", Interacao.concluida.is_(False))
        .order_by(Interacao.criado_em)
        .limit(200)
    ).scalars():
        motivo = None
        if it.vence_em is not None:
            if it.vence_em < agora:
                motivo = f"venceu em {_data(int(it.vence_em.timestamp()))}"
        else:
            quando = _data_no_texto(it.descricao, it.criado_em)
            if quando is not None and quando < agora:
                motivo = f"o texto cita {quando.strftime('%d/%m/%Y')}"
            elif _URGENTE.search(it.descricao) and it.criado_em < agora - timedelta(days=3):
                motivo = f"marcada como urgente e aberta desde {_data(int(it.criado_em.timestamp()))}"
        if motivo:
            dias = max(0, (agora - (it.vence_em or it.criado_em)).days)
            out.append(
                Sugestao(
                    id=f"tarefa_atrasada:interacao:{it.id}",
                    tipo="tarefa_atrasada",
                    score=min(1.0, 0.8 + dias / 100),
                    texto=f"Tarefa em aberto que parece atrasada ({motivo}): “{trecho(it.descricao, 160)}”",
                    fontes=[
                        {
                            "tipo": "interacao",
                            "id": it.id,
                            "trecho": trecho(it.descricao),
                            "lead_id": None,
                            "cliente_id": cliente_id,
                        }
                    ],
                )
            )
    return out


def para_cliente(s: Session, escopo: Escopo, cliente: Cliente, *, limite: int = 8) -> list[dict[str, Any]]:
    contexto = " ".join([texto_cliente(cliente), *_recentes(s, Interacao.cliente_id == cliente.id)])
    itens: list[Sugestao] = list(tarefas_atrasadas(s, cliente.id))
    for h in _buscar(s, escopo, contexto, _and({"tipo_doc": "cliente"}, {"record_id": {"$ne": cliente.id}}), 5)[:3]:
        itens.append(
            Sugestao(
                id=f"cliente_parecido:cliente:{h.record_id}",
                tipo="cliente_parecido",
                score=h.score,
                texto=f"Cliente parecido: {h.meta.get('cliente_nome', '')} — veja o que funcionou com ele.",
                fontes=[_fonte(h)],
            )
        )
    notas = _buscar(s, escopo, contexto, _and({"tipo_doc": "interacao"}, {"tipo": {"$ne": "tarefa"}}), POOL)
    for h in notas[:5]:
        onde = h.meta.get("cliente_nome") or h.meta.get("lead_nome") or ""
        quando = _data(int(h.meta.get("criado_em") or 0))
        itens.append(
            Sugestao(
                id=f"nota_relevante:interacao:{h.record_id}",
                tipo="nota_relevante",
                score=h.score,
                texto=f"Nota relevante ({ROTULO_TIPO.get(str(h.meta.get('tipo')), 'nota').lower()} em {onde}, {quando}): “{trecho(h.texto, 160)}”",
                fontes=[_fonte(h)],
            )
        )
    return [i.as_dict() for i in _rerank(s, escopo, itens)[:limite]]


# --- search -------------------------------------------------------------------------------------


def buscar(s: Session, escopo: Escopo, q: str, *, limite: int = 10) -> list[dict[str, Any]]:
    return [
        {
            "tipo": h.tipo,
            "id": h.record_id,
            "trecho": trecho(h.texto),
            "score": h.score,
            "cliente_id": int(h.meta.get("cliente_id") or 0) or None,
            "lead_id": int(h.meta.get("lead_id") or 0) or None,
            "titulo": h.meta.get("lead_nome") or h.meta.get("cliente_nome") or "",
        }
        for h in _buscar(s, escopo, q, None, limite)
    ]
