"""Bulk actions on the /leads and /clientes lists (ui/state/lote.py), driven without a browser: select rows or
every lead of the filter, confirm, and the services did it to each; quick reassign from a row."""

from __future__ import annotations

import base64
import re

from aurora_app.services import leads as leads_svc
from aurora_app.ui.state.leads import LeadsState
from tests.builders import actor_of, cria_lead, token, usuario
from tests.ui.conftest import drive, estado


def _lista(user) -> LeadsState:
    s = estado(LeadsState, token(user))
    drive(s.on_load)
    drive(s.set_modo, "lista")
    return s


def test_reatribuir_as_linhas_marcadas():
    ger, ana, bia = usuario("gerente"), usuario("vendedor", nome="Ana Lima"), usuario("vendedor", nome="Bia Reis")
    meus = [cria_lead(actor_of(ana), nome=f"Lote {i}") for i in range(3)]
    s = _lista(ger)
    for lead in meus:
        drive(s.marcar, str(lead.id), True)
    drive(s.marcar, "não é id", True)
    assert s.selecionados == [str(m.id) for m in meus] and s.n_selecionados == 3
    drive(s.abrir_lote, "reatribuir")
    assert s.lote_aberto and s.lote_pergunta == "Reatribuir 3 leads para quem?"
    drive(s.confirmar_lote)
    assert s.lote_erro == "Escolha o novo responsável." and s.lote_aberto
    drive(s.set_lote_responsavel, str(bia.id))
    assert s.lote_pergunta == "Reatribuir 3 leads para Bia Reis?"
    events = drive(s.confirmar_lote)
    assert any("3 leads reatribuídos" in str(e) for e in events)
    assert not s.lote_aberto and s.selecionados == []
    assert {leads_svc.get(actor=actor_of(ger), lead_id=m.id).responsavel_id for m in meus} == {bia.id}


def test_todos_do_filtro_mover_e_a_selecao_nao_sobrevive_ao_filtro():
    ger = usuario("gerente")
    alvo = [cria_lead(actor_of(ger), nome=f"Filtro Lote {i:02d}") for i in range(25)]
    fora = cria_lead(actor_of(ger), nome="Outro qualquer")
    s = _lista(ger)
    drive(s.set_busca, "Filtro Lote")
    assert s.total == 25 and len(s.rows) == 20
    drive(s.marcar_pagina, True)
    assert s.pagina_selecionada and s.oferecer_todos and s.rotulo_todos == "Selecionar todos os 25 leads do filtro"
    drive(s.selecionar_todos_do_filtro)
    assert s.n_selecionados == 25 and not s.oferecer_todos
    drive(s.abrir_lote, "mover")
    drive(s.set_lote_estagio, "perdido")
    drive(s.confirmar_lote)
    assert s.lote_erro == "Informe o motivo da perda."
    drive(s.set_lote_motivo, "Sem orçamento")
    assert s.lote_pergunta == "Mover 25 leads para Perdido?"
    drive(s.confirmar_lote)
    ator = actor_of(ger)
    assert {leads_svc.get(actor=ator, lead_id=x.id).estagio for x in alvo} == {"perdido"}
    assert leads_svc.get(actor=ator, lead_id=fora.id).estagio == "novo"
    drive(s.marcar, str(fora.id), True)
    drive(s.set_busca, "Outro")  # another filter: the selection is gone
    assert s.selecionados == [] and not s.todos_do_filtro


def test_excluir_em_lote_e_reatribuir_um_pelo_menu():
    ger, vend = usuario("gerente"), usuario("vendedor", nome="Caio Dias")
    a, b, c = (cria_lead(actor_of(ger), nome=f"Apagar {i}") for i in range(3))
    s = _lista(ger)
    drive(s.marcar_pagina, True)
    drive(s.marcar, str(c.id), False)
    drive(s.abrir_lote, "excluir")
    assert s.lote_pergunta.startswith(f"Excluir {s.n_selecionados} leads?")
    drive(s.confirmar_lote)
    ator = actor_of(ger)
    vivos = {x.id for x in leads_svc.list_leads(actor=ator, limite=200).items}
    assert a.id not in vivos and b.id not in vivos and c.id in vivos
    drive(s.marcar, str(c.id), True)  # a selection elsewhere does not matter to the row menu
    drive(s.reatribuir_um, str(c.id))
    assert s.lote_pergunta == "Reatribuir 1 lead para quem?"
    drive(s.set_lote_responsavel, str(vend.id))
    drive(s.confirmar_lote)
    assert leads_svc.get(actor=ator, lead_id=c.id).responsavel_id == vend.id


