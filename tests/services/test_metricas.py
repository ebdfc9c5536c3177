"""Metrics the dashboard and the alert rules read: logins and 2FA failures counted by the auth
service, business KPIs computed by SQL at scrape time (deploy/grafana, deploy/prometheus)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from prometheus_client.parser import text_string_to_metric_families

from aurora_app.core import metrics
from aurora_app.models.lead import LeadCreate
from aurora_app.services import auth, leads, metricas
from aurora_app.services.errors import Unauthorized
from tests.auth_helpers import CTX, clock_fixture, enroll  # noqa: F401 - the "clock" fixture
from tests.conftest import TEST_PASSWORD


def _value(name: str, **labels: str) -> float:
    families = {f.name: f for f in text_string_to_metric_families(metrics.render()[0].decode())}
    family = families[name.removesuffix("_total")]
    return sum(
        s.value for s in family.samples if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
    )


def test_login_conta_sucesso_e_falha(make_user) -> None:  # noqa: ANN001
    user = make_user("vendedor")
    sucesso, falha = (
        _value("aurora_auth_logins_total", resultado="sucesso"),
        _value("aurora_auth_logins_total", resultado="falha"),
    )
    auth.login(email=user.email, password=TEST_PASSWORD, ctx=CTX)
    with pytest.raises(Unauthorized):
        auth.login(email=user.email, password="errada-errada-1", ctx=CTX)
    assert _value("aurora_auth_logins_total", resultado="sucesso") == sucesso + 1
    assert _value("aurora_auth_logins_total", resultado="falha") == falha + 1


def test_falha_de_2fa_conta(make_user, clock) -> None:  # noqa: ANN001
    user = make_user("admin")
    enroll(user, clock)
    antes = _value("aurora_auth_2fa_failures_total", finalidade="login")
    otp_antes = _value("aurora_auth_logins_total", resultado="otp_invalido")
    with pytest.raises(Unauthorized):
        auth.login(email=user.email, password=TEST_PASSWORD, otp="000000", ctx=CTX)
    assert _value("aurora_auth_2fa_failures_total", finalidade="login") == antes + 1
    assert _value("aurora_auth_logins_total", resultado="otp_invalido") == otp_antes + 1


def test_kpis_de_negocio_vem_do_banco(gerente) -> None:  # noqa: ANN001
    leads.create(actor=gerente, data=LeadCreate(nome="Lead A", empresa="Union & Drop Ltda", valor=Decimal("1500.50")))
    leads.create(actor=gerente, data=LeadCreate(nome="Lead B", empresa="D'Ávila", valor=Decimal("99.50")))
    assert _value("aurora_leads", estagio="novo") == 2
    assert _value("aurora_leads_valor_reais", estagio="novo") == pytest.approx(1600.0)
    assert _value("aurora_leads", estagio="ganho") == 0  # every stage is present, at 0 too
    assert _value("aurora_clientes_ativos") == 0


def test_fonte_que_falha_nao_derruba_metrics(monkeypatch: pytest.MonkeyPatch) -> None:
    def quebrada():
        raise RuntimeError("banco fora")
        yield  # pragma: no cover - a generator

    monkeypatch.setattr(metrics, "_scrape_sources", [quebrada, metricas.negocio])
    text = metrics.render()[0].decode()
    assert "aurora_http_requests_total" in text or "aurora_http_request" in text
    assert "aurora_leads{" in text


def test_atraso_do_outbox_de_ia_e_a_idade_da_linha_mais_antiga(gerente) -> None:  # noqa: ANN001
    from datetime import timedelta

    from sqlalchemy import update

    from aurora_app.core.db import session_scope
    from aurora_app.models.ai import AiOutbox
    from aurora_app.models.base import utcnow

    assert _value("aurora_ai_outbox_lag_seconds") == 0  # empty outbox: no lag
    leads.create(actor=gerente, data=LeadCreate(nome="Lead C", empresa="Brisa do Mar", valor=Decimal("10")))
    with session_scope() as s:  # the write queued a row; make it ten minutes old
        s.execute(update(AiOutbox).values(criado_em=utcnow() - timedelta(minutes=10)))
    assert 600 <= _value("aurora_ai_outbox_lag_seconds") < 700
