"""The create/edit dialog of one record, shared by the cliente and lead forms.

Every form has the same variables (``form``, ``erros``, ``dialog_aberto``, ``editando_id``,
``salvando``) and handlers (``abrir_novo``, ``abrir_edicao``, ``set_campo``, ``validar_campo``,
``salvar``), so ``components/forms.campo`` binds any of them by field name alone. What differs
is said by the form's mixin (``cliente_form``, ``lead_form``): its fields, how a record becomes
form text, and which service saves it. The rules themselves are the services' pydantic schemas
(``validar`` runs them): the UI only turns masked text into what the schema reads.
"""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx
from pydantic import BaseModel, ValidationError

from aurora_app.services.actor import Actor
from aurora_app.services.errors import DomainError
from aurora_app.ui.components import masks
from aurora_app.ui.components.toasts import campo_do_erro, erros_de_validacao, falha, ok
from aurora_app.ui.state.comum import como_id

CONFLITO_VERSAO = "conflito_versao"


def validar(schema: type[BaseModel], dados: dict[str, Any], campos: tuple[str, ...]) -> dict[str, str]:
    """``{campo: mensagem pt-BR}`` of the service's schema on these values (only the form's fields)."""
    try:
        schema(**{k: v for k, v in dados.items() if k in schema.model_fields})
    except ValidationError as exc:
        return {k: v for k, v in erros_de_validacao(exc).items() if k in campos}
    return {}


class FormularioMixin(rx.State, mixin=True):
    dialog_aberto: bool = False
    editando_id: int = 0
    form: dict[str, str] = {}
    erros: dict[str, str] = {}
    salvando: bool = False
    responsaveis: list[dict[str, str]] = []
    _versao: int = 0

    CAMPOS: ClassVar[tuple[str, ...]] = ()
    TITULOS: ClassVar[tuple[str, str]] = ("Novo registro", "Editar registro")
    SALVO: ClassVar[tuple[str, str]] = ("Registro cadastrado.", "Registro atualizado.")

    # ---- what each form says ---------------------------------------------------------------

    def _form_vazio(self) -> dict[str, str]:
        return dict.fromkeys(self.CAMPOS, "")

    def _form_de(self, registro: Any) -> dict[str, str]:
        raise NotImplementedError

    def _validar(self, form: dict[str, str]) -> dict[str, str]:
        """What can be said before calling the service (the service checks it all again)."""
        raise NotImplementedError

    async def _ler(self, actor: Actor, registro_id: int) -> Any:
        raise NotImplementedError

    async def _gravar(self, actor: Actor, editando_id: int, versao: int) -> Any:
        """Create (``editando_id`` 0) or update through the service; returns the saved record."""
        raise NotImplementedError

    async def _apos_salvar(self, actor: Actor, registro: Any, *, criado: bool) -> list:
        return []

    def _mascarar(self, campo: str, valor: str) -> tuple[str, str | None]:
        """The typed text as the field shows it, and an error to show at once (or None)."""
        return masks.aplicar(campo, valor)[:300], None

    def _ao_sair(self, campo: str) -> None:
        """On blur, before the field's check (e.g. money gets its final format)."""

    async def _completar_form(self, actor: Actor) -> None:
        """After the dialog's values are set (new or edit): what needs the database to show."""

    # ---- the dialog ------------------------------------------------------------------------

    @rx.var
    def titulo_dialog(self) -> str:
        return self.TITULOS[1] if self.editando_id else self.TITULOS[0]

    @rx.event
    async def abrir_novo(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        await self._abrir_novo(actor)
        return None

    async def _abrir_novo(self, actor: Actor, **inicial: str) -> None:
        """The empty dialog (with ``inicial`` values, e.g. the cliente a new lead is for)."""
        self.form = {**self._form_vazio(), "responsavel_id": str(actor.id), **inicial}
        self.erros, self.editando_id, self._versao = {}, 0, 0
        await self._completar_form(actor)
        self.dialog_aberto = True

    @rx.event
    async def abrir_edicao(self, registro_id: int | str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        try:
            registro = await self._ler(actor, como_id(registro_id))
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        self.form = self._form_de(registro)
        await self._completar_form(actor)
        self.erros = {}
        self.editando_id = int(registro.id)
        self._versao = int(getattr(registro, "versao", 0) or 0)
        self.dialog_aberto = True
        return None

    @rx.event
    def set_dialog_aberto(self, aberto: bool):
        if not self.salvando:
            self.dialog_aberto = bool(aberto)

    @rx.event
    def set_campo(self, campo: str, valor: str):
        if campo not in self.CAMPOS:
            return
        texto, erro = self._mascarar(campo, str(valor or ""))
        self.form = {**self.form, campo: texto}
        resto = {k: v for k, v in self.erros.items() if k != campo}
        self.erros = {**resto, campo: erro} if erro else resto

    @rx.event
    def validar_campo(self, campo: str):
        """On blur: that field's message under it (only when something was typed)."""
        if campo not in self.CAMPOS or not self.form.get(campo):
            return
        self._ao_sair(campo)
        msg = self._validar(self.form).get(campo)
        resto = {k: v for k, v in self.erros.items() if k != campo}
        self.erros = {**resto, campo: msg} if msg else resto

    @rx.event
    async def salvar(self):
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        erros = self._validar(self.form)
        if erros:
            self.erros = erros
            return
        criado = not self.editando_id
        self.salvando = True
        yield
        try:
            salvo = await self._gravar(actor, self.editando_id, self._versao)
        except ValidationError as exc:
            self.salvando = False
            self.erros = erros_de_validacao(exc)
            return
        except DomainError as exc:
            self.salvando = False
            campo = campo_do_erro(exc, set(self.CAMPOS))
            if campo:
                self.erros = {**self.erros, campo: exc.detail}
            if exc.code == CONFLITO_VERSAO:
                self.erros = {**self.erros, "_": exc.detail + " Feche e abra de novo para ver a versão atual."}
            for ev in falha(exc):
                yield ev
            return
        except Exception as exc:  # noqa: BLE001
            self.salvando = False
            for ev in falha(exc):
                yield ev
            return
        self.salvando = False
        self.dialog_aberto = False
        yield ok(self.SALVO[0] if criado else self.SALVO[1])
        for ev in await self._apos_salvar(actor, salvo, criado=criado):
            yield ev
