"""/leads (pipeline kanban and list view) and /leads/[id] (detail, timeline, conversion)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from aurora_app.ui import routes
from aurora_app.ui.components.ai_panel import busca_ia, painel_sugestoes
from aurora_app.ui.components.forms import FOCO_VOLTA, campo, erro_texto, select_campo, so_permitidos
from aurora_app.ui.components.kanban import kanban, menu_estagio
from aurora_app.ui.components.lista import ESTILO_CARTOES, cabecalho_ordenavel, celula, celula_acoes, paginador
from aurora_app.ui.components.lote import barra_lote, caixa_linha, caixa_pagina, dialogo_lote
from aurora_app.ui.components.shell import page_shell
from aurora_app.ui.components.timeline import timeline
from aurora_app.ui.components.visoes import dialogo_visao, menu_visoes
from aurora_app.ui.labels import ESTAGIOS, ORIGENS
from aurora_app.ui.state.lead_detalhe import LeadDetalheState
from aurora_app.ui.state.leads import TODOS, LeadsState

L = LeadsState
D = LeadDetalheState

# --------------------------------------------------------------------------- shared dialogs


def campo_cliente(state: Any) -> rx.Component:
    """The lead's cliente: the tied one with "Desvincular", or a search-as-you-type by name or CNPJ
    whose results are buttons (Tab reaches them, Enter picks one)."""
    return rx.vstack(
        rx.el.label(
            "Cliente", html_for="busca-cliente-lead", style={"fontSize": "var(--font-size-2)", "fontWeight": "500"}
        ),
        rx.cond(
            state.form["cliente_id"] != "",
            rx.hstack(
                rx.icon("building-2", size=16, color=rx.color("gray", 11)),
                rx.text(state.cliente_nome, size="2", id="lead-cliente-escolhido", style={"overflowWrap": "anywhere"}),
                rx.spacer(),
                rx.button(
                    "Desvincular",
                    type="button",
                    size="1",
                    variant="ghost",
                    color_scheme="gray",
                    on_click=state.desvincular_cliente,
                    id="desvincular-cliente",
                ),
                align="center",
                width="100%",
            ),
            rx.vstack(
                rx.input(
                    rx.input.slot(rx.icon("search", size=14)),
                    id="busca-cliente-lead",
                    value=state.cliente_busca,
                    on_change=state.buscar_cliente,
                    debounce_timeout=300,
                    placeholder="Buscar um cliente cadastrado por nome ou CNPJ (opcional)",
                    auto_complete="off",
                    width="100%",
                ),
                rx.cond(
                    state.cliente_opcoes.length() > 0,
                    rx.vstack(
                        rx.foreach(
                            state.cliente_opcoes,
                            lambda o: rx.button(
                                rx.text(o["nome"], weight="medium"),
                                rx.text(o["cnpj"], size="1", color=rx.color("gray", 11)),
                                type="button",
                                variant="soft",
                                color_scheme="gray",
                                size="1",
                                on_click=state.escolher_cliente(o["id"], o["nome"], o["cnpj"]),
                                class_name="opcao-cliente",
                                justify="start",
                                width="100%",
                            ),
                        ),
                        spacing="1",
                        width="100%",
                        role="group",
                        aria_label="Clientes encontrados",
                    ),
                    rx.cond(
                        state.cliente_busca.length() >= 2,
                        rx.text("Nenhum cliente encontrado.", size="1", color=rx.color("gray", 11)),
                    ),
                ),
                spacing="1",
                width="100%",
            ),
        ),
        rx.text(
            "Ligado a um cliente, o lead usa o nome e o CNPJ dele, e a conversão o reaproveita.",
            size="1",
            color=rx.color("gray", 11),
        ),
        erro_texto(state.erros, "cliente_id"),
        spacing="1",
        width="100%",
        grid_column="1 / -1",
    )


def lead_form_dialog(state: Any) -> rx.Component:
    def c(nome: str, texto: str, **kw: Any) -> rx.Component:
        return campo(state, nome, texto, **kw)

    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(state.titulo_dialog),
            rx.dialog.description("Campos com * são obrigatórios.", size="2", color=rx.color("gray", 11)),
            rx.form(
                rx.grid(
                    c(
                        "nome",
                        "Nome do lead",
                        obrigatorio=True,
                        placeholder="Ex.: Renovação de contrato 2027",
                        grid_column="1 / -1",
                    ),
                    campo_cliente(state),
                    c("empresa", "Empresa"),
                    c(
                        "cnpj",
                        "CNPJ",
                        placeholder="00.000.000/0000-00",
                        valida_no_blur=True,
                        font_family="var(--code-font-family)",
                        auto_complete="off",
                    ),
                    c("contato", "Contato"),
                    c("email", "E-mail", tipo="email", valida_no_blur=True),
                    c(
                        "telefone",
                        "Telefone",
                        tipo="tel",
                        placeholder="(11) 98765-4321",
                        valida_no_blur=True,
                        input_mode="tel",
                    ),
                    select_campo(state, "origem", "Origem", ORIGENS),
                    rx.vstack(
                        rx.el.label(
                            "Valor (R$)",
                            html_for="campo-valor",
                            style={"fontSize": "var(--font-size-2)", "fontWeight": "500"},
                        ),
                        rx.input(
                            rx.input.slot(rx.text("R$", size="2")),
                            id="campo-valor",
                            name="valor",
                            value=state.form["valor"],
                            on_change=lambda v: state.set_campo("valor", v),
                            on_blur=lambda _v: state.validar_campo("valor"),
                            placeholder="0,00",
                            input_mode="decimal",
                            auto_complete="off",
                            width="100%",
                            color_scheme=rx.cond(state.erros.contains("valor"), "red", "gray"),
                            aria_invalid=rx.cond(state.erros.contains("valor"), "true", "false"),
                            aria_describedby="erro-valor",
                            **so_permitidos("valor"),
                        ),
                        erro_texto(state.erros, "valor"),
                        spacing="1",
                        width="100%",
                    ),
                    c(
                        "previsao_fechamento",
                        "Previsão de fechamento",
                        placeholder="dd/mm/aaaa",
                        valida_no_blur=True,
                        input_mode="numeric",
                    ),
                    select_campo(
                        state,
                        "responsavel_id",
                        "Responsável",
                        state.responsaveis,
                        disabled=~state.pode_transferir,
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    gap="0.75rem",
                    width="100%",
                    padding_y="1rem",
                ),
                rx.flex(
                    rx.dialog.close(rx.button("Cancelar", type="button", variant="soft", color_scheme="gray")),
                    rx.button(
                        rx.icon("save", size=16), "Salvar", type="submit", loading=state.salvando, id="salvar-lead"
                    ),
                    gap="0.75rem",
                    justify="end",
                ),
                on_submit=lambda _dados: state.salvar(),
                reset_on_submit=False,
            ),
            max_width="40rem",
            custom_attrs=FOCO_VOLTA,
        ),
        open=state.dialog_aberto,
        on_open_change=state.set_dialog_aberto,
    )


def perda_dialog(state: Any) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Marcar como perdido"),
            rx.dialog.description(
                rx.text("Por que ", rx.text.strong(state.perda_lead_nome), " foi perdido?"), size="2"
            ),
            rx.vstack(
                rx.text_area(
                    value=state.perda_motivo,
                    on_change=state.set_perda_motivo,
                    placeholder="Ex.: preço acima do orçamento, escolheu o concorrente, projeto adiado…",
                    aria_label="Motivo da perda",
                    id="motivo-perda",
                    rows="3",
                    width="100%",
                    color_scheme=rx.cond(state.perda_erro != "", "red", "gray"),
                ),
                rx.cond(
                    state.perda_erro != "", rx.text(state.perda_erro, size="1", color=rx.color("red", 11), role="alert")
                ),
                rx.flex(
                    rx.dialog.close(rx.button("Cancelar", variant="soft", color_scheme="gray")),
                    rx.button(
                        "Marcar como perdido", color_scheme="red", on_click=state.confirmar_perda, id="confirmar-perda"
                    ),
                    gap="0.75rem",
                    justify="end",
                    width="100%",
                ),
                spacing="2",
                padding_top="0.75rem",
                width="100%",
            ),
            max_width="30rem",
            custom_attrs=FOCO_VOLTA,
        ),
        open=state.perda_aberto,
        on_open_change=state.set_perda_aberto,
    )


# --------------------------------------------------------------------------- /leads


def _barra() -> rx.Component:
    return rx.flex(
        rx.segmented_control.root(
            rx.segmented_control.item(
                rx.hstack(rx.icon("kanban", size=14), "Kanban", align="center", spacing="1"), value="kanban"
            ),
            rx.segmented_control.item(
                rx.hstack(rx.icon("list", size=14), "Lista", align="center", spacing="1"), value="lista"
            ),
            value=L.modo,
            on_change=L.set_modo,
            aria_label="Modo de visualização",
        ),
        # The search narrows the board too (its counts and totals follow); the stage filter is the
        # list's (the board already shows every stage).
        rx.input(
            rx.input.slot(rx.icon("search", size=16)),
            placeholder="Buscar por nome, empresa, contato ou CNPJ",
            value=L.busca,
            on_change=L.set_busca,
            debounce_timeout=400,
            aria_label="Buscar leads",
            id="busca-leads",
            flex="1",
            min_width="14rem",
        ),
        rx.cond(
            L.modo == "lista",
            rx.select.root(
                rx.select.trigger(aria_label="Filtrar por estágio", min_width="10rem"),
                rx.select.content(
                    rx.select.item("Todos os estágios", value=TODOS),
                    *[rx.select.item(r, value=e) for e, r, _ in ESTAGIOS],
                ),
                value=L.filtro_estagio,
                on_change=L.set_filtro_estagio,
            ),
        ),
        # A vendedor sees only their own leads (SPEC §3): no one else to filter by.
        rx.cond(
            L.ve_equipe,
            rx.select.root(
                rx.select.trigger(aria_label="Filtrar por responsável", min_width="12rem"),
                rx.select.content(
                    rx.select.item("Todos os responsáveis", value=TODOS),
                    rx.foreach(L.responsaveis, lambda r: rx.select.item(r["nome"], value=r["id"])),
                ),
                value=L.filtro_responsavel,
                on_change=L.set_filtro_responsavel,
            ),
        ),
        gap="0.75rem",
        wrap="wrap",
        align="center",
        width="100%",
        padding_bottom="1rem",
    )


def _faixa_input(campo: str, rotulo: str, tipo: str, **props: Any) -> rx.Component:
    """One bound of a range filter; applied when the input loses focus or on Enter."""
    return rx.input(
        default_value=getattr(L, campo),
        key=getattr(L, campo),  # a view read from the URL shows its values
        type=tipo,
        placeholder=rotulo,
        aria_label=rotulo,
        on_blur=lambda v: L.set_faixa(campo, v),
        id=f"filtro-{campo.replace('_', '-')}",
        size="2",
        **props,
    )


def _filtros_lista() -> rx.Component:
    """The list's narrower filters (origin, value, expected close); all of them are in the URL."""
    return rx.flex(
        rx.select.root(
            rx.select.trigger(aria_label="Filtrar por origem", min_width="9rem"),
            rx.select.content(
                rx.select.item("Todas as origens", value=TODOS),
                *[rx.select.item(r, value=o) for o, r in ORIGENS],
            ),
            value=L.filtro_origem,
            on_change=L.set_filtro_origem,
        ),
        rx.hstack(
            _faixa_input("valor_min", "Valor mínimo (R$)", "text", input_mode="decimal", width="9.5rem"),
            rx.text("a", size="2", color=rx.color("gray", 11)),
            _faixa_input("valor_max", "Valor máximo (R$)", "text", input_mode="decimal", width="9.5rem"),
            align="center",
            spacing="2",
            wrap="wrap",
        ),
        rx.hstack(
            rx.text("Previsão", size="2", color=rx.color("gray", 11)),
            _faixa_input("previsao_de", "Previsão a partir de", "date"),
            rx.text("a", size="2", color=rx.color("gray", 11)),
            _faixa_input("previsao_ate", "Previsão até", "date"),
            align="center",
            spacing="2",
            wrap="wrap",  # a phone puts the second date below
        ),
        rx.button("Limpar filtros", variant="ghost", size="1", color_scheme="gray", on_click=L.limpar_faixas),
        menu_visoes(L),
        gap="0.75rem",
        wrap="wrap",
        align="center",
        width="100%",
        padding_bottom="1rem",
        id="filtros-lista",
    )


