from tests.fakes.cnpja_fixtures import cnpja  # noqa: F401 - fixture for the CNPJá tests
