"""REST: GET/DELETE /auth/sessoes, POST /auth/sessoes/encerrar-outras, and the admin resets
(POST /admin/usuarios/{id}/redefinir-senha, /redefinir-2fa, /encerrar-sessoes) with the login's new-password step."""

from __future__ import annotations

import pytest

from tests.auth_helpers import clock_fixture, enroll  # noqa: F401 - the "clock" fixture
from tests.conftest import TEST_PASSWORD

API = "/api/v1"
NOVA = "Minha-Frase-Nova-2026"


def _login(client, email, password=TEST_PASSWORD, agent="pytest-a", **extra):
    r = client.post(
        f"{API}/auth/login", json={"email": email, "password": password, **extra}, headers={"User-Agent": agent}
    )
    return r


def _h(token):
    return {"Authorization": f"Bearer {token}"}


def test_sessoes(client, make_user):
    user = make_user("vendedor")
    a = _login(client, user.email, agent="Firefox/140").json()["access_token"]
    b = _login(client, user.email, agent="Chrome/150").json()["access_token"]
    r = client.get(f"{API}/auth/sessoes", headers=_h(a))
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [(i["user_agent"], i["atual"]) for i in items] == [("Chrome/150", False), ("Firefox/140", True)]
    assert set(items[0]) == {"id", "criado_em", "visto_em", "expira_em", "ip", "user_agent", "com_2fa", "atual"}
    outro = make_user("vendedor")
    c = _login(client, outro.email).json()["access_token"]
    r = client.delete(f"{API}/auth/sessoes/{items[0]['id']}", headers=_h(c))
    assert r.status_code == 404 and r.json()["code"] == "nao_encontrado"
    assert client.delete(f"{API}/auth/sessoes/{items[0]['id']}", headers=_h(a)).status_code == 204
    r = client.get(f"{API}/auth/me", headers=_h(b))
    assert r.status_code == 401 and r.json()["code"] == "token_invalido"
    assert client.delete(f"{API}/auth/sessoes/{items[0]['id']}", headers=_h(a)).status_code == 404
    b2 = _login(client, user.email).json()["access_token"]
    r = client.post(f"{API}/auth/sessoes/encerrar-outras", headers=_h(a))
    assert r.json() == {"encerradas": 1}
    assert client.get(f"{API}/auth/me", headers=_h(b2)).status_code == 401
    assert client.get(f"{API}/auth/me", headers=_h(a)).status_code == 200
    assert client.get(f"{API}/auth/sessoes").status_code == 401
    assert client.delete(f"{API}/auth/sessoes/0", headers=_h(a)).status_code == 422


@pytest.fixture
def admin(make_user, clock):
    user = make_user("admin", email="chefe@aurora.test")
    _, _, token = enroll(user, clock)
    return user, _h(token)


def test_redefinir_senha_pela_api(client, admin, make_user, auth_headers):
    user = make_user("vendedor")
    antigo = _login(client, user.email).json()["access_token"]
    url = f"{API}/admin/usuarios/{user.id}/redefinir-senha"
    for h in ({}, auth_headers(make_user("gerente"), amr=("pwd", "otp")), auth_headers(make_user("admin"))):
        assert client.post(url, headers=h).status_code in (401, 403)
    r = client.post(url, headers=admin[1])
    assert r.status_code == 200, r.text
    temporaria = r.json()["senha_temporaria"]
    assert r.headers["cache-control"].startswith("no-store")
    assert client.get(f"{API}/auth/me", headers=_h(antigo)).status_code == 401
    r = _login(client, user.email, temporaria)
    assert r.status_code == 401 and r.json()["code"] == "troca_de_senha_requerida"
    r = _login(client, user.email, temporaria, nova_senha="curta")
    assert r.status_code == 422 and r.json()["code"] == "senha_fraca"
    r = _login(client, user.email, temporaria, nova_senha=NOVA)
    assert r.status_code == 200, r.text
    assert _login(client, user.email, NOVA).status_code == 200
    usuarios = client.get(f"{API}/admin/usuarios", headers=admin[1]).json()["items"]
    assert next(u for u in usuarios if u["id"] == user.id)["senha_temporaria_ate"] is None
    r = client.post(f"{API}/admin/usuarios/{admin[0].id}/redefinir-senha", headers=admin[1])
    assert r.status_code == 409 and r.json()["code"] == "propria_conta"
    assert client.post(f"{API}/admin/usuarios/999999/redefinir-senha", headers=admin[1]).status_code == 404
    audit = client.get(f"{API}/admin/auditoria", params={"acao": "usuario_senha_redefinida"}, headers=admin[1]).json()
    assert audit["total"] == 1 and temporaria not in str(audit)


def test_redefinir_2fa_pela_api(client, admin, make_user, clock):
    user = make_user("gerente")
    enroll(user, clock)
    url = f"{API}/admin/usuarios/{user.id}/redefinir-2fa"
    assert client.post(url, headers=admin[1]).status_code == 204
    r = _login(client, user.email)
    assert r.status_code == 200, r.text  # no code asked any more: the user enrolls again
    me = client.get(f"{API}/auth/me", headers=_h(r.json()["access_token"])).json()
    assert me["totp_ativo"] is False
    r = client.post(url, headers=admin[1])
    assert r.status_code == 409 and r.json()["code"] == "2fa_inativo"


def test_admin_encerra_sessoes_pela_api(client, admin, make_user, auth_headers, clock):
    user = make_user("vendedor")
    a = _login(client, user.email, agent="Firefox/140").json()["access_token"]
    b = _login(client, user.email, agent="Chrome/150").json()["access_token"]
    url = f"{API}/admin/usuarios/{user.id}/encerrar-sessoes"
    for h in ({}, auth_headers(make_user("gerente"), amr=("pwd", "otp")), _h(a)):
        assert client.post(url, headers=h).status_code in (401, 403)
    clock.advance(1)
    r = client.post(url, headers=admin[1])
    assert r.status_code == 200 and r.json() == {"encerradas": 2}, r.text
    for token in (a, b):
        assert client.get(f"{API}/auth/me", headers=_h(token)).status_code == 401
    clock.advance(1)
    c = _login(client, user.email).json()["access_token"]  # password unchanged
    assert [i["atual"] for i in client.get(f"{API}/auth/sessoes", headers=_h(c)).json()["items"]] == [True]
    r = client.post(f"{API}/admin/usuarios/{admin[0].id}/encerrar-sessoes", headers=admin[1])
    assert r.status_code == 409 and r.json()["code"] == "propria_conta"
    assert client.post(f"{API}/admin/usuarios/999999/encerrar-sessoes", headers=admin[1]).status_code == 404
    audit = client.get(f"{API}/admin/auditoria", params={"acao": "usuario_sessoes_encerradas"}, headers=admin[1])
    assert audit.json()["total"] == 1