def _linha(lead: rx.Var) -> rx.Component:
    cor = rx.match(lead["estagio"], *[(e, c) for e, _, c in ESTAGIOS], "gray")
    return rx.table.row(
        rx.table.cell(caixa_linha(L, lead), width="2rem", class_name="celula-selecao"),
        rx.table.row_header_cell(
            rx.vstack(
                rx.link(lead["nome"], href=lead["url"], weight="medium"),
                rx.cond(lead["empresa"] != "", rx.text(lead["empresa"], size="1", color=rx.color("gray", 11))),
                spacing="0",
            )
        ),
        celula("Estágio", rx.badge(lead["estagio_label"], color_scheme=cor, variant="soft")),
        celula("Valor", rx.text(lead["valor"], white_space="nowrap")),
        celula("Previsão", rx.cond(lead["previsao"] != "", lead["previsao"], "—")),
        celula("Origem", lead["origem"]),
        celula("Responsável", lead["responsavel"]),
        celula_acoes(
            rx.cond(
                L.pode_transferir,
                rx.icon_button(
                    rx.icon("user-round-pen", size=14),
                    variant="ghost",
                    size="1",
                    on_click=L.reatribuir_um(lead["id"]),
                    aria_label="Reatribuir " + lead["nome"],
                    title="Reatribuir",
                    class_name="reatribuir-lead",
                    margin_right="0.5rem",
                ),
            ),
            menu_estagio(L, lead),
            text_align="right",
            white_space="nowrap",
        ),
        align="center",
    )


