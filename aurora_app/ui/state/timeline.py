"""Timeline of interactions, shared by the cliente and lead detail pages (a state mixin).

The page state says what the timeline belongs to (``_alvo``); the mixin loads it newest first
with keyset paging ("Carregar mais"), adds entries and marks tasks done. Rows are display
strings built here, so the browser gets only what it shows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import reflex as rx
from pydantic import ValidationError

from aurora_app.services import interacoes as interacoes_svc
from aurora_app.services import tarefas as tarefas_svc
from aurora_app.services.actor import Actor
from aurora_app.ui import labels
from aurora_app.ui.components import masks
from aurora_app.ui.components.toasts import erros_de_validacao, falha, ok, run

TIMELINE_PAGE = 20

TIPOS = {
    "nota": ("Nota", "sticky_note", "gray"),
    "ligacao": ("Ligação", "phone", "blue"),
    "email": ("E-mail", "mail", "cyan"),
    "reuniao": ("Reunião", "users", "violet"),
    "tarefa": ("Tarefa", "list_checks", "amber"),
}


def parse_vence_em(raw: str | None) -> datetime | None:
    """``31/12/2026 14:30`` (Brasília time; ``31/12/2026`` alone = 18:00) → aware datetime."""
    try:
        value = masks.parse_data_hora(raw)
    except ValueError as exc:
        raise ValueError("Vencimento inválido: use dd/mm/aaaa hh:mm.") from exc
    if value is None:
        return None
    return value.replace(tzinfo=labels.TZ) if value.tzinfo is None else value


def interacao_row(i: Any, agora: datetime | None = None) -> dict[str, str]:
    """An InteracaoRead → one timeline entry of display strings."""
    rotulo, icone, cor = TIPOS.get(i.tipo, (i.tipo, "sticky_note", "gray"))
    vence = getattr(i, "vence_em", None)
    concluida = bool(getattr(i, "concluida", False))
    agora = agora or datetime.now(labels.TZ)
    atrasada = bool(i.tipo == "tarefa" and vence is not None and not concluida and vence < agora)
    return {
        "id": str(i.id),
        "tipo": i.tipo,
        "rotulo": rotulo,
        "icone": icone,
        "cor": cor,
        "descricao": i.descricao or "",
        "autor": getattr(i, "autor_nome", None) or "—",
        "data": labels.data_br(i.criado_em),
        "vence_em": labels.data_br(vence) if vence else "",
        "tarefa": "1" if i.tipo == "tarefa" else "",
        "concluida": "1" if concluida else "",
        "atrasada": "1" if atrasada else "",
        "sistema": "1" if getattr(i, "sistema", False) else "",
    }


class TimelineMixin(rx.State, mixin=True):
    timeline: list[dict[str, str]] = []
    timeline_tem_mais: bool = False
    timeline_carregando: bool = False
    nova_tipo: str = "nota"
    nova_descricao: str = ""
    nova_vence_em: str = ""
    nova_erros: dict[str, str] = {}
    adicionando: bool = False
    _timeline_cursor: str = ""

    def _alvo(self) -> dict[str, int]:
        """``{"cliente_id": n}`` or ``{"lead_id": n}``: set by the page state."""
        raise NotImplementedError

    async def _carregar_timeline(self, actor: Actor, *, mais: bool = False) -> list:
        self.timeline_carregando = True
        try:
            page = await run(
                interacoes_svc.list_interacoes,
                actor=actor,
                limite=TIMELINE_PAGE,
                cursor=(self._timeline_cursor or None) if mais else None,
                **self._alvo(),
            )
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        finally:
            self.timeline_carregando = False
        agora = datetime.now(labels.TZ)
        rows = [
            {
                **interacao_row(i, agora),
                "pode_alterar": "1" if tarefas_svc.pode_alterar(actor, i.autor_id, i.sistema) else "",
            }
            for i in page.items
        ]
        self.timeline = [*self.timeline, *rows] if mais else rows
        self._timeline_cursor = page.next_cursor or ""
        self.timeline_tem_mais = bool(page.next_cursor)
        return []

    def _limpar_nova(self) -> None:
        self.nova_tipo, self.nova_descricao, self.nova_vence_em, self.nova_erros = "nota", "", "", {}

    @rx.event
    def set_nova_tipo(self, valor: str):
        self.nova_tipo = valor if valor in TIPOS else "nota"
        if self.nova_tipo != "tarefa":
            self.nova_vence_em = ""

    @rx.event
    def set_nova_descricao(self, valor: str):
        self.nova_descricao = str(valor)[:5000]
        if "descricao" in self.nova_erros:
            self.nova_erros = {k: v for k, v in self.nova_erros.items() if k != "descricao"}

    @rx.event
    def set_nova_vence_em(self, valor: str):
        self.nova_vence_em = masks.mask_data_hora(str(valor))

    @rx.event
    async def mais_timeline(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        return await self._carregar_timeline(actor, mais=True)

    @rx.event
    async def adicionar_interacao(self):
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        from aurora_app.models.interacao import InteracaoCreate

        erros: dict[str, str] = {}
        if not self.nova_descricao.strip():
            erros["descricao"] = "Escreva a descrição."
        try:
            vence = parse_vence_em(self.nova_vence_em) if self.nova_tipo == "tarefa" else None
        except ValueError as exc:
            erros["vence_em"] = str(exc)
            vence = None
        if erros:
            self.nova_erros = erros
            return
        self.adicionando = True
        yield
        try:
            data = InteracaoCreate(tipo=self.nova_tipo, descricao=self.nova_descricao, vence_em=vence)
            await run(interacoes_svc.add, actor=actor, data=data, ctx=self.request_context(), **self._alvo())
        except ValidationError as exc:
            self.adicionando = False
            self.nova_erros = erros_de_validacao(exc)
            if "_" in self.nova_erros:
                self.nova_erros = {"descricao": self.nova_erros["_"], **self.nova_erros}
            return
        except Exception as exc:  # noqa: BLE001
            self.adicionando = False
            for ev in falha(exc):
                yield ev
            return
        self.adicionando = False
        self._limpar_nova()
        yield ok("Interação registrada.")
        for ev in await self._carregar_timeline(actor):
            yield ev

    @rx.event
    async def alternar_concluida(self, interacao_id: str, concluida: bool):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if not str(interacao_id).isdigit():
            return None
        try:
            i = await run(
                interacoes_svc.set_concluida, actor=actor, interacao_id=int(interacao_id), concluida=bool(concluida)
            )
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        row = interacao_row(i) if i is not None and hasattr(i, "tipo") else None
        self.timeline = [
            ({**r, **row} if row and r["id"] == str(interacao_id) else {**r, "concluida": "1" if concluida else ""})
            if r["id"] == str(interacao_id)
            else r
            for r in self.timeline
        ]
        return ok("Tarefa concluída." if concluida else "Tarefa reaberta.")

    @rx.event
    async def excluir_interacao(self, interacao_id: str):
        """Deletes a note or task (its author, a gerente or an admin: the service decides)."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if not str(interacao_id).isdigit():
            return None
        try:
            await run(tarefas_svc.delete, actor=actor, interacao_id=int(interacao_id), ctx=self.request_context())
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        self.timeline = [r for r in self.timeline if r["id"] != str(interacao_id)]
        return ok("Interação excluída.")
