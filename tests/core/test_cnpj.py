"""CNPJ rules of SPEC §6: numeric and alphanumeric (IN RFB 2.229/2024)."""

import pytest

from aurora_app.core.cnpj import CNPJInvalido, calcular_dv, cnpj_valido, formatar_cnpj, normalizar_cnpj

pytestmark = pytest.mark.no_db


@pytest.mark.parametrize(
    ("entrada", "esperado"),
    [
        ("11.222.333/0001-81", "11222333000181"),
        ("11222333000181", "11222333000181"),
        ("00.000.000/0001-91", "00000000000191"),
        ("12.ABC.345/01DE-35", "12ABC34501DE35"),
        ("12abc34501de35", "12ABC34501DE35"),
        (" 12 ABC 345 01DE 35 ", "12ABC34501DE35"),
    ],
)
def test_validos(entrada, esperado):
    assert normalizar_cnpj(entrada) == esperado
    assert cnpj_valido(entrada)


@pytest.mark.parametrize(
    "entrada",
    [
        "11.222.333/0001-00",  # wrong check digits
        "12.ABC.345/01DE-00",
        "00.000.000/0000-00",  # all zeros
        "11111111111111",  # one repeated character
        "AAAAAAAAAAAAAA",
        "11.222.333/0001-8",  # 13 characters
        "11.222.333/0001-811",
        "12.ABC.345/01DE-3A",  # check digits must be numeric
        "12.ÂBC.345/01DE-35",
        "",
        "'; DROP TABLE cliente; --",
    ],
)
def test_invalidos(entrada):
    with pytest.raises(CNPJInvalido) as exc:
        normalizar_cnpj(entrada)
    assert "CNPJ" in str(exc.value)  # pt-BR message fit for the user
    assert not cnpj_valido(entrada)


def test_digitos_e_mascara():
    assert calcular_dv("12ABC34501DE") == "35"
    assert calcular_dv("112223330001") == "81"
    assert formatar_cnpj("12ABC34501DE35") == "12.ABC.345/01DE-35"
