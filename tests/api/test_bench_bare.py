"""The bench-only bare route (``make bench``'s yardstick for api_overhead_ratio) exists only
with ``AURORA_BENCH_ROUTES=1`` outside production, and answers what the real route answers."""

from fastapi.testclient import TestClient

from aurora_app.api.bench_bare import ENV_FLAG, bench_transformers
from aurora_app.core.config import reset_settings_cache
from tests.builders import actor_of, cria_cliente, usuario


def _com(monkeypatch, **env):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    reset_settings_cache()


def test_absent_without_the_flag(monkeypatch):
    monkeypatch.delenv(ENV_FLAG, raising=False)
    assert bench_transformers() == []


def test_never_in_production(monkeypatch):
    _com(
        monkeypatch,
        **{
            ENV_FLAG: "1",
            "AURORA_ENV": "production",
            "SECRET_KEY": "p" * 48,
            "DATA_ENCRYPTION_KEY": "rJ9cZ2m1x8S4nq0C3v7bW5eT6yU2iO1pA9sD8fG7hJk=",
        },
    )
    try:
        assert bench_transformers() == []
    finally:
        monkeypatch.setenv("AURORA_ENV", "test")
        reset_settings_cache()


def test_same_row_as_the_real_route(monkeypatch, client, auth_headers):
    _com(monkeypatch, **{ENV_FLAG: "1"})
    (bare,) = bench_transformers()
    dono = usuario("vendedor", nome="Dona Bench")
    c = cria_cliente(actor_of(dono), razao_social="Bare Ltda")
    real = client.get(f"/api/v1/clientes/{c.id}", headers=auth_headers(dono)).json()
    nu = TestClient(bare).get(f"/bench/bare/clientes/{c.id}").json()
    assert {k: nu[k] for k in ("id", "cnpj", "razao_social", "responsavel_nome")} == {
        k: real[k] for k in ("id", "cnpj", "razao_social", "responsavel_nome")
    }
    assert TestClient(bare).get("/bench/bare/clientes/999999").status_code == 404
