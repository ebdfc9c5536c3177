"""REST /api/v1/admin: admin + 2FA only, users, last-admin rule, audit log paging and filters."""

from __future__ import annotations

from datetime import timedelta

import pytest

from aurora_app.core import tempo
from aurora_app.services import auth
from aurora_app.services.errors import Forbidden
from tests.auth_helpers import clock_fixture, enroll  # noqa: F401 - the "clock" fixture
from tests.conftest import TEST_PASSWORD

API = "/api/v1/admin"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def admin(make_user, clock):
    user = make_user("admin", email="chefe@aurora.test")
    _, _, token = enroll(user, clock)
    return user, _bearer(token)


@pytest.mark.parametrize(
    "method,path", [("get", "/usuarios"), ("post", "/usuarios"), ("patch", "/usuarios/1"), ("get", "/auditoria")]
)
def test_access_matrix(client, make_user, auth_headers, method, path):
    body = {"nome": "X", "email": "x@aurora.test", "papel": "vendedor", "password": TEST_PASSWORD}
    call = lambda h: getattr(client, method)(f"{API}{path}", headers=h, **({"json": body} if method != "get" else {}))  # noqa: E731
    assert call({}).status_code == 401
    for papel in ("vendedor", "gerente"):
        r = call(auth_headers(make_user(papel), amr=("pwd", "otp")))
        assert r.status_code == 403 and r.json()["code"] == "sem_permissao"
    r = call(auth_headers(make_user("admin")))  # password only
    assert r.status_code == 403 and r.json()["code"] == "2fa_requerido"


def test_service_rechecks_admin_2fa():
    from aurora_app.services import usuarios
    from aurora_app.services.actor import Actor

    with pytest.raises(Forbidden):
        usuarios.list_users(actor=Actor(id=1, email="a@b.c", nome="A", papel="admin", amr=("pwd",)))
    with pytest.raises(Forbidden):
        usuarios.list_audit(actor=Actor(id=1, email="a@b.c", nome="A", papel="gerente", amr=("pwd", "otp")))


def test_create_list_and_update_users(client, admin):
    _, h = admin
    r = client.post(
        f"{API}/usuarios",
        headers=h,
        json={
            "nome": "Vera Vendas",
            "email": "Vera@Aurora.test",
            "papel": "vendedor",
            "password": "Frase-Boa-Da-Vera-1",
        },
    )
    assert r.status_code == 201
    vera = r.json()
    assert vera["email"] == "vera@aurora.test" and vera["ativo"] is True and "senha_hash" not in vera
    dup = client.post(
        f"{API}/usuarios",
        headers=h,
        json={"nome": "Outra", "email": "VERA@aurora.test", "papel": "vendedor", "password": "Frase-Boa-Da-Vera-1"},
    )
    assert dup.status_code == 409 and dup.json()["code"] == "email_duplicado"
    weak = client.post(
        f"{API}/usuarios",
        headers=h,
        json={"nome": "Fraca", "email": "f@aurora.test", "papel": "vendedor", "password": "12345678"},
    )
    assert weak.status_code == 422 and weak.json()["code"] == "senha_fraca"
    bad_role = client.post(
        f"{API}/usuarios",
        headers=h,
        json={"nome": "Z", "email": "z@aurora.test", "papel": "root", "password": "Frase-Boa-Da-Vera-1"},
    )
    assert bad_role.status_code == 422

    listing = client.get(f"{API}/usuarios", headers=h, params={"limite": 1})
    assert listing.status_code == 200
    page = listing.json()
    assert page["total"] == 2 and len(page["items"]) == 1 and page["next_cursor"]
    page2 = client.get(f"{API}/usuarios", headers=h, params={"limite": 1, "cursor": page["next_cursor"]}).json()
    assert {page["items"][0]["id"], page2["items"][0]["id"]} == {vera["id"], admin[0].id} and page2[
        "next_cursor"
    ] is None

    vera_token = auth.login(email="vera@aurora.test", password="Frase-Boa-Da-Vera-1").access_token
    r = client.patch(f"{API}/usuarios/{vera['id']}", headers=h, json={"papel": "gerente", "nome": "Vera Gerente"})
    assert r.status_code == 200 and r.json()["papel"] == "gerente" and r.json()["nome"] == "Vera Gerente"
    assert client.get("/api/v1/auth/me", headers=_bearer(vera_token)).status_code == 401  # role change ends sessions
    vera_token = auth.login(email="vera@aurora.test", password="Frase-Boa-Da-Vera-1").access_token
    r = client.patch(f"{API}/usuarios/{vera['id']}", headers=h, json={"ativo": False})
    assert r.status_code == 200 and r.json()["ativo"] is False
    assert client.get("/api/v1/auth/me", headers=_bearer(vera_token)).status_code == 401
    assert (
        client.post(
            "/api/v1/auth/login", json={"email": "vera@aurora.test", "password": "Frase-Boa-Da-Vera-1"}
        ).status_code
        == 401
    )
    assert client.patch(f"{API}/usuarios/999999", headers=h, json={"ativo": False}).status_code == 404
    assert client.get(f"{API}/usuarios", headers=h, params={"limite": 0}).status_code == 422
    assert client.get(f"{API}/usuarios", headers=h, params={"limite": 201}).status_code == 422


