"""Callers by role for the REST tests, each a (user, Authorization headers) pair: ``vend`` and
``vend2`` (two vendedores), ``ger`` (a gerente). The service tests name Actors instead
(``vendedor``, ``outro``, ``gerente``, ``admin`` in tests/services/conftest.py)."""

import pytest

from tests.builders import usuario


@pytest.fixture
def vend(auth_headers):
    u = usuario("vendedor")
    return u, auth_headers(u)


@pytest.fixture
def vend2(auth_headers):
    u = usuario("vendedor")
    return u, auth_headers(u)


@pytest.fixture
def ger(auth_headers):
    u = usuario("gerente")
    return u, auth_headers(u)
