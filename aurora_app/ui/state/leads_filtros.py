"""The leads list's filters and the URL: origin, value range, expected close date range, beside the
stage, owner and search of ``LeadsState``; every change writes the list's view into the address
(``history.replaceState``), and opening such an address reproduces the view, so a copied link
is the same list. The service checks the values (a bad one is a toast naming the problem)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from aurora_app.services.actor import Actor
from aurora_app.services.leads import ORDENS
from aurora_app.ui import routes
from aurora_app.ui.labels import ESTAGIO_LABEL, ORIGEM_LABEL

TODOS = "todos"
FAIXAS = ("valor_min", "valor_max", "previsao_de", "previsao_ate")
PADRAO = "-criado_em"  # newest first


class FiltrosLeadsMixin(rx.State, mixin=True):
    """List filters kept as the browser typed them; the service parses and checks them."""

    filtro_origem: str = TODOS
    valor_min: str = ""
    valor_max: str = ""
    previsao_de: str = ""
    previsao_ate: str = ""
    ordem: str = PADRAO

    def _faixas(self) -> dict[str, Any]:
        return {
            "ordem": self.ordem,
            "origem": None if self.filtro_origem == TODOS else self.filtro_origem,
            **{campo: getattr(self, campo).strip() or None for campo in FAIXAS},
        }

    def _consulta_da_lista(self) -> dict[str, str]:
        """The list's view as query parameters (only what differs from the default)."""
        valores = {
            "modo": "lista",
            "busca": self.busca.strip(),
            "estagio": "" if self.filtro_estagio == TODOS else self.filtro_estagio,
            "responsavel_id": "" if self.filtro_responsavel == TODOS else self.filtro_responsavel,
            "origem": "" if self.filtro_origem == TODOS else self.filtro_origem,
            **{campo: getattr(self, campo).strip() for campo in FAIXAS},
            "ordem": "" if self.ordem == PADRAO else self.ordem,
        }
        return {k: v for k, v in valores.items() if v}

    def _evento_url(self) -> Any:
        url = f"{routes.LEADS}?{urlencode(self._consulta_da_lista())}"
        return rx.call_script(f"window.history.replaceState(null, '', {json.dumps(url)})")

    async def _recomecar(self, actor: Actor) -> list:
        events = await super()._recomecar(actor)  # type: ignore[misc]
        return [*events, self._evento_url()] if self.modo == "lista" else events

    def _filtros_da_url(self) -> None:
        """``/leads?modo=lista&estagio=…&origem=…&valor_min=…`` (a copied link, the painel's
        drill-downs): the list with those filters. Unknown values are ignored, not trusted."""
        q = self.router.url.query_parameters or {}
        estagio, responsavel, origem = q.get("estagio", ""), q.get("responsavel_id", ""), q.get("origem", "")
        if not (q.get("modo") == "lista" or estagio in ESTAGIO_LABEL or responsavel.isdigit()):
            return
        self.modo = "lista"
        self.busca = str(q.get("busca", ""))[:100]
        self.filtro_estagio = estagio if estagio in ESTAGIO_LABEL else TODOS
        self.filtro_responsavel = responsavel if responsavel.isdigit() else TODOS
        self.filtro_origem = origem if origem in ORIGEM_LABEL else TODOS
        for campo in FAIXAS:
            setattr(self, campo, str(q.get(campo, ""))[:20])
        self.ordem = q.get("ordem", "") if q.get("ordem", "") in ORDENS else PADRAO

    async def _mudar_filtro(self, campo: str, valor: str) -> list:
        actor = await self.current_actor()
        if actor is None:
            return [self.login_redirect()]
        setattr(self, campo, valor)
        return await self._recomecar(actor)

    @rx.event
    async def set_filtro_origem(self, valor: str):
        return await self._mudar_filtro("filtro_origem", valor if valor in ORIGEM_LABEL else TODOS)

    @rx.event
    async def set_faixa(self, campo: str, valor: str):
        """Value range (``1.000,00``) and close-date range (``AAAA-MM-DD`` from the date input)."""
        if campo not in FAIXAS:
            return None
        return await self._mudar_filtro(campo, str(valor).strip()[:20])

    @rx.var
    def ordem_campo(self) -> str:
        return self.ordem.lstrip("-")

    @rx.var
    def ordem_desc(self) -> bool:
        return self.ordem.startswith("-")

    @rx.event
    async def ordenar(self, campo: str):
        """A column header: that column descending first, again for ascending."""
        if f"-{campo}" not in ORDENS:
            return None
        ordem = campo if self.ordem == f"-{campo}" else f"-{campo}"
        return await self._mudar_filtro("ordem", ordem)

    @rx.event
    async def limpar_faixas(self):
        self.valor_min = self.valor_max = self.previsao_de = self.previsao_ate = ""
        return await self._mudar_filtro("filtro_origem", TODOS)
