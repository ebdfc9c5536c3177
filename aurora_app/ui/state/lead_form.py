"""The lead's create/edit dialog, for the pipeline and the lead page; the same variables and
handlers as the cliente form (``formulario.FormularioMixin``)."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx

from aurora_app.core.cnpj import CNPJInvalido, formatar_cnpj, normalizar_cnpj
from aurora_app.models.lead import LeadCreate, LeadUpdate, Origem
from aurora_app.services import clientes as clientes_svc
from aurora_app.services import leads as leads_svc
from aurora_app.services.actor import Actor
from aurora_app.ui import labels
from aurora_app.ui.components import masks
from aurora_app.ui.components.toasts import falha, run
from aurora_app.ui.state.formulario import FormularioMixin, validar

LEAD_CAMPOS = (
    "nome", "empresa", "cnpj", "contato", "email", "telefone", "origem", "valor",
    "previsao_fechamento", "responsavel_id", "cliente_id",
)  # fmt: skip
OPCOES_CLIENTE = 6  # clientes offered while typing in the lead's "Cliente" field


def lead_form_vazio() -> dict[str, str]:
    return {**dict.fromkeys(LEAD_CAMPOS, ""), "origem": Origem.outro.value}


def form_de_lead(lead: Any) -> dict[str, str]:
    return {
        "nome": lead.nome or "",
        "empresa": lead.empresa or "",
        "cnpj": formatar_cnpj(lead.cnpj) if lead.cnpj else "",
        "contato": lead.contato or "",
        "email": lead.email or "",
        "telefone": masks.formatar_telefone(lead.telefone),
        "origem": lead.origem or Origem.outro.value,
        "valor": masks.valor_input(lead.valor),
        "previsao_fechamento": labels.data_br(lead.previsao_fechamento) if lead.previsao_fechamento else "",
        "responsavel_id": str(lead.responsavel_id or ""),
        "cliente_id": str(lead.cliente_id or ""),
    }


def dados_do_lead_form(form: dict[str, str]) -> dict[str, Any]:
    """Form text → what the service's schema reads. Only the pt-BR formats are read here (money
    ``1.234,56``, dates ``31/12/2026``; they raise ValueError with a pt-BR message)."""
    dados: dict[str, Any] = {campo: (form.get(campo) or "").strip() or None for campo in LEAD_CAMPOS}
    dados["valor"] = masks.parse_valor(dados["valor"]) or 0  # empty = R$ 0,00
    dados["previsao_fechamento"] = masks.parse_data(dados["previsao_fechamento"])
    dados["origem"] = dados["origem"] or Origem.outro.value
    responsavel = dados.pop("responsavel_id") or ""
    if responsavel.isdigit():
        dados["responsavel_id"] = int(responsavel)
    cliente = dados.pop("cliente_id") or ""
    dados["cliente_id"] = int(cliente) if cliente.isdigit() else None  # empty: not tied (or untied)
    return dados


def validar_lead_form(form: dict[str, str]) -> dict[str, str]:
    """The service's own rules (LeadCreate, and the CNPJ check) on the form's values."""
    erros: dict[str, str] = {}
    for campo, ler in (("valor", masks.parse_valor), ("previsao_fechamento", masks.parse_data)):
        try:
            ler(form.get(campo))
        except ValueError as exc:
            erros[campo] = str(exc)
    if erros:
        legiveis = {**form, **dict.fromkeys(erros, "")}
        return {**validar(LeadCreate, dados_do_lead_form(legiveis), LEAD_CAMPOS), **erros}
    erros = validar(LeadCreate, dados_do_lead_form(form), LEAD_CAMPOS)
    if (form.get("cnpj") or "").strip():
        try:
            normalizar_cnpj(form["cnpj"])
        except CNPJInvalido as exc:
            erros["cnpj"] = str(exc)
    return erros


class LeadFormMixin(FormularioMixin, mixin=True):
    """The lead's fields, and its cliente picked while typing (name or CNPJ): the link is the
    ``cliente_id`` field; the service checks it and gives the lead the cliente's name and CNPJ
    when it has none (conversion then reuses that cliente)."""

    form: dict[str, str] = lead_form_vazio()
    cliente_nome: str = ""  # the tied cliente, as the field shows it
    cliente_busca: str = ""
    cliente_opcoes: list[dict[str, str]] = []  # id, nome, cnpj

    CAMPOS: ClassVar[tuple[str, ...]] = LEAD_CAMPOS
    TITULOS: ClassVar[tuple[str, str]] = ("Novo lead", "Editar lead")
    SALVO: ClassVar[tuple[str, str]] = ("Lead cadastrado.", "Lead atualizado.")

    def _form_vazio(self) -> dict[str, str]:
        return lead_form_vazio()

    def _form_de(self, registro: Any) -> dict[str, str]:
        return form_de_lead(registro)

    def _validar(self, form: dict[str, str]) -> dict[str, str]:
        return validar_lead_form(form)

    def _mascarar(self, campo: str, valor: str) -> tuple[str, str | None]:
        if campo == "valor" and not masks.parece_dinheiro(valor):
            # Never silently turn "abc" into R$ 0,00: keep what came and say why it is refused.
            return valor[:30], masks.VALOR_INVALIDO
        return super()._mascarar(campo, valor)

    def _ao_sair(self, campo: str) -> None:
        if campo == "valor":  # "1234,5" → "1.234,50"
            try:
                self.form = {**self.form, "valor": masks.valor_input(masks.parse_valor(self.form["valor"]))}
            except ValueError:
                pass

    async def _ler(self, actor: Actor, registro_id: int) -> Any:
        return await run(leads_svc.get, actor=actor, lead_id=registro_id)

    async def _completar_form(self, actor: Actor) -> None:
        self.cliente_busca, self.cliente_opcoes, self.cliente_nome = "", [], ""
        cliente_id = self.form.get("cliente_id", "")
        if cliente_id.isdigit():
            try:
                cliente = await run(clientes_svc.get, actor=actor, cliente_id=int(cliente_id))
                self.cliente_nome = f"{cliente.razao_social} · {formatar_cnpj(cliente.cnpj)}"
            except Exception:  # noqa: BLE001 - removed meanwhile: the link stays, named by its id
                self.cliente_nome = f"Cliente nº {cliente_id} (removido)"

    @rx.event
    async def buscar_cliente(self, texto: str):
        """Search-as-you-type: the first clientes whose name or CNPJ matches (every role reads
        every cliente, SPEC §3)."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.cliente_busca = str(texto)[:100]
        if len(self.cliente_busca.strip()) < 2:
            self.cliente_opcoes = []
            return None
        try:
            pagina = await run(clientes_svc.list_clientes, actor=actor, busca=self.cliente_busca, limite=OPCOES_CLIENTE)
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        self.cliente_opcoes = [
            {"id": str(c.id), "nome": c.razao_social, "cnpj": formatar_cnpj(c.cnpj)} for c in pagina.items
        ]
        return None

    @rx.event
    def escolher_cliente(self, cliente_id: str, nome: str, cnpj: str):
        if not str(cliente_id).isdigit():
            return
        self.form = {**self.form, "cliente_id": str(cliente_id)}
        self.cliente_nome = f"{str(nome)[:200]} · {str(cnpj)[:20]}"
        self.cliente_busca, self.cliente_opcoes = "", []
        self.erros = {k: v for k, v in self.erros.items() if k != "cliente_id"}

    @rx.event
    def desvincular_cliente(self):
        self.form = {**self.form, "cliente_id": ""}
        self.cliente_nome = ""

    async def _gravar(self, actor: Actor, editando_id: int, versao: int) -> Any:
        dados = dados_do_lead_form(self.form)
        if dados.get("cnpj"):
            dados["cnpj"] = normalizar_cnpj(dados["cnpj"])
        if editando_id:
            data = LeadUpdate(**dados, versao=versao)
            return await run(leads_svc.update, actor=actor, lead_id=editando_id, data=data, ctx=self.request_context())
        return await run(leads_svc.create, actor=actor, data=LeadCreate(**dados), ctx=self.request_context())
