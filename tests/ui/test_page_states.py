"""Page-state handlers driven without a browser (tests/ui/conftest.py): paging, the shared form,
the stage move and its "Desfazer", delete and "Desfazer", the CSV export through ``get_state``.
Real services and database."""

from __future__ import annotations

import base64
import re

from aurora_app.models.lead import LeadUpdate
from aurora_app.services import clientes as clientes_svc
from aurora_app.services import leads as leads_svc
from aurora_app.ui.state.clientes import ClientesState
from aurora_app.ui.state.clientes_csv import ClientesCsvState
from aurora_app.ui.state.lead_detalhe import LeadDetalheState
from aurora_app.ui.state.leads import LeadsState
from tests.builders import actor_of, cria_cliente, cria_lead, token, usuario
from tests.ui.conftest import drive, estado


def _desfazer(events: list):
    """The "Desfazer" event of the toast among ``events``."""
    for ev in events:
        if "Desfazer" in str(ev):
            return ev
    raise AssertionError(f"no toast with Desfazer in {events}")


def test_paginacao_de_clientes_vai_e_volta():
    ger = usuario("gerente")
    for i in range(45):
        cria_cliente(actor_of(ger), razao_social=f"Paginada {i:02d} Ltda")
    s = estado(ClientesState, token(ger))
    drive(s.on_load)
    assert len(s.rows) == 20 and s.faixa == "1–20 de 45" and s.tem_proxima
    primeira = [r["id"] for r in s.rows]
    drive(s.proxima_pagina)
    assert s.faixa == "21–40 de 45" and not set(primeira) & {r["id"] for r in s.rows}
    drive(s.proxima_pagina)
    assert s.faixa == "41–45 de 45" and not s.tem_proxima
    drive(s.proxima_pagina)  # nothing after the last page
    assert s.pagina == 3
    drive(s.pagina_anterior)
    drive(s.pagina_anterior)
    assert [r["id"] for r in s.rows] == primeira and s.pagina == 1
    drive(s.set_busca, "Paginada 07")
    assert s.total == 1 and s.pagina == 1


def test_formulario_do_cliente_usa_as_regras_do_servico():
    ger = usuario("gerente")
    s = estado(ClientesState, token(ger))
    drive(s.on_load)
    drive(s.abrir_novo)
    assert s.dialog_aberto and s.titulo_dialog == "Novo cliente" and s.form["responsavel_id"] == str(ger.id)
    drive(s.set_campo, "uf", "xx")
    drive(s.set_campo, "email", "nao-e-email")
    drive(s.salvar)
    assert s.erros["razao_social"] == "Informe a razão social."
    assert "cnpj" in s.erros and "email" in s.erros and "uf" in s.erros
    drive(s.set_campo, "cnpj", "11.222.333/0001-81")
    drive(s.set_campo, "razao_social", "Formulário Ltda")
    drive(s.set_campo, "email", "contato@formulario.com.br")
    drive(s.set_campo, "uf", "sp")
    drive(s.salvar)
    assert s.erros == {} and not s.dialog_aberto
    assert s.rows[0]["razao_social"] == "Formulário Ltda"


def test_formulario_do_lead_conflito_de_versao_fica_no_formulario():
    vend = usuario("vendedor")
    lead = cria_lead(actor_of(vend), nome="Versão 1")
    s = estado(LeadsState, token(vend))
    drive(s.on_load)
    drive(s.abrir_edicao, str(lead.id))
    assert s.titulo_dialog == "Editar lead" and s.form["nome"] == "Versão 1"
    leads_svc.update(actor=actor_of(vend), lead_id=lead.id, data=LeadUpdate(nome="Outra pessoa mudou"))
    drive(s.set_campo, "nome", "Minha mudança")
    drive(s.salvar)
    assert "versão atual" in s.erros["_"] and s.dialog_aberto
    assert leads_svc.get(actor=actor_of(vend), lead_id=lead.id).nome == "Outra pessoa mudou"


