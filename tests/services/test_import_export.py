"""CSV import (upsert by CNPJ, bad rows reported, encodings, delimiters, 10k rows) and export."""

from __future__ import annotations

import csv
import io
import time

import pytest
from sqlalchemy import select

from aurora_app.core.db import session_scope
from aurora_app.models import Auditoria
from aurora_app.models.cliente import ClienteUpdate
from aurora_app.services import clientes, csv_io
from aurora_app.services.clientes import PayloadTooLarge
from aurora_app.services.errors import Invalid
from tests.builders import cria_cliente, cria_lead, mascarar, novo_cnpj


def _csv(rows: list[list[str]], delim: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delim, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


HEADER = ["cnpj", "razao_social", "nome_fantasia", "email", "telefone", "cep", "municipio", "uf"]


def test_importa_utf8_com_bom_e_ponto_e_virgula(vendedor):
    a, b = novo_cnpj(), novo_cnpj(True)
    text = _csv(
        [
            HEADER,
            [mascarar(a), "Ipê Comércio Ltda", "Ipê", "a@ipe.com.br", "(11) 3333-4444", "01310-100", "São Paulo", "sp"],
            [b.lower(), "Alfa Ltda", "", "", "", "", "", ""],
        ],
        ";",
    )
    r = clientes.import_csv(actor=vendedor, content=("\ufeff" + text).encode("utf-8"))
    assert (r.criados, r.atualizados, r.erros) == (2, 0, [])
    c = clientes.find_live_by_cnpj(cnpj=a)
    assert (c.razao_social, c.uf, c.cep, c.telefone, c.responsavel_id) == (
        "Ipê Comércio Ltda",
        "SP",
        "01310100",
        "1133334444",
        vendedor.id,
    )
    assert clientes.list_clientes(actor=vendedor, busca="ipe comercio").total == 1
    with session_scope() as s:
        assert s.execute(select(Auditoria).where(Auditoria.acao == "clientes_importados")).scalar_one()


def test_importa_latin1_com_virgula_e_cabecalho_em_portugues(vendedor):
    a = novo_cnpj()
    text = "CNPJ,Razão Social,Município,Estado\r\n" + f"{a},Açúcar & Café Ltda,São José,SC\r\n"
    r = clientes.import_csv(actor=vendedor, content=text.encode("latin-1"))
    assert (r.criados, r.erros) == (1, [])
    c = clientes.find_live_by_cnpj(cnpj=a)
    assert (c.razao_social, c.municipio, c.uf) == ("Açúcar & Café Ltda", "São José", "SC")


def test_linhas_ruins_nao_bloqueiam_as_boas_nem_ficam_pela_metade(vendedor):
    ok1, ok2, dup = novo_cnpj(), novo_cnpj(), novo_cnpj()
    text = _csv(
        [
            HEADER,
            [ok1, "Boa Um", "", "", "", "", "", ""],  # 2
            ["11.222.333/0001-00", "DV errado", "", "", "", "", "", ""],  # 3
            [dup, "Primeira", "", "", "", "", "", ""],  # 4
            [dup, "Repetida no arquivo", "", "", "", "", "", ""],  # 5
            [novo_cnpj(), "Email ruim", "", "nao-e-email", "", "", "", ""],  # 6
            [novo_cnpj(), "", "", "", "", "", "", ""],  # 7 no razão social
            [novo_cnpj(), "UF ruim", "", "", "", "", "", "XX"],  # 8
            ["", "", "", "", "", "", "", ""],  # 9 blank: skipped
            [ok2, "Boa Dois", "", "", "", "", "", "RJ"],  # 10
        ]
    )
    r = clientes.import_csv(actor=vendedor, content=text.encode())
    assert r.criados == 3 and r.atualizados == 0
    assert [e.linha for e in r.erros] == [3, 5, 6, 7, 8]
    detalhes = {e.linha: e.detalhe for e in r.erros}
    assert "dígitos verificadores" in detalhes[3]
    assert "repetido no arquivo" in detalhes[5] and "linha 4" in detalhes[5]
    assert "e-mail" in detalhes[6].lower() and "UF" in detalhes[8]
    assert clientes.find_live_by_cnpj(cnpj=dup).razao_social == "Primeira"
    assert clientes.list_clientes(actor=vendedor).total == 3


def test_upsert_atualiza_existentes_e_respeita_permissao(vendedor, gerente):
    meu = cria_cliente(vendedor, razao_social="Minha Antiga", email="x@y.com.br")
    alheio = cria_cliente(gerente, razao_social="Do Gerente")
    text = _csv(
        [
            HEADER,
            [mascarar(meu.cnpj), "Minha Nova", "", "", "", "", "", "MG"],
            [alheio.cnpj, "Tentativa", "", "", "", "", "", ""],
        ]
    )
    r = clientes.import_csv(actor=vendedor, content=text.encode())
    assert (r.criados, r.atualizados) == (0, 1)
    assert len(r.erros) == 1 and r.erros[0].linha == 3 and "permissão" in r.erros[0].detalhe.lower()
    atual = clientes.get(actor=vendedor, cliente_id=meu.id)
    assert (atual.razao_social, atual.uf, atual.email, atual.versao) == ("Minha Nova", "MG", "x@y.com.br", 2)
    assert clientes.list_clientes(actor=vendedor, busca="minha nova").total == 1
    r2 = clientes.import_csv(actor=gerente, content=text.encode())
    assert (r2.atualizados, r2.inalterados, r2.erros) == (1, 1, [])


def test_linha_com_colunas_demais_e_aspas_multilinha(vendedor):
    a, b = novo_cnpj(), novo_cnpj()
    text = f'cnpj;razao_social;logradouro\n{a};Uma;"Rua A\nBloco 2"\n{b};Duas;x;extra\n'
    r = clientes.import_csv(actor=vendedor, content=text.encode())
    assert r.criados == 1 and [e.linha for e in r.erros] == [4]
    assert clientes.find_live_by_cnpj(cnpj=a).logradouro == "Rua A Bloco 2"  # line break → space


def test_sem_coluna_cnpj_e_arquivo_grande(vendedor):
    with pytest.raises(Invalid) as exc:
        clientes.import_csv(actor=vendedor, content=b"nome,email\nx,y\n")
    assert exc.value.code == "csv_sem_cnpj"
    with pytest.raises(PayloadTooLarge) as exc2:
        clientes.import_csv(actor=vendedor, content=b"cnpj\n" + b"1" * (10 * 1024 * 1024 + 1))
    assert exc2.value.status == 413


@pytest.mark.slow
def test_importa_10_mil_linhas_numa_requisicao(vendedor):
    rows = [HEADER] + [
        [
            novo_cnpj(),
            f"Empresa {i} Ltda",
            f"Fantasia {i}",
            f"c{i}@e.com.br",
            "11987654321",
            "01310100",
            "São Paulo",
            "SP",
        ]
        for i in range(10_000)
    ]
    content = _csv(rows, ";").encode("utf-8")
    t0 = time.perf_counter()
    r = clientes.import_csv(actor=vendedor, content=content)
    first = time.perf_counter() - t0
    assert (r.criados, r.erros) == (10_000, [])
    t0 = time.perf_counter()
    r2 = clientes.import_csv(actor=vendedor, content=content.replace(b"Ltda", b"S.A."))  # all updates now
    second = time.perf_counter() - t0
    assert (r2.criados, r2.atualizados, r2.erros) == (0, 10_000, [])
    r3 = clientes.import_csv(actor=vendedor, content=content.replace(b"Ltda", b"S.A."))  # nothing changes
    assert (r3.criados, r3.atualizados, r3.inalterados) == (0, 0, 10_000)
    assert clientes.list_clientes(actor=vendedor).total == 10_000
    print(f"\n10k import: inserts {first:.2f}s, updates {second:.2f}s")
    assert first < 60 and second < 60


# --- export ---------------------------------------------------------------------------------


def test_exporta_para_excel_com_filtro_e_auditoria(vendedor, gerente):
    cria_cliente(
        vendedor,
        razao_social='=HYPERLINK("http://mal")',
        nome_fantasia="+cmd",
        uf="SP",
        telefone="11987654321",
        cep="01310100",
    )
    cria_cliente(vendedor, razao_social="Ipê Ltda", nome_fantasia="@soma", uf="RJ")
    out = "".join(clientes.export_csv(actor=gerente, uf="SP"))
    assert out.startswith("\ufeffcnpj;razao_social;")
    assert out.endswith("\r\n") and "\r\n" in out and "\n" not in out.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["razao_social"].startswith("'=") and row["nome_fantasia"] == "'+cmd"
    assert row["telefone"] == "(11) 98765-4321" and row["cep"] == "01310-100" and row["cnpj"].count(".") == 2
    with session_scope() as s:
        audit = s.execute(select(Auditoria).where(Auditoria.acao == "clientes_exportados")).scalar_one()
    assert audit.usuario_id == gerente.id and "SP" in audit.detalhes


def test_exporta_muitas_paginas_e_reimporta(vendedor, gerente):
    ids = {cria_cliente(vendedor, razao_social=f"Cliente {i}").id for i in range(25)}
    csv_io.EXPORT_LOTE, old = 10, csv_io.EXPORT_LOTE
    try:
        chunks = list(clientes.export_csv(actor=gerente))
    finally:
        csv_io.EXPORT_LOTE = old
    assert len(chunks) == 1 + 3  # header + 3 pages
    out = "".join(chunks)
    assert out.count("\r\n") == 26
    r = clientes.import_csv(actor=vendedor, content=out.encode("utf-8"))  # round trip: BOM, ';', masks
    assert (r.criados, r.atualizados, r.inalterados, r.erros) == (0, 0, 25, [])
    assert {c.id for c in clientes.list_clientes(actor=vendedor, limite=200).items} == ids


def test_export_valida_filtros_antes_de_transmitir(gerente):
    with pytest.raises(Invalid):
        clientes.export_csv(actor=gerente, uf="ZZ")


def test_quem_exporta_e_uma_regra_configuravel(vendedor, gerente, admin, monkeypatch):
    """Gerente and admin export by default; a vendedor gets 403 (nothing audited); EXPORT_PAPEIS
    widens or narrows it; a malformed setting is refused at start."""
    from pydantic import ValidationError

    from aurora_app.core.config import Settings, reset_settings_cache
    from aurora_app.services.errors import Forbidden

    with pytest.raises(Forbidden):
        clientes.export_csv(actor=vendedor)
    with session_scope() as s:
        assert s.execute(select(Auditoria).where(Auditoria.acao == "clientes_exportados")).first() is None
    assert list(clientes.export_csv(actor=admin)) and list(clientes.export_csv(actor=gerente))
    monkeypatch.setenv("EXPORT_PAPEIS", "vendedor, admin")
    reset_settings_cache()
    try:
        assert list(clientes.export_csv(actor=vendedor))
        with pytest.raises(Forbidden):
            clientes.export_csv(actor=gerente)
    finally:
        monkeypatch.delenv("EXPORT_PAPEIS")
        reset_settings_cache()
    with pytest.raises(ValidationError):
        Settings(EXPORT_PAPEIS="todos")


def test_import_quando_cliente_muda_no_meio(vendedor, monkeypatch):
    c = cria_cliente(vendedor)
    real = clientes.ClienteUpdate.model_validate

    def racing(data, *a, **kw):
        clientes.update(actor=vendedor, cliente_id=c.id, data=ClienteUpdate(versao=1, porte="EPP"))
        monkeypatch.setattr(clientes.ClienteUpdate, "model_validate", real)
        return real(data, *a, **kw)

    monkeypatch.setattr(clientes.ClienteUpdate, "model_validate", racing)
    r = clientes.import_csv(actor=vendedor, content=_csv([["cnpj", "razao_social"], [c.cnpj, "Nova"]]).encode())
    assert r.atualizados == 0 and len(r.erros) == 1 and "outra pessoa" in r.erros[0].detalhe


def test_resumo_da_importacao_conta_cada_linha(vendedor, gerente):
    """5 data rows: 1 created, 1 updated, 1 unchanged, 2 errors — and they add up, in the audit too."""
    mudar = cria_cliente(vendedor, razao_social="Vai Mudar")
    igual = cria_cliente(vendedor, razao_social="Fica Igual")
    text = _csv(
        [
            ["cnpj", "razao_social"],
            [novo_cnpj(), "Nova Ltda"],
            [mudar.cnpj, "Mudou Ltda"],
            [igual.cnpj, "Fica Igual"],
            ["123", "CNPJ ruim"],
            [novo_cnpj(), ""],
            ["", ""],
        ]
    )
    r = clientes.import_csv(actor=vendedor, content=text.encode())
    assert (r.linhas, r.criados, r.atualizados, r.inalterados, len(r.erros)) == (5, 1, 1, 1, 2)
    assert r.criados + r.atualizados + r.inalterados + len(r.erros) == r.linhas
    again = clientes.import_csv(actor=vendedor, content=text.encode())
    assert (again.linhas, again.criados, again.atualizados, again.inalterados, len(again.erros)) == (5, 0, 0, 3, 2)
    with session_scope() as s:
        row = (
            s.execute(select(Auditoria).where(Auditoria.acao == "clientes_importados").order_by(Auditoria.id.desc()))
            .scalars()
            .first()
        )
    assert '"inalterados": 3' in row.detalhes and '"linhas": 5' in row.detalhes


def test_importar_com_mapeamento_amostra_e_linhas_rejeitadas(vendedor):
    """Headers the automatic match does not know are mapped by hand; the analysis shows the first
    rows with their problems without writing; the import with that mapping creates the good rows,
    and the refused ones come back as CSV with the reason."""
    boa, outra = novo_cnpj(), novo_cnpj()
    texto = (
        "Empresa;Documento;Cidade;Observação\r\n"
        f"Pousada Azul Ltda;{mascarar(boa)};Ubatuba;cliente antigo\r\n"
        "Sem Documento Ltda;123;Santos;\r\n"
        f'=HYPERLINK("x");{mascarar(outra)};;\r\n'
        f";{novo_cnpj()};Bertioga;sem nome\r\n"
    ).encode()
    auto = clientes.analisar_csv(actor=vendedor, content=texto)
    assert auto.colunas == ["Empresa", "Documento", "Cidade", "Observação"]
    assert auto.mapeamento == {"Empresa": None, "Documento": None, "Cidade": "municipio", "Observação": None}
    assert auto.problema and auto.amostra == []
    mapa = {"Empresa": "razao_social", "Documento": "cnpj", "Cidade": "municipio", "Observação": None}
    analise = clientes.analisar_csv(actor=vendedor, content=texto, mapeamento=mapa)
    assert analise.problema == "" and [a.linha for a in analise.amostra] == [2, 3, 4, 5]
    assert analise.amostra[0].valores["razao_social"] == "Pousada Azul Ltda" and analise.amostra[0].problema == ""
    assert "CNPJ" in analise.amostra[1].problema and analise.amostra[3].problema
    assert clientes.list_clientes(actor=vendedor).total == 0  # nothing written by the analysis

    r = clientes.import_csv(actor=vendedor, content=texto, mapeamento=mapa)
    assert (r.criados, [e.linha for e in r.erros]) == (2, [3, 5])
    assert clientes.find_live_by_cnpj(cnpj=boa).municipio == "Ubatuba"
    rejeitadas = clientes.linhas_rejeitadas_csv(content=texto, erros=r.erros)
    linhas = rejeitadas.lstrip("\ufeff").splitlines()
    assert linhas[0] == "Empresa;Documento;Cidade;Observação;motivo"
    assert linhas[1].startswith("Sem Documento Ltda;123;Santos;;") and "CNPJ" in linhas[1]
    assert linhas[2].startswith(";") and len(linhas) == 3

    for ruim in ({"Empresa": "senha"}, {"Empresa": "cnpj", "Documento": "cnpj"}):
        with pytest.raises(Invalid) as exc:
            clientes.analisar_csv(actor=vendedor, content=texto, mapeamento=ruim)
        assert exc.value.extra["campo"] == "mapeamento"


def test_responsavel_por_email_segue_as_regras_do_formulario(vendedor, outro, gerente):
    """The ``responsavel`` column (an active user's e-mail, any case) sets the owner: a gerente
    registers and reassigns anyone; a vendedor registers only in their own name and never hands a
    cliente to someone else; an unknown or inactive e-mail is a refused row with the reason. The
    analysis shows the same problems before anything is written."""
    a, b, c, d = novo_cnpj(), novo_cnpj(), novo_cnpj(), novo_cnpj()
    texto = (
        "cnpj;razao_social;E-mail do responsável\r\n"
        f"{a};Alfa Ltda;{outro.email.upper()}\r\n"
        f"{b};Beta Ltda;\r\n"
        f"{c};Gama Ltda;ninguem@aurora.dev\r\n"
    ).encode()
    analise = clientes.analisar_csv(actor=gerente, content=texto)
    assert analise.mapeamento["E-mail do responsável"] == "responsavel"
    assert [a.problema for a in analise.amostra][:2] == ["", ""]
    assert "ninguem@aurora.dev não é um usuário ativo" in analise.amostra[2].problema
    r = clientes.import_csv(actor=gerente, content=texto)
    assert r.criados == 2 and [e.linha for e in r.erros] == [4]
    assert clientes.find_live_by_cnpj(cnpj=a).responsavel_id == outro.id
    assert clientes.find_live_by_cnpj(cnpj=b).responsavel_id == gerente.id

    # a gerente reassigns through the file; a vendedor may not
    mover = f"cnpj;responsavel\r\n{a};{vendedor.email}\r\n".encode()
    assert clientes.import_csv(actor=outro, content=mover).erros[0].detalhe.startswith("Sem permissão para reatribuir")
    r = clientes.import_csv(actor=gerente, content=mover)
    assert r.atualizados == 1 and clientes.find_live_by_cnpj(cnpj=a).responsavel_id == vendedor.id
    assert clientes.import_csv(actor=gerente, content=mover).inalterados == 1

    novo = f"cnpj;razao_social;responsavel\r\n{d};Delta Ltda;{outro.email}\r\n".encode()
    analise = clientes.analisar_csv(actor=vendedor, content=novo)
    assert "apenas sob sua própria responsabilidade" in analise.amostra[0].problema
    r = clientes.import_csv(actor=vendedor, content=novo)
    assert r.criados == 0 and "apenas sob sua própria responsabilidade" in r.erros[0].detalhe
    assert clientes.find_live_by_cnpj(cnpj=d) is None
    proprio = f"cnpj;razao_social;responsavel\r\n{d};Delta Ltda;{vendedor.email}\r\n".encode()
    assert clientes.import_csv(actor=vendedor, content=proprio).criados == 1

    # the export carries the e-mail back, so an exported file imports unchanged
    out = "".join(clientes.export_csv(actor=gerente))
    cab = out.lstrip("\ufeff").split("\r\n", 1)[0].split(";")
    assert cab[-3:] == ["responsavel_nome", "responsavel_email", "criado_em"]
    assert clientes.import_csv(actor=gerente, content=out.encode()).inalterados == 3


def test_exportar_leads_escopo_selecao_e_auditoria(vendedor, outro, gerente, monkeypatch):
    """The leads export follows the list: a vendedor allowed to export (EXPORT_PAPEIS) still gets
    only their own leads, even naming someone else's ids; the selection narrows it; audited."""
    from aurora_app.core.config import reset_settings_cache
    from aurora_app.services import leads

    meu = cria_lead(vendedor, nome="Meu lead", valor="1500.00", previsao_fechamento="2027-02-28")
    alheio = cria_lead(outro, nome="Lead alheio")
    linhas = "".join(leads.export_csv(actor=gerente, ids=[meu.id, alheio.id])).lstrip("\ufeff").splitlines()
    assert len(linhas) == 3 and linhas[0] == ";".join(leads.EXPORT_COLUNAS)
    assert "Meu lead;" in linhas[1] + linhas[2] and ";1500,00;" in "".join(linhas) and ";28/02/2027;" in "".join(linhas)
    monkeypatch.setenv("EXPORT_PAPEIS", "vendedor,gerente,admin")
    reset_settings_cache()
    try:
        linhas = "".join(leads.export_csv(actor=vendedor, ids=[meu.id, alheio.id])).lstrip("\ufeff").splitlines()
        assert len(linhas) == 2 and linhas[1].startswith("Meu lead;")
        assert len("".join(leads.export_csv(actor=vendedor)).lstrip("\ufeff").splitlines()) == 2
    finally:
        monkeypatch.delenv("EXPORT_PAPEIS")
        reset_settings_cache()
    with session_scope() as s:
        detalhes = [
            a.detalhes for a in s.execute(select(Auditoria).where(Auditoria.acao == "leads_exportados")).scalars()
        ]
    assert len(detalhes) == 3 and '"selecionados": 2' in detalhes[0]
    with pytest.raises(Invalid):
        leads.export_csv(actor=gerente, ids=[])


def test_progresso_da_importacao_avanca_ate_o_fim(vendedor, monkeypatch):
    """``progresso(settled, rows)``: after the checks, then after each batch, never backwards,
    ending at every row (the page's progress bar)."""
    monkeypatch.setattr(clientes, "LOTE", 100)
    linhas = [["cnpj", "razao_social"], *[[novo_cnpj(), f"Progresso {i} Ltda"] for i in range(250)], ["123", "Ruim"]]
    chamadas: list[tuple[int, int]] = []
    r = clientes.import_csv(
        actor=vendedor, content=_csv(linhas).encode(), progresso=lambda f, t: chamadas.append((f, t))
    )
    assert r.criados == 250 and len(r.erros) == 1
    assert chamadas[0] == (1, 251) and chamadas[-1] == (251, 251) and len(chamadas) == 4  # checks + 3 batches
    assert [f for f, _ in chamadas] == sorted(f for f, _ in chamadas)
