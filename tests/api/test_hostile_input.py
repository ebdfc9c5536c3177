"""Hostile input never produces a 5xx: every bad request is a 4xx with a pt-BR message."""

from __future__ import annotations

import itertools

import pytest

from tests.builders import novo_cnpj, usuario

API = "/api/v1"

NASTY = [
    None,
    True,
    0,
    -1,
    2**63,
    10**40,
    1.5e308,
    "",
    " ",
    "\x00",
    "a\x00b",
    "x" * 100_000,
    "' OR 1=1 --",
    "'; DROP TABLE cliente; --",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "../../etc/passwd",
    "😀" * 50,
    "\u202e\u0000",
    [],
    {},
    {"$gt": ""},
    ["a", "b"],
]
CLIENTE_FIELDS = ["cnpj", "razao_social", "nome_fantasia", "email", "telefone", "cep", "uf", "responsavel_id", "numero"]
LEAD_FIELDS = [
    "nome",
    "valor",
    "estagio",
    "origem",
    "cnpj",
    "previsao_fechamento",
    "responsavel_id",
    "email",
    "motivo_perda",
]


@pytest.fixture
def h(auth_headers):
    return auth_headers(usuario("gerente"))


@pytest.fixture
def ids(client, h):
    c = client.post(f"{API}/clientes", json={"cnpj": novo_cnpj(), "razao_social": "Alvo"}, headers=h).json()
    lead = client.post(f"{API}/leads", json={"nome": "Alvo", "cnpj": novo_cnpj()}, headers=h).json()
    return c["id"], lead["id"]


def _ok(r):
    assert r.status_code < 500, (r.status_code, r.text[:300])
    if r.status_code >= 400:
        body = r.json()
        assert body.get("detail") and body.get("code"), body


def test_campos_hostis_em_clientes(client, h, ids):
    cid, _ = ids
    for field, value in itertools.product(CLIENTE_FIELDS, NASTY):
        body = {"cnpj": novo_cnpj(), "razao_social": "Ok", field: value}
        _ok(client.post(f"{API}/clientes", json=body, headers=h))
        _ok(client.patch(f"{API}/clientes/{cid}", json={"versao": 1, field: value}, headers=h))
    for value in NASTY:
        _ok(client.patch(f"{API}/clientes/{cid}", json={"versao": value}, headers=h))


def test_campos_hostis_em_leads_e_interacoes(client, h, ids):
    cid, lid = ids
    for field, value in itertools.product(LEAD_FIELDS, NASTY):
        _ok(client.post(f"{API}/leads", json={"nome": "Ok", field: value}, headers=h))
        _ok(client.patch(f"{API}/leads/{lid}", json={"versao": 1, field: value}, headers=h))
        _ok(client.post(f"{API}/leads/{lid}/mover", json={"estagio": value, "motivo_perda": value}, headers=h))
    for field, value in itertools.product(["tipo", "descricao", "vence_em"], NASTY):
        _ok(client.post(f"{API}/clientes/{cid}/interacoes", json={"descricao": "ok", field: value}, headers=h))
        _ok(client.post(f"{API}/leads/{lid}/interacoes", json={"descricao": "ok", field: value}, headers=h))
    for value in NASTY:
        _ok(client.patch(f"{API}/interacoes/1", json={"concluida": value}, headers=h))


@pytest.mark.parametrize(
    "raw",
    [b"{", b"[]", b"null", b'"texto"', b'{"cnpj": }', b"\xff\xfe\x00", b'{"razao_social": "a"}' * 1000, b"1e999999"],
)
def test_json_malformado(client, h, raw):
    for path in ("/clientes", "/leads", "/clientes/1/interacoes"):
        _ok(client.post(f"{API}{path}", content=raw, headers={**h, "Content-Type": "application/json"}))
    _ok(client.patch(f"{API}/clientes/1", content=raw, headers={**h, "Content-Type": "application/json"}))


