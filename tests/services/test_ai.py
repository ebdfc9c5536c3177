"""AI use cases over a real embedded Chroma (hash embedding): grounded suggestions, permission
filtering inside retrieval, search, and votes that re-rank later suggestions."""

from __future__ import annotations

import pytest

from aurora_app.ai_core import ingestion
from aurora_app.services import ai, leads
from aurora_app.services.errors import Invalid, NotFound
from tests.ai_helpers import CONFIDENCIAL, mundo, textos
from tests.builders import actor_of, usuario


def test_lead_recebe_proximo_passo_de_negocios_ganhos_e_motivos_de_perda_recorrentes():
    m = mundo()
    res = ai.sugestoes(actor=m.dono, lead_id=m.alvo.id)
    items = res["items"]
    assert items and res["aviso"] is None
    tipos = {i["tipo"] for i in items}
    assert {"proximo_passo", "negocio_ganho", "negocio_perdido", "motivo_perda"} <= tipos
    passo = next(i for i in items if i["id"].startswith("proximo_passo:interacao:"))
    assert passo["texto"].startswith("Próximo passo:")
    assert passo["fontes"][0]["lead_id"] == m.ganho.id and passo["fontes"][0]["tipo"] == "interacao"
    motivo = next(i for i in items if i["tipo"] == "motivo_perda")
    assert "Preço acima do orçamento" in motivo["texto"]
    assert {f["id"] for f in motivo["fontes"]} == {p.id for p in m.perdidos}
    for item in items:
        assert item["fontes"] and all(f["trecho"] for f in item["fontes"])
        assert m.alvo.id not in {f["lead_id"] for f in item["fontes"]}  # never the lead itself


def test_nota_confidencial_do_colega_nunca_aparece_para_o_vendedor():
    m = mundo()
    for_dono = ai.sugestoes(actor=m.dono, lead_id=m.alvo.id)["items"]
    busca = ai.busca(actor=m.dono, q="comissão por fora para o diretor da farmácia", limite=50)["items"]
    cliente = ai.sugestoes(actor=m.dono, cliente_id=m.cliente.id)["items"]
    assert CONFIDENCIAL not in textos(for_dono) + textos(cliente)
    assert all(CONFIDENCIAL not in h["trecho"] and h["lead_id"] != m.confidencial.id for h in busca)
    assert busca  # the search did run and found what the vendedor may read
    with pytest.raises(NotFound):
        ai.sugestoes(actor=m.dono, lead_id=m.confidencial.id)
    # the gerente reads everything, the colleague reads their own lead
    assert any(
        h["lead_id"] == m.confidencial.id for h in ai.busca(actor=m.gerente, q="comissão por fora", limite=50)["items"]
    )
    assert any(
        h["lead_id"] == m.confidencial.id for h in ai.busca(actor=m.colega, q="comissão por fora", limite=50)["items"]
    )


def test_lead_reatribuido_leva_sua_linha_do_tempo_junto():
    m = mundo()
    from aurora_app.models.lead import LeadUpdate

    leads.update(
        actor=m.gerente,
        lead_id=m.confidencial.id,
        data=LeadUpdate(responsavel_id=m.dono.id, versao=m.confidencial.versao),
    )
    # until the worker runs, the store still files the lead under the colleague
    assert (
        any(
            h["lead_id"] == m.confidencial.id for h in ai.busca(actor=m.dono, q="comissão por fora", limite=50)["items"]
        )
        is False
    )
    ingestion.drain()
    assert any(
        h["lead_id"] == m.confidencial.id for h in ai.busca(actor=m.dono, q="comissão por fora", limite=50)["items"]
    )
    assert not any(
        h["lead_id"] == m.confidencial.id for h in ai.busca(actor=m.colega, q="comissão por fora", limite=50)["items"]
    )


def test_lead_removido_some_da_busca():
    m = mundo()
    leads.delete(actor=m.dono, lead_id=m.ganho.id)
    ingestion.drain()
    hits = ai.busca(actor=m.gerente, q="reunião diretoria financeira módulo fiscal", limite=50)["items"]
    assert all(h["lead_id"] != m.ganho.id for h in hits)


def test_cliente_recebe_parecidos_notas_e_tarefas_atrasadas():
    from datetime import UTC, datetime, timedelta

    from aurora_app.models.interacao import InteracaoCreate
    from aurora_app.services import interacoes
    from tests.builders import cria_cliente

    m = mundo()
    cria_cliente(
        m.colega,
        razao_social="Farmácia Popular do Bairro Ltda",
        cnae_principal="Comércio varejista de produtos farmacêuticos",
    )
    ingestion.drain()
    vencida = interacoes.add(
        actor=m.dono,
        cliente_id=m.cliente.id,
        data=InteracaoCreate(
            tipo="tarefa", descricao="Enviar contrato revisado", vence_em=datetime.now(UTC) + timedelta(days=1)
        ),
    )
    from aurora_app.core.db import session_scope
    from aurora_app.models import Interacao

    with session_scope() as s:  # the task's due date passes
        s.get(Interacao, vencida.id).vence_em = datetime.now(UTC) - timedelta(days=2)
    interacoes.add(
        actor=m.dono,
        cliente_id=m.cliente.id,
        data=InteracaoCreate(tipo="tarefa", descricao="Ligar para o comprador até 01/02/2020 sobre a renovação"),
    )
    ingestion.drain()
    items = ai.sugestoes(actor=m.colega, cliente_id=m.cliente.id)["items"]
    tipos = [i["tipo"] for i in items]
    assert tipos.count("tarefa_atrasada") == 2
    assert "cliente_parecido" in tipos and "nota_relevante" in tipos
    assert any("01/02/2020" in i["texto"] for i in items)


