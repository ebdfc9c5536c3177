"""Keyset paging of one list, for every page state that shows a table (clientes, leads, audit log).

Only the current page lives in the browser (``rows``: small dicts of display strings); the cursor
of each page visited stays backend-only, so "anterior" goes back without asking the browser for
anything. A state using the mixin says how to fetch a page (``_buscar_pagina``) and calls
``_recomecar`` when its filters change; the mixin owns "próxima", "anterior" and the range label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import reflex as rx

from aurora_app.services.actor import Actor
from aurora_app.ui import labels
from aurora_app.ui.components.toasts import falha


@dataclass(frozen=True)
class Pagina:
    """One fetched page, already turned into display rows."""

    rows: list[dict[str, str]]
    total: int
    next_cursor: str | None
    total_estimado: bool = False


class PaginacaoMixin(rx.State, mixin=True):
    rows: list[dict[str, str]] = []
    total: int = 0
    total_estimado: bool = False
    pagina: int = 1
    tem_proxima: bool = False
    carregando: bool = False
    _cursores: list[str] = []  # cursor of each page visited ("" = the first page)
    _proximo: str = ""

    TAMANHO_PAGINA: ClassVar[int] = 20
    NENHUM: ClassVar[str] = "Nenhum registro encontrado"

    async def _buscar_pagina(self, actor: Actor, cursor: str | None) -> Pagina:
        raise NotImplementedError

    async def _acesso(self) -> tuple[Actor | None, list | None]:
        """Who pages: (actor, None), or (None, the events that send the visitor away)."""
        actor = await self.current_actor()
        return (actor, None) if actor is not None else (None, [self.login_redirect()])

    @rx.var
    def faixa(self) -> str:
        """``21–40 de 1.234`` (``cerca de`` when the total is an estimate)."""
        if not self.total:
            return self.NENHUM
        inicio = (self.pagina - 1) * self.TAMANHO_PAGINA + 1
        fim = inicio + len(self.rows) - 1
        total = labels.inteiro(self.total)
        return f"{labels.inteiro(inicio)}–{labels.inteiro(fim)} de {'cerca de ' if self.total_estimado else ''}{total}"

    async def _carregar(self, actor: Actor, cursor: str = "") -> list:
        """Fetch the page that starts at ``cursor``; returns the events to emit (a toast on failure)."""
        self.carregando = True
        try:
            pagina = await self._buscar_pagina(actor, cursor or None)
        except Exception as exc:  # noqa: BLE001 - mapped to a toast
            return falha(exc)
        finally:
            self.carregando = False
        self.rows = pagina.rows
        self.total = pagina.total
        self.total_estimado = pagina.total_estimado
        self._proximo = pagina.next_cursor or ""
        self.tem_proxima = bool(pagina.next_cursor)
        return []

    async def _recomecar(self, actor: Actor) -> list:
        """Back to page 1 (the filters changed)."""
        self._cursores, self.pagina = [""], 1
        return await self._carregar(actor, "")

    async def _recarregar_pagina(self, actor: Actor) -> list:
        """The same page again (after an edit or a delete on it)."""
        return await self._carregar(actor, self._cursores[-1] if self._cursores else "")

    @rx.event
    async def proxima_pagina(self):
        actor, fora = await self._acesso()
        if actor is None:
            return fora
        if not self._proximo:
            return None
        self._cursores = [*self._cursores, self._proximo]
        self.pagina = len(self._cursores)
        return await self._carregar(actor, self._cursores[-1])

    @rx.event
    async def pagina_anterior(self):
        actor, fora = await self._acesso()
        if actor is None:
            return fora
        if len(self._cursores) <= 1:
            return None
        self._cursores = self._cursores[:-1]
        self.pagina = len(self._cursores)
        return await self._carregar(actor, self._cursores[-1])


class CarregarMaisMixin(rx.State, mixin=True):
    """ "Carregar mais" paging (the trash, the task list): the rows seen so far, and a cursor for the
    next ones, backend-only. A state using it says how to fetch a page (``_buscar_pagina``)."""

    itens: list[dict[str, str]] = []
    total: int = 0
    tem_mais: bool = False
    carregando: bool = False
    _cursor: str = ""

    async def _buscar_pagina(self, actor: Actor, cursor: str | None) -> Pagina:
        raise NotImplementedError

    async def _carregar(self, actor: Actor, *, mais: bool = False) -> list:
        """The first page (the filters changed), or the next one appended (``mais``)."""
        self.carregando = True
        try:
            pagina = await self._buscar_pagina(actor, (self._cursor or None) if mais else None)
        except Exception as exc:  # noqa: BLE001 - mapped to a toast
            return falha(exc)
        finally:
            self.carregando = False
        self.itens = [*self.itens, *pagina.rows] if mais else pagina.rows
        self.total = pagina.total
        self._cursor = pagina.next_cursor or ""
        self.tem_mais = bool(pagina.next_cursor)
        return []

    def _sem_item(self, item_id: str) -> None:
        """One row gone from the list (restored, done): the list and its total without it."""
        self.itens = [r for r in self.itens if r["id"] != str(item_id)]
        self.total = max(0, self.total - 1)

    @rx.event
    async def mais(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        return await self._carregar(actor, mais=True)
