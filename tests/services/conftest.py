"""Actors by role for the service tests (each a fresh user in the fresh database)."""

import pytest

from tests.builders import actor_of, usuario


@pytest.fixture
def vendedor():
    return actor_of(usuario("vendedor"))


@pytest.fixture
def outro():
    """A second vendedor: someone else's records."""
    return actor_of(usuario("vendedor"))


@pytest.fixture
def outro_vendedor(outro):
    return outro


@pytest.fixture
def gerente():
    return actor_of(usuario("gerente"))


@pytest.fixture
def admin():
    return actor_of(usuario("admin"))
