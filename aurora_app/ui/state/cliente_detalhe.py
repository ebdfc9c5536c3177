"""State of /clientes/[id]: the cliente's details and its timeline of interactions."""

from __future__ import annotations

from typing import Any

import reflex as rx

from aurora_app.core.cnpj import formatar_cnpj
from aurora_app.services import clientes as clientes_svc
from aurora_app.services.actor import Actor
from aurora_app.services.errors import NotFound
from aurora_app.ui import labels
from aurora_app.ui.components import masks
from aurora_app.ui.components.toasts import falha, run
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.cliente_form import ClienteFormMixin
from aurora_app.ui.state.cliente_vinculos import ClienteVinculosMixin
from aurora_app.ui.state.comum import carregar_responsaveis
from aurora_app.ui.state.timeline import TimelineMixin


def id_da_url(path: str | None) -> int:
    """``/clientes/42`` → 42; anything else → 0 (the page then says "não encontrado")."""
    ultimo = (path or "").rstrip("/").rsplit("/", 1)[-1]
    return int(ultimo) if ultimo.isdigit() and len(ultimo) < 10 else 0


def endereco_linhas(c: Any) -> list[str]:
    rua = ", ".join(p for p in (c.logradouro, c.numero, c.complemento) if p)
    cidade = " / ".join(p for p in (c.municipio, c.uf) if p)
    linha2 = " — ".join(p for p in (c.bairro, cidade) if p)
    cep = f"CEP {masks.formatar_cep(c.cep)}" if c.cep else ""
    return [linha for linha in (rua, linha2, cep) if linha]


def cliente_detalhe(c: Any) -> dict[str, str]:
    return {
        "id": str(c.id),
        "razao_social": c.razao_social,
        "nome_fantasia": c.nome_fantasia or "",
        "cnpj": formatar_cnpj(c.cnpj),
        "email": c.email or "",
        "telefone": masks.formatar_telefone(c.telefone),
        "endereco": "\n".join(endereco_linhas(c)),
        "cnae_principal": c.cnae_principal or "—",
        "situacao_cadastral": c.situacao_cadastral or "—",
        "porte": c.porte or "—",
        "responsavel": getattr(c, "responsavel_nome", None) or "—",
        "criado_em": labels.dia(c.criado_em),
        "atualizado_em": labels.data_br(c.atualizado_em),
    }


class ClienteDetalheState(ClienteFormMixin, TimelineMixin, ClienteVinculosMixin, AuthState):
    cliente: dict[str, str] = {}
    cliente_id: int = 0
    nao_encontrado: bool = False
    pode_editar: bool = False

    def _alvo(self) -> dict[str, int]:
        return {"cliente_id": self.cliente_id}

    async def _apos_salvar(self, actor: Actor, cliente: Any, *, criado: bool) -> list:
        self.cliente = cliente_detalhe(cliente)
        return []

    @rx.event
    async def on_load(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.cliente_id = id_da_url(self.router.url.path)
        self.cliente, self.timeline, self.nao_encontrado = {}, [], False
        self.leads_do_cliente, self.contatos = [], []
        self._limpar_nova()
        if not self.cliente_id:
            self.nao_encontrado = True
            return None
        try:
            c = await run(clientes_svc.get, actor=actor, cliente_id=self.cliente_id)
        except NotFound:
            self.nao_encontrado = True
            return None
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        self.cliente = cliente_detalhe(c)
        self.pode_editar = clientes_svc.pode_editar(actor, c)
        self.dialog_aberto = False
        try:
            self.responsaveis = await carregar_responsaveis(actor)
        except Exception:  # noqa: BLE001 - the select just stays empty
            self.responsaveis = []
        return [*await self._carregar_timeline(actor), *await self._carregar_vinculos(actor)]
