"""CNPJ lookup service: validation, cache, remembered 404s, stale-if-error, Redis down, limits, logs."""

# ruff: noqa: F811 - pytest fixtures imported by name

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from aurora_app.core.cache import reset_backends
from aurora_app.core.config import get_settings, reset_settings_cache
from aurora_app.core.logging import setup_logging
from aurora_app.services import cnpj as service
from aurora_app.services.actor import Actor
from aurora_app.services.errors import Invalid, NotFound, TooManyRequests, Unavailable
from tests.fakes.cnpja_fixtures import (
    ALFANUMERICO,
    ATIVA,
    DESCONHECIDO,
    INAPTA,
    PRIMARY,
    SECONDARY,
    cnpja,  # noqa: F401
)

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def actor(make_user) -> Actor:
    u = make_user("vendedor")
    return Actor(id=u.id, email=u.email, nome=u.nome, papel=u.papel)


async def test_invalid_cnpj_is_422_without_upstream_call(cnpja, actor) -> None:
    for bad in ("", "123", "33000167000102", "11111111111111", "AB.CDE.FGH/IJKL-MN"):
        with pytest.raises(Invalid) as err:
            await service.consultar(actor=actor, cnpj=bad)
        assert err.value.code == "cnpj_invalido"
    assert cnpja.fake.count() == 0


async def test_masked_and_lower_case_input_accepted(cnpja, actor) -> None:
    c = await service.consultar(actor=actor, cnpj="33.000.167/0001-01")
    assert c.cnpj == ATIVA
    a = await service.consultar(actor=actor, cnpj=" 7k.q2m.5xa/0001-41 ")
    assert a.cnpj == ALFANUMERICO


async def test_second_lookup_served_from_cache_without_upstream_call(cnpja, actor) -> None:
    first = await service.consultar(actor=actor, cnpj=ATIVA)
    assert first.fonte == "cnpja_pago"
    second = await service.consultar(actor=actor, cnpj=ATIVA)
    assert second.fonte == "cache" and second.fonte_original == "cnpja_pago"
    assert second.consultado_em == first.consultado_em
    assert second.model_dump(exclude={"fonte"}) == first.model_dump(exclude={"fonte"})
    assert cnpja.fake.count() == 1


async def test_404_remembered(cnpja, actor) -> None:
    for _ in range(3):
        with pytest.raises(NotFound) as err:
            await service.consultar(actor=actor, cnpj=DESCONHECIDO)
        assert err.value.code == "cnpj_nao_encontrado"
    assert cnpja.fake.count() == 1


async def test_all_providers_down_without_cache_is_503(cnpja, actor) -> None:
    cnpja.fake.paid[PRIMARY] = "500"
    cnpja.fake.free = "503"
    with pytest.raises(Unavailable) as err:
        await service.consultar(actor=actor, cnpj=ATIVA)
    assert err.value.code == "consulta_indisponivel"
    assert int(err.value.headers["Retry-After"]) >= 1


async def test_stale_answer_served_when_every_provider_fails(cnpja, actor, monkeypatch) -> None:
    monkeypatch.setenv("CNPJ_CACHE_TTL_SECONDS", "1")
    reset_settings_cache()
    assert get_settings().CNPJ_CACHE_TTL_SECONDS == 1
    fresh = await service.consultar(actor=actor, cnpj=ATIVA)
    time.sleep(1.1)
    cnpja.fake.paid[PRIMARY] = "503"
    cnpja.fake.free = "hang"
    stale = await service.consultar(actor=actor, cnpj=ATIVA)
    assert stale.desatualizado is True and stale.fonte == "cache"
    assert stale.razao_social == fresh.razao_social and stale.consultado_em == fresh.consultado_em
    # Providers back: past the TTL the answer is refreshed from upstream.
    cnpja.fake.paid[PRIMARY] = "ok"
    refreshed = await service.consultar(actor=actor, cnpj=ATIVA)
    assert refreshed.fonte == "cnpja_pago" and not refreshed.desatualizado
    assert refreshed.consultado_em > fresh.consultado_em


