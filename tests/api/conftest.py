"""Callers by role for the REST tests: (user, Authorization headers)."""

import pytest

from tests.crm_helpers import usuario


@pytest.fixture
def vend(auth_headers):
    u = usuario("vendedor")
    return u, auth_headers(u)


@pytest.fixture
def outro(auth_headers):
    u = usuario("vendedor")
    return u, auth_headers(u)


@pytest.fixture
def ger(auth_headers):
    u = usuario("gerente")
    return u, auth_headers(u)
