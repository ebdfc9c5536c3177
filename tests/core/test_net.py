"""core.net: the client's IP for the REST API and the websocket alike (issue 11 #3)."""

from __future__ import annotations

import pytest


def test_client_ip_trusts_forwarded_for_only_from_configured_proxies(monkeypatch):
    """Issue 11 #3: with the app reachable directly, a rotating X-Forwarded-For from any private
    address used to choose the IP (30 of 30 guesses, spoofed IPs in the audit)."""
    from aurora_app.core.config import reset_settings_cache
    from aurora_app.core.net import client_ip

    # Default: no proxy is trusted, not even loopback or a private network.
    assert client_ip("127.0.0.1", "198.51.100.1") == "127.0.0.1"
    assert client_ip("10.0.0.5", "203.0.113.9") == "10.0.0.5"
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1, 172.28.0.0/16")
    reset_settings_cache()
    try:
        assert client_ip("127.0.0.1", "198.51.100.1, 203.0.113.9") == "203.0.113.9"  # the hop our proxy added
        assert client_ip("172.28.0.10", "203.0.113.9") == "203.0.113.9"
        assert client_ip("10.0.0.5", "203.0.113.9") == "10.0.0.5"  # a private address not listed
        assert client_ip("203.0.113.50", "198.51.100.1") == "203.0.113.50"  # a client cannot choose its IP
        assert client_ip("127.0.0.1", "não-é-ip") == "127.0.0.1"
        assert client_ip("testclient", "198.51.100.1") == "testclient"
    finally:
        monkeypatch.delenv("TRUSTED_PROXIES")
        reset_settings_cache()


def test_trusted_proxies_invalido_impede_a_partida(monkeypatch):
    from aurora_app.core.config import ConfigError, Settings

    monkeypatch.setenv("TRUSTED_PROXIES", "172.28.0.10, proxy.local")
    with pytest.raises((ConfigError, ValueError), match="TRUSTED_PROXIES"):
        Settings()