async def test_redis_down_lookup_still_works_uncached(cnpja, actor, monkeypatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    reset_settings_cache()
    reset_backends()
    cnpja.configure()
    start = time.monotonic()
    first = await service.consultar(actor=actor, cnpj=ATIVA)
    second = await service.consultar(actor=actor, cnpj=ATIVA)
    assert first.fonte == second.fonte == "cnpja_pago"
    assert cnpja.fake.count() == 2  # no cache, but no failure either
    assert time.monotonic() - start < 2.0  # a dead Redis costs milliseconds, not retries
    # Breakers and key cool-downs fall back to process memory: the failover still works.
    cnpja.fake.paid[PRIMARY] = "401"
    assert (await service.consultar(actor=actor, cnpj=INAPTA)).fonte == "cnpja_pago"
    assert cnpja.fake.keys_called()[-2:] == [PRIMARY, SECONDARY]
    await service.consultar(actor=actor, cnpj=INAPTA)
    assert cnpja.fake.keys_called()[-1] == SECONDARY


async def test_redis_down_free_api_still_limited_per_process(cnpja, actor, monkeypatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    reset_settings_cache()
    reset_backends()
    cnpja.configure(keys=(None, None))
    for _ in range(5):
        await service.consultar(actor=actor, cnpj=ATIVA)
    with pytest.raises(Unavailable):
        await service.consultar(actor=actor, cnpj=ATIVA)
    assert cnpja.fake.count("free") == 5


async def test_per_user_limit_counts_only_upstream_lookups(cnpja, actor, make_user, monkeypatch) -> None:
    monkeypatch.setattr(service, "USER_RULE", "2/minute")
    await service.consultar(actor=actor, cnpj=ATIVA)
    await service.consultar(actor=actor, cnpj=INAPTA)
    for _ in range(5):  # cache hits cost nothing
        await service.consultar(actor=actor, cnpj=ATIVA)
    with pytest.raises(TooManyRequests) as err:
        await service.consultar(actor=actor, cnpj=ALFANUMERICO)
    assert err.value.code == "muitas_consultas" and err.value.retry_after >= 1
    assert cnpja.fake.count() == 2
    other = make_user("gerente")
    c = await service.consultar(
        actor=Actor(id=other.id, email=other.email, nome=other.nome, papel=other.papel), cnpj=ALFANUMERICO
    )
    assert c.cnpj == ALFANUMERICO


async def test_keys_and_partner_cpfs_never_logged(cnpja, actor, caplog) -> None:
    setup_logging(force=True)
    caplog.set_level(logging.DEBUG)  # httpx/httpcore debug output included
    cnpja.fake.paid[PRIMARY] = "401"
    cnpja.configure(auth_type="Bearer")
    c = await service.consultar(actor=actor, cnpj=ATIVA)
    assert c.socios[0].documento == "***482913**"  # the data is there...
    cnpja.fake.paid[SECONDARY] = "500"
    cnpja.fake.free = "503"
    with pytest.raises(Unavailable):
        await service.consultar(actor=actor, cnpj=INAPTA)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = caplog.text
    files = "".join(p.read_text() for p in Path(get_settings().LOG_DIR).glob("*.log"))
    assert "cnpja" in text  # we did log the lookups...
    for secret in (PRIMARY, SECONDARY, "482913", "771204"):
        assert secret not in text  # ...but neither keys nor CPFs
        assert secret not in files


async def test_to_cliente_fields_maps_the_schema(cnpja, actor) -> None:
    c = await service.consultar(actor=actor, cnpj=ATIVA)
    fields = service.to_cliente_fields(c)
    assert fields == {
        "cnpj": ATIVA,
        "razao_social": "Distribuidora Horizonte Sul Ltda",
        "nome_fantasia": "Horizonte Sul",
        "email": "compras@horizontesul.example",
        "telefone": "5132124400",
        "cep": "90010150",
        "logradouro": "Rua dos Andradas",
        "numero": "1001",
        "complemento": None,
        "bairro": "Centro Historico",
        "municipio": "Porto Alegre",
        "uf": "RS",
        "cnae_principal": "4639-7/01 - Comercio atacadista de produtos alimenticios em geral",
        "situacao_cadastral": "Ativa",
        "porte": "Demais",
    }


async def test_cadastrar_cliente_creates_then_returns_existing(cnpja, actor) -> None:
    from aurora_app.services import clientes

    cliente, criado = await service.cadastrar_cliente(actor=actor, cnpj="33.000.167/0001-01")
    assert criado is True
    assert cliente.cnpj == ATIVA and cliente.razao_social == "Distribuidora Horizonte Sul Ltda"
    assert cliente.responsavel_id == actor.id  # a vendedor becomes the responsável
    assert cliente.telefone == "5132124400" and cliente.uf == "RS" and cliente.situacao_cadastral == "Ativa"
    again, criado = await service.cadastrar_cliente(actor=actor, cnpj=ATIVA)
    assert criado is False and again.id == cliente.id
    assert clientes.find_live_by_cnpj(cnpj=ATIVA).id == cliente.id
    assert service.cliente_existente(cnpj=ATIVA).id == cliente.id
    assert cnpja.fake.count() == 1  # the second registration used the cache


async def test_cadastrar_cliente_drops_fields_the_form_would_refuse(cnpja, actor) -> None:
    fields = {
        "cnpj": INAPTA,
        "razao_social": "Associacao Saber Aberto",
        "email": "not-an-email",
        "telefone": "123",
        "uf": "SP",
    }
    data = service._cliente_create(fields)
    assert data.email is None and data.telefone is None and data.uf == "SP"


async def test_cadastrar_unknown_cnpj_is_not_found(cnpja, actor) -> None:
    with pytest.raises(NotFound):
        await service.cadastrar_cliente(actor=actor, cnpj=DESCONHECIDO)


async def test_page_view_of_a_lookup(cnpja, actor) -> None:
    """What the /cnpj card shows (pure function of the state module; no browser needed)."""
    from aurora_app.ui.state.cnpj import resultado_view

    view = resultado_view(await service.consultar(actor=actor, cnpj=ATIVA))
    assert view["cnpj"] == "33.000.167/0001-01" and view["situacao_cor"] == "green"
    assert view["capital_social"] == "R$ 480.000,00" and view["data_abertura"] == "21/06/2004"
    assert view["simples"] == "Optante desde 01/01/2015"
    assert view["endereco"] == "Rua dos Andradas, 1001\nCentro Historico\nPorto Alegre / RS\n90010-150"
    assert view["fonte"] == "CNPJá (API comercial)"
    cached = resultado_view(await service.consultar(actor=actor, cnpj=ATIVA))
    assert cached["fonte"] == "Cache do Aurora · origem: CNPJá (API comercial)"
    inapta = resultado_view(await service.consultar(actor=actor, cnpj=INAPTA))
    assert inapta["situacao"] == "Inapta" and inapta["situacao_cor"] == "red"


async def test_socios_viram_contatos_do_cliente_uma_vez(cnpja, actor, make_user) -> None:
    """The partners of a registered cliente's CNPJ become its contacts (basis: legitimate
    interest, role from the register); pressing again adds nobody; someone who may not edit
    the cliente is refused before any lookup."""
    from aurora_app.services import contatos
    from aurora_app.services.errors import Forbidden

    cliente, _ = await service.cadastrar_cliente(actor=actor, cnpj=ATIVA)
    feito = await service.adicionar_socios(actor=actor, cliente_id=cliente.id)
    assert sorted((c.nome, c.cargo, c.base_legal) for c in feito.items) == [
        ("Luiza Teixeira", "Socio", "legitimo_interesse"),
        ("Marcos Teixeira", "Socio-Administrador", "legitimo_interesse"),
    ]
    de_novo = await service.adicionar_socios(actor=actor, cliente_id=cliente.id)
    assert de_novo.items == [] and de_novo.ignorados == 2
    lista = contatos.list_contatos(actor=actor, cliente_id=cliente.id)
    assert lista.total == 2
    u = make_user("vendedor")
    outro = Actor(id=u.id, email=u.email, nome=u.nome, papel=u.papel)
    chamadas = cnpja.fake.count()
    with pytest.raises(Forbidden):
        await service.adicionar_socios(actor=outro, cliente_id=cliente.id)
    assert cnpja.fake.count() == chamadas
