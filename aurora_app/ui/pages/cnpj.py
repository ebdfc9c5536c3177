"""/cnpj: look a CNPJ up (numeric or alphanumeric), see the normalised data and where it came
from, and register it as a cliente in one click (or open the existing one)."""

from __future__ import annotations

import reflex as rx

from aurora_app.ui.components.forms import so_permitidos
from aurora_app.ui.components.shell import page_shell
from aurora_app.ui.state.cnpj import CnpjState as S

R = S.resultado


def _busca() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.vstack(
                rx.el.label(
                    "CNPJ", html_for="cnpj-entrada", style={"fontSize": "var(--font-size-2)", "fontWeight": 500}
                ),
                rx.input(
                    id="cnpj-entrada",
                    name="cnpj",
                    value=S.entrada,
                    on_change=S.set_entrada,
                    placeholder="00.000.000/0000-00 ou 12.ABC.345/01DE-35",
                    max_length=18,
                    auto_complete="off",
                    spell_check=False,
                    size="3",
                    width=["100%", "100%", "24rem"],
                    font_family="var(--code-font-family)",
                    color_scheme=rx.cond(S.erro_entrada != "", "red", "gray"),
                    aria_invalid=rx.cond(S.erro_entrada != "", "true", "false"),
                    aria_describedby="cnpj-erro",
                    **so_permitidos("cnpj"),
                    auto_focus=True,
                ),
                rx.cond(
                    S.erro_entrada != "",
                    rx.text(S.erro_entrada, id="cnpj-erro", size="2", color=rx.color("red", 11), role="alert"),
                ),
                spacing="1",
                width=["100%", "100%", "auto"],
            ),
            rx.button(
                rx.icon("search", size=16),
                "Consultar",
                type="submit",
                size="3",
                loading=S.buscando,
                id="cnpj-consultar",
            ),
            align="end",
            spacing="3",
            wrap="wrap",
        ),
        on_submit=S.consultar,
        reset_on_submit=False,
        width="100%",
    )


def _dado(rotulo: str, valor: rx.Var | str, **props) -> rx.Component:
    return rx.vstack(
        rx.text(rotulo, size="1", color=rx.color("gray", 11), weight="medium"),
        rx.text(valor, size="2", white_space="pre-line", style={"overflowWrap": "anywhere"}, **props),
        spacing="0",
        width="100%",
    )


def _lista(rotulo: str, itens: rx.Var, vazio: str = "—", id_: str | None = None) -> rx.Component:
    return rx.vstack(
        rx.text(rotulo, size="1", color=rx.color("gray", 11), weight="medium"),
        rx.cond(
            itens.length() > 0,
            rx.el.ul(
                rx.foreach(itens, lambda i: rx.el.li(rx.text(i, size="2", style={"overflowWrap": "anywhere"}))),
                style={"margin": 0, "paddingLeft": "1.1rem"},
                id=id_,
            ),
            rx.text(vazio, size="2"),
        ),
        spacing="1",
        width="100%",
    )


def _socios() -> rx.Component:
    return rx.vstack(
        rx.text("Quadro societário", size="1", color=rx.color("gray", 11), weight="medium"),
        rx.cond(
            S.socios.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("Nome"),
                        rx.table.column_header_cell("Qualificação"),
                        rx.table.column_header_cell("Documento"),
                        rx.table.column_header_cell("Desde"),
                    )
                ),
                rx.table.body(
                    rx.foreach(
                        S.socios,
                        lambda s: rx.table.row(
                            rx.table.cell(
                                rx.text(s["nome"], weight="medium"),
                                rx.text(s["tipo"], size="1", color=rx.color("gray", 11)),
                            ),
                            rx.table.cell(s["qualificacao"]),
                            rx.table.cell(s["documento"], font_family="var(--code-font-family)"),
                            rx.table.cell(s["desde"]),
                        ),
                    )
                ),
                size="1",
                variant="surface",
                width="100%",
            ),
            rx.text("Nenhum sócio informado.", size="2"),
        ),
        spacing="1",
        width="100%",
        overflow_x="auto",
    )


def _acao_cliente() -> rx.Component:
    return rx.cond(
        S.cliente_id > 0,
        rx.link(
            rx.button(
                rx.icon("external-link", size=16), "Abrir cliente", size="3", variant="soft", id="cnpj-abrir-cliente"
            ),
            href=S.cliente_url,
        ),
        rx.button(
            rx.icon("user-plus", size=16),
            "Cadastrar como cliente",
            size="3",
            on_click=S.cadastrar,
            loading=S.cadastrando,
            id="cnpj-cadastrar",
        ),
    )