def _lista() -> rx.Component:
    return rx.card(
        barra_lote(L, pode_transferir=L.pode_transferir),
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(caixa_pagina(L), width="2rem"),
                        cabecalho_ordenavel(L, "Lead", "criado_em", "Ordenar por data de criação"),
                        rx.table.column_header_cell("Estágio"),
                        cabecalho_ordenavel(L, "Valor", "valor", "Ordenar por valor"),
                        cabecalho_ordenavel(L, "Previsão", "previsao_fechamento", "Ordenar por previsão de fechamento"),
                        rx.table.column_header_cell("Origem"),
                        rx.table.column_header_cell("Responsável"),
                        rx.table.column_header_cell("", aria_label="Ações"),
                    )
                ),
                rx.table.body(rx.foreach(L.rows, _linha)),
                variant="ghost",
                width="100%",
                aria_label="Leads",
                style=ESTILO_CARTOES,
            ),
            overflow_x="auto",
            width="100%",
        ),
        rx.cond(
            L.rows.length() == 0,
            rx.center(
                rx.text(rx.cond(L.carregando, "Carregando…", "Nenhum lead encontrado."), color=rx.color("gray", 11)),
                padding="2rem",
            ),
        ),
        paginador(L.pagina, L.tem_proxima, L.pagina_anterior, L.proxima_pagina, faixa=L.faixa, padding_top="0.75rem"),
        width="100%",
    )


