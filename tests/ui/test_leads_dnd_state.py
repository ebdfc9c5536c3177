"""The kanban drop handler (LeadsState.soltar_card): optimistic move, service call, rollback on a
refusal, Perdido asking the reason first. Real services and database; only the refusal is forced."""

from __future__ import annotations

from aurora_app.models.lead import LeadCreate
from aurora_app.services import leads as leads_svc
from aurora_app.services.actor import Actor
from aurora_app.services.errors import Conflict
from aurora_app.ui.state.leads import LeadsState
from tests.ui.conftest import drive as _drive
from tests.ui.conftest import estado


def _leads_state(token: str) -> LeadsState:
    return estado(LeadsState, token)


def _coluna_de(state: LeadsState, lead_id: int) -> str | None:
    return next((e for e, items in state.cards.items() for c in items if c["id"] == str(lead_id)), None)


def _setup(make_user, token_for):
    user = make_user("gerente")
    actor = Actor(id=user.id, email=user.email, nome=user.nome, papel=user.papel)
    lead = leads_svc.create(actor=actor, data=LeadCreate(nome="Lead Arrastado", empresa="Drag Ltda"))
    state = _leads_state(token_for(user))
    _drive(state.on_load)
    assert _coluna_de(state, lead.id) == "novo"
    return actor, lead, state


def test_soltar_move_o_card_e_o_servico(make_user, token_for):
    actor, lead, state = _setup(make_user, token_for)
    antes = dict(state.contagens)
    events = _drive(state.soltar_card, str(lead.id), "proposta", 0)
    assert leads_svc.get(actor=actor, lead_id=lead.id).estagio == "proposta"
    assert _coluna_de(state, lead.id) == "proposta"
    assert state.cards["proposta"][0]["id"] == str(lead.id)
    assert state.contagens["novo"] == antes["novo"] - 1 and state.contagens["proposta"] == antes["proposta"] + 1
    assert any("movido para Proposta" in str(e) for e in events)


def test_soltar_recusado_volta_o_card(make_user, token_for, monkeypatch):
    actor, lead, state = _setup(make_user, token_for)
    antes = dict(state.contagens)
    vistos: list[str | None] = []

    def recusa(**kwargs):
        vistos.append(_coluna_de(state, lead.id))  # what the browser shows while the service works
        raise Conflict("O lead foi alterado por outra pessoa.", code="conflito_versao")

    monkeypatch.setattr(leads_svc, "move", recusa)
    events = _drive(state.soltar_card, str(lead.id), "ganho", 0)
    assert vistos == ["ganho"]  # optimistic
    assert _coluna_de(state, lead.id) == "novo" and state.contagens == antes  # rolled back
    assert any("alterado por outra pessoa" in str(e) for e in events)  # the toast
    assert leads_svc.get(actor=actor, lead_id=lead.id).estagio == "novo"


def test_soltar_em_perdido_pede_o_motivo(make_user, token_for):
    actor, lead, state = _setup(make_user, token_for)
    _drive(state.soltar_card, str(lead.id), "perdido", 0)
    assert state.perda_aberto and state.perda_lead_id == lead.id and state.perda_lead_nome == "Lead Arrastado"
    assert _coluna_de(state, lead.id) == "novo"
    assert leads_svc.get(actor=actor, lead_id=lead.id).estagio == "novo"
    state.set_perda_motivo("Sem orçamento")
    _drive(state.confirmar_perda)
    lido = leads_svc.get(actor=actor, lead_id=lead.id)
    assert (lido.estagio, lido.motivo_perda) == ("perdido", "Sem orçamento")
    assert _coluna_de(state, lead.id) == "perdido"


def test_soltar_na_mesma_coluna_ou_em_estagio_invalido_nao_move(make_user, token_for):
    actor, lead, state = _setup(make_user, token_for)
    _drive(state.soltar_card, str(lead.id), "novo", 3)
    _drive(state.soltar_card, str(lead.id), "inexistente", 0)
    _drive(state.soltar_card, "999999", "ganho", 0)
    assert _coluna_de(state, lead.id) == "novo"
    assert leads_svc.get(actor=actor, lead_id=lead.id).estagio == "novo"


def test_soltar_na_mesma_coluna_reordena(make_user, token_for):
    """A drop within the card's column sends the card above as ``apos_id``: the board and the
    service agree on the new order, and no "movido" toast is shown for a reorder."""
    actor, lead, state = _setup(make_user, token_for)
    recente = leads_svc.create(actor=actor, data=LeadCreate(nome="Lead Recente"))
    _drive(state.on_load)
    assert [c["id"] for c in state.cards["novo"][:2]] == [str(recente.id), str(lead.id)]
    events = _drive(state.soltar_card, str(lead.id), "novo", 0)  # the older card to the top
    assert [c["id"] for c in state.cards["novo"][:2]] == [str(lead.id), str(recente.id)]
    assert [x.id for x in leads_svc.board(actor=actor)["novo"].items][:2] == [lead.id, recente.id]
    assert not any("movido para" in str(e) for e in events)
    _drive(state.soltar_card, str(lead.id), "novo", 1)  # and back below it
    assert [x.id for x in leads_svc.board(actor=actor)["novo"].items][:2] == [recente.id, lead.id]
