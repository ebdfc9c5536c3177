"""/api/v1/lgpd (SPEC §9): answer shapes, permissions, and "found nowhere" after anonymisation."""

from __future__ import annotations

from aurora_app.ai_core import ingestion
from aurora_app.services import lgpd
from tests.builders import usuario
from tests.lgpd_helpers import EMAIL, NOME, TELEFONE, mundo, rastros_em, rastros_no_banco

BASE = "/api/v1/lgpd"


def _admin(auth_headers):
    u = usuario("admin")
    return u, auth_headers(u, amr=("pwd", "otp"))


def test_search_export_anonymise_then_nothing_left(client, auth_headers):
    mundo()
    _, h = _admin(auth_headers)
    r = client.get(f"{BASE}/titulares", params={"q": NOME}, headers=h)
    assert r.status_code == 200
    items = r.json()["items"]
    assert {"contato", "lead", "interacao", "socio_cnpj"} <= {i["tipo"] for i in items}
    assert all({"tipo", "id", "nome", "email", "onde"} <= set(i) for i in items)

    r = client.get(f"{BASE}/titulares/exportar", params={"email": EMAIL}, headers=h)
    assert r.status_code == 200 and r.json()["registros"]
    r = client.get(f"{BASE}/titulares/exportar", params={"email": EMAIL, "formato": "html"}, headers=h)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html") and "Base legal" in r.text

    r = client.get(f"{BASE}/anonimizar/previa", params={"email": EMAIL}, headers=h)
    assert r.json()["contatos"] == 1
    r = client.post(f"{BASE}/anonimizar", json={"email": EMAIL, "motivo": "Solicitação do titular"}, headers=h)
    assert r.status_code == 200 and r.json()["registros"] >= 5
    ingestion.drain()

    assert rastros_no_banco() == []
    for q in (EMAIL, NOME, TELEFONE):
        assert client.get(f"{BASE}/titulares", params={"q": q}, headers=h).json() == {"items": []}
    assert client.get(f"{BASE}/titulares/exportar", params={"email": EMAIL}, headers=h).json()["registros"] == []
    r = client.get("/api/v1/ai/busca", params={"q": f"{NOME} {EMAIL}", "limite": 50}, headers=h)
    assert r.status_code == 200 and rastros_em(r.text) == []
    r = client.get("/api/v1/clientes/exportar", headers=h)
    assert r.status_code == 200 and rastros_em(r.text) == []


def test_permissions(client, auth_headers):
    vend, ger = usuario("vendedor"), usuario("gerente")
    admin = usuario("admin")
    chamadas = [
        ("get", f"{BASE}/titulares", {"params": {"q": EMAIL}}),
        ("get", f"{BASE}/titulares/exportar", {"params": {"email": EMAIL}}),
        ("post", f"{BASE}/anonimizar", {"json": {"email": EMAIL, "motivo": "x"}}),
        ("get", f"{BASE}/solicitacoes", {}),
        ("post", f"{BASE}/solicitacoes", {"json": {"tipo": "acesso", "titular_email": EMAIL}}),
        ("patch", f"{BASE}/solicitacoes/1", {"json": {"estado": "concluida"}}),
    ]
    for metodo, url, kw in chamadas:
        assert client.request(metodo, url, **kw).status_code == 401
        for u in (vend, ger):
            r = client.request(metodo, url, headers=auth_headers(u), **kw)
            assert (r.status_code, r.json()["code"]) == (403, "sem_permissao"), (url, u.papel)
        r = client.request(metodo, url, headers=auth_headers(admin), **kw)
        assert (r.status_code, r.json()["code"]) == (403, "2fa_requerido"), url
    # an encarregado (no admin role, no 2FA needed) may
    from aurora_app.services.actor import Actor

    lgpd.definir_encarregado(
        actor=Actor(id=admin.id, email=admin.email, nome=admin.nome, papel="admin", amr=("pwd", "otp")),
        usuario_id=ger.id,
        encarregado=True,
    )
    assert client.get(f"{BASE}/solicitacoes", headers=auth_headers(ger)).status_code == 200


def test_requests_register_shapes_and_errors(client, auth_headers):
    _, h = _admin(auth_headers)
    r = client.post(
        f"{BASE}/solicitacoes", json={"tipo": "acesso", "titular_email": EMAIL, "titular_nome": NOME}, headers=h
    )
    assert r.status_code == 201
    sol = r.json()
    assert sol["estado"] == "aberta" and sol["atrasada"] is False and sol["dias_restantes"] == 15
    r = client.post(
        f"{BASE}/solicitacoes",
        json={"tipo": "portabilidade", "titular_email": "a@b.com.br", "recebida_em": "2026-01-02T10:00:00Z"},
        headers=h,
    )
    assert r.status_code == 201 and r.json()["atrasada"] is True
    page = client.get(f"{BASE}/solicitacoes", params={"atrasadas": "true"}, headers=h).json()
    assert page["total"] == 1 and {"items", "next_cursor", "total"} <= set(page)
    r = client.patch(f"{BASE}/solicitacoes/{sol['id']}", json={"estado": "em_andamento"}, headers=h)
    assert r.status_code == 200 and r.json()["responsavel_nome"]
    assert client.patch(f"{BASE}/solicitacoes/999999", json={"estado": "concluida"}, headers=h).status_code == 404
    for body in (
        {"tipo": "nada", "titular_email": EMAIL},
        {"tipo": "acesso"},
        {"tipo": "acesso", "titular_email": "x"},
        {"tipo": "acesso", "titular_email": EMAIL, "extra": 1},
    ):
        r = client.post(f"{BASE}/solicitacoes", json=body, headers=h)
        assert r.status_code == 422 and r.json()["code"], body
    assert client.patch(f"{BASE}/solicitacoes/{sol['id']}", json={"estado": "xx"}, headers=h).status_code == 422
    assert client.get(f"{BASE}/titulares", params={"q": "a"}, headers=h).status_code == 422
    assert client.post(f"{BASE}/anonimizar", json={"email": "nao-email", "motivo": "m"}, headers=h).status_code == 422


def test_admin_marks_an_encarregado(client, auth_headers):
    _, h = _admin(auth_headers)
    ger = usuario("gerente")
    assert client.get(f"{BASE}/solicitacoes", headers=auth_headers(ger)).status_code == 403
    assert (
        client.put(f"{BASE}/encarregados/{ger.id}", json={"encarregado": True}, headers=auth_headers(ger)).status_code
        == 403
    )
    assert client.put(f"{BASE}/encarregados/{ger.id}", json={"encarregado": True}, headers=h).status_code == 204
    assert client.get(f"{BASE}/solicitacoes", headers=auth_headers(ger)).status_code == 200
    assert client.put(f"{BASE}/encarregados/999999", json={"encarregado": True}, headers=h).status_code == 404
    assert client.put(f"{BASE}/encarregados/{ger.id}", json={"encarregado": "talvez"}, headers=h).status_code == 422
