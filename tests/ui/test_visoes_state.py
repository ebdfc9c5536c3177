"""Saved views and sortable columns on the /leads and /clientes lists (ui/state/visoes.py,
ui/state/lista_url.py), driven without a browser: save the current filters under a name, change
them, open the view again, delete it; the clientes list sorted by its headers, in the address."""

from __future__ import annotations

from aurora_app.ui.state.clientes import ClientesState
from aurora_app.ui.state.leads import LeadsState
from tests.builders import actor_of, cria_cliente, cria_lead, token, usuario
from tests.ui.conftest import drive, estado


def _url(events: list) -> str:
    return next(str(e) for e in events if "replaceState" in str(e))


def test_salvar_abrir_e_excluir_uma_visao_dos_leads():
    ger = usuario("gerente")
    ator = actor_of(ger)
    cria_lead(ator, nome="Visão Caro", valor="5000", origem="indicacao")
    cria_lead(ator, nome="Visão Barato", valor="50", origem="site")
    s = estado(LeadsState, token(ger))
    drive(s.on_load)
    drive(s.set_modo, "lista")
    drive(s.set_busca, "Visão")
    drive(s.set_filtro_origem, "indicacao")
    drive(s.ordenar, "valor")
    drive(s.abrir_salvar_visao)
    drive(s.set_visao_nome, "Indicações por valor")
    events = drive(s.salvar_visao)
    assert any("Visão “Indicações por valor” salva." in str(e) for e in events)
    assert not s.visao_dialog_aberto and [v["nome"] for v in s.visoes] == ["Indicações por valor"]
    drive(s.abrir_salvar_visao)
    drive(s.set_visao_nome, "Indicações por valor")
    drive(s.salvar_visao)  # the same name again: the error stays in the dialog, on the name
    assert s.visao_dialog_aberto and "Indicações por valor" in s.visao_erro
    drive(s.set_visao_dialog_aberto, False)

    drive(s.limpar_faixas)
    drive(s.set_busca, "")
    assert s.total == 2
    events = drive(s.aplicar_visao, s.visoes[0]["id"])
    assert [r["nome"] for r in s.rows] == ["Visão Caro"] and s.ordem == "-valor" and s.filtro_origem == "indicacao"
    assert "/leads?modo=lista&busca=Vis%C3%A3o&origem=indicacao&ordem=-valor" in _url(events)

    outro = estado(LeadsState, token(usuario("gerente")))  # views are their owner's
    drive(outro.on_load)
    assert outro.visoes == []
    events = drive(s.excluir_visao, s.visoes[0]["id"])
    assert s.visoes == [] and any("excluída" in str(e) for e in events)
    events = drive(s.aplicar_visao, "999999")  # gone meanwhile: a toast, the list unchanged
    assert any("Visão não encontrada." in str(e) for e in events) and s.total == 1


def test_clientes_ordenados_pelo_cabecalho_e_visao_salva():
    vend = usuario("vendedor")
    ator = actor_of(vend)
    for nome in ("Zênite Cab", "alfa Cab", "Beta Cab"):
        cria_cliente(ator, razao_social=nome, uf="SP")
    cria_cliente(ator, razao_social="Gama Cab", uf="RJ")
    s = estado(ClientesState, token(vend))
    drive(s.on_load)
    drive(s.set_busca, "Cab")
    events = drive(s.ordenar, "razao_social")  # a name sorts A–Z first
    assert [r["razao_social"] for r in s.rows] == ["alfa Cab", "Beta Cab", "Gama Cab", "Zênite Cab"]
    assert "/clientes?busca=Cab&ordem=razao_social" in _url(events)
    drive(s.ordenar, "razao_social")
    assert s.rows[0]["razao_social"] == "Zênite Cab" and s.ordem_desc
    drive(s.set_filtro_uf, "SP")
    drive(s.abrir_salvar_visao)
    drive(s.set_visao_nome, "SP de Z a A")
    drive(s.salvar_visao)
    drive(s.limpar_filtros)
    drive(s.ordenar, "criado_em")
    assert s.total == 4 and s.rows[0]["razao_social"] == "Gama Cab"
    drive(s.aplicar_visao, s.visoes[0]["id"])
    assert [r["razao_social"] for r in s.rows] == ["Zênite Cab", "Beta Cab", "alfa Cab"]
    assert s.filtro_uf == "SP" and s.ordem == "-razao_social" and s.rows[0]["cadastro"].count("/") == 2
    drive(s.ordenar, "cnpj")  # not a sortable column
    assert s.ordem == "-razao_social"