def test_last_active_admin_cannot_be_demoted_or_deactivated(client, admin, make_user, clock):
    me, h = admin
    for change in ({"papel": "gerente"}, {"ativo": False}):
        r = client.patch(f"{API}/usuarios/{me.id}", headers=h, json=change)
        assert (
            r.status_code == 409 and r.json()["code"] == "ultimo_admin" and "último administrador" in r.json()["detail"]
        )
    other = make_user("admin")
    assert client.patch(f"{API}/usuarios/{other.id}", headers=h, json={"ativo": False}).status_code == 200
    assert client.patch(f"{API}/usuarios/{me.id}", headers=h, json={"papel": "vendedor"}).status_code == 409
    assert client.patch(f"{API}/usuarios/{other.id}", headers=h, json={"ativo": True}).status_code == 200
    r = client.patch(f"{API}/usuarios/{me.id}", headers=h, json={"papel": "vendedor"})
    assert r.status_code == 200  # another active admin exists now
    assert client.get(f"{API}/usuarios", headers=h).status_code == 401  # own role change ended the session


def test_audit_log_paging_and_filters(client, admin, make_user):
    me, h = admin
    v = make_user("vendedor")
    for _ in range(3):
        client.post("/api/v1/auth/login", json={"email": v.email, "password": "Senha-Errada-123"})
    client.post("/api/v1/auth/login", json={"email": v.email, "password": TEST_PASSWORD})
    client.patch(f"{API}/usuarios/{v.id}", headers=h, json={"papel": "gerente"})

    everything = client.get(f"{API}/auditoria", headers=h).json()
    assert everything["total"] == len(everything["items"]) >= 8 and everything["next_cursor"] is None
    stamps = [i["criado_em"] for i in everything["items"]]
    assert stamps == sorted(stamps, reverse=True)

    seen, cursor = [], None
    while True:
        page = client.get(
            f"{API}/auditoria", headers=h, params={"limite": 3, **({"cursor": cursor} if cursor else {})}
        ).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [i["id"] for i in everything["items"]]

    falhas = client.get(f"{API}/auditoria", headers=h, params={"acao": "login_falha"}).json()
    assert falhas["total"] == 3 and all(i["email"] == v.email and i["ip"] for i in falhas["items"])
    by_user = client.get(f"{API}/auditoria", headers=h, params={"usuario_id": v.id}).json()
    assert {i["acao"] for i in by_user["items"]} >= {"login_falha", "login_sucesso"}
    papel = client.get(f"{API}/auditoria", headers=h, params={"acao": "usuario_papel_alterado"}).json()["items"][0]
    assert papel["usuario_id"] == me.id and papel["entidade_id"] == str(v.id)

    today = tempo.hoje()  # the filter reads days in Brasília time, as the page shows them
    assert (
        client.get(f"{API}/auditoria", headers=h, params={"inicio": str(today), "fim": str(today)}).json()["total"]
        == everything["total"]
    )
    future = today + timedelta(days=2)
    assert client.get(f"{API}/auditoria", headers=h, params={"inicio": str(future)}).json()["total"] == 0
    assert client.get(f"{API}/auditoria", headers=h, params={"inicio": "ontem"}).status_code == 422
    assert client.get(f"{API}/auditoria", headers=h, params={"cursor": "lixo!"}).status_code == 422
    for item in everything["items"]:
        assert TEST_PASSWORD not in str(item) and "Senha-Errada-123" not in str(item)
