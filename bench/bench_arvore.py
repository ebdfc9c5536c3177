"""What the state tree costs per Reflex event with Redis (issue 8), on a real session's states.

    .venv/bin/python bench/bench_arvore.py [--redis redis://127.0.0.1:6379/13]

Every page state is a substate of ``AuthState``, and Reflex's Redis state manager loads an event's
state, its parents and *all its substates*. So an event handled by ``AuthState`` itself (the
client-storage sync of every page load, the navigation badge, logout) loads every page state of
the session, while a page's own event loads root + AuthState + that page.

Method: a throwaway SQLite database with the demo data; the gerente's session visits every page
(the real ``on_load`` handlers fill the real states: a page of clientes, the board, the painel's
charts...); each state is pickled into Redis under one token, as the state manager stores it.
Then the reads Reflex does for each kind of event (one MGET + unpickling) are timed, 300 times
each (``phases_server.arvore_de_estados``, also run inside ``make bench`` on the server's keys).
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _drive(handler, *args) -> None:  # noqa: ANN001, ANN002
    async def go() -> None:
        result = handler(*args)
        if inspect.isasyncgen(result):
            async for _ in result:
                pass
        elif inspect.isawaitable(result):
            await result

    asyncio.run(go())


def _todos(state) -> list:  # noqa: ANN001
    out = [state]
    for sub in state.substates.values():
        out.extend(_todos(sub))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--redis", default=os.environ.get("BENCH_ARVORE_REDIS", "redis://127.0.0.1:6379/13"))
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-arvore-"))
    os.environ.update(
        AURORA_ENV="test",
        DATABASE_URL=f"sqlite:///{tmp / 'arvore.db'}",
        CHROMA_PATH=str(tmp / "chroma"),
        AI_EMBEDDING="hash",
        AI_WORKER="external",
        LOG_DIR=str(tmp / "logs"),
        SECRET_KEY="bench-" + "x" * 40,
    )
    os.environ.pop("REDIS_URL", None)
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.attributes["url"] = os.environ["DATABASE_URL"]
    command.upgrade(cfg, "head")

    import redis
    import reflex as rx
    from phases_server import arvore_de_estados

    import aurora_app.aurora_app  # noqa: F401 - every page state registered
    from aurora_app.core.security import create_access_token
    from aurora_app.services import usuarios
    from aurora_app.services.demo import DEMO_GERENTE, seed_demo
    from aurora_app.ui.state.auth import AuthState
    from aurora_app.ui.state.clientes import ClientesState
    from aurora_app.ui.state.dashboard import DashboardState
    from aurora_app.ui.state.leads import LeadsState
    from aurora_app.ui.state.lixeira import LixeiraState
    from aurora_app.ui.state.tarefas import TarefasState

    seed_demo()
    gerente = usuarios.find_by_email(DEMO_GERENTE.email)
    root = rx.State(_reflex_internal_init=True)
    auth = root.get_substate(AuthState.get_full_name().split(".")[1:])
    auth.auth_token = create_access_token(user_id=gerente.id, papel=gerente.papel, amr=["pwd"])[0]
    for cls in (DashboardState, ClientesState, LeadsState, TarefasState, LixeiraState):
        _drive(root.get_substate(cls.get_full_name().split(".")[1:]).on_load)

    r = redis.Redis.from_url(args.redis)
    token = uuid.uuid4().hex
    estados = _todos(root)
    for st in estados:
        r.set(f"{token}_{st.get_full_name()}", st._serialize(), ex=600)
    try:
        resultado = {"session_states": len(estados), **arvore_de_estados(r)}
    finally:
        for st in estados:
            r.delete(f"{token}_{st.get_full_name()}")
    print(json.dumps(resultado, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
