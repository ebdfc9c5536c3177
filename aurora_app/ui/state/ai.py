"""State of the AI panels: "Sugestões" on the cliente and lead pages, and the semantic search
box on the clientes and leads lists. Suggestions load in a background event, so the page never
waits for them; a store that is empty or down shows a message and the rest of the page works."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from aurora_app.services import ai as ai_svc
from aurora_app.services.errors import DomainError, NotFound
from aurora_app.ui import routes
from aurora_app.ui.components.toasts import falha, ok, run
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.cliente_detalhe import id_da_url

ROTULOS = {
    "proximo_passo": "Próximo passo",
    "negocio_ganho": "Negócio parecido ganho",
    "negocio_perdido": "Negócio parecido perdido",
    "motivo_perda": "Motivo de perda recorrente",
    "cliente_parecido": "Cliente parecido",
    "nota_relevante": "Nota relevante",
    "tarefa_atrasada": "Tarefa atrasada",
}
ROTULO_FONTE = {"interacao": "Interação", "lead": "Lead", "cliente": "Cliente"}


def _href(fonte: dict[str, Any]) -> str:
    """Where a source opens: the lead or cliente page (an interaction opens its timeline's page)."""
    if fonte.get("tipo") == "lead":
        return routes.LEAD_DETALHE.replace("[id]", str(fonte["id"]))
    if fonte.get("tipo") == "cliente":
        return routes.CLIENTE_DETALHE.replace("[id]", str(fonte["id"]))
    if fonte.get("lead_id"):
        return routes.LEAD_DETALHE.replace("[id]", str(fonte["lead_id"]))
    if fonte.get("cliente_id"):
        return routes.CLIENTE_DETALHE.replace("[id]", str(fonte["cliente_id"]))
    return "#"


@dataclass
class FonteUI:
    rotulo: str = ""
    trecho: str = ""
    href: str = "#"


@dataclass
class SugestaoUI:
    id: str = ""
    rotulo: str = ""
    texto: str = ""
    score: str = ""
    fontes: list[FonteUI] = field(default_factory=list)


def _fonte(f: dict[str, Any]) -> FonteUI:
    return FonteUI(
        rotulo=f"{ROTULO_FONTE.get(f.get('tipo'), 'Registro')} #{f.get('id')}",
        trecho=str(f.get("trecho", "")),
        href=_href(f),
    )


def _item(s: dict[str, Any]) -> SugestaoUI:
    return SugestaoUI(
        id=s["id"],
        rotulo=ROTULOS.get(s["tipo"], s["tipo"]),
        texto=s["texto"],
        score=f"{max(0.0, min(1.0, float(s['score']))) * 100:.0f}%",
        fontes=[_fonte(f) for f in s["fontes"]],
    )


class SugestoesState(AuthState):
    itens: list[SugestaoUI] = []
    carregando: bool = False
    aviso: str = ""
    votos: dict[str, int] = {}

    @rx.event(background=True)
    async def carregar(self):
        async with self:
            actor = await self.current_actor()
            path = self.router.url.path or ""
            self.itens, self.aviso, self.carregando = [], "", actor is not None
        if actor is None:
            return
        alvo_id = id_da_url(path)
        alvo = {"lead_id": alvo_id} if path.startswith(routes.LEADS + "/") else {"cliente_id": alvo_id}
        itens: list[SugestaoUI] = []
        aviso = ""
        try:
            if not alvo_id:
                raise NotFound("Registro não encontrado.")
            res = await run(ai_svc.sugestoes, actor=actor, **alvo)
            itens = [_item(s) for s in res["items"]]
            aviso = res.get("aviso") or ""
        except DomainError as exc:
            aviso = exc.detail
        except Exception:  # noqa: BLE001 - the panel must never break the page
            aviso = ai_svc.INDISPONIVEL
        async with self:
            self.itens, self.aviso, self.carregando = itens, aviso, False

    @rx.event
    async def votar(self, sugestao_id: str, voto: int):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        try:
            await run(ai_svc.votar, actor=actor, sugestao_id=str(sugestao_id), voto=int(voto))
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        self.votos = {**self.votos, str(sugestao_id): int(voto)}
        return ok("Obrigado! Seu voto ajusta as próximas sugestões.")


class BuscaIAState(AuthState):
    q: str = ""
    resultados: list[dict[str, str]] = []
    buscando: bool = False
    aviso: str = ""

    @rx.event
    def set_q(self, value: str):
        self.q = value[: ai_svc.MAX_Q]

    @rx.event
    def limpar(self):
        self.q, self.resultados, self.aviso = "", [], ""

    @rx.event(background=True)
    async def buscar(self, _form: dict | None = None):
        async with self:
            actor = await self.current_actor()
            q = self.q
            self.buscando, self.aviso = True, ""
        resultados: list[dict[str, str]] = []
        aviso = ""
        try:
            if actor is None:
                raise NotFound("Sessão expirada.")
            res = await run(ai_svc.busca, actor=actor, q=q, limite=8)
            resultados = [
                {
                    "rotulo": f"{ROTULO_FONTE.get(h['tipo'], h['tipo'])} #{h['id']}",
                    "titulo": h.get("titulo") or "",
                    "trecho": h["trecho"],
                    "href": _href(h),
                }
                for h in res["items"]
            ]
            aviso = "" if resultados else "Nada encontrado."
        except DomainError as exc:
            aviso = exc.detail
        except Exception:  # noqa: BLE001
            aviso = ai_svc.INDISPONIVEL
        async with self:
            self.resultados, self.aviso, self.buscando = resultados, aviso, False
