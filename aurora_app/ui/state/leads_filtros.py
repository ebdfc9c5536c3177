"""The leads list's filters and the URL: origin, value range, expected close date range, beside the
stage, owner and search of ``LeadsState``; the view lives in the address (``ListaNaUrlMixin``), so a
copied link or a saved view is the same list. The service checks the values (a bad one is a toast
naming the problem)."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx

from aurora_app.services.leads import ORDENS
from aurora_app.ui import routes
from aurora_app.ui.labels import ESTAGIO_LABEL, ORIGEM_LABEL
from aurora_app.ui.state.lista_url import PADRAO, ListaNaUrlMixin

TODOS = "todos"
FAIXAS = ("valor_min", "valor_max", "previsao_de", "previsao_ate")


class FiltrosLeadsMixin(ListaNaUrlMixin, mixin=True):
    """List filters kept as the browser typed them; the service parses and checks them."""

    filtro_origem: str = TODOS
    valor_min: str = ""
    valor_max: str = ""
    previsao_de: str = ""
    previsao_ate: str = ""

    ROTA: ClassVar[str] = routes.LEADS
    ORDENS: ClassVar[tuple[str, ...]] = ORDENS

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

    def _url_ativa(self) -> bool:
        return self.modo == "lista"

    def _aplicar_consulta(self, q: dict[str, Any]) -> bool:
        """``/leads?modo=lista&estagio=…&origem=…&valor_min=…`` (a copied link, the painel's
        drill-downs, a saved view): the list with those filters. Unknown values are ignored."""
        estagio, responsavel, origem = q.get("estagio", ""), str(q.get("responsavel_id", "")), q.get("origem", "")
        if not (q.get("modo") == "lista" or estagio in ESTAGIO_LABEL or responsavel.isdigit()):
            return False
        self.modo = "lista"
        self.busca = str(q.get("busca", ""))[:100]
        self.filtro_estagio = estagio if estagio in ESTAGIO_LABEL else TODOS
        self.filtro_responsavel = responsavel if responsavel.isdigit() else TODOS
        self.filtro_origem = origem if origem in ORIGEM_LABEL else TODOS
        for campo in FAIXAS:
            setattr(self, campo, str(q.get(campo, ""))[:20])
        self.ordem = self._ordem_da_consulta(q)
        return True

    @rx.event
    async def set_filtro_origem(self, valor: str):
        return await self._mudar_filtro("filtro_origem", valor if valor in ORIGEM_LABEL else TODOS)

    @rx.event
    async def set_faixa(self, campo: str, valor: str):
        """Value range (``1.000,00``) and close-date range (``AAAA-MM-DD`` from the date input)."""
        if campo not in FAIXAS:
            return None
        return await self._mudar_filtro(campo, str(valor).strip()[:20])

    @rx.event
    async def limpar_faixas(self):
        self.valor_min = self.valor_max = self.previsao_de = self.previsao_ate = ""
        return await self._mudar_filtro("filtro_origem", TODOS)
