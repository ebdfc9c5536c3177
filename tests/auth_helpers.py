"""Helpers shared by the auth tests: a controllable TOTP clock and 2FA enrollment in one call."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pyotp
import pytest

from aurora_app.services import auth
from aurora_app.services.audit import RequestContext
from tests.conftest import TEST_PASSWORD

CTX = RequestContext(ip="203.0.113.7", user_agent="pytest-agent/1.0")


class Clock:
    """pyotp reads ``time.time()`` of its own module: patch that one, the rest of the world keeps time."""

    def __init__(self) -> None:
        # Start in the middle of a 30 s step so ±30 s lands on the neighbouring steps.
        self.now = (int(time.time()) // 30) * 30 + 15.0

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def code(self, secret: str, offset: float = 0.0) -> str:
        return pyotp.TOTP(secret).at(self.now + offset)


@pytest.fixture(name="clock")
def clock_fixture(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr("pyotp.totp.time", SimpleNamespace(time=c.time))
    return c


def login_actor(user, password: str = TEST_PASSWORD, otp: str | None = None, ctx: RequestContext = CTX):
    token = auth.login(email=user.email, password=password, otp=otp, ctx=ctx).access_token
    return token, auth.actor_from_token(token)


def enroll(user, clock: Clock, ctx: RequestContext = CTX) -> tuple[str, list[str], str]:
    """Turns 2FA on for ``user``; returns (secret, recovery_codes, token that passed 2FA).

    Leaves the clock one step later, so the next code is not a replay of the activation's.
    """
    _, actor = login_actor(user, ctx=ctx)
    setup = auth.totp_setup(actor=actor, password=TEST_PASSWORD, ctx=ctx)
    result = auth.totp_activate(actor=actor, otp=clock.code(setup.secret), ctx=ctx)
    clock.advance(30)
    return setup.secret, result.recovery_codes, result.token.access_token
