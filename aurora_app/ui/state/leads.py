"""States of /leads (kanban + list) and /leads/[id] (detail, timeline, conversion).

Two mixins carry what both pages do: the lead form (create/edit, with masks and inline errors)
and the stage move (asking the reason when a lead is lost). The board holds only the first
cards of each column (the service sends counts and totals over all of them); the list view
holds one page. Money and dates are formatted here, in the backend.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from pydantic import ValidationError

from aurora_app.core.cnpj import CNPJInvalido, formatar_cnpj, normalizar_cnpj
from aurora_app.services import clientes as clientes_svc
from aurora_app.services import leads as leads_svc
from aurora_app.services.actor import Actor
from aurora_app.services.errors import DomainError, NotFound
from aurora_app.ui import labels, routes
from aurora_app.ui.components import masks
from aurora_app.ui.components.toasts import campo_do_erro, erros_de_validacao, falha, ok, run
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.cliente_detalhe import id_da_url
from aurora_app.ui.state.clientes import como_id
from aurora_app.ui.state.comum import carregar_responsaveis
from aurora_app.ui.state.timeline import TimelineMixin

PAGE_SIZE = 20
POR_COLUNA = 20
TODOS = "todos"
REABRIR_PARA = "negociacao"  # "Reabrir" on a lost lead puts it back here

ESTAGIOS: list[tuple[str, str, str]] = [
    ("novo", "Novo", "gray"),
    ("qualificado", "Qualificado", "blue"),
    ("proposta", "Proposta", "violet"),
    ("negociacao", "Negociação", "amber"),
    ("ganho", "Ganho", "green"),
    ("perdido", "Perdido", "red"),
]
ESTAGIO_LABEL = {e: r for e, r, _ in ESTAGIOS}
ESTAGIO_COR = {e: c for e, _, c in ESTAGIOS}
ORIGENS: list[tuple[str, str]] = [
    ("site", "Site"),
    ("indicacao", "Indicação"),
    ("evento", "Evento"),
    ("outbound", "Outbound"),
    ("outro", "Outro"),
]
ORIGEM_LABEL = dict(ORIGENS)

LEAD_CAMPOS = (
    "nome", "empresa", "cnpj", "contato", "email", "telefone", "origem", "valor",
    "previsao_fechamento", "responsavel_id",
)  # fmt: skip


# --------------------------------------------------------------------------- pure helpers


def lead_card(lead: Any) -> dict[str, str]:
    """A LeadRead → display strings for a kanban card, a list row or the detail page."""
    return {
        "id": str(lead.id),
        "url": routes.lead_url(lead.id),
        "nome": lead.nome,
        "empresa": lead.empresa or "",
        "cnpj": formatar_cnpj(lead.cnpj) if lead.cnpj else "",
        "contato": lead.contato or "",
        "email": lead.email or "",
        "telefone": masks.formatar_telefone(lead.telefone),
        "origem": ORIGEM_LABEL.get(lead.origem, lead.origem),
        "estagio": lead.estagio,
        "estagio_label": ESTAGIO_LABEL.get(lead.estagio, lead.estagio),
        "valor": labels.brl(lead.valor),
        "previsao": labels.data_br(lead.previsao_fechamento) if lead.previsao_fechamento else "",
        "motivo_perda": lead.motivo_perda or "",
        "responsavel": getattr(lead, "responsavel_nome", None) or "—",
        "cliente_url": routes.cliente_url(lead.cliente_id) if lead.cliente_id else "",
        "criado_em": labels.dia(lead.criado_em) if lead.criado_em else "",
    }


def lead_form_vazio() -> dict[str, str]:
    form = dict.fromkeys(LEAD_CAMPOS, "")
    form["origem"] = "outro"
    return form


def form_de_lead(lead: Any) -> dict[str, str]:
    return {
        "nome": lead.nome or "",
        "empresa": lead.empresa or "",
        "cnpj": formatar_cnpj(lead.cnpj) if lead.cnpj else "",
        "contato": lead.contato or "",
        "email": lead.email or "",
        "telefone": masks.formatar_telefone(lead.telefone),
        "origem": lead.origem or "outro",
        "valor": masks.valor_input(lead.valor),
        "previsao_fechamento": labels.data_br(lead.previsao_fechamento) if lead.previsao_fechamento else "",
        "responsavel_id": str(lead.responsavel_id or ""),
    }


def validar_lead_form(form: dict[str, str]) -> dict[str, str]:
    erros: dict[str, str] = {}
    if not form.get("nome", "").strip():
        erros["nome"] = "Informe o nome do lead."
    if form.get("cnpj", "").strip():
        try:
            normalizar_cnpj(form["cnpj"])
        except CNPJInvalido as exc:
            erros["cnpj"] = str(exc)
    email = form.get("email", "").strip()
    if email and ("@" not in email or "." not in email.rpartition("@")[2] or " " in email):
        erros["email"] = "E-mail inválido."
    tel = masks.digitos(form.get("telefone"))
    if tel and len(tel) not in (10, 11):
        erros["telefone"] = "Telefone deve ter DDD e 8 ou 9 dígitos."
    try:
        masks.parse_valor(form.get("valor"))
    except ValueError as exc:
        erros["valor"] = str(exc)
    try:
        masks.parse_data(form.get("previsao_fechamento"))
    except ValueError as exc:
        erros["previsao_fechamento"] = str(exc)
    if form.get("origem") and form["origem"] not in ORIGEM_LABEL:
        erros["origem"] = "Origem inválida."
    return erros


def dados_do_lead_form(form: dict[str, str], campos: set[str]) -> dict[str, Any]:
    dados: dict[str, Any] = {}
    for campo in LEAD_CAMPOS:
        if campo not in campos:
            continue
        valor = (form.get(campo) or "").strip()
        if campo == "cnpj":
            dados[campo] = normalizar_cnpj(valor) if valor else None
        elif campo == "valor":
            dados[campo] = masks.parse_valor(valor) or 0  # empty = R$ 0,00; garbage never gets here (validar)
        elif campo == "previsao_fechamento":
            dados[campo] = masks.parse_data(valor)
        elif campo == "responsavel_id":
            dados[campo] = int(valor) if valor.isdigit() else None
        else:
            dados[campo] = valor or None
    if dados.get("responsavel_id") is None:
        dados.pop("responsavel_id", None)
    if "origem" in dados and not dados["origem"]:
        dados["origem"] = "outro"
    return dados


def _schema(nome: str) -> type:
    from aurora_app.models import lead as lead_models

    return getattr(lead_models, nome)


# --------------------------------------------------------------------------- mixins


class LeadFormMixin(rx.State, mixin=True):
    """Create/edit dialog of a lead."""

    lead_dialog_aberto: bool = False
    lead_editando_id: int = 0
    lead_form: dict[str, str] = lead_form_vazio()
    lead_erros: dict[str, str] = {}
    lead_salvando: bool = False
    responsaveis: list[dict[str, str]] = []
    _lead_versao: int = 0

    async def _apos_salvar_lead(self, actor: Actor, lead: Any) -> list:
        return []

    @rx.var
    def lead_dialog_titulo(self) -> str:
        return "Editar lead" if self.lead_editando_id else "Novo lead"

    @rx.event
    async def abrir_novo_lead(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.lead_form = {**lead_form_vazio(), "responsavel_id": str(actor.id)}
        self.lead_erros, self.lead_editando_id, self._lead_versao = {}, 0, 0
        self.lead_dialog_aberto = True
        return None

    @rx.event
    async def abrir_edicao_lead(self, lead_id: int | str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        try:
            lead = await run(leads_svc.get, actor=actor, lead_id=como_id(lead_id))
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        self.lead_form = form_de_lead(lead)
        self.lead_erros = {}
        self.lead_editando_id, self._lead_versao = int(lead.id), int(lead.versao)
        self.lead_dialog_aberto = True
        return None

    @rx.event
    def set_lead_dialog_aberto(self, aberto: bool):
        if not self.lead_salvando:
            self.lead_dialog_aberto = bool(aberto)

    @rx.event
    def set_lead_campo(self, campo: str, valor: str):
        if campo not in LEAD_CAMPOS:
            return
        texto = str(valor or "")
        if campo == "valor" and not masks.parece_dinheiro(texto):
            # Never silently turn "abc" into R$ 0,00: keep what came and say why it is refused.
            self.lead_form = {**self.lead_form, "valor": texto[:30]}
            self.lead_erros = {**self.lead_erros, "valor": masks.VALOR_INVALIDO}
            return
        self.lead_form = {**self.lead_form, campo: masks.aplicar(campo, texto)[:300]}
        if campo in self.lead_erros:
            self.lead_erros = {k: v for k, v in self.lead_erros.items() if k != campo}

    @rx.event
    def validar_lead_campo(self, campo: str):
        if campo not in LEAD_CAMPOS or not self.lead_form.get(campo):
            return
        if campo == "valor":
            try:
                v = masks.parse_valor(self.lead_form["valor"])
                self.lead_form = {**self.lead_form, "valor": masks.valor_input(v)}
            except ValueError:
                pass
        msg = validar_lead_form(self.lead_form).get(campo)
        rest = {k: v for k, v in self.lead_erros.items() if k != campo}
        self.lead_erros = {**rest, campo: msg} if msg else rest

    @rx.event
    async def salvar_lead(self):
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        erros = validar_lead_form(self.lead_form)
        if erros:
            self.lead_erros = erros
            return
        self.lead_salvando = True
        yield
        try:
            if self.lead_editando_id:
                schema = _schema("LeadUpdate")
                dados = dados_do_lead_form(self.lead_form, set(schema.model_fields))
                data = schema(**dados, versao=self._lead_versao)
                lead = await run(
                    leads_svc.update, actor=actor, lead_id=self.lead_editando_id, data=data, ctx=self.request_context()
                )
                mensagem = "Lead atualizado."
            else:
                schema = _schema("LeadCreate")
                data = schema(**dados_do_lead_form(self.lead_form, set(schema.model_fields)))
                lead = await run(leads_svc.create, actor=actor, data=data, ctx=self.request_context())
                mensagem = "Lead cadastrado."
        except ValidationError as exc:
            self.lead_salvando = False
            self.lead_erros = erros_de_validacao(exc)
            return
        except DomainError as exc:
            self.lead_salvando = False
            campo = campo_do_erro(exc, set(LEAD_CAMPOS))
            if campo:
                self.lead_erros = {**self.lead_erros, campo: exc.detail}
            for ev in falha(exc):
                yield ev
            return
        except Exception as exc:  # noqa: BLE001
            self.lead_salvando = False
            for ev in falha(exc):
                yield ev
            return
        self.lead_salvando = False
        self.lead_dialog_aberto = False
        yield ok(mensagem)
        for ev in await self._apos_salvar_lead(actor, lead):
            yield ev


class MoverMixin(rx.State, mixin=True):
    """Stage moves; moving to ``perdido`` first asks the reason."""

    perda_aberto: bool = False
    perda_lead_id: int = 0
    perda_lead_nome: str = ""
    perda_motivo: str = ""
    perda_erro: str = ""
    movendo: bool = False

    async def _apos_mover(self, actor: Actor, lead: Any) -> list:
        return []

    async def _apos_falha_mover(self, actor: Actor) -> list:
        return []

    async def _mover(self, actor: Actor, lead_id: int, estagio: str, motivo: str | None) -> list:
        self.movendo = True
        try:
            lead = await run(
                leads_svc.move,
                actor=actor,
                lead_id=lead_id,
                estagio=estagio,
                motivo_perda=motivo,
                ctx=self.request_context(),
            )
        except Exception as exc:  # noqa: BLE001
            return [*falha(exc), *await self._apos_falha_mover(actor)]
        finally:
            self.movendo = False
        return [
            ok(f"“{lead.nome}” movido para {ESTAGIO_LABEL.get(estagio, estagio)}."),
            *await self._apos_mover(actor, lead),
        ]

    async def _pedir_mover(self, lead_id: str, estagio: str, nome: str) -> Any:
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if estagio not in ESTAGIO_LABEL or not como_id(lead_id):
            return None
        if estagio == "perdido":
            self.perda_lead_id, self.perda_lead_nome = como_id(lead_id), str(nome)[:200]
            self.perda_motivo, self.perda_erro = "", ""
            self.perda_aberto = True
            return None
        return await self._mover(actor, como_id(lead_id), estagio, None)

    @rx.event
    async def mover(self, lead_id: str, estagio: str, nome: str = ""):
        return await self._pedir_mover(lead_id, estagio, nome)

    @rx.event
    def set_perda_motivo(self, valor: str):
        self.perda_motivo = str(valor)[:500]
        self.perda_erro = ""

    @rx.event
    def set_perda_aberto(self, aberto: bool):
        self.perda_aberto = bool(aberto)

    @rx.event
    async def confirmar_perda(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        motivo = self.perda_motivo.strip()
        if not motivo:
            self.perda_erro = "Informe o motivo da perda."
            return None
        self.perda_aberto = False
        return await self._mover(actor, self.perda_lead_id, "perdido", motivo)


# --------------------------------------------------------------------------- /leads


class LeadsState(LeadFormMixin, MoverMixin, AuthState):
    modo: str = "kanban"  # or "lista"
    filtro_responsavel: str = TODOS
    carregando: bool = False

    # kanban
    cards: dict[str, list[dict[str, str]]] = {e: [] for e, _, _ in ESTAGIOS}
    contagens: dict[str, int] = {e: 0 for e, _, _ in ESTAGIOS}
    totais: dict[str, str] = {e: labels.brl(0) for e, _, _ in ESTAGIOS}
    restantes: dict[str, int] = {e: 0 for e, _, _ in ESTAGIOS}
    _board_antes: dict[str, Any] = {}  # the board before an optimistic drop, for the rollback

    # list
    busca: str = ""
    filtro_estagio: str = TODOS
    rows: list[dict[str, str]] = []
    total: int = 0
    total_estimado: bool = False
    pagina: int = 1
    tem_proxima: bool = False
    _cursores: list[str] = []
    _proximo: str = ""

    @rx.var
    def faixa(self) -> str:
        if not self.total:
            return "Nenhum lead encontrado"
        inicio = (self.pagina - 1) * PAGE_SIZE + 1
        return f"{inicio}–{inicio + len(self.rows) - 1} de {'cerca de ' if self.total_estimado else ''}{self.total}"

    def _responsavel(self) -> int | None:
        return int(self.filtro_responsavel) if self.filtro_responsavel.isdigit() else None

    async def _carregar_board(self, actor: Actor) -> list:
        self.carregando = True
        try:
            cols = await run(leads_svc.board, actor=actor, responsavel_id=self._responsavel(), per_stage=POR_COLUNA,
                             busca=self.busca.strip() or None)
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        finally:
            self.carregando = False
        cards, contagens, totais, restantes = {}, {}, {}, {}
        for estagio, _, _ in ESTAGIOS:
            col = cols.get(estagio)
            items = [lead_card(lead) for lead in (col.items if col else [])]
            cards[estagio] = items
            contagens[estagio] = col.count if col else 0
            totais[estagio] = labels.brl(col.total_valor if col else 0)
            restantes[estagio] = max(0, contagens[estagio] - len(items))
        self.cards, self.contagens, self.totais, self.restantes = cards, contagens, totais, restantes
        return []

    async def _carregar_lista(self, actor: Actor, cursor: str = "") -> list:
        self.carregando = True
        try:
            page = await run(
                leads_svc.list_leads,
                actor=actor,
                estagio=None if self.filtro_estagio == TODOS else self.filtro_estagio,
                busca=self.busca.strip() or None,
                responsavel_id=self._responsavel(),
                limite=PAGE_SIZE,
                cursor=cursor or None,
            )
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        finally:
            self.carregando = False
        self.rows = [lead_card(lead) for lead in page.items]
        self.total = page.total
        self.total_estimado = page.total_estimado  # a very large unfiltered list: an estimate
        self._proximo = page.next_cursor or ""
        self.tem_proxima = bool(page.next_cursor)
        return []

    async def _recomecar_lista(self, actor: Actor) -> list:
        self._cursores, self.pagina = [""], 1
        return await self._carregar_lista(actor, "")

    async def _recarregar(self, actor: Actor) -> list:
        if self.modo == "lista":
            return await self._carregar_lista(actor, self._cursores[-1] if self._cursores else "")
        return await self._carregar_board(actor)

    async def _apos_salvar_lead(self, actor: Actor, lead: Any) -> list:
        if self.modo == "lista":
            return await self._recomecar_lista(actor)
        return await self._carregar_board(actor)

    async def _apos_mover(self, actor: Actor, lead: Any) -> list:
        self._board_antes = {}
        return await self._recarregar(actor)

    async def _apos_falha_mover(self, actor: Actor) -> list:
        """A refused drop (409, 404, 403...): the board as it was, then as the server has it."""
        if not self._board_antes:
            return []  # the menu moves nothing before the service answers
        self.cards, self.contagens = self._board_antes["cards"], self._board_antes["contagens"]
        self._board_antes = {}
        return await self._carregar_board(actor)

    @rx.event
    async def soltar_card(self, lead_id: str, estagio: str, indice: int):
        """A card dropped on a column (drag and drop, mouse or keyboard).

        The card moves on the board at once (optimistic); the service decides, and a refusal puts
        it back (with the error's toast). Counts and totals come from the server after the move.
        Within its own column nothing changes (the order is the service's). Perdido asks the
        reason first, as the menu does: the card stays until the reason is confirmed."""
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        origem = next((e for e, items in self.cards.items() for c in items if c["id"] == str(lead_id)), None)
        if origem is None or estagio not in ESTAGIO_LABEL or origem == estagio:
            return
        card = next(c for c in self.cards[origem] if c["id"] == str(lead_id))
        if estagio == "perdido":
            yield await self._pedir_mover(card["id"], estagio, card["nome"])
            return
        self._board_antes = {"cards": {e: list(v) for e, v in self.cards.items()}, "contagens": dict(self.contagens)}
        cards = {e: [c for c in v if c["id"] != card["id"]] for e, v in self.cards.items()}
        destino = cards[estagio]
        destino.insert(
            max(0, min(int(indice), len(destino))),
            {**card, "estagio": estagio, "estagio_label": ESTAGIO_LABEL[estagio]},
        )
        contagens = dict(self.contagens)
        contagens[origem] = max(0, contagens[origem] - 1)
        contagens[estagio] = contagens[estagio] + 1
        self.cards, self.contagens = cards, contagens
        yield  # the browser sees the card in its new column now
        for ev in await self._mover(actor, int(card["id"]), estagio, None):
            yield ev

    def _filtros_da_url(self) -> None:
        """``/leads?estagio=...&responsavel_id=...`` (links from the painel): the list, filtered."""
        query = self.router.url.query_parameters or {}
        estagio, responsavel = query.get("estagio", ""), query.get("responsavel_id", "")
        if estagio in ESTAGIO_LABEL or responsavel.isdigit():
            self.modo, self.busca = "lista", ""
            self.filtro_estagio = estagio if estagio in ESTAGIO_LABEL else TODOS
            self.filtro_responsavel = responsavel if responsavel.isdigit() else TODOS

    @rx.event
    async def on_load(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.lead_dialog_aberto = self.perda_aberto = False
        self._filtros_da_url()
        try:
            self.responsaveis = await carregar_responsaveis(actor)
        except Exception:  # noqa: BLE001
            self.responsaveis = []
        if self.modo == "lista":
            return await self._recomecar_lista(actor)
        return await self._carregar_board(actor)

    @rx.event
    async def set_modo(self, modo: str | list[str]):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.modo = "lista" if modo == "lista" else "kanban"
        if self.modo == "lista":
            return await self._recomecar_lista(actor)
        return await self._carregar_board(actor)

    @rx.event
    async def ver_estagio(self, estagio: str):
        """ "+N mais" of a column: the list view filtered by that stage."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.filtro_estagio = estagio if estagio in ESTAGIO_LABEL else TODOS
        self.modo = "lista"
        return await self._recomecar_lista(actor)

    @rx.event
    async def set_filtro_responsavel(self, valor: str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.filtro_responsavel = valor if str(valor).isdigit() else TODOS
        if self.modo == "lista":
            return await self._recomecar_lista(actor)
        return await self._carregar_board(actor)

    @rx.event
    async def set_busca(self, valor: str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.busca = str(valor)[:100]
        if self.modo == "lista":
            return await self._recomecar_lista(actor)
        return await self._carregar_board(actor)

    @rx.event
    async def set_filtro_estagio(self, valor: str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.filtro_estagio = valor if valor in ESTAGIO_LABEL else TODOS
        return await self._recomecar_lista(actor)

    @rx.event
    async def proxima_pagina(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if not self._proximo:
            return None
        self._cursores = [*self._cursores, self._proximo]
        self.pagina = len(self._cursores)
        return await self._carregar_lista(actor, self._cursores[-1])

    @rx.event
    async def pagina_anterior(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if len(self._cursores) <= 1:
            return None
        self._cursores = self._cursores[:-1]
        self.pagina = len(self._cursores)
        return await self._carregar_lista(actor, self._cursores[-1])


# --------------------------------------------------------------------------- /leads/[id]


class LeadDetalheState(LeadFormMixin, MoverMixin, TimelineMixin, AuthState):
    lead: dict[str, str] = {}
    lead_id: int = 0
    nao_encontrado: bool = False
    convertendo: bool = False
    converter_aberto: bool = False
    reabrir_aberto: bool = False

    def _alvo(self) -> dict[str, int]:
        return {"lead_id": self.lead_id}

    async def _carregar_lead(self, actor: Actor) -> list:
        try:
            lead = await run(leads_svc.get, actor=actor, lead_id=self.lead_id)
        except NotFound:
            self.nao_encontrado = True
            return []
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        self.lead = await self._card_detalhe(actor, lead)
        return []

    async def _card_detalhe(self, actor: Actor, lead: Any) -> dict[str, str]:
        """The card, with no link to a cliente that was deleted meanwhile (it would open "não encontrado")."""
        card = lead_card(lead)
        card["cliente_removido"] = ""
        if lead.cliente_id:
            try:
                await run(clientes_svc.get, actor=actor, cliente_id=lead.cliente_id)
            except NotFound:
                card["cliente_url"], card["cliente_removido"] = "", "1"
        return card

    async def _apos_salvar_lead(self, actor: Actor, lead: Any) -> list:
        self.lead = await self._card_detalhe(actor, lead)
        return []

    async def _apos_mover(self, actor: Actor, lead: Any) -> list:
        self.lead = await self._card_detalhe(actor, lead)
        return []

    @rx.event
    def set_converter_aberto(self, aberto: bool):
        self.converter_aberto = bool(aberto) and not self.convertendo

    @rx.event
    def set_reabrir_aberto(self, aberto: bool):
        self.reabrir_aberto = bool(aberto)

    @rx.event
    async def reabrir(self):
        """A lost lead back to the pipeline (Negociação); the service clears the loss reason."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.reabrir_aberto = False
        return await self._mover(actor, self.lead_id, REABRIR_PARA, None)

    @rx.event
    async def on_load(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.lead_id = id_da_url(self.router.url.path)
        self.lead, self.timeline, self.nao_encontrado = {}, [], False
        self.lead_dialog_aberto = self.perda_aberto = self.converter_aberto = self.reabrir_aberto = False
        self._limpar_nova()
        if not self.lead_id:
            self.nao_encontrado = True
            return None
        events = await self._carregar_lead(actor)
        if self.nao_encontrado or events:
            return events
        try:
            self.responsaveis = await carregar_responsaveis(actor)
        except Exception:  # noqa: BLE001
            self.responsaveis = []
        return await self._carregar_timeline(actor)

    @rx.event
    async def converter(self):
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        self.converter_aberto = False
        self.convertendo = True
        yield
        try:
            res = await run(leads_svc.converter, actor=actor, lead_id=self.lead_id, ctx=self.request_context())
        except Exception as exc:  # noqa: BLE001
            self.convertendo = False
            for ev in falha(exc):
                yield ev
            return
        self.convertendo = False
        self.lead = lead_card(res.lead)
        criado = getattr(res, "cliente_criado", True)
        yield ok(
            "Cliente criado a partir do lead." if criado else "Lead vinculado ao cliente já cadastrado com este CNPJ."
        )
        yield rx.redirect(routes.cliente_url(res.cliente.id))
