"""State of /admin/lgpd (issue 16): where a titular appears, export, anonymisation and the
requests register. Every handler goes through ``services.lgpd``, which checks who may (admin
past 2FA or encarregado) on every call, whatever the page shows."""

from __future__ import annotations

import asyncio
import functools
import json

import reflex as rx

from aurora_app.core.cache import BackendUnavailable
from aurora_app.services import lgpd
from aurora_app.services.actor import Actor
from aurora_app.services.errors import DomainError
from aurora_app.ui import labels, routes
from aurora_app.ui.state.auth import MSG_INDISPONIVEL, AuthState, backend_method

TIPOS = {
    "contato": "Contato",
    "lead": "Lead",
    "cliente": "Cliente",
    "usuario": "Usuário",
    "interacao": "Interação",
    "socio_cnpj": "Sócio (CNPJ)",
    "solicitacao": "Solicitação",
}
TIPOS_SOLICITACAO = {
    "acesso": "Acesso",
    "correcao": "Correção",
    "anonimizacao": "Anonimização",
    "portabilidade": "Portabilidade",
    "revogacao_consentimento": "Consentimento revogado",
}
ESTADOS = {"aberta": "Aberta", "em_andamento": "Em andamento", "concluida": "Concluída", "recusada": "Recusada"}
PREVIA = {
    "contatos": "contatos: nome vira “Titular anonimizado #n”; cargo, e-mail e telefones removidos",
    "leads": "leads: campos de contato removidos (valor, datas e estágio mantidos)",
    "clientes": "clientes: e-mail/telefone do titular removidos",
    "usuarios": "usuários: anonimizados e desativados",
    "interacoes": "interações: menções ao titular apagadas do texto (e da IA)",
    "socios_cnpj": "sócios em consultas de CNPJ em cache: removidos",
    "solicitacoes": "solicitações do titular: identificação removida",
}


def _sol_row(r: lgpd.SolicitacaoRead) -> dict[str, str]:
    return {
        "id": str(r.id),
        "tipo": TIPOS_SOLICITACAO.get(r.tipo, r.tipo),
        "titular": r.titular_nome or r.titular_email or "—",
        "email": r.titular_email or "",
        "estado": r.estado,
        "estado_label": ESTADOS.get(r.estado, r.estado),
        "recebida": labels.data_br(r.recebida_em),
        "prazo": labels.data_br(r.prazo_em),
        "atrasada": "1" if r.atrasada else "",
        "dias": str(r.dias_restantes),
        "responsavel": r.responsavel_nome or "—",
    }


