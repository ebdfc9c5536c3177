"""/cnpj: look a CNPJ up, show the normalised data and its source, register it in one click.

Every handler re-checks the session (``current_actor``) and calls the same service as the REST
API (``services.cnpj``); domain errors become toasts. The result is flattened into display
strings here, so the page holds no formatting logic and the state stays small.
"""

from __future__ import annotations

import reflex as rx

from aurora_app.core.cache import BackendUnavailable
from aurora_app.core.cnpj import CNPJInvalido, formatar_cnpj, normalizar_cnpj
from aurora_app.integrations.cnpja_schema import CNPJConsulta
from aurora_app.services import cnpj as cnpj_svc
from aurora_app.services.errors import DomainError
from aurora_app.ui import labels, routes
from aurora_app.ui.components import masks
from aurora_app.ui.components.toasts import falha, ok, run
from aurora_app.ui.state.auth import MSG_INDISPONIVEL, AuthState

FONTES = {
    "cache": "Cache do Aurora",
    "cnpja_pago": "CNPJá (API comercial)",
    "cnpja_gratuito": "CNPJá (API pública)",
}
SITUACOES_VERMELHAS = {"BAIXADA", "INAPTA", "SUSPENSA", "NULA"}


def _data(value) -> str:
    return labels.data_br(value) if value else "—"


def _documento(doc: str | None) -> str:
    """``***482913**`` (as the Receita masks a partner's CPF) → ``***.482.913-**``."""
    if not doc:
        return "—"
    if len(doc) == 11:
        return f"{doc[:3]}.{doc[3:6]}.{doc[6:9]}-{doc[9:]}"
    if len(doc) == 14:
        return formatar_cnpj(doc)
    return doc


def resultado_view(c: CNPJConsulta) -> dict[str, str]:
    """Display strings for the result card (also unit-tested without a browser)."""
    e = c.endereco
    rua = ", ".join(p for p in (e.logradouro, e.numero) if p)
    if e.complemento:
        rua = f"{rua} – {e.complemento}" if rua else e.complemento
    cidade = " / ".join(p for p in (e.municipio, e.uf) if p)
    linhas = [p for p in (rua, e.bairro, cidade, masks.formatar_cep(e.cep) if e.cep else "") if p]
    situacao = (c.situacao_cadastral or "").strip()
    if c.simples.mei:
        simples = f"MEI desde {_data(c.simples.mei_desde)}" if c.simples.mei_desde else "MEI"
    elif c.simples.optante:
        simples = f"Optante desde {_data(c.simples.desde)}" if c.simples.desde else "Optante"
    else:
        simples = "Não optante"
    fonte = FONTES.get(c.fonte, c.fonte)
    if c.fonte == "cache" and c.fonte_original:
        fonte = f"{fonte} · origem: {FONTES.get(c.fonte_original, c.fonte_original)}"
    return {
        "cnpj": formatar_cnpj(c.cnpj),
        "cnpj_bare": c.cnpj,
        "razao_social": c.razao_social,
        "nome_fantasia": c.nome_fantasia or "",
        "situacao": situacao or "Não informada",
        "situacao_cor": "green"
        if situacao.upper() == "ATIVA"
        else ("red" if situacao.upper() in SITUACOES_VERMELHAS else "gray"),
        "data_situacao": _data(c.data_situacao),
        "data_abertura": _data(c.data_abertura),
        "matriz": "Matriz" if c.matriz else ("Filial" if c.matriz is False else "—"),
        "porte": c.porte or "—",
        "natureza_juridica": c.natureza_juridica or "—",
        "capital_social": labels.brl(c.capital_social) if c.capital_social is not None else "—",
        "simples": simples,
        "cnae_principal": f"{c.cnae_principal.codigo_formatado} · {c.cnae_principal.descricao}"
        if c.cnae_principal
        else "—",
        "endereco": "\n".join(linhas) or "—",
        "fonte": fonte,
        "consultado_em": labels.data_br(c.consultado_em),
        "desatualizado": "1" if c.desatualizado else "",
    }