def test_lead_escolhe_um_cliente_cadastrado_enquanto_digita():
    """The lead form's "Cliente": typing a name or CNPJ offers clientes; picking one ties the lead
    (the service gives it the cliente's name and CNPJ); editing shows the link; "Desvincular" unties."""
    vend = usuario("vendedor")
    brisa = cria_cliente(actor_of(usuario("gerente")), razao_social="Hotel Brisa do Mar Ltda")
    s = estado(LeadsState, token(vend))
    drive(s.on_load)
    drive(s.abrir_novo)
    assert s.form["cliente_id"] == "" and s.cliente_opcoes == []
    drive(s.buscar_cliente, "b")  # one character: nothing asked yet
    assert s.cliente_opcoes == []
    drive(s.buscar_cliente, "brisa do")
    assert [o["nome"] for o in s.cliente_opcoes] == ["Hotel Brisa do Mar Ltda"]
    drive(s.buscar_cliente, brisa.cnpj)
    opcao = s.cliente_opcoes[0]
    drive(s.escolher_cliente, opcao["id"], opcao["nome"], opcao["cnpj"])
    assert s.form["cliente_id"] == str(brisa.id) and "Hotel Brisa do Mar Ltda" in s.cliente_nome
    drive(s.set_campo, "nome", "Implantação Brisa do Mar")
    drive(s.salvar)
    assert s.erros == {} and not s.dialog_aberto
    lead = next(x for x in leads_svc.list_leads(actor=actor_of(vend)).items if x.nome == "Implantação Brisa do Mar")
    assert lead.cliente_id == brisa.id and lead.empresa == "Hotel Brisa do Mar Ltda" and lead.cnpj == brisa.cnpj

    drive(s.abrir_edicao, str(lead.id))
    assert s.form["cliente_id"] == str(brisa.id) and s.cliente_nome.startswith("Hotel Brisa do Mar Ltda · ")
    drive(s.desvincular_cliente)
    drive(s.salvar)
    assert leads_svc.get(actor=actor_of(vend), lead_id=lead.id).cliente_id is None


def test_mover_e_desfazer_volta_ao_estagio_anterior():
    vend = usuario("vendedor")
    lead = cria_lead(actor_of(vend), nome="Vai e volta")
    s = estado(LeadsState, token(vend))
    drive(s.on_load)
    events = drive(s.mover, str(lead.id), "proposta", lead.nome)
    assert leads_svc.get(actor=actor_of(vend), lead_id=lead.id).estagio == "proposta"
    _desfazer(events)
    drive(s.desfazer_mover, str(lead.id), "novo", "")
    assert leads_svc.get(actor=actor_of(vend), lead_id=lead.id).estagio == "novo"
    assert any(c["id"] == str(lead.id) for c in s.cards["novo"])


def test_excluir_cliente_e_desfazer():
    ger = usuario("gerente")
    c = cria_cliente(actor_of(ger), razao_social="Excluída e Volta Ltda")
    s = estado(ClientesState, token(ger))
    drive(s.on_load)
    drive(s.pedir_exclusao, str(c.id), c.razao_social)
    events = drive(s.excluir)
    _desfazer(events)
    assert s.total == 0
    drive(s.desfazer_exclusao, str(c.id))
    assert clientes_svc.get(actor=actor_of(ger), cliente_id=c.id).razao_social == "Excluída e Volta Ltda"
    assert s.total == 1


def test_excluir_lead_e_desfazer():
    vend = usuario("vendedor")
    lead = cria_lead(actor_of(vend), nome="Lead na lixeira")
    s = estado(LeadDetalheState, token(vend))
    s.lead_id = lead.id
    s.lead = {"nome": lead.nome}
    events = drive(s.excluir)
    _desfazer(events)
    assert any("/leads" in str(e) for e in events)
    assert leads_svc.list_leads(actor=actor_of(vend)).total == 0
    drive(s.desfazer_exclusao, str(lead.id))
    assert leads_svc.get(actor=actor_of(vend), lead_id=lead.id).nome == "Lead na lixeira"


