"""Bulk actions on a list (leads, clientes): rows selected (or every record matching the filter),
exported to CSV at once (for the roles that may export) or one confirmed action — reassign,
change stage (leads), delete — run through
``services.lote``, which checks and audits each record on its own. The row's quick reassign uses
the same dialog for one record.

Only ids live in the state (at most ``MAX_SELECAO``); "every record matching the filter" is fetched
when the action is confirmed, in pages, and sent in batches of the API's ``MAX_LOTE``. The page
state says what its records are called, which actions it offers, how to list the filter's ids
and which bulk use case to call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any, ClassVar

import reflex as rx

from aurora_app.core.tempo import hoje
from aurora_app.models.lote import MAX_LOTE, MAX_SELECAO, LoteResultado
from aurora_app.services.actor import Actor
from aurora_app.ui import labels
from aurora_app.ui.components.toasts import erro, falha, ok
from aurora_app.ui.labels import ESTAGIO_LABEL
from aurora_app.ui.state.comum import como_id


class LoteMixin(rx.State, mixin=True):
    """Selection and bulk actions of a paged list (``rows`` of ``PaginacaoMixin``)."""

    LOTE_NOMES: ClassVar[tuple[str, str]] = ("lead", "leads")
    LOTE_ACOES: ClassVar[tuple[str, ...]] = ("reatribuir", "mover", "excluir")

    selecionados: list[str] = []
    todos_do_filtro: bool = False
    lote_aberto: bool = False
    lote_acao: str = ""
    lote_pergunta: str = ""
    lote_responsavel: str = ""
    lote_estagio: str = ""
    lote_motivo: str = ""
    lote_erro: str = ""
    lote_progresso: str = ""
    lote_processando: bool = False
    _alvo_unico: int = 0  # the row's quick reassign: one record, whatever is selected

    async def _ids_do_filtro(self, actor: Actor, cursor: str | None) -> tuple[list[int], str | None]:
        """One page (up to 200) of the ids the list's filter matches, and the next cursor."""
        raise NotImplementedError

    async def _em_lote(self, actor: Actor, dados: dict[str, Any]) -> LoteResultado:
        """The bulk use case for ``dados`` (``ids``, ``acao`` and what the action needs)."""
        raise NotImplementedError

    def _exportar_ids(self, actor: Actor, ids: list[int]) -> Iterator[str]:
        """The list's export use case for those ids (checked and audited by the service)."""
        raise NotImplementedError

    # ---- selection ----------------------------------------------------------------------

    @rx.var
    def n_selecionados(self) -> int:
        return min(self.total, MAX_SELECAO) if self.todos_do_filtro else len(self.selecionados)

    @rx.var
    def pagina_selecionada(self) -> bool:
        ids = [r["id"] for r in self.rows]
        return bool(ids) and all(i in self.selecionados for i in ids)

    @rx.var
    def oferecer_todos(self) -> bool:
        """The whole page is ticked and the filter holds more: offer every match."""
        return not self.todos_do_filtro and self.pagina_selecionada and self.total > len(self.rows)

    @rx.var
    def rotulo_todos(self) -> str:
        n = min(self.total, MAX_SELECAO)
        limite = f" (os primeiros {labels.inteiro(MAX_SELECAO)})" if self.total > MAX_SELECAO else ""
        return f"Selecionar todos os {labels.inteiro(n)} {self.LOTE_NOMES[1]} do filtro{limite}"

    def _limpar_selecao(self) -> None:
        self.selecionados, self.todos_do_filtro = [], False

    async def _recomecar(self, actor: Actor) -> list:
        self._limpar_selecao()  # other filters, other rows: a selection never outlives its filter
        return await super()._recomecar(actor)  # type: ignore[misc]

    @rx.event
    def marcar(self, registro_id: str, marcado: bool):
        registro_id = str(como_id(registro_id) or "")
        if not registro_id:
            return
        self.todos_do_filtro = False
        if marcado and registro_id not in self.selecionados and len(self.selecionados) < MAX_SELECAO:
            self.selecionados = [*self.selecionados, registro_id]
        elif not marcado:
            self.selecionados = [i for i in self.selecionados if i != registro_id]

    @rx.event
    def marcar_pagina(self, marcado: bool):
        ids = [r["id"] for r in self.rows]
        self.todos_do_filtro = False
        if marcado:
            self.selecionados = list(dict.fromkeys([*self.selecionados, *ids]))[:MAX_SELECAO]
        else:
            self.selecionados = [i for i in self.selecionados if i not in ids]

    @rx.event
    def selecionar_todos_do_filtro(self):
        self.todos_do_filtro = True

    @rx.event
    def limpar_selecao(self):
        self._limpar_selecao()

    @rx.event
    async def exportar_lote(self):
        """The selected rows (or every match of the filter, up to ``MAX_SELECAO``) as CSV."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if not self.n_selecionados:
            return None
        self._alvo_unico = 0
        try:
            ids = await self._ids_alvo(actor)
            texto = await asyncio.to_thread(lambda: "".join(self._exportar_ids(actor, ids)))
        except Exception as exc:  # noqa: BLE001 - mapped to a toast
            return falha(exc)
        nome = self.LOTE_NOMES[1]
        return [
            rx.download(
                data=texto, filename=f"{nome}-selecionados-{hoje():%Y-%m-%d}.csv", mime_type="text/csv;charset=utf-8"
            ),
            ok(f"{labels.plural(len(ids), *self.LOTE_NOMES)} {'exportado' if len(ids) == 1 else 'exportados'}."),
        ]

    # ---- the confirmed action -----------------------------------------------------------

    def _pergunta(self, acao: str, n: int) -> str:
        quantos = labels.plural(n, *self.LOTE_NOMES)
        if acao == "reatribuir":
            nome = next((r["nome"] for r in self.responsaveis if r["id"] == self.lote_responsavel), "")
            return f"Reatribuir {quantos} para {nome}?" if nome else f"Reatribuir {quantos} para quem?"
        if acao == "mover":
            destino = ESTAGIO_LABEL.get(self.lote_estagio, "")
            return f"Mover {quantos} para {destino}?" if destino else f"Mover {quantos} para qual estágio?"
        return f"Excluir {quantos}? Eles ficam 30 dias na Lixeira, de onde podem ser restaurados."

    def _n_alvo(self) -> int:
        return 1 if self._alvo_unico else self.n_selecionados

    @rx.event
    def abrir_lote(self, acao: str):
        if acao not in self.LOTE_ACOES or not self.n_selecionados:
            return
        self._alvo_unico = 0
        self._abrir(acao)

    @rx.event
    def reatribuir_um(self, registro_id: str):
        """The row's "Reatribuir…": the same dialog, for that record alone."""
        self._alvo_unico = como_id(registro_id)
        if self._alvo_unico:
            self._abrir("reatribuir")

    def _abrir(self, acao: str) -> None:
        self.lote_acao, self.lote_responsavel, self.lote_estagio, self.lote_motivo = acao, "", "", ""
        self.lote_erro = self.lote_progresso = ""
        self.lote_pergunta = self._pergunta(acao, self._n_alvo())
        self.lote_aberto = True

    @rx.event
    def set_lote_aberto(self, aberto: bool):
        self.lote_aberto = bool(aberto) or self.lote_processando

    @rx.event
    def set_lote_responsavel(self, valor: str):
        self.lote_responsavel = str(valor) if str(valor).isdigit() else ""
        self.lote_erro, self.lote_pergunta = "", self._pergunta(self.lote_acao, self._n_alvo())

    @rx.event
    def set_lote_estagio(self, valor: str):
        self.lote_estagio = valor if valor in ESTAGIO_LABEL else ""
        self.lote_erro, self.lote_pergunta = "", self._pergunta(self.lote_acao, self._n_alvo())

    @rx.event
    def set_lote_motivo(self, valor: str):
        self.lote_motivo, self.lote_erro = str(valor)[:500], ""

    async def _ids_alvo(self, actor: Actor) -> list[int]:
        if self._alvo_unico:
            return [self._alvo_unico]
        if not self.todos_do_filtro:
            return [como_id(i) for i in self.selecionados]
        ids: list[int] = []
        cursor: str | None = None
        while len(ids) < MAX_SELECAO:
            pagina, cursor = await self._ids_do_filtro(actor, cursor)
            ids.extend(pagina)
            if not cursor:
                break
        return ids[:MAX_SELECAO]

    def _pedido(self, ids: list[int]) -> dict[str, Any]:
        dados: dict[str, Any] = {"ids": ids, "acao": self.lote_acao}
        if self.lote_acao == "reatribuir":
            dados["responsavel_id"] = int(self.lote_responsavel)
        elif self.lote_acao == "mover":
            dados["estagio"] = self.lote_estagio
            dados["motivo_perda"] = self.lote_motivo.strip() or None
        return dados

    def _falta(self) -> str:
        if self.lote_acao == "reatribuir" and not self.lote_responsavel:
            return "Escolha o novo responsável."
        if self.lote_acao == "mover" and not self.lote_estagio:
            return "Escolha o estágio de destino."
        if self.lote_acao == "mover" and self.lote_estagio == "perdido" and not self.lote_motivo.strip():
            return "Informe o motivo da perda."
        return ""

    @rx.event
    async def confirmar_lote(self):
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        if self.lote_acao not in self.LOTE_ACOES or self.lote_processando:
            return
        if falta := self._falta():
            self.lote_erro = falta
            return
        self.lote_processando, self.lote_progresso = True, "Preparando…"
        yield
        feitos, erros = 0, []
        try:
            ids = await self._ids_alvo(actor)
            for inicio in range(0, len(ids), MAX_LOTE):
                parte = ids[inicio : inicio + MAX_LOTE]
                r = await self._em_lote(actor, self._pedido(parte))
                feitos, erros = feitos + r.atualizados, [*erros, *r.erros]
                self.lote_progresso = f"{labels.inteiro(inicio + len(parte))} de {labels.inteiro(len(ids))}…"
                yield
        except Exception as exc:  # noqa: BLE001 - mapped to a toast
            self.lote_processando = False
            yield falha(exc)
            return
        self.lote_processando, self.lote_aberto, self.lote_progresso = False, False, ""
        self._alvo_unico = 0
        self._limpar_selecao()
        verbo = {"reatribuir": "reatribuído", "mover": "movido", "excluir": "excluído"}[self.lote_acao]
        um, varios = self.LOTE_NOMES
        yield ok(f"{labels.plural(feitos, f'{um} {verbo}', f'{varios} {verbo}s')}.")
        if erros:
            nao = labels.plural(len(erros), f"{um} não foi alterado", f"{varios} não foram alterados")
            yield erro(f"{nao}: {erros[0].detail}")
        yield await self._recarregar_pagina(actor)
