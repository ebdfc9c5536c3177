"""State of /leads/[id]: the lead's details, its timeline, the stage move and the conversion."""

from __future__ import annotations

from typing import Any

import reflex as rx

from aurora_app.services import clientes as clientes_svc
from aurora_app.services import leads as leads_svc
from aurora_app.services.actor import Actor
from aurora_app.services.errors import NotFound
from aurora_app.ui import routes
from aurora_app.ui.components.toasts import com_desfazer, falha, ok, run
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.cliente_detalhe import id_da_url
from aurora_app.ui.state.comum import carregar_responsaveis, restaurar
from aurora_app.ui.state.lead_form import LeadFormMixin
from aurora_app.ui.state.lead_mover import MoverMixin
from aurora_app.ui.state.leads import lead_card
from aurora_app.ui.state.timeline import TimelineMixin

REABRIR_PARA = "negociacao"  # "Reabrir" on a lost lead puts it back here


class LeadDetalheState(LeadFormMixin, MoverMixin, TimelineMixin, AuthState):
    lead: dict[str, str] = {}
    lead_id: int = 0
    nao_encontrado: bool = False
    convertendo: bool = False
    converter_aberto: bool = False
    reabrir_aberto: bool = False
    excluir_aberto: bool = False

    def _alvo(self) -> dict[str, int]:
        return {"lead_id": self.lead_id}

    async def _carregar_lead(self, actor: Actor) -> list:
        try:
            lead = await run(leads_svc.get, actor=actor, lead_id=self.lead_id)
        except NotFound:
            self.nao_encontrado = True
            return []
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        self.lead = await self._card_detalhe(actor, lead)
        return []

    async def _card_detalhe(self, actor: Actor, lead: Any) -> dict[str, str]:
        """The card, with no link to a cliente that was deleted meanwhile (it would open "não encontrado")."""
        card = lead_card(lead)
        card["cliente_removido"] = ""
        if lead.cliente_id:
            try:
                await run(clientes_svc.get, actor=actor, cliente_id=lead.cliente_id)
            except NotFound:
                card["cliente_url"], card["cliente_removido"] = "", "1"
        return card

    async def _apos_salvar(self, actor: Actor, lead: Any, *, criado: bool) -> list:
        """The card and the timeline (a stage or owner change wrote its history entry)."""
        self.lead = await self._card_detalhe(actor, lead)
        return await self._carregar_timeline(actor)

    async def _apos_mover(self, actor: Actor, lead: Any) -> list:
        self.lead = await self._card_detalhe(actor, lead)
        return await self._carregar_timeline(actor)

    @rx.event
    def set_converter_aberto(self, aberto: bool):
        self.converter_aberto = bool(aberto) and not self.convertendo

    @rx.event
    def set_reabrir_aberto(self, aberto: bool):
        self.reabrir_aberto = bool(aberto)

    @rx.event
    def set_excluir_aberto(self, aberto: bool):
        self.excluir_aberto = bool(aberto)

    @rx.event
    async def excluir(self):
        """To the trash, back to the pipeline; the toast's "Desfazer" restores it."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.excluir_aberto = False
        nome = self.lead.get("nome", "")
        try:
            await run(leads_svc.delete, actor=actor, lead_id=self.lead_id, ctx=self.request_context())
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        desfazer = LeadDetalheState.desfazer_exclusao(str(self.lead_id))
        return [com_desfazer(f"Lead “{nome}” excluído.", desfazer), rx.redirect(routes.LEADS)]

    @rx.event
    async def desfazer_exclusao(self, lead_id: str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        try:
            lead = await restaurar(actor, "lead", lead_id, self.request_context())
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        return [ok("Lead restaurado."), rx.redirect(routes.lead_url(lead.id))]

    @rx.event
    async def reabrir(self):
        """A lost lead back to the pipeline (Negociação); the service clears the loss reason."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.reabrir_aberto = False
        return await self._mover(actor, self.lead_id, REABRIR_PARA, None)

    @rx.event
    async def on_load(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.lead_id = id_da_url(self.router.url.path)
        self.lead, self.timeline, self.nao_encontrado = {}, [], False
        self.dialog_aberto = self.perda_aberto = self.converter_aberto = self.reabrir_aberto = False
        self.excluir_aberto = False
        self._limpar_nova()
        if not self.lead_id:
            self.nao_encontrado = True
            return None
        events = await self._carregar_lead(actor)
        if self.nao_encontrado or events:
            return events
        try:
            self.responsaveis = await carregar_responsaveis(actor)
        except Exception:  # noqa: BLE001
            self.responsaveis = []
        return await self._carregar_timeline(actor)

    @rx.event
    async def converter(self):
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        self.converter_aberto = False
        self.convertendo = True
        yield
        try:
            res = await run(leads_svc.converter, actor=actor, lead_id=self.lead_id, ctx=self.request_context())
        except Exception as exc:  # noqa: BLE001
            self.convertendo = False
            for ev in falha(exc):
                yield ev
            return
        self.convertendo = False
        self.lead = lead_card(res.lead)
        criado = getattr(res, "cliente_criado", True)
        yield ok(
            "Cliente criado a partir do lead." if criado else "Lead vinculado ao cliente já cadastrado com este CNPJ."
        )
        yield rx.redirect(routes.cliente_url(res.cliente.id))
