"""CNPJá client over real HTTP against the fake server: failover order, breaker, limits, timeouts."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import date
from decimal import Decimal

import pytest
from prometheus_client import REGISTRY

from aurora_app.integrations.cnpja import (
    GRATUITO,
    PAGO,
    BreakerOpen,
    CNPJaClient,
    CNPJNaoEncontrado,
    ConsultaIndisponivel,
    Timeouts,
)
from aurora_app.integrations.cnpja_schema import from_office
from tests.fakes.cnpja_fixtures import ALFANUMERICO, ATIVA, DESCONHECIDO, FAST, INAPTA, PRIMARY, SECONDARY
from tests.fakes.cnpja_server import FIXTURES

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


# --- normaliser (pure) -------------------------------------------------------------------------


@pytest.mark.no_db
def test_normaliser_maps_office_to_ptbr_schema() -> None:
    payload = json.loads((FIXTURES / f"office_{ATIVA}.json").read_text())
    from datetime import UTC, datetime

    c = from_office(payload, fonte="cnpja_pago", consultado_em=datetime.now(UTC))
    assert c.cnpj == ATIVA
    assert c.razao_social == "Distribuidora Horizonte Sul Ltda"
    assert c.nome_fantasia == "Horizonte Sul"
    assert c.situacao_cadastral == "Ativa" and c.ativa
    assert c.data_abertura == date(2004, 6, 21)
    assert c.porte == "Demais"
    assert c.natureza_juridica == "Sociedade Empresaria Limitada"
    assert c.capital_social == Decimal("480000.0")
    assert c.cnae_principal.codigo == "4639701" and c.cnae_principal.codigo_formatado == "4639-7/01"
    assert [a.codigo for a in c.cnaes_secundarios] == ["4637199", "4930202"]
    assert c.endereco.logradouro == "Rua dos Andradas" and c.endereco.uf == "RS" and c.endereco.cep == "90010150"
    assert c.endereco.municipio == "Porto Alegre" and c.endereco.bairro == "Centro Historico"
    assert c.telefones[0].completo == "5132124400" and c.telefones[0].tipo == "fixo"
    assert c.emails[0].endereco == "compras@horizontesul.example" and c.emails[0].tipo == "corporativo"
    assert [s.nome for s in c.socios] == ["Marcos Teixeira", "Luiza Teixeira"]
    assert c.socios[0].documento == "***482913**" and c.socios[0].tipo == "pessoa_fisica"
    assert c.socios[0].qualificacao == "Socio-Administrador"
    assert c.simples.optante and c.simples.desde == date(2015, 1, 1) and not c.simples.mei
    assert c.fonte == "cnpja_pago" and c.fonte_original == "cnpja_pago" and not c.desatualizado


@pytest.mark.no_db
def test_normaliser_alphanumeric_and_inapta() -> None:
    from datetime import UTC, datetime

    alfa = from_office(
        json.loads((FIXTURES / f"office_{ALFANUMERICO}.json").read_text()),
        fonte="cnpja_gratuito",
        consultado_em=datetime.now(UTC),
    )
    assert alfa.cnpj == ALFANUMERICO and alfa.socios[0].tipo == "pessoa_juridica"
    inapta = from_office(
        json.loads((FIXTURES / f"office_{INAPTA}.json").read_text()),
        fonte="cnpja_gratuito",
        consultado_em=datetime.now(UTC),
    )
    assert inapta.situacao_cadastral == "Inapta" and not inapta.ativa
    assert inapta.nome_fantasia is None and inapta.telefones == [] and inapta.socios == []


@pytest.mark.no_db
def test_normaliser_refuses_non_office() -> None:
    from datetime import UTC, datetime

    with pytest.raises(ValueError):
        from_office({"message": "oops"}, fonte="cnpja_pago", consultado_em=datetime.now(UTC))


# --- paid API, keys ----------------------------------------------------------------------------


async def test_primary_key_answers(cnpja) -> None:
    c = await cnpja.client.fetch(ATIVA)
    assert c.fonte == PAGO and c.razao_social == "Distribuidora Horizonte Sul Ltda"
    assert cnpja.fake.keys_called() == [PRIMARY]  # key as it is, no prefix
    assert cnpja.fake.count("free") == 0


async def test_auth_type_prefixes_the_key(cnpja) -> None:
    client = cnpja.configure(auth_type="Bearer")
    c = await client.fetch(ATIVA)
    assert c.fonte == PAGO
    assert cnpja.fake.keys_called() == [f"Bearer {PRIMARY}"]


@pytest.mark.parametrize("failure", ["401", "429_credits"])
async def test_secondary_key_on_401_or_no_credits(cnpja, failure: str) -> None:
    cnpja.fake.paid[PRIMARY] = failure
    c = await cnpja.client.fetch(ATIVA)
    assert c.fonte == PAGO
    assert cnpja.fake.keys_called() == [PRIMARY, SECONDARY]
    assert cnpja.fake.count("free") == 0
    # The refused key is skipped by the next lookups (every worker: it is in the shared cache).
    await cnpja.client.fetch(INAPTA)
    assert cnpja.fake.keys_called() == [PRIMARY, SECONDARY, SECONDARY]


async def test_both_keys_fail_then_free_api(cnpja) -> None:
    cnpja.fake.paid[PRIMARY] = "401"
    cnpja.fake.paid[SECONDARY] = "429_credits"
    before = sample("aurora_cnpja_failures_total", provider=PAGO, reason="sem_creditos_secundaria")
    c = await cnpja.client.fetch(ATIVA)
    assert c.fonte == GRATUITO
    assert cnpja.fake.keys_called() == [PRIMARY, SECONDARY]
    assert cnpja.fake.count("free") == 1
    assert sample("aurora_cnpja_failures_total", provider=PAGO, reason="sem_creditos_secundaria") == before + 1
    # Both keys cooled down: the next lookup goes straight to the free API.
    await cnpja.client.fetch(INAPTA)
    assert cnpja.fake.count("paid") == 2 and cnpja.fake.count("free") == 2


async def test_rate_limited_key_goes_to_free_api(cnpja) -> None:
    cnpja.fake.paid[PRIMARY] = "429_rate"
    c = await cnpja.client.fetch(ATIVA)
    assert c.fonte == GRATUITO
    assert cnpja.fake.keys_called() == [PRIMARY]  # not the secondary: back off the paid API
    await cnpja.client.fetch(INAPTA)  # still within Retry-After: paid API not asked
    assert cnpja.fake.count("paid") == 1 and cnpja.fake.count("free") == 2


@pytest.mark.parametrize("failure", ["500", "503", "bad_json"])
async def test_paid_error_falls_back_to_free(cnpja, failure: str) -> None:
    cnpja.fake.paid[PRIMARY] = failure
    c = await cnpja.client.fetch(ATIVA)
    assert c.fonte == GRATUITO
    assert cnpja.fake.keys_called() == [PRIMARY]
    assert cnpja.client.breakers[PAGO].state() == "closed"  # one failure does not trip it


async def test_paid_timeout_falls_back_to_free_within_budget(cnpja) -> None:
    cnpja.fake.paid[PRIMARY] = "timeout"
    before = sample("aurora_cnpja_failures_total", provider=PAGO, reason="timeout")
    start = time.monotonic()
    c = await cnpja.client.fetch(ATIVA)
    elapsed = time.monotonic() - start
    assert c.fonte == GRATUITO
    assert FAST.read - 0.05 <= elapsed < FAST.total  # read timeout, then the free API answers at once
    assert sample("aurora_cnpja_failures_total", provider=PAGO, reason="timeout") == before + 1


async def test_no_keys_free_api_only(cnpja) -> None:
    client = cnpja.configure(keys=(None, None))
    assert not client.has_keys
    c = await client.fetch(ALFANUMERICO)
    assert c.fonte == GRATUITO and c.cnpj == ALFANUMERICO
    assert cnpja.fake.count("paid") == 0 and cnpja.fake.count("free") == 1
    assert cnpja.fake.calls[0].authorization is None  # no key sent to the free API


# --- not found, unavailable -------------------------------------------------------------------


async def test_404_from_paid_is_not_found(cnpja) -> None:
    with pytest.raises(CNPJNaoEncontrado):
        await cnpja.client.fetch(DESCONHECIDO)
    assert cnpja.fake.count("paid") == 1 and cnpja.fake.count("free") == 0


async def test_404_from_free_is_not_found(cnpja) -> None:
    client = cnpja.configure(keys=(None, None))
    with pytest.raises(CNPJNaoEncontrado):
        await client.fetch(DESCONHECIDO)


async def test_everything_down_is_unavailable_with_retry_after(cnpja) -> None:
    cnpja.fake.paid[PRIMARY] = "500"
    cnpja.fake.free = "503"
    with pytest.raises(ConsultaIndisponivel) as err:
        await cnpja.client.fetch(ATIVA)
    assert err.value.retry_after >= 1
    assert err.value.motivos == [f"{PAGO}:http_500", f"{GRATUITO}:http_503"]


async def test_free_api_upstream_429_backs_off(cnpja) -> None:
    client = cnpja.configure(keys=(None, None))
    cnpja.fake.free = "429_rate"
    with pytest.raises(ConsultaIndisponivel) as err:
        await client.fetch(ATIVA)
    assert err.value.retry_after == cnpja.fake.retry_after
    with pytest.raises(ConsultaIndisponivel):
        await client.fetch(ATIVA)
    assert cnpja.fake.count("free") == 1  # the second one waited without asking


async def test_free_api_limited_to_5_per_minute_shared(cnpja) -> None:
    client = cnpja.configure(keys=(None, None))
    other_worker = cnpja.configure(keys=(None, None))  # another client, same shared backend
    for i in range(5):
        await (client if i % 2 else other_worker).fetch(ATIVA)
    with pytest.raises(ConsultaIndisponivel) as err:
        await client.fetch(ATIVA)
    assert cnpja.fake.count("free") == 5
    assert 1 <= err.value.retry_after <= 61
    assert any("limite_local" in m for m in err.value.motivos)


# --- circuit breaker ---------------------------------------------------------------------------


async def test_breaker_opens_fails_fast_then_half_open_trial_closes(cnpja) -> None:
    breaker = cnpja.client.breakers[PAGO]
    cnpja.fake.paid[PRIMARY] = "500"
    for _ in range(3):  # threshold 3
        assert (await cnpja.client.fetch(ATIVA)).fonte == GRATUITO
    assert breaker.state() == "open"
    assert sample("aurora_cnpja_breaker_state", provider=PAGO) == 2
    # Open: the paid API is not called at all.
    assert (await cnpja.client.fetch(ATIVA)).fonte == GRATUITO
    assert cnpja.fake.count("paid") == 3
    await asyncio.sleep(1.1)  # open_seconds = 1
    assert breaker.state() == "half_open"
    cnpja.fake.paid[PRIMARY] = "ok"
    assert (await cnpja.client.fetch(ATIVA)).fonte == PAGO  # the trial call
    assert cnpja.fake.count("paid") == 4
    assert breaker.state() == "closed"
    assert sample("aurora_cnpja_breaker_state", provider=PAGO) == 0


async def test_failed_trial_reopens(cnpja) -> None:
    breaker = cnpja.client.breakers[PAGO]
    cnpja.fake.paid[PRIMARY] = "503"
    for _ in range(3):
        await cnpja.client.fetch(ATIVA)
    await asyncio.sleep(1.1)
    await cnpja.client.fetch(ATIVA)  # trial fails
    assert cnpja.fake.count("paid") == 4
    assert breaker.state() == "open"
    await cnpja.client.fetch(ATIVA)
    assert cnpja.fake.count("paid") == 4


async def test_half_open_lets_exactly_one_trial_through(cnpja) -> None:
    breaker = cnpja.client.breakers[PAGO]
    breaker.failure()
    breaker.failure()
    breaker.failure()
    await asyncio.sleep(1.1)
    assert breaker.before_call() is True  # the trial
    with pytest.raises(BreakerOpen):
        breaker.before_call()  # another worker meanwhile: fail fast
    assert sample("aurora_cnpja_breaker_state", provider=PAGO) == 1
    breaker.success(trial=True)
    assert breaker.before_call() is False and breaker.state() == "closed"


async def test_free_breaker_open_fails_fast_without_calling(cnpja) -> None:
    client = cnpja.configure(keys=(None, None))
    cnpja.fake.free = "500"
    for _ in range(3):
        with pytest.raises(ConsultaIndisponivel):
            await client.fetch(ATIVA)
    start = time.monotonic()
    with pytest.raises(ConsultaIndisponivel) as err:
        await client.fetch(ATIVA)
    assert time.monotonic() - start < 0.5  # no call, no timeout
    assert cnpja.fake.count("free") == 3
    assert err.value.motivos == [f"{GRATUITO}:circuito_aberto"]
    assert err.value.retry_after <= 2


async def test_client_errors_do_not_trip_the_breaker(cnpja) -> None:
    cnpja.fake.paid[PRIMARY] = "401"
    for cnpj in (ATIVA, INAPTA, ALFANUMERICO, DESCONHECIDO):
        try:
            await cnpja.client.fetch(cnpj)
        except CNPJNaoEncontrado:
            pass
    assert cnpja.client.breakers[PAGO].state() == "closed"


# --- hung upstreams ----------------------------------------------------------------------------


async def test_everything_hangs_bounded_by_total_budget(cnpja) -> None:
    cnpja.fake.paid[PRIMARY] = "hang"
    cnpja.fake.free = "hang"
    start = time.monotonic()
    with pytest.raises(ConsultaIndisponivel) as err:
        await cnpja.client.fetch(ATIVA)
    assert time.monotonic() - start < FAST.total + 0.5
    assert err.value.motivos[0] == f"{PAGO}:timeout"


@pytest.mark.slow
async def test_default_timeouts_never_hold_a_lookup_over_10s(cnpja) -> None:
    client = CNPJaClient(paid_url=cnpja.fake.paid_url, free_url=cnpja.fake.free_url, keys=(PRIMARY, SECONDARY))
    assert client.timeouts == Timeouts(connect=2.0, read=5.0, total=9.5)
    cnpja.fake.paid[PRIMARY] = "hang"
    cnpja.fake.free = "hang"
    start = time.monotonic()
    with pytest.raises(ConsultaIndisponivel):
        await client.fetch(ATIVA)
    elapsed = time.monotonic() - start
    assert 5.0 <= elapsed <= 10.0
