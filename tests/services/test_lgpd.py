"""LGPD console (issue 16): found in all five places, exported, anonymised, then found nowhere."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from aurora_app.ai_core import ingestion, store
from aurora_app.integrations.cnpja import ConsultaCache
from aurora_app.services import ai, clientes, dashboard, lgpd
from aurora_app.services.actor import Actor
from aurora_app.services.errors import Forbidden, Invalid
from tests.builders import actor_of, usuario
from tests.lgpd_helpers import CPF, EMAIL, NOME, TELEFONE, admin_2fa, mundo, rastros_em, rastros_no_banco


def _tipos(res: dict) -> set[str]:
    return {i["tipo"] for i in res["items"]}


def test_titular_found_everywhere_exported_anonymised_then_found_nowhere(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG)
    m = mundo()
    gerente = actor_of(usuario("gerente"))
    painel_antes = dashboard.painel(actor=gerente).model_dump()

    # 1. where the person appears: by e-mail, phone, CPF and name
    assert {"contato", "lead", "interacao"} <= _tipos(lgpd.titulares(actor=m.admin, q=EMAIL))
    assert {"contato", "lead", "interacao"} <= _tipos(lgpd.titulares(actor=m.admin, q="(11) 98765-4321"))
    assert {"interacao", "socio_cnpj"} <= _tipos(lgpd.titulares(actor=m.admin, q="529.982.247-25"))
    por_nome = lgpd.titulares(actor=m.admin, q=NOME)
    assert {"contato", "lead", "interacao", "socio_cnpj"} <= _tipos(por_nome)
    assert all(i["onde"] and i["link"] for i in por_nome["items"])
    assert store.ids_contendo(EMAIL), "the AI store holds the interaction that mentions the titular"

    # 2. export: every record with its legal basis
    exp = lgpd.exportar(actor=m.admin, email=EMAIL)
    tipos = {r["tipo"] for r in exp["registros"]}
    assert {"contato", "lead", "interacao", "socio_cnpj"} <= tipos
    contato = next(r for r in exp["registros"] if r["tipo"] == "contato")
    assert contato["base_legal"] == "consentimento" and contato["consentimento"]["origem"] == "formulário do site"
    assert next(r for r in exp["registros"] if r["tipo"] == "lead")["base_legal"]
    assert "<dl>" in lgpd.exportar_html(exp)

    # 3. anonymisation: confirmation counts, then the act
    previa = lgpd.previa_anonimizacao(actor=m.admin, email=EMAIL)
    assert previa["contatos"] == 1 and previa["leads"] == 1 and previa["interacoes"] == 2 and previa["socios_cnpj"] == 1
    res = lgpd.anonimizar(actor=m.admin, email=EMAIL, motivo=f"Pedido do titular {EMAIL} por e-mail")
    assert res["registros"] >= 5 and res["ia_pendente"] is False
    ingestion.drain()  # the worker re-embeds the scrubbed records

    # ... found nowhere: database rows (audit included), search, AI store, CNPJ cache, CSV, logs
    assert rastros_no_banco() == []
    for q in (EMAIL, TELEFONE, CPF, NOME, "529.982.247-25"):
        assert lgpd.titulares(actor=m.admin, q=q)["items"] == [], q
    assert lgpd.exportar(actor=m.admin, email=EMAIL)["registros"] == []
    for trecho in (EMAIL, NOME, "98765-4321", "529.982.247-25"):
        assert store.ids_contendo(trecho) == []
    for q in (EMAIL, NOME, "Maria Quintela CPF telefone"):
        assert rastros_em(str(ai.busca(actor=m.admin, q=q, limite=50))) == []
    socios = ConsultaCache().get(m.cnpj).consulta.socios
    assert [s.nome for s in socios] == ["JOAQUIM NETO"]
    csv = "".join(clientes.export_csv(actor=m.admin))
    assert rastros_em(csv) == []
    assert rastros_em(caplog.text) == []
    log_dir = Path(os.environ.get("LOG_DIR", "logs"))
    for f in log_dir.glob("*.log*"):
        assert rastros_em(f.read_text(errors="ignore")) == [], f

    # business figures kept: the dashboard is unchanged
    assert dashboard.painel(actor=gerente).model_dump() == painel_antes
    # the other person was not touched
    assert "joaquim" in str(lgpd.titulares(actor=m.admin, q="joaquim@outra.com.br")).lower()


def test_anonymised_records_keep_values_dates_and_stages():
    from aurora_app.services import leads

    m = mundo()
    antes = leads.get(actor=m.vendedor, lead_id=m.lead.id)
    lgpd.anonimizar(actor=m.admin, email=EMAIL, motivo="art. 18 IV")
    depois = leads.get(actor=m.vendedor, lead_id=m.lead.id)
    assert (depois.valor, depois.estagio, depois.fechado_em, depois.criado_em) == (
        antes.valor,
        antes.estagio,
        antes.fechado_em,
        antes.criado_em,
    )
    assert depois.contato.startswith("Titular anonimizado #") and depois.email is None and depois.telefone is None


def test_audit_records_counts_and_motivo_never_the_data():
    from sqlalchemy import select

    from aurora_app.core.db import session_scope
    from aurora_app.models import Auditoria

    m = mundo()
    lgpd.anonimizar(actor=m.admin, email=EMAIL, motivo=f"Titular {NOME} pediu")
    with session_scope() as s:
        row = s.execute(select(Auditoria).where(Auditoria.acao == "lgpd_anonimizacao")).scalar_one()
    assert row.usuario_id == m.admin.id and '"contatos": 1' in row.detalhes
    assert rastros_em(row.detalhes) == []


def test_permissions_admin_2fa_encarregado_others_403():
    m = mundo()
    assert lgpd.titulares(actor=m.admin, q=EMAIL)["items"]
    sem_2fa = Actor(id=m.admin.id, email=m.admin.email, nome=m.admin.nome, papel="admin", amr=("pwd",))
    with pytest.raises(Forbidden) as e:
        lgpd.titulares(actor=sem_2fa, q=EMAIL)
    assert e.value.code == "2fa_requerido"
    gerente = actor_of(usuario("gerente"))
    for actor in (m.vendedor, gerente):
        with pytest.raises(Forbidden) as e:
            lgpd.anonimizar(actor=actor, email=EMAIL, motivo="x")
        assert e.value.code == "sem_permissao"
    lgpd.definir_encarregado(actor=m.admin, usuario_id=gerente.id, encarregado=True)
    assert lgpd.titulares(actor=gerente, q=EMAIL)["items"]
    assert lgpd.pode_usar(gerente) and not lgpd.pode_usar(m.vendedor)
    with pytest.raises(Forbidden):
        lgpd.definir_encarregado(actor=gerente, usuario_id=m.vendedor.id, encarregado=True)


def test_bad_input_is_a_422():
    admin = admin_2fa()
    for q in ("", "ab", "x" * 300):
        with pytest.raises(Invalid):
            lgpd.titulares(actor=admin, q=q)
    with pytest.raises(Invalid):
        lgpd.exportar(actor=admin, email="não-é-email")
    with pytest.raises(Invalid):
        lgpd.anonimizar(actor=admin, email=EMAIL, motivo="  ")
    with pytest.raises(Invalid):
        lgpd.criar_solicitacao(actor=admin, tipo="outro", titular_email=EMAIL)
    with pytest.raises(Invalid):
        lgpd.criar_solicitacao(actor=admin, tipo="acesso")


def test_requests_register_deadline_overdue_and_handling():
    from datetime import UTC, datetime, timedelta

    admin = admin_2fa()
    nova = lgpd.criar_solicitacao(actor=admin, tipo="acesso", titular_email=EMAIL, titular_nome=NOME)
    assert nova.estado == "aberta" and (nova.prazo_em - nova.recebida_em) == timedelta(days=15) and not nova.atrasada
    velha = lgpd.criar_solicitacao(
        actor=admin,
        tipo="anonimizacao",
        titular_email="outra@pessoa.com.br",
        recebida_em=datetime.now(UTC) - timedelta(days=20),
    )
    assert velha.atrasada
    assert lgpd.contar_atrasadas() == 1
    page = lgpd.listar_solicitacoes(actor=admin, atrasadas=True)
    assert [i.id for i in page.items] == [velha.id] and page.total == 1
    feita = lgpd.atualizar_solicitacao(
        actor=admin, solicitacao_id=velha.id, estado="concluida", resposta="Anonimizado."
    )
    assert feita.concluida_em is not None and feita.responsavel_id == admin.id and not feita.atrasada
    assert lgpd.contar_atrasadas() == 0
    assert lgpd.listar_solicitacoes(actor=admin).total == 2
    # an anonymisation also scrubs the titular's own requests
    lgpd.anonimizar(actor=admin, email=EMAIL, motivo="pedido", solicitacao_id=nova.id)
    row = lgpd.listar_solicitacoes(actor=admin, estado="aberta").items[0]
    assert row.titular_email is None and row.titular_nome.startswith("Titular anonimizado #")


def test_retention_dry_run_reports_then_cli_applies_audited(capsys: pytest.CaptureFixture[str]):
    from datetime import timedelta

    from sqlalchemy import select, update

    from aurora_app import cli
    from aurora_app.core.db import session_scope
    from aurora_app.models import Auditoria, Lead
    from aurora_app.models.base import utcnow
    from aurora_app.services import leads
    from tests.builders import cria_lead

    vendedor = actor_of(usuario("vendedor"))
    velho = cria_lead(
        vendedor, nome="Negócio antigo", contato="Otávio Lins Barreto", email="otavio@antigo.com.br", valor="300"
    )
    leads.move(actor=vendedor, lead_id=velho.id, estagio="perdido", motivo_perda="Sem orçamento")
    recente = cria_lead(vendedor, nome="Negócio recente", contato="Paula Nery Campos", email="paula@recente.com.br")
    leads.move(actor=vendedor, lead_id=recente.id, estagio="perdido", motivo_perda="Preço")
    # the same person lost long ago and now negotiating again is kept
    cria_lead(vendedor, nome="Reaberto", contato="Rui Prado Lopes", email="rui@vivo.com.br")
    rui = cria_lead(vendedor, nome="Rui antigo", contato="Rui Prado Lopes", email="rui@vivo.com.br")
    leads.move(actor=vendedor, lead_id=rui.id, estagio="perdido", motivo_perda="Prazo")
    with session_scope() as s:
        s.execute(
            update(Lead).where(Lead.id.in_([velho.id, rui.id])).values(fechado_em=utcnow() - timedelta(days=6 * 366))
        )

    simulado = lgpd.retencao(anos=5)
    assert simulado["aplicado"] is False and simulado["titulares"] == 1 and simulado["contagens"]["leads"] == 1
    assert sorted(simulado["leads"]) == sorted([velho.id, rui.id])
    assert "otavio" not in str(simulado).lower()  # a report of ids and counts, no personal data
    assert leads.get(actor=vendedor, lead_id=velho.id).email == "otavio@antigo.com.br"  # the dry run changed nothing

    assert cli.main(["lgpd-retencao", "--aplicar", "--anos", "5"]) == 0
    out = capsys.readouterr().out
    assert "Aplicado" in out and "otavio" not in out.lower()
    lido = leads.get(actor=vendedor, lead_id=velho.id)
    assert lido.email is None and lido.contato.startswith("Titular anonimizado #") and lido.valor == velho.valor
    assert leads.get(actor=vendedor, lead_id=recente.id).email == "paula@recente.com.br"
    assert leads.get(actor=vendedor, lead_id=rui.id).email == "rui@vivo.com.br"
    with session_scope() as s:
        assert s.execute(select(Auditoria).where(Auditoria.acao == "lgpd_retencao_aplicada")).scalar_one()
    assert cli.main(["lgpd-retencao"]) == 0
    assert "titulares a anonimizar: 0" in capsys.readouterr().out


def test_consent_history_and_revocation_open_a_request():
    from aurora_app.models.contato import ContatoUpdate
    from aurora_app.services import contatos

    m = mundo()
    assert [h.evento for h in lgpd.historico_consentimento(actor=m.vendedor, contato_id=m.contato.id)] == ["registrado"]
    outro = actor_of(usuario("vendedor"))
    with pytest.raises(Forbidden):
        lgpd.revogar_consentimento(actor=outro, contato_id=m.contato.id)
    res = lgpd.revogar_consentimento(actor=m.vendedor, contato_id=m.contato.id)
    assert contatos.get(actor=m.vendedor, contato_id=m.contato.id).consentimento_revogado_em is not None
    with pytest.raises(Invalid):
        lgpd.revogar_consentimento(actor=m.vendedor, contato_id=m.contato.id)
    sol = lgpd.listar_solicitacoes(actor=m.admin).items[0]
    assert sol.id == res["solicitacao_id"] and sol.tipo == "revogacao_consentimento" and sol.estado == "aberta"
    # the exported record carries the whole history
    exp = lgpd.exportar(actor=m.admin, email=EMAIL)
    contato = next(r for r in exp["registros"] if r["tipo"] == "contato")
    assert [h["evento"] for h in contato["historico_consentimento"]] == ["registrado", "revogado"]
    assert contato["consentimento"]["revogado_em"]
    # another basis settles it
    contatos.update(actor=m.vendedor, contato_id=m.contato.id, data=ContatoUpdate(base_legal="execucao_contrato"))
    lido = contatos.get(actor=m.vendedor, contato_id=m.contato.id)
    assert lido.consentimento_revogado_em is None and lido.base_legal == "execucao_contrato"
    eventos = [
        (h.evento, h.base_legal) for h in lgpd.historico_consentimento(actor=m.vendedor, contato_id=m.contato.id)
    ]
    assert eventos[-1] == ("alterado", "execucao_contrato")
    with pytest.raises(Invalid):
        lgpd.revogar_consentimento(actor=m.vendedor, contato_id=m.contato.id)
