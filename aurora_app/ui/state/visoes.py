"""Saved views of a list ("Meus leads em negociação"): save the current filters and sort under a
name, open one, delete one. For a state with ``ListaNaUrlMixin`` (a view is the list's address
parameters, so opening it is opening its link); the service keeps each user's views their own.
"""

from __future__ import annotations

from typing import ClassVar

import reflex as rx
from pydantic import ValidationError

from aurora_app.models.visao import ListaVisao, VisaoCreate
from aurora_app.services import visoes as visoes_svc
from aurora_app.services.actor import Actor
from aurora_app.services.errors import DomainError, NotFound
from aurora_app.ui.components.toasts import campo_do_erro, erros_de_validacao, falha, ok, run


class VisoesMixin(rx.State, mixin=True):
    visoes: list[dict[str, str]] = []  # id, nome (this user's views of the list)
    visao_dialog_aberto: bool = False
    visao_nome: str = ""
    visao_erro: str = ""
    _parametros_visoes: dict[str, dict[str, str]] = {}  # id → parameters, backend-only

    LISTA_VISAO: ClassVar[str] = ""

    async def _carregar_visoes(self, actor: Actor) -> None:
        try:
            itens = await run(visoes_svc.list_visoes, actor=actor, lista=self.LISTA_VISAO)
        except Exception:  # noqa: BLE001 - the list works without its views
            itens = []
        self.visoes = [{"id": str(v.id), "nome": v.nome} for v in itens]
        self._parametros_visoes = {str(v.id): v.parametros for v in itens}

    @rx.event
    def abrir_salvar_visao(self):
        self.visao_nome, self.visao_erro = "", ""
        self.visao_dialog_aberto = True

    @rx.event
    def set_visao_dialog_aberto(self, aberto: bool):
        self.visao_dialog_aberto = bool(aberto)

    @rx.event
    def set_visao_nome(self, valor: str):
        self.visao_nome, self.visao_erro = str(valor)[:200], ""

    @rx.event
    async def salvar_visao(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        permitidos = visoes_svc.PARAMETROS[ListaVisao(self.LISTA_VISAO)]
        parametros = {k: v for k, v in self._consulta_da_lista().items() if k in permitidos}
        try:
            data = VisaoCreate(lista=self.LISTA_VISAO, nome=self.visao_nome, parametros=parametros)
            visao = await run(visoes_svc.create, actor=actor, data=data)
        except ValidationError as exc:
            erros = erros_de_validacao(exc)
            self.visao_erro = erros.get("nome") or next(iter(erros.values()), "Dados inválidos.")
            return None
        except DomainError as exc:
            if campo_do_erro(exc, {"nome"}):
                self.visao_erro = exc.detail
                return None
            return falha(exc)
        self.visao_dialog_aberto = False
        await self._carregar_visoes(actor)
        return ok(f"Visão “{visao.nome}” salva.")

    @rx.event
    async def aplicar_visao(self, visao_id: str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        parametros = self._parametros_visoes.get(str(visao_id))
        if parametros is None:  # deleted elsewhere meanwhile
            await self._carregar_visoes(actor)
            return falha(NotFound(visoes_svc.NAO_ENCONTRADA))
        self._aplicar_consulta({"modo": "lista", **parametros})
        return await self._recomecar(actor)

    @rx.event
    async def excluir_visao(self, visao_id: str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        nome = next((v["nome"] for v in self.visoes if v["id"] == str(visao_id)), "")
        try:
            await run(visoes_svc.delete, actor=actor, visao_id=int(visao_id) if str(visao_id).isdigit() else 0)
        except Exception as exc:  # noqa: BLE001
            await self._carregar_visoes(actor)
            return falha(exc)
        await self._carregar_visoes(actor)
        return ok(f"Visão “{nome}” excluída.")