@pytest.mark.parametrize(
    "path",
    [
        "/clientes/abc",
        "/clientes/-1",
        "/clientes/0",
        "/clientes/99999999999999999999",
        "/clientes/1.5",
        "/leads/%00",
        "/leads/9223372036854775808",
        "/interacoes/xyz",
        "/clientes/2147483648/interacoes",
        "/leads/1%27%20OR%201=1",
    ],
)
def test_ids_hostis_na_url(client, h, path):
    _ok(client.get(f"{API}{path}", headers=h))
    _ok(client.delete(f"{API}{path}", headers=h))


@pytest.mark.parametrize(
    "params",
    [
        {"busca": "%"},
        {"busca": "_"},
        {"busca": "\\"},
        {"busca": "' OR 1=1 --"},
        {"busca": "\x00"},
        {"busca": "x" * 5000},
        {"busca": "<img src=x onerror=alert(1)>"},
        {"uf": "São"},
        {"uf": "\x00"},
        {"responsavel_id": "abc"},
        {"responsavel_id": "99999999999999999999"},
        {"responsavel_id": "-3"},
        {"limite": "abc"},
        {"limite": "99999999999999999999"},
        {"limite": "-1"},
        {"cursor": "!!!"},
        {"cursor": "WyJ4IiwxXQ"},
        {"cursor": "x" * 5000},
        {"cursor": "WzEsMl0"},
        {"cursor": "eyJhIjoxfQ"},
        {"cursor": "WyI5OTk5OS0wMS0wMSIsMV0"},
        {"estagio": "' OR 1=1"},
        {"estagio": "\x00"},
    ],
)
def test_parametros_hostis_nas_listas(client, h, params):
    for path in ("/clientes", "/leads", "/clientes/exportar", "/leads/quadro"):
        _ok(client.get(f"{API}{path}", params=params, headers=h))


def test_busca_com_caracteres_especiais_nao_vira_curinga(client, h):
    client.post(f"{API}/clientes", json={"cnpj": novo_cnpj(), "razao_social": "Normal"}, headers=h)
    for q in ("%", "_", "\\", "%%"):
        r = client.get(f"{API}/clientes", params={"busca": q}, headers=h)
        assert r.status_code == 200 and r.json()["total"] == 0


def test_markup_e_sql_sao_guardados_como_texto(client, h):
    payload = "<script>alert('x')</script>'; DROP TABLE cliente; --"
    r = client.post(f"{API}/clientes", json={"cnpj": novo_cnpj(), "razao_social": payload}, headers=h)
    assert r.status_code == 201 and r.json()["razao_social"] == payload
    assert client.get(f"{API}/clientes", headers=h).json()["total"] == 1


def test_csv_hostil(client, h):
    csvs = [
        b"\x00\x01\x02",
        b"cnpj\n" + b'"' * 1000,
        b"cnpj;razao_social\n" + b"11222333000181;" + b"x" * 300_000 + b"\n",
        b"cnpj,razao_social\n=1+1,=cmd|' /C calc'!A0\n",
        "cnpj;razão_social\n11.222.333/0001-81;Ok\n".encode("utf-16"),
        b"\xef\xbb\xbf",
        b"cnpj\n" + b"a,b,c,d\n" * 100,
    ]
    for content in csvs:
        _ok(client.post(f"{API}/clientes/importar", files={"arquivo": ("x.csv", content, "text/csv")}, headers=h))
    _ok(
        client.post(
            f"{API}/clientes/importar",
            content=b"--xx\r\nbroken",
            headers={**h, "Content-Type": "multipart/form-data; boundary=xx"},
        )
    )
    _ok(client.post(f"{API}/clientes/importar", content=b"abc", headers={**h, "Content-Type": "multipart/form-data"}))
    _ok(
        client.post(
            f"{API}/clientes/importar", content=b"", headers={**h, "Content-Length": "abc", "Content-Type": "text/csv"}
        )
    )


