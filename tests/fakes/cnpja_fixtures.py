"""pytest fixtures around the fake CNPJá; import them into a test module::

    from tests.fakes.cnpja_fixtures import cnpja  # noqa: F401

``cnpja`` starts a fake server for the test, points the settings at it (both keys set, no auth
prefix) and installs a service client with short timeouts and a small breaker, so failure tests
take a fraction of a second. ``cnpja.configure(...)`` changes keys/prefix/timeouts mid-test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from aurora_app.core.config import reset_settings_cache
from aurora_app.integrations.cnpja import CNPJaClient, Timeouts
from aurora_app.services import cnpj as cnpj_service
from tests.fakes.cnpja_server import VALID_KEYS, FakeCNPJa

PRIMARY, SECONDARY = VALID_KEYS
FAST = Timeouts(connect=1.0, read=1.0, total=2.5)  # generous for a loaded CI machine
SMALL_BREAKER = {"threshold": 3, "window_seconds": 60, "open_seconds": 1, "trial_timeout_seconds": 5}

# Fixture CNPJs (tests/fakes/fixtures/cnpja/)
ATIVA = "33000167000101"
INAPTA = "19131243000197"
ALFANUMERICO = "7KQ2M5XA000141"
DESCONHECIDO = "11222333000181"  # valid check digits, absent from the fixtures → 404


@dataclass
class CnpjaEnv:
    fake: FakeCNPJa
    monkeypatch: pytest.MonkeyPatch
    client: CNPJaClient | None = None

    def configure(
        self,
        *,
        keys: tuple[str | None, str | None] = (PRIMARY, SECONDARY),
        auth_type: str = "",
        timeouts: Timeouts = FAST,
        breaker: dict[str, int] | None = None,
    ) -> CNPJaClient:
        mp = self.monkeypatch
        mp.setenv("CNPJA_PAID_URL", self.fake.paid_url)
        mp.setenv("CNPJA_FREE_URL", self.fake.free_url)
        for name, value in zip(("CNPJA_PRIMARY_KEY", "CNPJA_SECONDARY_KEY"), keys, strict=True):
            if value:
                mp.setenv(name, value)
            else:
                mp.delenv(name, raising=False)
        mp.setenv("CNPJA_AUTH_TYPE", auth_type)
        self.fake.auth_type = auth_type
        reset_settings_cache()
        cnpj_service.reset_client()
        self.client = CNPJaClient.from_settings(timeouts=timeouts, breaker_options=breaker or dict(SMALL_BREAKER))
        cnpj_service.set_client(self.client)
        return self.client


@pytest.fixture
def cnpja(monkeypatch: pytest.MonkeyPatch) -> Iterator[CnpjaEnv]:
    with FakeCNPJa() as fake:
        env = CnpjaEnv(fake, monkeypatch)
        env.configure()
        yield env
    cnpj_service.reset_client()
