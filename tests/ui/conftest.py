"""The handler harness: drive Reflex page states without a browser, as Reflex does.

``estado(LeadsState, token)`` builds the state tree from the root (so ``get_state`` between
states works) and logs it in with ``token``; ``drive(state.handler, *args)`` runs a handler —
plain, async or an async generator — and returns the events it produced. The services and the
database are real; only the websocket is missing.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest
import reflex as rx


def estado(cls: type[rx.State], token: str = "") -> Any:
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(cls.get_full_name().split(".")[1:])
    if token:
        state.auth_token = token
    return state


def drive(handler: Any, *args: Any) -> list:
    """Run a handler like Reflex does; returns the events it produced (None dropped)."""

    async def go() -> list:
        result = handler(*args)
        events: list = []
        if inspect.isasyncgen(result):
            async for ev in result:
                events.extend(ev if isinstance(ev, list) else [ev])
        elif inspect.isawaitable(result):
            ev = await result
            events.extend(ev if isinstance(ev, list) else [ev])
        else:
            events.extend(result if isinstance(result, list) else [result])
        return [e for e in events if e is not None]

    return asyncio.run(go())


@pytest.fixture
def ui_estado():
    return estado


@pytest.fixture
def ui_drive():
    return drive