def test_token_hostil(client):
    for token in ("", "x", "a.b.c", "Bearer", "' OR 1=1", "\u00e9" * 10):
        r = client.get(f"{API}/clientes", headers={"Authorization": f"Bearer {token}".encode()})
        assert r.status_code == 401


# ---- issue 11 #4: the cases the outside review found (PostgreSQL refuses NUL and lone
# surrogates; Python's datetime overflows at the ends of its range) --------------------------

NUL, SURROGATE, BIDI = "a\x00b", "a\ud800b", "Empresa \u202eadm"
EXTREME_DATES = [
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59.999999-14:00",
    "0001-01-01",
    "9999-12-31",
    "+275760-09-13T00:00:00Z",
    "1e9",
]


def _json(client, method, path, body, headers):
    """Lone surrogates cannot be encoded by httpx's json=: send the JSON text (\\ud800 escapes)."""
    import json

    return client.request(
        method, path, content=json.dumps(body), headers={**headers, "Content-Type": "application/json"}
    )


@pytest.mark.parametrize("email", [NUL, SURROGATE, "\x00", "admin@aurora.dev\x00", "\udfff@x.com"])
def test_login_com_nul_ou_surrogate_e_4xx(client, email):
    r = _json(client, "POST", f"{API}/auth/login", {"email": email, "password": "x" * 12}, {})
    _ok(r)
    assert r.status_code in (401, 422)


@pytest.mark.parametrize("value", [NUL, SURROGATE, BIDI])
def test_texto_com_nul_surrogate_ou_bidi_e_recusado(client, h, ids, auth_headers, value):
    cid, lid = ids
    admin = auth_headers(usuario("admin"), amr=("pwd", "otp"))
    cases = [
        ("POST", f"{API}/clientes", {"cnpj": novo_cnpj(), "razao_social": value}, h),
        ("PATCH", f"{API}/clientes/{cid}", {"versao": 1, "nome_fantasia": value}, h),
        ("POST", f"{API}/leads", {"nome": value}, h),
        ("POST", f"{API}/clientes/{cid}/interacoes", {"descricao": value}, h),
        ("POST", f"{API}/clientes/{cid}/contatos", {"nome": value}, h),
        (
            "POST",
            f"{API}/admin/usuarios",
            {"email": "novo@aurora.test", "nome": value, "papel": "vendedor", "password": "Senha-Forte-123"},
            admin,
        ),
        (
            "POST",
            f"{API}/admin/usuarios",
            {"email": f"n{value}@aurora.test", "nome": "Nome", "papel": "vendedor", "password": "Senha-Forte-123"},
            admin,
        ),
    ]
    for method, path, body, headers in cases:
        r = _json(client, method, path, body, headers)
        _ok(r)
        assert r.status_code == 422, (path, r.status_code, r.text[:200])


@pytest.mark.parametrize("value", [NUL, "a%ED%A0%80b", "%C0%80", "%FF%FE"])
def test_busca_e_filtros_com_nul_ou_surrogate(client, h, auth_headers, value):
    """A URL cannot carry a lone surrogate as text: its UTF-8 bytes (ED A0 80) and other invalid
    sequences arrive percent-encoded."""
    admin = auth_headers(usuario("admin"), amr=("pwd", "otp"))
    for path, params, headers in [
        ("/clientes", {"busca": value}, h),
        ("/leads", {"busca": value}, h),
        ("/busca", {"q": value}, h),
        ("/leads/quadro", {"busca": value}, h),
        ("/admin/usuarios", {"busca": value}, admin),
        ("/admin/auditoria", {"acao": value}, admin),
        ("/ai/busca", {"q": value}, h),
    ]:
        if "%" in value:
            ((name, raw),) = params.items()
            _ok(client.get(f"{API}{path}?{name}={raw}", headers=headers))
        else:
            _ok(client.get(f"{API}{path}", params=params, headers=headers))