class LgpdState(AuthState):
    bloqueio: str = ""  # "2fa": an admin whose session has not passed 2FA
    q: str = ""
    resultados: list[dict[str, str]] = []
    buscou: bool = False
    email: str = ""  # the titular handled by export / anonymisation
    exportado: str = ""  # the last export, pretty JSON
    previa: list[list[str]] = []
    confirmar_aberto: bool = False
    motivo: str = ""
    solicitacoes: list[dict[str, str]] = []
    atrasadas: int = 0
    so_atrasadas: bool = False

    @backend_method
    async def _call(self, fn, **kwargs):  # noqa: ANN001, ANN003
        return await asyncio.to_thread(functools.partial(fn, **kwargs))

    @backend_method
    def _falha(self, exc: Exception):
        if isinstance(exc, BackendUnavailable):
            return rx.toast.error(MSG_INDISPONIVEL, duration=8000)
        if isinstance(exc, DomainError):
            if exc.code == "2fa_requerido":
                self.bloqueio = "2fa"
                return rx.toast.warning(exc.detail, duration=8000)
            if exc.code == "sem_permissao":
                return [rx.redirect(routes.PAINEL), rx.toast.error(exc.detail, duration=8000)]
            return rx.toast.error(exc.detail, duration=8000)
        raise exc

    @backend_method
    async def _ator(self) -> tuple[Actor | None, list | None]:
        actor = await self.current_actor()
        if actor is None:
            return None, [self.login_redirect()]
        return actor, None

    @backend_method
    async def _carregar_solicitacoes(self, actor: Actor) -> None:
        page = await self._call(lgpd.listar_solicitacoes, actor=actor, atrasadas=self.so_atrasadas, limite=100)
        self.solicitacoes = [_sol_row(r) for r in page.items]
        self.atrasadas = await self._call(lgpd.contar_atrasadas)

    # ---- events ---------------------------------------------------------------------------

    @rx.event
    async def on_load(self):
        actor, away = await self._ator()
        if away:
            return away
        self.bloqueio = ""
        self.resultados, self.buscou, self.exportado, self.confirmar_aberto = [], False, "", False
        try:
            await self._carregar_solicitacoes(actor)
        except (DomainError, BackendUnavailable) as exc:
            self.solicitacoes = []
            return self._falha(exc)
        return None

    @rx.event
    async def buscar(self, form: dict):
        actor, away = await self._ator()
        if away:
            return away
        self.q = str(form.get("q") or "").strip()
        try:
            res = await self._call(lgpd.titulares, actor=actor, q=self.q)
        except (DomainError, BackendUnavailable) as exc:
            return self._falha(exc)
        self.resultados = [
            {
                "tipo": TIPOS.get(i["tipo"], i["tipo"]),
                "id": str(i["id"]),
                "nome": i["nome"] or "—",
                "email": i["email"] or "",
                "onde": i["onde"],
                "link": i["link"] or "",
            }
            for i in res["items"]
        ]
        self.buscou = True
        if "@" in self.q:
            self.email = self.q.lower()
        elif not self.email:
            self.email = next((r["email"].lower() for r in self.resultados if r["email"]), "")
        return None

    @rx.event
    def set_email(self, valor: str):
        self.email = valor.strip()

    @rx.event
    def set_motivo(self, valor: str):
        self.motivo = valor

    @rx.event
    async def exportar(self):
        actor, away = await self._ator()
        if away:
            return away
        try:
            dados = await self._call(lgpd.exportar, actor=actor, email=self.email, ctx=self.request_context())
        except (DomainError, BackendUnavailable) as exc:
            return self._falha(exc)
        self.exportado = json.dumps(dados, ensure_ascii=False, indent=2)
        n = len(dados["registros"])
        return rx.toast.success(f"Exportação pronta: {n} registro(s).", duration=5000)

    @rx.event
    def baixar_json(self):
        if not self.exportado:
            return None
        return rx.download(data=self.exportado, filename="titular-lgpd.json")

    @rx.event
    def baixar_html(self):
        if not self.exportado:
            return None
        return rx.download(data=lgpd.exportar_html(json.loads(self.exportado)), filename="titular-lgpd.html")

    @rx.event
    async def preparar_anonimizacao(self):
        actor, away = await self._ator()
        if away:
            return away
        try:
            contagens = await self._call(lgpd.previa_anonimizacao, actor=actor, email=self.email)
        except (DomainError, BackendUnavailable) as exc:
            return self._falha(exc)
        self.previa = [[str(n), PREVIA[k]] for k, n in contagens.items() if n]
        self.motivo = ""
        self.confirmar_aberto = True
        return None

    @rx.event
    def set_confirmar_aberto(self, aberto: bool):
        self.confirmar_aberto = aberto

    @rx.event
    async def anonimizar(self):
        actor, away = await self._ator()
        if away:
            return away
        try:
            res = await self._call(
                lgpd.anonimizar, actor=actor, email=self.email, motivo=self.motivo, ctx=self.request_context()
            )
        except (DomainError, BackendUnavailable) as exc:
            return self._falha(exc)
        self.confirmar_aberto = False
        self.resultados, self.exportado, self.previa, self.email, self.motivo = [], "", [], "", ""
        await self._carregar_solicitacoes(actor)
        return rx.toast.success(f"Titular anonimizado: {res['registros']} registro(s) alterados.", duration=8000)

    @rx.event
    async def criar_solicitacao(self, form: dict):
        actor, away = await self._ator()
        if away:
            return away
        try:
            await self._call(
                lgpd.criar_solicitacao,
                actor=actor,
                tipo=str(form.get("tipo") or ""),
                titular_nome=form.get("titular_nome") or None,
                titular_email=form.get("titular_email") or None,
                descricao=form.get("descricao") or None,
                ctx=self.request_context(),
            )
            await self._carregar_solicitacoes(actor)
        except (DomainError, BackendUnavailable) as exc:
            return self._falha(exc)
        return rx.toast.success("Solicitação registrada. Prazo: 15 dias.", duration=5000)

    @rx.event
    async def mudar_estado(self, solicitacao_id: str, estado: str):
        actor, away = await self._ator()
        if away:
            return away
        if not str(solicitacao_id).isdigit():
            return None
        try:
            await self._call(
                lgpd.atualizar_solicitacao,
                actor=actor,
                solicitacao_id=int(solicitacao_id),
                estado=estado,
                ctx=self.request_context(),
            )
            await self._carregar_solicitacoes(actor)
        except (DomainError, BackendUnavailable) as exc:
            return self._falha(exc)
        return None

    @rx.event
    def usar_titular(self, email: str):
        self.email = email
        return None

    @rx.event
    async def alternar_atrasadas(self, valor: bool):
        self.so_atrasadas = bool(valor)
        actor, away = await self._ator()
        if away:
            return away
        try:
            await self._carregar_solicitacoes(actor)
        except (DomainError, BackendUnavailable) as exc:
            return self._falha(exc)
        return None