def test_exportar_usa_os_filtros_da_lista():
    ger = usuario("gerente")
    cria_cliente(actor_of(ger), razao_social="Exportada Norte Ltda", uf="AM")
    cria_cliente(actor_of(ger), razao_social="Exportada Sul Ltda", uf="RS")
    csv_state = estado(ClientesCsvState, token(ger))
    # The list is a sibling in the same tree (both under AuthState, which holds the token).
    lista = csv_state.parent_state.parent_state.get_substate(ClientesState.get_full_name().split(".")[1:])
    drive(lista.on_load)
    drive(lista.set_filtro_uf, "RS")
    events = drive(csv_state.exportar)
    urls = re.findall(r"data:text/csv[^,]*;base64,([A-Za-z0-9+/=]+)", " ".join(str(e) for e in events))
    assert urls, events
    texto = base64.b64decode(urls[0]).decode("utf-8-sig")
    assert "Exportada Sul Ltda" in texto and "Exportada Norte Ltda" not in texto


def test_pagina_do_lead_mostra_o_historico_apos_mover():
    """A move on the lead page writes its history entry, and the timeline shows it at once."""
    vend = usuario("vendedor")
    lead = cria_lead(actor_of(vend), nome="Histórico na hora")
    s = estado(LeadDetalheState, token(vend))
    s.lead_id = lead.id
    drive(s.mover, str(lead.id), "qualificado", lead.nome)
    assert any("Qualificado" in item["descricao"] for item in s.timeline), s.timeline


def test_botao_de_exportar_segue_a_regra_do_servico():
    vend, ger = usuario("vendedor"), usuario("gerente")
    s = estado(ClientesState, token(vend))
    drive(s.on_load)
    assert s.pode_exportar is False
    s = estado(ClientesState, token(ger))
    drive(s.on_load)
    assert s.pode_exportar is True


class _Arquivo:
    """What Reflex hands an upload handler: something with an async ``read``."""

    def __init__(self, conteudo: bytes) -> None:
        self._c = conteudo

    async def read(self) -> bytes:
        return self._c


def test_importacao_em_passos_mapeia_e_baixa_rejeitadas():
    from aurora_app.models.cliente import ImportErro
    from tests.builders import mascarar, novo_cnpj

    ger = usuario("gerente")
    s = estado(ClientesCsvState, token(ger))
    drive(s.set_importar_aberto, True)
    texto = f"Empresa;Documento\r\nOficina Leste Ltda;{mascarar(novo_cnpj())}\r\nRuim;77\r\n".encode()
    drive(s.receber_csv, [_Arquivo(texto)])
    assert s.import_etapa == "mapear" and s.import_colunas == ["Empresa", "Documento"]
    assert s.import_mapa == {"Empresa": "ignorar", "Documento": "ignorar"} and s.import_problema
    assert drive(s.confirmar_importacao) == []  # no CNPJ column yet: nothing happens
    drive(s.set_mapa, "Documento", "cnpj")
    drive(s.set_mapa, "Empresa", "razao_social")
    assert s.import_problema == "" and [a["linha"] for a in s.import_amostra] == ["2", "3"]
    assert s.import_amostra[0]["acao"] == "novo" and s.import_amostra[1]["problema"]
    drive(s.set_mapa, "Empresa", "cnpj")  # a field taken by another column is freed there
    assert s.import_mapa == {"Empresa": "cnpj", "Documento": "ignorar"}
    drive(s.set_mapa, "Empresa", "senha")  # not a field: ignored
    assert s.import_mapa["Empresa"] == "cnpj"
    # the refused rows, once an import reported them
    s._import_erros = [ImportErro(linha=3, detalhe="CNPJ inválido.").model_dump()]
    events = drive(s.baixar_rejeitadas)
    urls = re.findall(r"data:text/csv[^,]*;base64,([A-Za-z0-9+/=]+)", " ".join(str(e) for e in events))
    linhas = base64.b64decode(urls[0]).decode("utf-8-sig").splitlines()
    assert linhas == ["Empresa;Documento;motivo", "Ruim;77;CNPJ inválido."]
    drive(s.set_importar_aberto, False)
    assert s._import_bytes == b"" and s.import_etapa == "enviar"