@pytest.mark.parametrize("when", EXTREME_DATES)
def test_datas_nos_extremos_sao_4xx(client, h, ids, auth_headers, when):
    cid, lid = ids
    admin = auth_headers(usuario("admin"), amr=("pwd", "otp"))
    _ok(
        client.post(
            f"{API}/clientes/{cid}/interacoes", json={"tipo": "tarefa", "descricao": "x", "vence_em": when}, headers=h
        )
    )
    _ok(client.post(f"{API}/leads", json={"nome": "x", "previsao_fechamento": when}, headers=h))
    _ok(client.get(f"{API}/admin/auditoria", params={"inicio": when}, headers=admin))
    _ok(client.get(f"{API}/admin/auditoria", params={"fim": when}, headers=admin))
    _ok(client.get(f"{API}/dashboard", params={"inicio": when}, headers=h))
    _ok(client.get(f"{API}/tarefas", headers=h))


def test_cursor_forjado_com_data_extrema(client, h, auth_headers):
    import base64
    import json

    admin = auth_headers(usuario("admin"), amr=("pwd", "otp"))
    for when in ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59"]:
        raw = json.dumps([when, 1]).encode()
        cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        for path, headers in [
            ("/clientes", h),
            ("/leads", h),
            ("/tarefas", h),
            ("/lixeira?tipo=lead&x=1", admin),
            ("/admin/auditoria", admin),
            ("/admin/usuarios", admin),
            ("/clientes/1/interacoes", h),
        ]:
            sep = "&" if "?" in path else "?"
            r = client.get(f"{API}{path}{sep}cursor={cursor}", headers=headers)
            _ok(r)


def test_versao_booleana_e_dinheiro_menos_zero_sao_recusados(client, h, ids):
    cid, lid = ids
    assert (
        client.patch(f"{API}/clientes/{cid}", json={"versao": True, "razao_social": "X"}, headers=h).status_code == 422
    )
    assert client.patch(f"{API}/leads/{lid}", json={"versao": True, "nome": "X"}, headers=h).status_code == 422
    for valor in ("-0.0", "-0", -0.0):
        r = client.post(f"{API}/leads", json={"nome": "x", "valor": valor}, headers=h)
        assert r.status_code == 422, (valor, r.text[:200])


def test_admin_busca_de_usuarios_escapa_curingas(client, auth_headers):
    admin_user = usuario("admin", nome="Ana Admin")
    admin = auth_headers(admin_user, amr=("pwd", "otp"))
    usuario("vendedor", nome="Bruno Vendas")
    for q in ("%", "_", "%a%"):
        r = client.get(f"{API}/admin/usuarios", params={"busca": q}, headers=admin)
        assert r.status_code == 200 and r.json()["items"] == [], (q, r.json())


def test_erros_de_quem_nao_tem_token_contam_no_limite_do_ip(client):
    """Issue 11 #4: malformed login bodies without a token spend the IP's login attempts, so they
    cannot be sent without limit (the limit is 20 failures per IP)."""
    for _ in range(20):
        r = client.post(f"{API}/auth/login", content=b'{"email": ', headers={"Content-Type": "application/json"})
        assert r.status_code in (400, 422) and r.json()["code"] in ("requisicao_invalida", "dados_invalidos")
    r = client.post(f"{API}/auth/login", json={"email": "a@b.com", "password": "x" * 12})
    assert r.status_code == 429 and r.json()["code"] == "muitas_tentativas"


def test_erro_inesperado_repetido_loga_uma_linha_por_janela():
    from aurora_app.api.errors import ErrorLogThrottle

    t = ErrorLogThrottle(window_seconds=60)
    key = ("OverflowError", "GET", "/api/v1/x", "f.py:1")
    assert t.should_log(key, now=0) == (True, 0)
    assert [t.should_log(key, now=i)[0] for i in range(1, 50)] == [False] * 49
    assert t.should_log(("ValueError", "GET", "/api/v1/x", "f.py:2"), now=10) == (True, 0)  # another error
    assert t.should_log(key, now=61) == (True, 49)  # next window: one line, with the count
