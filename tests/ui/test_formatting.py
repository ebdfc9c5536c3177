"""Masks and parsers of the pt-BR forms (no browser needed)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import BaseModel, Field, ValidationError, field_validator

from aurora_app.core.cnpj import cnpj_valido
from aurora_app.services.errors import Conflict, Invalid
from aurora_app.ui.components import masks
from aurora_app.ui.components.toasts import campo_do_erro, erros_de_validacao

pytestmark = pytest.mark.no_db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("1", "1"),
        ("12", "12"),
        ("123", "12.3"),
        ("12345678", "12.345.678"),
        ("123456780", "12.345.678/0"),
        ("11222333000181", "11.222.333/0001-81"),
        ("11.222.333/0001-81", "11.222.333/0001-81"),
        ("12abc34501de35", "12.ABC.345/01DE-35"),
        ("12.ABC.345/01DE-35", "12.ABC.345/01DE-35"),
        (" 12 abc 345 01de 35 ", "12.ABC.345/01DE-35"),
        ("12ABC34501DEXY", "12.ABC.345/01DE"),  # letters never enter the check digits
        ("11222333000181999", "11.222.333/0001-81"),  # never longer than a CNPJ
    ],
)
def test_mask_cnpj(raw: str, expected: str) -> None:
    assert masks.mask_cnpj(raw) == expected


def test_masked_alphanumeric_cnpj_stays_valid() -> None:
    assert cnpj_valido(masks.mask_cnpj("12abc34501de35"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("1", "(1"),
        ("11", "(11"),
        ("119", "(11) 9"),
        ("113456", "(11) 3456"),
        ("1134567890", "(11) 3456-7890"),
        ("11987654321", "(11) 98765-4321"),
        ("+55 (11) 98765-4321", "(11) 98765-4321"),
        ("119876543210000", "(11) 98765-4321"),
    ],
)
def test_mask_telefone(raw: str, expected: str) -> None:
    assert masks.mask_telefone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", ""), ("01310", "01310"), ("013101", "01310-1"), ("01310-100", "01310-100"), ("013101009", "01310-100")],
)
def test_mask_cep(raw: str, expected: str) -> None:
    assert masks.mask_cep(raw) == expected


def test_mask_uf_and_valor() -> None:
    assert masks.mask_uf("s p") == "SP"
    assert masks.mask_uf("rj9x") == "RJ"
    assert masks.mask_valor("R$ 1.234,567") == "1.234,56"
    assert masks.mask_valor("abc15000") == "15000"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", None),
        ("R$ 1.234,56", Decimal("1234.56")),
        ("1234,5", Decimal("1234.50")),
        ("1.234", Decimal("1234.00")),
        ("1.234.567", Decimal("1234567.00")),
        ("15000", Decimal("15000.00")),
        ("1234.5", Decimal("1234.50")),
    ],
)
def test_parse_valor(raw: str, expected: Decimal | None) -> None:
    assert masks.parse_valor(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "1,2,3", "-5"])
def test_parse_valor_refuses_with_pt_br_message(raw: str) -> None:
    with pytest.raises(ValueError, match="(?i)valor"):
        masks.parse_valor(raw)


def test_valor_input_round_trip() -> None:
    assert masks.valor_input(Decimal("1234.5")) == "1.234,50"
    assert masks.parse_valor(masks.valor_input(Decimal("987654.32"))) == Decimal("987654.32")
    assert masks.valor_input(None) == ""


def test_parse_data() -> None:
    assert masks.parse_data("2026-12-31") == date(2026, 12, 31)
    assert masks.parse_data("31/12/2026") == date(2026, 12, 31)
    assert masks.parse_data("") is None
    with pytest.raises(ValueError, match="Data inválida"):
        masks.parse_data("31/02/2026")


def test_display_formatters() -> None:
    assert masks.formatar_telefone("11987654321") == "(11) 98765-4321"
    assert masks.formatar_telefone("(11) 3456-7890") == "(11) 3456-7890"
    assert masks.formatar_telefone("ramal 12") == "ramal 12"
    assert masks.formatar_cep("01310100") == "01310-100"
    assert masks.aplicar("cnpj", "11222333000181") == "11.222.333/0001-81"
    assert masks.aplicar("razao_social", "Ipê  ") == "Ipê  "


class _Form(BaseModel):
    razao_social: str = Field(min_length=1, max_length=5)
    cnpj: str

    @field_validator("cnpj")
    @classmethod
    def _cnpj(cls, v: str) -> str:
        raise ValueError("CNPJ inválido: dígitos verificadores não conferem.")


def test_validation_errors_become_pt_br_per_field() -> None:
    with pytest.raises(ValidationError) as info:
        _Form(razao_social="longo demais", cnpj="x")
    erros = erros_de_validacao(info.value)
    assert erros["cnpj"] == "CNPJ inválido: dígitos verificadores não conferem."
    assert erros["razao_social"] == "Texto longo demais (máximo de 5 caracteres)."


def test_domain_error_field() -> None:
    campos = {"cnpj", "email", "razao_social"}
    # The service names the field; the UI never guesses it from the code.
    assert campo_do_erro(Conflict("Já existe", code="cnpj_duplicado", campo="cnpj"), campos) == "cnpj"
    assert campo_do_erro(Conflict("Já existe", code="cnpj_duplicado"), campos) is None
    assert campo_do_erro(Invalid("x", code="dados_invalidos", extra={"campo": "email"}), campos) == "email"
    assert campo_do_erro(Invalid("x", code="limite_invalido"), campos) is None
    assert campo_do_erro(Invalid("x", campo="uf"), campos) is None  # not a field of this form


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("3", "3"),
        ("311", "31/1"),
        ("31122026", "31/12/2026"),
        ("31/12/2026", "31/12/2026"),
        ("2026-12-31", "31/12/2026"),
        ("311220269", "31/12/2026"),
    ],
)
def test_mask_data(raw: str, expected: str) -> None:
    assert masks.mask_data(raw) == expected


def test_mask_and_parse_data_hora() -> None:
    from datetime import datetime

    assert masks.mask_data_hora("311220301430") == "31/12/2030 14:30"
    assert masks.mask_data_hora("31/12/2030 14") == "31/12/2030 14"
    assert masks.parse_data_hora("31/12/2030 14:30") == datetime(2030, 12, 31, 14, 30)
    assert masks.parse_data_hora("31/12/2030") == datetime(2030, 12, 31, 18, 0)
    assert masks.parse_data_hora("") is None
    with pytest.raises(ValueError, match="Data inválida"):
        masks.parse_data_hora("31/12/2030 25:00")
    with pytest.raises(ValueError, match="Data inválida"):
        masks.parse_data("31/12/26")


def test_vence_em_is_brasilia_time() -> None:
    from aurora_app.ui.state.timeline import parse_vence_em

    vence = parse_vence_em("31/12/2030 14:30")
    assert vence is not None and vence.utcoffset().total_seconds() == -3 * 3600
    with pytest.raises(ValueError, match="Vencimento inválido"):
        parse_vence_em("99/99/9999")


def test_service_schema_messages_show_capitalised_under_the_field() -> None:
    from aurora_app.models.cliente import ClienteCreate

    with pytest.raises(ValidationError) as info:
        ClienteCreate(cnpj="11222333000181", razao_social="X", email="nao-e-email", cep="123")
    erros = erros_de_validacao(info.value)
    assert erros["email"].startswith("E-mail inválido")
    assert erros["cep"].startswith("CEP deve ter 8 dígitos")


def test_datas_em_horario_de_brasilia():
    """An instant near midnight UTC is the previous day in Brasília (UTC−3)."""
    from datetime import UTC, datetime

    from aurora_app.ui import labels

    instante = datetime(2026, 1, 22, 0, 16, tzinfo=UTC)
    assert labels.dia(instante) == "21/01/2026"
    assert labels.data_br(instante) == "21/01/2026 21:16"
    assert labels.data_br(instante.replace(tzinfo=None)) == "21/01/2026 21:16"  # naive = UTC, as stored


def test_valor_recusa_o_que_nao_e_dinheiro():
    """``abc`` was silently saved as R$ 0,00: now the field keeps it and says why."""
    import pytest

    from aurora_app.ui.components import masks
    from aurora_app.ui.state.lead_form import validar_lead_form

    for bom in ("", "1.234,56", "R$ 1.234,56", "1234.5", "10"):
        assert masks.parece_dinheiro(bom)
    for ruim in ("abc", "12a", "-5", "1e9", "NaN"):
        assert not masks.parece_dinheiro(ruim)
        assert validar_lead_form({"nome": "x", "valor": ruim})["valor"] in (
            masks.VALOR_INVALIDO,
            "O valor não pode ser negativo.",
        )
    with pytest.raises(ValueError):
        masks.parse_valor("NaN")


def test_inteiro_e_plural_com_milhar_pt_br():
    from aurora_app.ui import labels

    assert labels.inteiro(1234567) == "1.234.567" and labels.inteiro(0) == "0"
    assert labels.plural(1, "linha", "linhas") == "1 linha"
    assert labels.plural(12000, "linha", "linhas") == "12.000 linhas"
