"""/clientes: searchable, filterable, keyset-paged table; create/edit with CNPJ auto-fill; CSV."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui.components.ai_panel import busca_ia
from aurora_app.ui.components.cliente_form import cliente_dialog
from aurora_app.ui.components.forms import FOCO_VOLTA
from aurora_app.ui.components.lista import ESTILO_CARTOES, cabecalho_ordenavel, celula, celula_acoes, paginador
from aurora_app.ui.components.lote import barra_lote, caixa_linha, caixa_pagina, dialogo_lote
from aurora_app.ui.components.shell import page_shell
from aurora_app.ui.components.visoes import dialogo_visao, menu_visoes
from aurora_app.ui.state.clientes import TODAS, TODOS, UFS
from aurora_app.ui.state.clientes import ClientesState as S
from aurora_app.ui.state.clientes_csv import IGNORAR, UPLOAD_ID
from aurora_app.ui.state.clientes_csv import ClientesCsvState as C

# --------------------------------------------------------------------------- filters and table


def _filtros() -> rx.Component:
    return rx.flex(
        rx.input(
            rx.input.slot(rx.icon("search", size=16)),
            placeholder="Buscar por razão social, nome fantasia ou CNPJ",
            value=S.busca,
            on_change=S.set_busca,
            debounce_timeout=400,
            aria_label="Buscar clientes",
            id="busca-clientes",
            flex="1",
            min_width="16rem",
        ),
        rx.select.root(
            rx.select.trigger(placeholder="UF", aria_label="Filtrar por UF", min_width="8rem"),
            rx.select.content(
                rx.select.item("Todas as UFs", value=TODAS), *[rx.select.item(uf, value=uf) for uf in UFS]
            ),
            value=S.filtro_uf,
            on_change=S.set_filtro_uf,
        ),
        rx.select.root(
            rx.select.trigger(placeholder="Responsável", aria_label="Filtrar por responsável", min_width="12rem"),
            rx.select.content(
                rx.select.item("Todos os responsáveis", value=TODOS),
                rx.foreach(S.responsaveis, lambda r: rx.select.item(r["nome"], value=r["id"])),
            ),
            value=S.filtro_responsavel,
            on_change=S.set_filtro_responsavel,
        ),
        rx.cond(
            (S.busca != "") | (S.filtro_uf != TODAS) | (S.filtro_responsavel != TODOS),
            rx.button(rx.icon("x", size=14), "Limpar", variant="ghost", on_click=S.limpar_filtros),
        ),
        menu_visoes(S),
        gap="0.75rem",
        wrap="wrap",
        align="center",
        width="100%",
        padding_bottom="1rem",
    )


def _acoes_linha(row: rx.Var) -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.icon_button(rx.icon("ellipsis", size=16), variant="ghost", aria_label="Ações do cliente"),
        ),
        rx.menu.content(
            rx.menu.item(rx.icon("eye", size=14), "Abrir", on_click=rx.redirect(row["url"])),
            rx.cond(
                row["pode_editar"] != "",
                rx.fragment(
                    rx.menu.item(rx.icon("pencil", size=14), "Editar", on_click=S.abrir_edicao(row["id"])),
                    rx.cond(
                        S.pode_transferir,
                        rx.menu.item(
                            rx.icon("user-round-pen", size=14),
                            "Reatribuir…",
                            on_click=S.reatribuir_um(row["id"]),
                            class_name="reatribuir-cliente",
                        ),
                    ),
                    rx.menu.separator(),
                    rx.menu.item(
                        rx.icon("trash-2", size=14),
                        "Excluir",
                        color="red",
                        on_click=S.pedir_exclusao(row["id"], row["razao_social"]),
                    ),
                ),
            ),
        ),
    )


def _linha(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(caixa_linha(S, row, "razao_social"), width="2rem", class_name="celula-selecao"),
        rx.table.row_header_cell(
            rx.vstack(
                rx.link(row["razao_social"], href=row["url"], weight="medium"),
                rx.cond(
                    row["nome_fantasia"] != "", rx.text(row["nome_fantasia"], size="1", color=rx.color("gray", 11))
                ),
                spacing="0",
            )
        ),
        celula("CNPJ", rx.text(row["cnpj"], font_family="var(--code-font-family)", size="2", white_space="nowrap")),
        celula("Cidade / UF", row["cidade"]),
        celula("Telefone", rx.text(row["telefone"], white_space="nowrap")),
        celula("Responsável", row["responsavel"]),
        celula("Cadastro", rx.text(row["cadastro"], white_space="nowrap")),
        celula_acoes(_acoes_linha(row), text_align="right"),
        align="center",
    )


def _tabela() -> rx.Component:
    return rx.card(
        barra_lote(S, pode_transferir=S.pode_transferir, mover=False),
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(caixa_pagina(S), width="2rem"),
                        cabecalho_ordenavel(S, "Razão social", "razao_social", "Ordenar por razão social"),
                        rx.table.column_header_cell("CNPJ"),
                        rx.table.column_header_cell("Cidade / UF"),
                        rx.table.column_header_cell("Telefone"),
                        rx.table.column_header_cell("Responsável"),
                        cabecalho_ordenavel(S, "Cadastro", "criado_em", "Ordenar por data de cadastro"),
                        rx.table.column_header_cell("", aria_label="Ações"),
                    )
                ),
                rx.table.body(rx.foreach(S.rows, _linha)),
                variant="ghost",
                width="100%",
                aria_label="Clientes",
                style=ESTILO_CARTOES,
            ),
            overflow_x="auto",
            width="100%",
        ),
        rx.cond(
            S.rows.length() == 0,
            rx.center(
                rx.vstack(
                    rx.icon("building-2", size=32, color=rx.color("gray", 9)),
                    rx.text(
                        rx.cond(S.carregando, "Carregando…", "Nenhum cliente encontrado."), color=rx.color("gray", 11)
                    ),
                    align="center",
                ),
                padding="2.5rem",
            ),
        ),
        paginador(
            S.pagina,
            S.tem_proxima,
            S.pagina_anterior,
            S.proxima_pagina,
            faixa=S.faixa,
            padding_top="0.75rem",
            id="clientes-paginador",
        ),
        width="100%",
    )


# --------------------------------------------------------------------------- create / edit dialog


# --------------------------------------------------------------------------- delete, import


def _dialog_excluir() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Excluir cliente"),
            rx.alert_dialog.description(
                rx.text(
                    "Excluir ",
                    rx.text.strong(S.excluir_nome),
                    "? O cliente sai das listas, mas o histórico e a auditoria são preservados.",
                ),
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancelar", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Excluir", color_scheme="red", on_click=S.excluir)),
                gap="0.75rem",
                justify="end",
                padding_top="1rem",
            ),
            custom_attrs=FOCO_VOLTA,
        ),
        open=S.excluir_aberto,
        on_open_change=S.set_excluir_aberto,
    )


def _relatorio_importacao() -> rx.Component:
    return rx.cond(
        C.import_resumo != "",
        rx.vstack(
            rx.callout(
                C.import_resumo,
                icon=rx.cond(C.import_erros.length() > 0, "triangle-alert", "circle-check"),
                color_scheme=rx.cond(C.import_erros.length() > 0, "amber", "green"),
                width="100%",
            ),
            rx.cond(
                C.import_erros.length() > 0,
                rx.scroll_area(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(rx.table.column_header_cell("Linha"), rx.table.column_header_cell("Problema"))
                        ),
                        rx.table.body(
                            rx.foreach(
                                C.import_erros,
                                lambda e: rx.table.row(rx.table.cell(e["linha"]), rx.table.cell(e["detalhe"])),
                            )
                        ),
                        size="1",
                        width="100%",
                    ),
                    max_height="16rem",
                    type="auto",
                ),
            ),
            rx.cond(
                C.import_erros_omitidos > 0,
                rx.text(
                    "… e mais ", C.import_erros_omitidos, " linha(s) com erro.", size="1", color=rx.color("gray", 11)
                ),
            ),
            width="100%",
        ),
    )


def _upload_csv() -> rx.Component:
    return rx.upload(
        rx.vstack(
            rx.icon("file-up", size=28, color=rx.color("accent", 9)),
            rx.text("Arraste o arquivo .csv aqui ou clique para escolher", size="2"),
            rx.foreach(rx.selected_files(UPLOAD_ID), lambda f: rx.badge(f, variant="soft")),
            align="center",
            spacing="2",
        ),
        id=UPLOAD_ID,
        accept={"text/csv": [".csv"], "text/plain": [".csv", ".txt"], "application/vnd.ms-excel": [".csv"]},
        max_files=1,
        multiple=False,
        disabled=C.importando,
        border=f"2px dashed {rx.color('gray', 7)}",
        border_radius="var(--radius-3)",
        padding="1.5rem",
        width="100%",
        cursor="pointer",
    )


def _mapeamento() -> rx.Component:
    """Step 2: each file column and the cliente field it fills (pre-filled by the header match),
    then the first rows as they would be imported, with their problems."""
    return rx.vstack(
        rx.text("Para cada coluna do arquivo, escolha o campo do cliente:", size="2", weight="medium"),
        rx.grid(
            rx.foreach(
                C.import_colunas,
                lambda col: rx.flex(
                    rx.text(col, size="2", weight="medium", width="10rem", flex_shrink="0", overflow_wrap="anywhere"),
                    rx.select.root(
                        rx.select.trigger(aria_label="Campo para a coluna " + col, flex="1", min_width="0"),
                        rx.select.content(
                            rx.select.item("Não importar", value=IGNORAR),
                            rx.foreach(C.import_campos, lambda f: rx.select.item(f["rotulo"], value=f["valor"])),
                        ),
                        value=C.import_mapa[col],
                        on_change=lambda v: C.set_mapa(col, v),
                    ),
                    align="center",
                    gap="0.75rem",
                    width="100%",
                    class_name="mapa-coluna",
                ),
            ),
            columns="1",
            gap="0.5rem",
            width="100%",
            id="import-mapa",
        ),
        rx.cond(
            C.import_problema != "",
            rx.callout(C.import_problema, icon="triangle-alert", color_scheme="amber", size="1", role="alert"),
        ),
        rx.cond(
            C.import_amostra.length() > 0,
            rx.box(
                rx.text("Primeiras linhas:", size="2", weight="medium"),
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[rx.table.column_header_cell(t) for t in ("Linha", "CNPJ", "Razão social", "Situação")]
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            C.import_amostra,
                            lambda a: rx.table.row(
                                rx.table.cell(a["linha"]),
                                rx.table.cell(a["cnpj"], white_space="nowrap"),
                                rx.table.cell(a["razao_social"]),
                                rx.table.cell(
                                    rx.cond(
                                        a["problema"] != "",
                                        rx.text(a["problema"], color=rx.color("red", 11), size="1"),
                                        rx.badge(rx.cond(a["acao"] == "novo", "Novo", "Atualiza"), variant="soft"),
                                    )
                                ),
                            ),
                        )
                    ),
                    size="1",
                    variant="surface",
                    id="import-amostra",
                ),
                width="100%",
                overflow_x="auto",
            ),
        ),
        spacing="3",
        width="100%",
    )


def _dialog_importar() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Importar clientes (CSV)"),
            rx.dialog.description(
                "Uma linha por cliente, com cabeçalho (até 10 MB). No passo seguinte você confere a que campo "
                "cada coluna corresponde e vê as primeiras linhas. Clientes com o mesmo CNPJ são atualizados; "
                "linhas com erro não impedem as demais e podem ser baixadas para correção.",
                size="2",
                color=rx.color("gray", 11),
            ),
            rx.vstack(
                rx.match(
                    C.import_etapa,
                    ("enviar", _upload_csv()),
                    ("mapear", _mapeamento()),
                    rx.fragment(),
                ),
                rx.cond(
                    C.importando,
                    rx.vstack(
                        rx.hstack(rx.spinner(size="2"), rx.text(C.import_fase, size="2"), align="center"),
                        rx.progress(value=C.import_progresso, width="100%"),
                        width="100%",
                        role="status",
                        aria_live="polite",
                    ),
                ),
                _relatorio_importacao(),
                rx.flex(
                    rx.dialog.close(rx.button("Fechar", variant="soft", color_scheme="gray", disabled=C.importando)),
                    rx.match(
                        C.import_etapa,
                        (
                            "enviar",
                            rx.button(
                                rx.icon("arrow-right", size=16),
                                "Continuar",
                                on_click=C.receber_csv(
                                    rx.upload_files(upload_id=UPLOAD_ID, on_upload_progress=C.progresso_upload)
                                ),
                                id="importar-continuar",
                            ),
                        ),
                        (
                            "mapear",
                            rx.button(
                                rx.icon("upload", size=16),
                                "Importar",
                                loading=C.importando,
                                disabled=C.import_problema != "",
                                on_click=C.confirmar_importacao,
                                id="importar-confirmar",
                            ),
                        ),
                        rx.cond(
                            C.import_rejeitadas > 0,
                            rx.button(
                                rx.icon("download", size=16),
                                "Baixar linhas rejeitadas (CSV)",
                                variant="soft",
                                on_click=C.baixar_rejeitadas,
                                id="baixar-rejeitadas",
                            ),
                        ),
                    ),
                    gap="0.75rem",
                    justify="end",
                    width="100%",
                    wrap="wrap",
                ),
                spacing="3",
                padding_top="1rem",
                width="100%",
            ),
            max_width="40rem",
            custom_attrs=FOCO_VOLTA,
        ),
        open=C.importar_aberto,
        on_open_change=C.set_importar_aberto,
    )


def _acoes() -> rx.Component:
    # On a phone the secondary actions keep only their icons (with an accessible name).
    curto = ["none", "inline", "inline"]
    return rx.hstack(
        rx.button(
            rx.icon("upload", size=16),
            rx.text.span("Importar", display=curto),
            variant="soft",
            on_click=C.set_importar_aberto(True),
            aria_label="Importar",
        ),
        rx.cond(
            S.pode_exportar,  # a rule of the service (permissoes.pode_exportar), which enforces it too
            rx.button(
                rx.icon("download", size=16),
                rx.text.span("Exportar CSV", display=curto),
                variant="soft",
                loading=C.exportando,
                on_click=C.exportar,
                aria_label="Exportar CSV",
            ),
        ),
        rx.button(
            rx.icon("plus", size=16),
            rx.text.span("Novo", rx.text.span(" cliente", display=curto)),  # one text node: "Novo cliente"
            on_click=S.abrir_novo,
            aria_label="Novo cliente",
            id="novo-cliente",
        ),
        spacing="2",
        wrap="wrap",
        justify="end",
    )


def clientes_page() -> rx.Component:
    return page_shell(
        "Clientes",
        _filtros(),
        busca_ia(),
        _tabela(),
        cliente_dialog(S),
        _dialog_excluir(),
        _dialog_importar(),
        dialogo_lote(S, S.responsaveis),
        dialogo_visao(S),
        actions=_acoes(),
    )
