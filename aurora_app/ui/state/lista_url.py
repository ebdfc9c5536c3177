"""A list whose view lives in the address: its filters and sort are written into the URL on every
change (``history.replaceState``), and opening such an address reproduces the view, so a copied
link — or a saved view (``VisoesMixin``) — is the same list. Used by the leads and clientes lists.

A state using it says which query parameters it has (``_consulta_da_lista``: only what differs
from the default) and how to take them back (``_aplicar_consulta``: unknown values ignored, the
service checks the rest); the mixin owns the sort by column headers and the address.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar
from urllib.parse import urlencode

import reflex as rx

from aurora_app.services.actor import Actor

PADRAO = "-criado_em"  # newest first


class ListaNaUrlMixin(rx.State, mixin=True):
    ordem: str = PADRAO

    ROTA: ClassVar[str] = ""
    ORDENS: ClassVar[tuple[str, ...]] = ()
    CRESCENTE_PRIMEIRO: ClassVar[tuple[str, ...]] = ()  # columns whose first click sorts A–Z

    def _consulta_da_lista(self) -> dict[str, str]:
        raise NotImplementedError

    def _aplicar_consulta(self, q: dict[str, Any]) -> bool:
        """Takes the view from query parameters; False when they are not this list's view."""
        raise NotImplementedError

    def _url_ativa(self) -> bool:
        return True

    def _ordem_da_consulta(self, q: dict[str, Any]) -> str:
        ordem = str(q.get("ordem", ""))
        return ordem if ordem in self.ORDENS else PADRAO

    def _evento_url(self) -> Any:
        consulta = urlencode(self._consulta_da_lista())
        url = f"{self.ROTA}?{consulta}" if consulta else self.ROTA
        return rx.call_script(f"window.history.replaceState(null, '', {json.dumps(url)})")

    async def _recomecar(self, actor: Actor) -> list:
        events = await super()._recomecar(actor)  # type: ignore[misc]
        return [*events, self._evento_url()] if self._url_ativa() else events

    def _filtros_da_url(self) -> bool:
        """The address the page was opened with (a copied link, the painel's drill-downs)."""
        return self._aplicar_consulta(dict(self.router.url.query_parameters or {}))

    async def _mudar_filtro(self, campo: str, valor: str) -> list:
        actor = await self.current_actor()
        if actor is None:
            return [self.login_redirect()]
        setattr(self, campo, valor)
        return await self._recomecar(actor)

    @rx.var
    def ordem_campo(self) -> str:
        return self.ordem.lstrip("-")

    @rx.var
    def ordem_desc(self) -> bool:
        return self.ordem.startswith("-")

    @rx.event
    async def ordenar(self, campo: str):
        """A column header: that column descending first (a name: A–Z first), again for the other way."""
        desc, asc = f"-{campo}", campo
        if desc not in self.ORDENS or asc not in self.ORDENS:
            return None
        primeiro, segundo = (asc, desc) if campo in self.CRESCENTE_PRIMEIRO else (desc, asc)
        return await self._mudar_filtro("ordem", segundo if self.ordem == primeiro else primeiro)