class CnpjState(AuthState):
    entrada: str = ""
    erro_entrada: str = ""
    buscando: bool = False
    cadastrando: bool = False
    tem_resultado: bool = False
    resultado: dict[str, str] = {}
    cnaes_secundarios: list[str] = []
    telefones: list[str] = []
    emails: list[str] = []
    socios: list[dict[str, str]] = []
    cliente_id: int = 0  # live cliente with this CNPJ (0: none)
    falha_consulta: str = ""  # why the last lookup failed (shown on the page, not only as a toast)
    pronto: bool = False  # on_load ran: the page is hydrated and talking to the backend

    @rx.var
    def cliente_url(self) -> str:
        return routes.cliente_url(self.cliente_id) if self.cliente_id else ""

    @rx.event
    def set_entrada(self, value: str) -> None:
        self.entrada = masks.mask_cnpj(value)
        self.erro_entrada = ""
        self.falha_consulta = ""

    def _limpar(self) -> None:
        self.tem_resultado = False
        self.resultado = {}
        self.cnaes_secundarios, self.telefones, self.emails, self.socios = [], [], [], []
        self.cliente_id = 0

    def _mostrar(self, c: CNPJConsulta) -> None:
        self.resultado = resultado_view(c)
        self.cnaes_secundarios = [f"{a.codigo_formatado} · {a.descricao}" for a in c.cnaes_secundarios]
        self.telefones = [masks.formatar_telefone(t.completo) for t in c.telefones]
        self.emails = [m.endereco for m in c.emails]
        self.socios = [
            {
                "nome": s.nome,
                "qualificacao": s.qualificacao or "—",
                "documento": _documento(s.documento),
                "desde": _data(s.desde),
                "tipo": "Pessoa jurídica"
                if s.tipo == "pessoa_juridica"
                else "Pessoa física"
                if s.tipo == "pessoa_fisica"
                else "—",
            }
            for s in c.socios
        ]
        self.tem_resultado = True

    @rx.event
    async def on_load(self):
        """Guarded page load; ``/cnpj?cnpj=...`` looks the given CNPJ up at once."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.pronto = True
        pedido = (self.router.url.query_parameters or {}).get("cnpj", "")
        if pedido:
            self.entrada = masks.mask_cnpj(str(pedido))
            return CnpjState.consultar
        return None

    @rx.event
    async def consultar(self, _form: dict | None = None):
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        try:
            bare = normalizar_cnpj(self.entrada)
        except CNPJInvalido as exc:
            self.erro_entrada = str(exc)
            self._limpar()
            return
        self.buscando = True
        self.erro_entrada = ""
        yield
        self.falha_consulta = ""
        existente = None
        try:
            # Asked first and on its own: a CNPJ the provider does not know (or a provider that is
            # down) may still be a cliente here, and the page then links it.
            existente = await run(cnpj_svc.cliente_existente, cnpj=bare)
            consulta = await cnpj_svc.consultar(actor=actor, cnpj=bare)
        except Exception as exc:  # noqa: BLE001 - said on the page (and as a toast by falha())
            self.buscando = False
            self._limpar()
            if isinstance(exc, DomainError | BackendUnavailable):
                self.falha_consulta = exc.detail if isinstance(exc, DomainError) else MSG_INDISPONIVEL
                self.cliente_id = existente.id if existente else 0
                return
            for ev in falha(exc):
                yield ev
            return
        self.buscando = False
        self._limpar()
        self._mostrar(consulta)
        self.cliente_id = existente.id if existente else 0
        if consulta.desatualizado:
            yield rx.toast.warning(
                "Os provedores não responderam: mostrando os dados de uma consulta anterior.", duration=6000
            )

    @rx.event
    async def cadastrar(self):
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        cnpj = self.resultado.get("cnpj_bare", "")
        if not cnpj:
            return
        self.cadastrando = True
        yield
        try:
            cliente, criado = await cnpj_svc.cadastrar_cliente(actor=actor, cnpj=cnpj, ctx=self.request_context())
        except Exception as exc:  # noqa: BLE001
            self.cadastrando = False
            for ev in falha(exc):
                yield ev
            return
        self.cadastrando = False
        self.cliente_id = cliente.id
        yield ok("Cliente cadastrado." if criado else "Este CNPJ já é um cliente: abrindo o cadastro.")
        yield rx.redirect(routes.cliente_url(cliente.id))
