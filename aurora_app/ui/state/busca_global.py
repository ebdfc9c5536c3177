"""The header's global search (Ctrl+K / ⌘K): clientes by name or CNPJ, leads, contacts."""

from __future__ import annotations

from typing import Any

import reflex as rx

from aurora_app.core.cnpj import formatar_cnpj
from aurora_app.services import busca as busca_svc
from aurora_app.services.errors import Invalid
from aurora_app.ui import routes
from aurora_app.ui.components.toasts import falha, run
from aurora_app.ui.state.auth import AuthState


def resultados(r: Any) -> list[dict[str, str]]:
    """A BuscaRead → one flat list of display rows (kind, title, detail, link), clientes first."""
    out = [
        {
            "tipo": "Cliente",
            "titulo": c.nome_fantasia or c.razao_social,
            "detalhe": formatar_cnpj(c.cnpj),
            "href": routes.cliente_url(c.id),
        }
        for c in r.clientes
    ]
    out += [
        {"tipo": "Lead", "titulo": lead.nome, "detalhe": lead.empresa or "", "href": routes.lead_url(lead.id)}
        for lead in r.leads
    ]
    out += [
        {
            "tipo": "Contato",
            "titulo": k.nome,
            "detalhe": " · ".join(p for p in (k.cargo, k.cliente_nome) if p),
            "href": routes.cliente_url(k.cliente_id),
        }
        for k in r.contatos
    ]
    for i, row in enumerate(out):
        row["id"] = f"busca-resultado-{i}"
    return out


class BuscaGlobalState(AuthState):
    busca_aberta: bool = False
    busca_q: str = ""
    busca_resultados: list[dict[str, str]] = []
    busca_vazia: bool = False

    @rx.event
    def abrir_busca(self):
        self.busca_aberta, self.busca_q, self.busca_resultados, self.busca_vazia = True, "", [], False

    @rx.event
    def set_busca_aberta(self, aberta: bool):
        self.busca_aberta = bool(aberta)

    @rx.event
    async def set_busca_q(self, valor: str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.busca_q = str(valor)[:200]
        if len(self.busca_q.strip()) < busca_svc.MIN_CARACTERES:
            self.busca_resultados, self.busca_vazia = [], False
            return None
        try:
            r = await run(busca_svc.buscar, actor=actor, q=self.busca_q, limite=5)
        except Invalid:
            self.busca_resultados, self.busca_vazia = [], False
            return None
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        self.busca_resultados = resultados(r)
        self.busca_vazia = not self.busca_resultados
        return None

    @rx.event
    def ir_primeiro(self):
        """Enter in the box opens the first hit."""
        if self.busca_resultados:
            self.busca_aberta = False
            return rx.redirect(self.busca_resultados[0]["href"])
        return None