def test_votos_mudam_a_ordem_das_sugestoes_para_todos_e_mais_para_quem_votou():
    m = mundo()
    antes = ai.sugestoes(actor=m.dono, lead_id=m.alvo.id)["items"]
    alvo = antes[0]
    votantes = [m.dono, *(actor_of(usuario("gerente")) for _ in range(3))]
    for v in votantes:
        ai.votar(actor=v, sugestao_id=alvo["id"], voto=-1)
    depois = ai.sugestoes(actor=m.dono, lead_id=m.alvo.id)["items"]
    pos = [i["id"] for i in depois].index(alvo["id"]) if alvo["id"] in [i["id"] for i in depois] else len(depois)
    assert pos > 0
    caiu = next((i["score"] for i in depois if i["id"] == alvo["id"]), None)
    assert caiu is None or caiu < alvo["score"]
    # the one just below the top rises to the top after up-votes
    subir = depois[1]
    for v in votantes:
        ai.votar(actor=v, sugestao_id=subir["id"], voto=1)
    final = ai.sugestoes(actor=m.dono, lead_id=m.alvo.id)["items"]
    assert final[0]["id"] == subir["id"] and final[0]["score"] > subir["score"]
    # and the down-voted one can come back up when the same people change their minds
    for v in votantes:
        ai.votar(actor=v, sugestao_id=alvo["id"], voto=1)
    de_volta = {i["id"]: i["score"] for i in ai.sugestoes(actor=m.dono, lead_id=m.alvo.id)["items"]}
    assert de_volta[alvo["id"]] > alvo["score"]
    # another user sees the team's votes too, but less than the voter's own
    outro = actor_of(usuario("gerente"))
    visto = {i["id"]: i["score"] for i in ai.sugestoes(actor=outro, lead_id=m.alvo.id)["items"]}
    assert subir["score"] < visto[subir["id"]] < final[0]["score"]


def test_voto_invalido_e_fonte_ilegivel():
    m = mundo()
    for voto in (0, 2, True, "1"):
        with pytest.raises(Invalid):
            ai.votar(actor=m.dono, sugestao_id="proximo_passo:interacao:1", voto=voto)
    for sid in ("", "x", "DROP TABLE", "proximo_passo:interacao:" + "9" * 40):
        with pytest.raises((Invalid, NotFound)):
            ai.votar(actor=m.dono, sugestao_id=sid, voto=1)
    with pytest.raises(NotFound):
        ai.votar(actor=m.dono, sugestao_id=f"negocio_ganho:lead:{m.confidencial.id}", voto=1)
    with pytest.raises(Invalid):
        ai.sugestoes(actor=m.dono)
    with pytest.raises(Invalid):
        ai.busca(actor=m.dono, q="   ")


def test_sugestoes_em_cache_ate_uma_ingestao_ou_voto(monkeypatch):
    """Opening the same lead again reuses the answer (no embedding, no Chroma query); a new
    ingestion batch or a vote makes the next load recompute it. Who may read is checked always."""
    from aurora_app.ai_core import suggestions
    from aurora_app.models.interacao import InteracaoCreate
    from aurora_app.services import interacoes

    m = mundo()
    chamadas: list[int] = []
    original = suggestions.para_lead
    monkeypatch.setattr(suggestions, "para_lead", lambda *a, **k: chamadas.append(1) or original(*a, **k))
    primeira = ai.sugestoes(actor=m.dono, lead_id=m.alvo.id)
    assert ai.sugestoes(actor=m.dono, lead_id=m.alvo.id) == primeira and len(chamadas) == 1
    with pytest.raises(NotFound):  # the cache never answers for a lead the caller may not read
        ai.sugestoes(actor=m.colega, lead_id=m.alvo.id)
    interacoes.add(
        actor=m.dono, lead_id=m.ganho.id, data=InteracaoCreate(tipo="nota", descricao="Cliente pediu treinamento extra")
    )
    ingestion.drain()
    ai.sugestoes(actor=m.dono, lead_id=m.alvo.id)
    assert len(chamadas) == 2
    ai.votar(actor=m.dono, sugestao_id=primeira["items"][0]["id"], voto=1)
    ai.sugestoes(actor=m.dono, lead_id=m.alvo.id)
    assert len(chamadas) == 3