def leads_page() -> rx.Component:
    return page_shell(
        "Leads",
        _barra(),
        rx.cond(L.modo == "lista", _filtros_lista()),
        busca_ia(),
        rx.cond(L.modo == "lista", _lista(), kanban(L)),
        lead_form_dialog(L),
        perda_dialog(L),
        dialogo_lote(L, L.responsaveis),
        dialogo_visao(L),
        actions=rx.button(rx.icon("plus", size=16), "Novo lead", on_click=L.abrir_novo, id="novo-lead"),
    )


# --------------------------------------------------------------------------- /leads/[id]


def _dado(rotulo: str, valor: Any, **props: Any) -> rx.Component:
    return rx.vstack(
        rx.text(rotulo, size="1", color=rx.color("gray", 11), weight="medium"),
        rx.text(valor, size="2", style={"overflowWrap": "anywhere"}, **props),
        spacing="0",
        width="100%",
    )


def _ou_traco(v: rx.Var) -> rx.Var:
    return rx.cond(v != "", v, "—")


def _detalhes_lead() -> rx.Component:
    lead = D.lead
    cor = rx.match(lead["estagio"], *[(e, c) for e, _, c in ESTAGIOS], "gray")
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.vstack(
                    rx.heading(lead["nome"], size="5", as_="h2", id="lead-nome"),
                    rx.cond(lead["empresa"] != "", rx.text(lead["empresa"], size="2", color=rx.color("gray", 11))),
                    spacing="0",
                ),
                rx.spacer(),
                rx.badge(lead["estagio_label"], color_scheme=cor, size="2", id="lead-estagio"),
                align="start",
                width="100%",
            ),
            rx.grid(
                _dado("Valor", lead["valor"], weight="bold"),
                _dado("Previsão de fechamento", _ou_traco(lead["previsao"])),
                _dado("CNPJ", _ou_traco(lead["cnpj"]), font_family="var(--code-font-family)"),
                _dado("Origem", lead["origem"]),
                _dado("Contato", _ou_traco(lead["contato"])),
                _dado("E-mail", _ou_traco(lead["email"])),
                _dado("Telefone", _ou_traco(lead["telefone"])),
                _dado("Responsável", lead["responsavel"]),
                _dado("Criado em", lead["criado_em"]),
                rx.cond(lead["motivo_perda"] != "", _dado("Motivo da perda", lead["motivo_perda"])),
                columns=rx.breakpoints(initial="1", sm="2"),
                gap="1rem",
                width="100%",
            ),
            rx.flex(
                menu_estagio(
                    D,
                    lead,
                    trigger=rx.button(
                        rx.icon("arrow-right-left", size=14), "Mover estágio", variant="soft", id="mover-estagio"
                    ),
                ),
                rx.button(rx.icon("pencil", size=14), "Editar", variant="soft", on_click=D.abrir_edicao(lead["id"])),
                rx.cond(
                    lead["estagio"] == "perdido",
                    rx.button(
                        rx.icon("rotate-ccw", size=14),
                        "Reabrir",
                        variant="soft",
                        on_click=D.set_reabrir_aberto(True),
                        id="reabrir-lead",
                    ),
                    rx.cond(
                        lead["cliente_url"] != "",
                        rx.link(
                            rx.button(
                                rx.icon("building-2", size=14), "Ver cliente", variant="soft", color_scheme="green"
                            ),
                            href=lead["cliente_url"],
                        ),
                        rx.button(
                            rx.icon("handshake", size=14),
                            "Converter em cliente",
                            color_scheme="green",
                            loading=D.convertendo,
                            on_click=D.set_converter_aberto(True),
                            id="converter-lead",
                        ),
                    ),
                ),
                rx.button(
                    rx.icon("trash-2", size=14),
                    "Excluir",
                    variant="soft",
                    color_scheme="red",
                    on_click=D.set_excluir_aberto(True),
                    id="excluir-lead",
                ),
                gap="0.5rem",
                wrap="wrap",
            ),
            rx.cond(
                lead["estagio"] == "perdido",
                rx.callout(
                    "Lead perdido: para convertê-lo em cliente, reabra-o primeiro.",
                    icon="info",
                    size="1",
                    color_scheme="gray",
                ),
            ),
            rx.cond(
                lead["cliente_removido"] != "",
                rx.callout(
                    "O cliente vinculado a este lead foi excluído.",
                    icon="info",
                    size="1",
                    color_scheme="amber",
                    id="lead-cliente-removido",
                ),
            ),
            rx.cond(
                (lead["cnpj"] == "") & (lead["cliente_url"] == "") & (lead["estagio"] != "perdido"),
                rx.callout(
                    "Para converter em cliente, informe o CNPJ do lead (Editar).",
                    icon="info",
                    size="1",
                    color_scheme="gray",
                ),
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


def _confirmar(
    titulo: str, texto: Any, botao: str, aberto: Any, on_open_change: Any, on_confirm: Any, id_: str, cor: str = "green"
) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(titulo),
            rx.alert_dialog.description(texto, size="2"),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancelar", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(botao, color_scheme=cor, on_click=on_confirm, id=id_)),
                gap="0.75rem",
                justify="end",
                padding_top="1rem",
            ),
            max_width="30rem",
            custom_attrs=FOCO_VOLTA,
        ),
        open=aberto,
        on_open_change=on_open_change,
    )


