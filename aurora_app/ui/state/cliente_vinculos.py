"""The cliente page's leads and contacts (a state mixin beside the timeline's).

Leads: the ones the caller may see, with stage and value. Contacts: listed for everyone who
reads the cliente; added and removed by whoever may edit it (the service decides)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from pydantic import ValidationError

from aurora_app.models.base import utcnow
from aurora_app.models.contato import ContatoCreate
from aurora_app.services import cnpj as cnpj_svc
from aurora_app.services import contatos as contatos_svc
from aurora_app.services import leads as leads_svc
from aurora_app.services import lgpd as lgpd_svc
from aurora_app.services.actor import Actor
from aurora_app.ui import labels, routes
from aurora_app.ui.components import masks
from aurora_app.ui.components.toasts import erros_de_validacao, falha, ok, run

LISTA = 50
BASES_LEGAIS = labels.BASE_LEGAL_LABEL
CONTATO_VAZIO = {
    "nome": "",
    "cargo": "",
    "email": "",
    "telefone": "",
    "whatsapp": "",
    "base_legal": "legitimo_interesse",
    "consentimento_origem": "",
}


def lead_row(lead: Any) -> dict[str, str]:
    return {
        "id": str(lead.id),
        "nome": lead.nome,
        "href": routes.lead_url(lead.id),
        "estagio": labels.ESTAGIO_LABEL.get(lead.estagio, lead.estagio),
        "cor": labels.ESTAGIO_COR.get(lead.estagio, "gray"),
        "valor": labels.brl(lead.valor),
        "responsavel": lead.responsavel_nome or "—",
    }


def contato_row(c: Any) -> dict[str, str]:
    return {
        "id": str(c.id),
        "nome": c.nome,
        "cargo": c.cargo or "",
        "email": c.email or "",
        "telefone": masks.formatar_telefone(c.telefone) if c.telefone else "",
        "whatsapp": masks.formatar_telefone(c.whatsapp) if c.whatsapp else "",
        "base_legal": BASES_LEGAIS.get(c.base_legal, c.base_legal),
        # LGPD (issue 16): consent can be revoked once; a revoked one is flagged until handled.
        "consentimento": "1" if c.base_legal == "consentimento" else "",
        "revogado": labels.data_br(c.consentimento_revogado_em)
        if getattr(c, "consentimento_revogado_em", None)
        else "",
    }


class ClienteVinculosMixin(rx.State, mixin=True):
    leads_do_cliente: list[dict[str, str]] = []
    leads_total: int = 0
    contatos: list[dict[str, str]] = []
    contatos_total: int = 0
    contato_form: dict[str, str] = dict(CONTATO_VAZIO)
    contato_erros: dict[str, str] = {}
    contato_aberto: bool = False
    buscando_socios: bool = False

    def _alvo(self) -> dict[str, int]:  # the page state says which cliente
        raise NotImplementedError

    async def _carregar_vinculos(self, actor: Actor) -> list:
        cliente_id = self._alvo()["cliente_id"]
        try:
            leads = await run(leads_svc.list_leads, actor=actor, cliente_id=cliente_id, limite=LISTA)
            contatos = await run(contatos_svc.list_contatos, actor=actor, cliente_id=cliente_id, limite=LISTA)
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        self.leads_do_cliente = [lead_row(x) for x in leads.items]
        self.leads_total = leads.total
        self.contatos = [contato_row(c) for c in contatos.items]
        self.contatos_total = contatos.total
        return []

    @rx.event
    def abrir_contato(self):
        self.contato_form, self.contato_erros, self.contato_aberto = dict(CONTATO_VAZIO), {}, True

    @rx.event
    def set_contato_aberto(self, aberto: bool):
        self.contato_aberto = bool(aberto)

    @rx.event
    def set_contato_campo(self, nome: str, valor: str):
        if nome not in CONTATO_VAZIO:
            return
        valor = str(valor)[:300]
        if nome in ("telefone", "whatsapp"):
            valor = masks.mask_telefone(valor)
        self.contato_form = {**self.contato_form, nome: valor}
        self.contato_erros = {k: v for k, v in self.contato_erros.items() if k != nome}

    @rx.event
    async def salvar_contato(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        dados: dict[str, Any] = {k: v for k, v in self.contato_form.items() if v}
        if dados.get("base_legal") == "consentimento":
            dados["consentimento_em"] = utcnow()  # recorded now; how it was given is asked in the form
        try:
            data = ContatoCreate.model_validate(dados)
            await run(
                contatos_svc.create,
                actor=actor,
                cliente_id=self._alvo()["cliente_id"],
                data=data,
                ctx=self.request_context(),
            )
        except ValidationError as exc:
            self.contato_erros = erros_de_validacao(exc)
            return None
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        self.contato_aberto = False
        return [ok("Contato adicionado."), *await self._carregar_vinculos(actor)]

    @rx.event
    async def adicionar_socios(self):
        """The company's partners from the CNPJ lookup (cached) added as contacts; the ones
        already listed are skipped, so a second press adds nobody."""
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        self.buscando_socios = True
        yield
        try:
            feito = await cnpj_svc.adicionar_socios(
                actor=actor, cliente_id=self._alvo()["cliente_id"], ctx=self.request_context()
            )
        except Exception as exc:  # noqa: BLE001
            self.buscando_socios = False
            yield falha(exc)
            return
        self.buscando_socios = False
        n = len(feito.items)
        if n == 0:
            yield ok("Nenhum sócio novo: os sócios (pessoas) do CNPJ já estão entre os contatos.")
        else:
            yield ok(f"{labels.plural(n, 'sócio adicionado como contato', 'sócios adicionados como contatos')}.")
        yield await self._carregar_vinculos(actor)

    @rx.event
    async def remover_contato(self, contato_id: str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if not str(contato_id).isdigit():
            return None
        try:
            await run(contatos_svc.delete, actor=actor, contato_id=int(contato_id), ctx=self.request_context())
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        return [ok("Contato removido."), *await self._carregar_vinculos(actor)]

    @rx.event
    async def revogar_consentimento(self, contato_id: str):
        """The titular revoked consent (LGPD art. 18 IX): recorded and handed to the encarregado."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if not str(contato_id).isdigit():
            return None
        try:
            await run(
                lgpd_svc.revogar_consentimento, actor=actor, contato_id=int(contato_id), ctx=self.request_context()
            )
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        return [
            ok("Consentimento revogado; o encarregado recebeu a solicitação."),
            *await self._carregar_vinculos(actor),
        ]
