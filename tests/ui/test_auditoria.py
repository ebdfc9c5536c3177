"""The audit log as /admin shows it: pt-BR names, readable records, "campo: de → para"."""

from __future__ import annotations

import json

from aurora_app.services.usuarios import ACOES_AUDITORIA
from aurora_app.ui import auditoria


def test_toda_acao_conhecida_tem_rotulo_pt_br():
    assert all(a in auditoria.ACOES for a in ACOES_AUDITORIA)
    assert auditoria.rotulo_acao("lead_alterado") == "Lead alterado"
    assert auditoria.rotulo_acao("contato_criado") == "Contato criado"  # unknown code still readable


def test_registro_legivel_para_acoes_em_lote():
    assert auditoria.registro("clientes_importados", "cliente", None, None) == "Clientes (importação de arquivo)"
    assert auditoria.registro("clientes_exportados", "cliente", "None", None) == "Clientes (exportação)"
    assert "None" not in auditoria.registro("leads_lote", "lead", None, None)
    assert (
        auditoria.registro("lead_alterado", "lead", "12", json.dumps({"nome": "Contrato X"})) == "Lead #12 · Contrato X"
    )
    assert auditoria.registro("login_sucesso", None, None, None) == "—"


def test_descreve_mudancas_de_para():
    detalhes = json.dumps(
        {
            "nome": "X",
            "mudancas": {
                "responsavel_id": {"de": "Ana (#3)", "para": "Bruno (#5)"},
                "valor": {"de": "1500.00", "para": "2000.50"},
                "previsao_fechamento": {"de": None, "para": "2026-12-31"},
            },
        }
    )
    texto = auditoria.descrever("lead_alterado", detalhes)
    assert texto.splitlines() == [
        "Responsável: Ana (#3) → Bruno (#5)",
        "Valor: R$ 1.500,00 → R$ 2.000,50",
        "Previsão de fechamento: (vazio) → 31/12/2026",
    ]
    assert (
        auditoria.descrever("lead_movido", json.dumps({"de": "novo", "para": "perdido"})) == "Estágio: Novo → Perdido"
    )
    assert (
        auditoria.descrever(
            "usuario_papel_alterado", json.dumps({"de": "vendedor", "para": "gerente", "email": "a@b.c"})
        )
        == "Papel: Vendedor → Gerente\nE-mail: a@b.c"
    )
    resumo = auditoria.descrever(
        "clientes_importados", json.dumps({"linhas": 5, "criados": 1, "atualizados": 1, "inalterados": 1, "erros": 2})
    )
    assert resumo == "5 linhas: 1 criado, 1 atualizado, 1 inalterado, 2 com erro"
    assert auditoria.descrever("clientes_exportados", json.dumps({"filtros": {}})) == "Todos os clientes (sem filtros)"
