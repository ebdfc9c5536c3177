"""The cliente's create/edit dialog (masks, inline errors, "Buscar CNPJ"), for the list and the
detail page; each page decides what happens after a save (``_apos_salvar``)."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx

from aurora_app.core.cnpj import CNPJInvalido, formatar_cnpj, normalizar_cnpj
from aurora_app.models.cliente import CAMPOS_CLIENTE, ClienteCreate, ClienteUpdate
from aurora_app.services import clientes as clientes_svc
from aurora_app.services import cnpj as cnpj_svc
from aurora_app.services.actor import Actor
from aurora_app.services.errors import DomainError
from aurora_app.ui.components import masks
from aurora_app.ui.components.toasts import falha, ok, run
from aurora_app.ui.state.formulario import FormularioMixin, validar

FORM_CAMPOS = (*CAMPOS_CLIENTE, "responsavel_id")
FONTES = {"cache": "consulta em cache", "cnpja_pago": "CNPJá", "cnpja_gratuito": "CNPJá (API gratuita)"}


def form_vazio() -> dict[str, str]:
    return dict.fromkeys(FORM_CAMPOS, "")


def form_de_cliente(c: Any) -> dict[str, str]:
    """A ClienteRead → the form's text values, masked for display."""
    form = form_vazio()
    for campo in FORM_CAMPOS:
        valor = getattr(c, campo, None)
        form[campo] = "" if valor is None else str(valor)
    form["cnpj"] = formatar_cnpj(form["cnpj"])
    form["telefone"] = masks.formatar_telefone(form["telefone"])
    form["cep"] = masks.formatar_cep(form["cep"])
    return form


def dados_do_form(form: dict[str, str]) -> dict[str, Any]:
    """Form text → what the service's schema reads: trimmed, empty → None, id as int."""
    dados: dict[str, Any] = {campo: (form.get(campo) or "").strip() or None for campo in FORM_CAMPOS}
    dados["cnpj"] = dados["cnpj"] or ""
    responsavel = dados.pop("responsavel_id") or ""
    dados["responsavel_id"] = int(responsavel) if responsavel.isdigit() else None
    return dados


def validar_form(form: dict[str, str]) -> dict[str, str]:
    """The service's own rules (ClienteCreate, and the CNPJ check) on the form's values."""
    erros = validar(ClienteCreate, dados_do_form(form), FORM_CAMPOS)
    try:
        normalizar_cnpj(form.get("cnpj", ""))
    except CNPJInvalido as exc:
        erros["cnpj"] = str(exc)
    return erros


def preencher_com_consulta(form: dict[str, str], campos: dict[str, Any] | None) -> dict[str, str]:
    """The form filled from a CNPJ lookup (``to_cliente_fields``): what the lookup knows wins,
    the CNPJ typed and the responsável chosen stay; masks applied for display."""
    novo = dict(form)
    for campo, valor in (campos or {}).items():
        if campo in FORM_CAMPOS and campo not in ("cnpj", "responsavel_id") and valor not in (None, ""):
            novo[campo] = masks.aplicar(campo, str(valor))
    novo["telefone"] = masks.formatar_telefone(novo.get("telefone"))
    novo["cep"] = masks.formatar_cep(novo.get("cep"))
    return novo


class ClienteFormMixin(FormularioMixin, mixin=True):
    form: dict[str, str] = form_vazio()
    buscando_cnpj: bool = False

    CAMPOS: ClassVar[tuple[str, ...]] = FORM_CAMPOS
    TITULOS: ClassVar[tuple[str, str]] = ("Novo cliente", "Editar cliente")
    SALVO: ClassVar[tuple[str, str]] = ("Cliente cadastrado.", "Cliente atualizado.")

    def _form_vazio(self) -> dict[str, str]:
        return form_vazio()

    def _form_de(self, registro: Any) -> dict[str, str]:
        return form_de_cliente(registro)

    def _validar(self, form: dict[str, str]) -> dict[str, str]:
        return validar_form(form)

    async def _ler(self, actor: Actor, registro_id: int) -> Any:
        return await run(clientes_svc.get, actor=actor, cliente_id=registro_id)

    async def _gravar(self, actor: Actor, editando_id: int, versao: int) -> Any:
        dados = dados_do_form(self.form)
        dados["cnpj"] = normalizar_cnpj(dados["cnpj"])
        if editando_id:
            data = ClienteUpdate(**dados, versao=versao)
            return await run(
                clientes_svc.update, actor=actor, cliente_id=editando_id, data=data, ctx=self.request_context()
            )
        return await run(clientes_svc.create, actor=actor, data=ClienteCreate(**dados), ctx=self.request_context())

    @rx.event
    async def buscar_cnpj(self):
        """Fill the form from the CNPJ lookup service (cache → CNPJá paid → free)."""
        actor = await self.current_actor()
        if actor is None:
            return
        try:
            bare = normalizar_cnpj(self.form.get("cnpj", ""))
        except CNPJInvalido as exc:
            self.erros = {**self.erros, "cnpj": str(exc)}
            return
        self.buscando_cnpj = True
        yield
        try:
            consulta = await cnpj_svc.consultar(actor=actor, cnpj=bare)
            campos = cnpj_svc.to_cliente_fields(consulta)
        except Exception as exc:  # noqa: BLE001
            self.buscando_cnpj = False
            if isinstance(exc, DomainError):  # said under the field too, not only in a passing toast
                self.erros = {**self.erros, "cnpj": exc.detail}
            for ev in falha(exc):
                yield ev
            return
        self.buscando_cnpj = False
        self.form = preencher_com_consulta(self.form, campos)
        self.erros = {}
        fonte = FONTES.get(str(consulta.fonte), "consulta")
        if consulta.desatualizado:
            yield rx.toast.warning("A consulta online falhou: dados de uma consulta anterior. Confira antes de salvar.")
        yield ok(f"Dados preenchidos a partir da {fonte}. Confira antes de salvar.")