def _dialogos_lead() -> rx.Component:
    return rx.fragment(
        _confirmar(
            "Converter em cliente?",
            rx.text(
                "Cria o cliente da empresa ",
                rx.text.strong(D.lead["empresa"]),
                " (ou vincula o já cadastrado com o mesmo CNPJ) e marca o lead como ganho.",
            ),
            "Converter",
            D.converter_aberto,
            D.set_converter_aberto,
            D.converter,
            "confirmar-conversao",
        ),
        _confirmar(
            "Reabrir o lead?",
            rx.text(
                "O lead volta para Negociação e o motivo da perda (“",
                D.lead["motivo_perda"],
                "”) é apagado.",
            ),
            "Reabrir",
            D.reabrir_aberto,
            D.set_reabrir_aberto,
            D.reabrir,
            "confirmar-reabrir",
            cor="indigo",
        ),
        _confirmar(
            "Excluir o lead?",
            rx.text(
                "“",
                D.lead["nome"],
                "” vai para a Lixeira, de onde pode ser restaurado por 30 dias.",
            ),
            "Excluir",
            D.excluir_aberto,
            D.set_excluir_aberto,
            D.excluir,
            "confirmar-exclusao-lead",
            cor="red",
        ),
    )


def lead_detalhe_page() -> rx.Component:
    return page_shell(
        "Lead",
        rx.cond(
            D.nao_encontrado,
            rx.callout("Lead não encontrado (ou você não tem acesso a ele).", icon="circle-x", color_scheme="red"),
            rx.grid(
                rx.vstack(_detalhes_lead(), timeline(D), spacing="4", width="100%", min_width="0"),
                rx.vstack(painel_sugestoes(), spacing="4", width="100%", min_width="0"),
                columns=rx.breakpoints(initial="1", lg="3"),
                gap="1rem",
                width="100%",
                style={"@media (min-width: 1024px)": {"gridTemplateColumns": "2fr 1fr"}},
            ),
        ),
        lead_form_dialog(D),
        perda_dialog(D),
        _dialogos_lead(),
        actions=rx.link(rx.button(rx.icon("arrow-left", size=16), "Leads", variant="soft"), href=routes.LEADS),
    )