def test_clientes_reatribuir_e_excluir_em_lote():
    """The same mixin on /clientes: reassign and delete, no stage action offered."""
    from aurora_app.services import clientes as clientes_svc
    from aurora_app.ui.state.clientes import ClientesState
    from tests.builders import cria_cliente

    ger, vend = usuario("gerente"), usuario("vendedor", nome="Davi Souza")
    ator = actor_of(ger)
    cs = [cria_cliente(ator, razao_social=f"Lote Cliente {i} Ltda") for i in range(3)]
    s = estado(ClientesState, token(ger))
    drive(s.on_load)
    drive(s.set_busca, "Lote Cliente")
    drive(s.marcar_pagina, True)
    assert s.n_selecionados == 3
    drive(s.abrir_lote, "mover")
    assert not s.lote_aberto  # clientes have no stages
    drive(s.abrir_lote, "reatribuir")
    drive(s.set_lote_responsavel, str(vend.id))
    assert s.lote_pergunta == "Reatribuir 3 clientes para Davi Souza?"
    events = drive(s.confirmar_lote)
    assert any("3 clientes reatribuídos" in str(e) for e in events)
    assert {clientes_svc.get(actor=ator, cliente_id=c.id).responsavel_id for c in cs} == {vend.id}
    drive(s.marcar, str(cs[0].id), True)
    drive(s.abrir_lote, "excluir")
    drive(s.confirmar_lote)
    assert s.total == 2


def test_filtros_da_lista_vao_para_o_endereco():
    """Each filter change narrows the list (the service's rules) and writes the view in the URL; a
    bad value is a toast, not a crash."""
    ger = usuario("gerente")
    ator = actor_of(ger)
    cria_lead(ator, nome="URL Caro", valor="5000", origem="indicacao", previsao_fechamento="2027-03-01")
    cria_lead(ator, nome="URL Barato", valor="50", origem="indicacao")
    s = _lista(ger)
    drive(s.set_busca, "URL")
    drive(s.set_filtro_origem, "indicacao")
    events = drive(s.set_faixa, "valor_min", "1.000,00")
    assert [r["nome"] for r in s.rows] == ["URL Caro"]
    script = next(str(e) for e in events if "replaceState" in str(e))
    assert "/leads?modo=lista&busca=URL&origem=indicacao&valor_min=1.000%2C00" in script
    drive(s.set_faixa, "previsao_ate", "2027-12-31")
    assert s.total == 1
    assert s._consulta_da_lista()["previsao_ate"] == "2027-12-31"
    events = drive(s.set_faixa, "valor_max", "10")  # below the minimum
    assert any("O valor mínimo é maior que o máximo." in str(e) for e in events)
    drive(s.set_faixa, "inexistente", "1")
    drive(s.limpar_faixas)
    assert s.valor_min == "" and s.filtro_origem == "todos" and s.total == 2


def test_ordenar_pelo_cabecalho_e_a_ordem_no_endereco():
    ger = usuario("gerente")
    ator = actor_of(ger)
    for v in ("10.00", "30.00", "20.00"):
        cria_lead(ator, nome=f"Cab {v}", valor=v)
    s = _lista(ger)
    drive(s.set_busca, "Cab")
    events = drive(s.ordenar, "valor")
    assert [r["nome"] for r in s.rows] == ["Cab 30.00", "Cab 20.00", "Cab 10.00"] and s.ordem_desc
    assert any("ordem=-valor" in str(e) for e in events)
    drive(s.ordenar, "valor")
    assert [r["nome"] for r in s.rows] == ["Cab 10.00", "Cab 20.00", "Cab 30.00"] and s.ordem_campo == "valor"
    drive(s.ordenar, "busca")  # not a sortable column
    assert s.ordem == "valor"


def _csv_baixado(events: list) -> str:
    dados = re.findall(r"data:text/csv[^,]*;base64,([A-Za-z0-9+/=]+)", " ".join(str(e) for e in events))
    assert dados, events
    return base64.b64decode(dados[0]).decode("utf-8-sig")


def test_exportar_as_linhas_marcadas_ou_todas_do_filtro(monkeypatch):
    """'Exportar' on the selection: the ticked rows (or every match of the filter) as a CSV download
    from the service's export; a vendedor (not in EXPORT_PAPEIS) gets the service's 403 as a toast."""
    from aurora_app.ui.state.clientes import ClientesState
    from tests.builders import cria_cliente

    ger, vend = usuario("gerente"), usuario("vendedor")
    ator = actor_of(ger)
    leads = [cria_lead(ator, nome=f"Exp Lead {i}") for i in range(3)]
    s = _lista(ger)
    drive(s.set_busca, "Exp Lead")
    drive(s.marcar, str(leads[0].id), True)
    drive(s.marcar, str(leads[2].id), True)
    events = drive(s.exportar_lote)
    download = _csv_baixado(events)
    assert "Exp Lead 0" in download and "Exp Lead 2" in download and "Exp Lead 1" not in download
    assert "leads-selecionados-" in str(events) and any("2 leads exportados" in str(e) for e in events)

    cria_cliente(ator, razao_social="Exp Cliente A")
    cria_cliente(ator, razao_social="Exp Cliente B")
    monkeypatch.setattr(ClientesState, "TAMANHO_PAGINA", 1)  # "every match of the filter" goes past the page
    c = estado(ClientesState, token(ger))
    drive(c.on_load)
    drive(c.set_busca, "Exp Cliente")
    drive(c.marcar_pagina, True)
    drive(c.selecionar_todos_do_filtro)
    download = _csv_baixado(drive(c.exportar_lote))
    assert "Exp Cliente A" in download and "Exp Cliente B" in download

    v = _lista(vend)
    drive(v.marcar, str(cria_lead(actor_of(vend), nome="Do vendedor").id), True)
    events = drive(v.exportar_lote)
    assert not any("download" in str(e).lower() for e in events) and any(
        "sem_permissao" in str(e) or "export" in str(e).lower() for e in events
    )