def _resultado() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.vstack(
                    rx.hstack(
                        rx.heading(R["razao_social"], size="5", as_="h2", id="cnpj-razao-social"),
                        rx.badge(
                            R["situacao"], color_scheme=R["situacao_cor"], size="2", variant="solid", id="cnpj-situacao"
                        ),
                        align="center",
                        spacing="3",
                        wrap="wrap",
                    ),
                    rx.cond(
                        R["nome_fantasia"] != "", rx.text(R["nome_fantasia"], size="3", color=rx.color("gray", 11))
                    ),
                    rx.text(R["cnpj"], size="2", font_family="var(--code-font-family)", id="cnpj-resultado-cnpj"),
                    spacing="1",
                ),
                rx.spacer(),
                _acao_cliente(),
                direction=rx.breakpoints(initial="column", sm="row"),
                gap="1rem",
                align=rx.breakpoints(initial="start", sm="center"),
                width="100%",
            ),
            rx.cond(
                R["desatualizado"] != "",
                rx.callout(
                    "Os provedores não responderam agora: estes dados vêm de uma consulta anterior e podem estar desatualizados.",
                    icon="triangle-alert",
                    color_scheme="amber",
                    size="1",
                ),
            ),
            rx.separator(size="4"),
            rx.grid(
                _dado("Abertura", R["data_abertura"]),
                _dado("Situação desde", R["data_situacao"]),
                _dado("Tipo", R["matriz"]),
                _dado("Porte", R["porte"]),
                _dado("Natureza jurídica", R["natureza_juridica"]),
                _dado("Capital social", R["capital_social"]),
                _dado("Simples Nacional / MEI", R["simples"], id="cnpj-simples"),
                _dado("CNAE principal", R["cnae_principal"]),
                columns=rx.breakpoints(initial="1", sm="2", lg="4"),
                gap="1rem",
                width="100%",
            ),
            rx.grid(
                _lista("CNAEs secundários", S.cnaes_secundarios, "Nenhum."),
                _dado("Endereço", R["endereco"]),
                _lista("Telefones", S.telefones),
                _lista("E-mails", S.emails),
                columns=rx.breakpoints(initial="1", sm="2"),
                gap="1rem",
                width="100%",
            ),
            _socios(),
            rx.separator(size="4"),
            rx.hstack(
                rx.icon("database", size=14, color=rx.color("gray", 10)),
                rx.text(
                    "Fonte: ",
                    rx.text.strong(R["fonte"], id="cnpj-fonte"),
                    " · consultado em ",
                    rx.text.strong(R["consultado_em"]),
                    size="1",
                    color=rx.color("gray", 11),
                ),
                align="center",
                spacing="2",
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
        id="cnpj-resultado",
    )


def _falha() -> rx.Component:
    """A failed lookup is said on the page (a toast alone left it blank); a CNPJ already
    registered here is linked even when the provider does not know it or is down."""
    return rx.callout.root(
        rx.callout.icon(rx.icon("circle-alert")),
        rx.vstack(
            rx.callout.text(S.falha_consulta, id="cnpj-falha"),
            rx.cond(
                S.cliente_id > 0,
                rx.hstack(
                    rx.callout.text("Este CNPJ já está cadastrado como cliente."),
                    rx.link("Abrir cliente", href=S.cliente_url, id="cnpj-abrir-cliente-existente", weight="medium"),
                    spacing="2",
                    wrap="wrap",
                ),
            ),
            spacing="1",
        ),
        color_scheme="amber",
        role="alert",
        width="100%",
    )


def cnpj_page() -> rx.Component:
    return page_shell(
        "Consulta CNPJ",
        rx.vstack(
            rx.text(
                "Consulte empresas na Receita Federal (via CNPJá), numéricas ou alfanuméricas, e cadastre como cliente com um clique.",
                size="2",
                color=rx.color("gray", 11),
            ),
            _busca(),
            rx.cond(S.falha_consulta != "", _falha()),
            rx.cond(S.tem_resultado, _resultado()),
            spacing="5",
            width="100%",
            max_width="72rem",
            custom_attrs={"data-pronto": rx.cond(S.pronto, "1", "0")},
            id="cnpj-pagina",
        ),
    )
