"""The lead's create/edit dialog, for the pipeline and the lead page; the same variables and
handlers as the cliente form (``formulario.FormularioMixin``)."""

from __future__ import annotations

from typing import Any, ClassVar

from aurora_app.core.cnpj import CNPJInvalido, formatar_cnpj, normalizar_cnpj
from aurora_app.models.lead import LeadCreate, LeadUpdate, Origem
from aurora_app.services import leads as leads_svc
from aurora_app.services.actor import Actor
from aurora_app.ui import labels
from aurora_app.ui.components import masks
from aurora_app.ui.components.toasts import run
from aurora_app.ui.state.formulario import FormularioMixin, validar

LEAD_CAMPOS = (
    "nome", "empresa", "cnpj", "contato", "email", "telefone", "origem", "valor",
    "previsao_fechamento", "responsavel_id",
)  # fmt: skip


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
    form: dict[str, str] = lead_form_vazio()

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

    async def _gravar(self, actor: Actor, editando_id: int, versao: int) -> Any:
        dados = dados_do_lead_form(self.form)
        if dados.get("cnpj"):
            dados["cnpj"] = normalizar_cnpj(dados["cnpj"])
        if editando_id:
            data = LeadUpdate(**dados, versao=versao)
            return await run(leads_svc.update, actor=actor, lead_id=editando_id, data=data, ctx=self.request_context())
        return await run(leads_svc.create, actor=actor, data=LeadCreate(**dados), ctx=self.request_context())
