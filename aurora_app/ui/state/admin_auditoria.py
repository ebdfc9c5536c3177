"""The audit log of /admin, a state of its own: filters (who, action, period) and keyset paging
(``PaginacaoMixin``). Admin + 2FA re-checked by every handler (``AdminAcessoMixin``)."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from aurora_app.services import usuarios as usuarios_svc
from aurora_app.services.actor import Actor
from aurora_app.ui import auditoria, labels
from aurora_app.ui.components import masks
from aurora_app.ui.components.toasts import falha, run
from aurora_app.ui.state.admin_acesso import AdminAcessoMixin
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.paginacao import Pagina, PaginacaoMixin

TODOS = "todos"  # Radix selects refuse "" as an item value
OPCOES_USUARIOS = 200


def _audit_row(a, nomes: dict[str, str] | None = None) -> dict[str, str]:  # noqa: ANN001
    uid = "" if a.usuario_id is None else str(a.usuario_id)
    return {
        "id": str(a.id),
        "quando": labels.data_br(a.criado_em),
        "acao": a.acao,
        "acao_label": auditoria.rotulo_acao(a.acao),
        "usuario_id": uid,
        "quem": (nomes or {}).get(uid, ""),
        "email": a.email or "",
        "entidade": auditoria.registro(a.acao, a.entidade, a.entidade_id, a.detalhes),
        "detalhes": auditoria.descrever(a.acao, a.detalhes),
        "ip": a.ip or "",
    }


class AuditoriaState(PaginacaoMixin, AdminAcessoMixin, AuthState):
    filtro_usuario: str = TODOS
    filtro_acao: str = TODOS
    filtro_inicio: str = ""
    filtro_fim: str = ""
    filtro_erro: str = ""
    acoes: list[list[str]] = [[TODOS, "Todas as ações"]]
    opcoes_usuarios: list[list[str]] = [[TODOS, "Todos os usuários"]]
    _nomes: dict[str, str] = {}

    TAMANHO_PAGINA: ClassVar[int] = 25
    NENHUM: ClassVar[str] = "Nenhum registro"

    def _sem_acesso(self) -> None:
        self.rows, self.total = [], 0

    async def _acesso(self) -> tuple[Actor | None, list | None]:
        return await self._admin()

    def _dia(self, texto: str) -> str | None:
        """A dd/mm/aaaa filter → ISO day for the service (checked by ``_datas_ok`` first)."""
        try:
            dia = masks.parse_data(texto)
        except ValueError:
            return None
        return dia.isoformat() if dia else None

    def _datas_ok(self) -> bool:
        for rotulo, texto in (("De", self.filtro_inicio), ("Até", self.filtro_fim)):
            try:
                masks.parse_data(texto)
            except ValueError:
                self.filtro_erro = f"{rotulo}: data inválida, use dd/mm/aaaa."
                return False
        self.filtro_erro = ""
        return True

    async def _buscar_pagina(self, actor: Actor, cursor: str | None) -> Pagina:
        page = await run(
            usuarios_svc.list_audit,
            actor=actor,
            limite=self.TAMANHO_PAGINA,
            cursor=cursor,
            usuario_id=int(self.filtro_usuario) if self.filtro_usuario.isdigit() else None,
            acao=None if self.filtro_acao == TODOS else self.filtro_acao,
            inicio=self._dia(self.filtro_inicio),
            fim=self._dia(self.filtro_fim),
        )
        return Pagina([_audit_row(a, self._nomes) for a in page.items], page.total, page.next_cursor)

    async def recomecar(self, actor: Actor) -> list:
        """Page 1 again (a change on the users' side is the newest entry)."""
        return await self._recomecar(actor) if self._datas_ok() else []

    @rx.event
    async def on_load(self):
        actor, away = await self._admin()
        if away:
            return None  # AdminState.on_load, before this one, already sent the visitor away
        try:
            codigos = await run(usuarios_svc.list_acoes, actor=actor)
            usuarios = await run(usuarios_svc.list_users, actor=actor, limite=OPCOES_USUARIOS)
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        self.acoes = [[TODOS, "Todas as ações"], *([c, auditoria.rotulo_acao(c)] for c in codigos)]
        self._nomes = {str(u.id): u.nome for u in usuarios.items}
        self.opcoes_usuarios = [
            [TODOS, "Todos os usuários"],
            *([str(u.id), f"{u.nome} ({u.email})"] for u in usuarios.items),
        ]
        return await self.recomecar(actor)

    @rx.event
    def set_filtro_usuario(self, value: str):
        self.filtro_usuario = value

    @rx.event
    def set_filtro_acao(self, value: str):
        self.filtro_acao = value

    @rx.event
    def set_filtro_inicio(self, value: str):
        self.filtro_inicio = masks.mask_data(str(value))
        self.filtro_erro = ""

    @rx.event
    def set_filtro_fim(self, value: str):
        self.filtro_fim = masks.mask_data(str(value))
        self.filtro_erro = ""

    @rx.event
    async def filtrar(self):
        actor, away = await self._admin()
        if away:
            return away
        return await self.recomecar(actor)

    @rx.event
    async def limpar_filtros(self):
        self.filtro_usuario = self.filtro_acao = TODOS
        self.filtro_inicio = self.filtro_fim = self.filtro_erro = ""
        return AuditoriaState.filtrar
