"""A lead's stage move, for the pipeline (menu and drag-and-drop) and the lead page; moving to
``perdido`` first asks the reason."""

from __future__ import annotations

from typing import Any

import reflex as rx

from aurora_app.services import leads as leads_svc
from aurora_app.services.actor import Actor
from aurora_app.ui.components.toasts import com_desfazer, falha, ok, run
from aurora_app.ui.labels import ESTAGIO_LABEL
from aurora_app.ui.state.comum import como_id


class MoverMixin(rx.State, mixin=True):
    """Stage moves; moving to ``perdido`` first asks the reason."""

    perda_aberto: bool = False
    perda_lead_id: int = 0
    perda_lead_nome: str = ""
    perda_motivo: str = ""
    perda_erro: str = ""
    movendo: bool = False

    async def _apos_mover(self, actor: Actor, lead: Any) -> list:
        return []

    async def _apos_falha_mover(self, actor: Actor) -> list:
        return []

    async def _mover(
        self,
        actor: Actor,
        lead_id: int,
        estagio: str,
        motivo: str | None,
        *,
        desfazivel: bool = True,
        apos_id: int | None = None,
    ) -> list:
        """Move through the service; the toast offers "Desfazer" (back to the stage it left). A
        reorder within the card's column (same stage, ``apos_id``) is quiet: the board shows it."""
        self.movendo = True
        try:
            antes = await run(leads_svc.get, actor=actor, lead_id=lead_id)
            lead = await run(
                leads_svc.move,
                actor=actor,
                lead_id=lead_id,
                estagio=estagio,
                motivo_perda=motivo,
                apos_id=apos_id,
                ctx=self.request_context(),
            )
        except Exception as exc:  # noqa: BLE001
            return [*falha(exc), *await self._apos_falha_mover(actor)]
        finally:
            self.movendo = False
        if apos_id is not None and antes.estagio == lead.estagio:
            return await self._apos_mover(actor, lead)
        mensagem = f"“{lead.nome}” movido para {ESTAGIO_LABEL.get(estagio, estagio)}."
        if desfazivel and antes.estagio != lead.estagio:
            voltar = type(self).desfazer_mover(str(lead_id), antes.estagio, antes.motivo_perda or "")
            toast = com_desfazer(mensagem, voltar)
        else:
            toast = ok(mensagem)
        return [toast, *await self._apos_mover(actor, lead)]

    @rx.event
    async def desfazer_mover(self, lead_id: str, estagio: str, motivo: str = ""):
        """ "Desfazer" of a move: back to the stage (and loss reason) it had; audited like any move."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if estagio not in ESTAGIO_LABEL or not como_id(lead_id):
            return None
        return await self._mover(actor, como_id(lead_id), estagio, str(motivo)[:500] or None, desfazivel=False)

    async def _pedir_mover(self, lead_id: str, estagio: str, nome: str) -> Any:
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if estagio not in ESTAGIO_LABEL or not como_id(lead_id):
            return None
        if estagio == "perdido":
            self.perda_lead_id, self.perda_lead_nome = como_id(lead_id), str(nome)[:200]
            self.perda_motivo, self.perda_erro = "", ""
            self.perda_aberto = True
            return None
        return await self._mover(actor, como_id(lead_id), estagio, None)

    @rx.event
    async def mover(self, lead_id: str, estagio: str, nome: str = ""):
        return await self._pedir_mover(lead_id, estagio, nome)

    @rx.event
    def set_perda_motivo(self, valor: str):
        self.perda_motivo = str(valor)[:500]
        self.perda_erro = ""

    @rx.event
    def set_perda_aberto(self, aberto: bool):
        self.perda_aberto = bool(aberto)

    @rx.event
    async def confirmar_perda(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        motivo = self.perda_motivo.strip()
        if not motivo:
            self.perda_erro = "Informe o motivo da perda."
            return None
        self.perda_aberto = False
        return await self._mover(actor, self.perda_lead_id, "perdido", motivo)
