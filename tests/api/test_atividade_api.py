"""REST: GET /leads/sem-atividade (a vendedor's own, the team's for a gerente)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from aurora_app.core.db import session_scope
from aurora_app.models import Lead
from aurora_app.models.base import utcnow

API = "/api/v1"


def _lead_antigo(client, h, nome, dias):
    lead = client.post(f"{API}/leads", json={"nome": nome}, headers=h).json()
    with session_scope() as s:
        s.execute(update(Lead).where(Lead.id == lead["id"]).values(criado_em=utcnow() - timedelta(days=dias)))
    return lead


def test_leads_sem_atividade(client, vend, vend2, ger):
    meu = _lead_antigo(client, vend[1], "Hotel X", 9)
    dele = _lead_antigo(client, vend2[1], "Pousada Y", 30)
    r = client.get(f"{API}/leads/sem-atividade", headers=vend[1])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["dias"] == 7 and body["total"] == 1
    assert body["items"][0]["id"] == meu["id"] and body["items"][0]["dias_sem_atividade"] == 9
    assert body["items"][0]["ultima_atividade_em"] is None
    r = client.get(f"{API}/leads/sem-atividade", params={"limite": 1}, headers=ger[1])
    assert [i["id"] for i in r.json()["items"]] == [dele["id"]] and r.json()["total"] == 2
    r = client.get(f"{API}/leads/sem-atividade", params={"responsavel_id": vend2[0].id}, headers=vend[1])
    assert r.status_code == 403 and r.json()["code"] == "sem_permissao"
    assert client.get(f"{API}/leads/sem-atividade", params={"limite": 0}, headers=vend[1]).status_code == 422
    assert client.get(f"{API}/leads/sem-atividade").status_code == 401
    # a note today takes it off the list
    client.post(f"{API}/leads/{meu['id']}/interacoes", json={"descricao": "Liguei"}, headers=vend[1])
    assert client.get(f"{API}/leads/sem-atividade", headers=vend[1]).json()["total"] == 0
