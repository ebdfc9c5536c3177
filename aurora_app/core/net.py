"""Who is the client: the one rule for the REST API and the websocket alike."""

from __future__ import annotations

import ipaddress

from aurora_app.core.config import get_settings


def _trusted_proxy(peer: str | None) -> bool:
    """Only a reverse proxy listed in TRUSTED_PROXIES may name the client (none by default)."""
    nets = get_settings().trusted_proxies
    if not nets:
        return False
    try:
        addr = ipaddress.ip_address(peer or "")
    except ValueError:
        return False
    return any(addr in net for net in nets)


def client_ip(peer: str | None, forwarded_for: str | None) -> str | None:
    """X-Forwarded-For is client-controlled: a spoofed value would dodge the per-IP login limits.

    Trust it only from a proxy listed in TRUSTED_PROXIES, and take its *last* entry (the one our
    proxy appended), never the first (whatever the client sent). An IP comes back normalised.
    """
    if forwarded_for and _trusted_proxy(peer):
        hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
        if hops:
            try:
                return str(ipaddress.ip_address(hops[-1]))
            except ValueError:
                pass
    if not peer:
        return None
    try:
        return str(ipaddress.ip_address(peer))
    except ValueError:
        return peer[:64]  # e.g. a unix socket or a test client's name
