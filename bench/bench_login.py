"""One login on this machine: argon2id verify + token, through ``services.auth.login``.

Measures the whole service call (rate-limit check, user lookup, argon2id verification, audit
row, JWT signing) and its two expensive parts alone. A throwaway SQLite database, in-process
limiter (unset REDIS_URL) unless ``--redis`` is given.

    .venv/bin/python bench/bench_login.py [-n 30] [--redis redis://127.0.0.1:6379/0]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _report(name: str, seconds: list[float]) -> None:
    ms = [s * 1000 for s in seconds]
    print(
        f"{name:<38} median {statistics.median(ms):7.1f} ms   p95 {_pct(ms, 95):7.1f} ms   min {min(ms):7.1f} ms   (n={len(ms)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=30)
    parser.add_argument("--redis", default=None)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-login-"))
    os.environ.update(
        AURORA_ENV="test",
        DATABASE_URL=f"sqlite:///{tmp / 'bench.db'}",
        LOG_DIR=str(tmp / "logs"),
        SECRET_KEY="bench-secret-" + "k" * 40,
        REDIS_PREFIX=f"bench-{os.getpid()}",
    )
    if args.redis:
        os.environ["REDIS_URL"] = args.redis
    else:
        os.environ.pop("REDIS_URL", None)

    from alembic import command
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.attributes["url"] = os.environ["DATABASE_URL"]
    command.upgrade(cfg, "head")

    from aurora_app.core.security import create_access_token, hash_password, verify_password
    from aurora_app.services import auth
    from aurora_app.services.audit import RequestContext
    from aurora_app.services.usuarios import create_user

    password = "Correta-Cavalo-Bateria-9"
    user = create_user(email="bench@aurora.test", password=password, nome="Bench", papel="vendedor")
    stored = hash_password(password)

    verify, token, login, wrong = [], [], [], []
    for i in range(args.n):
        t = time.perf_counter()
        verify_password(password, stored)
        verify.append(time.perf_counter() - t)
        t = time.perf_counter()
        create_access_token(user_id=user.id, papel="vendedor", amr=["pwd"])
        token.append(time.perf_counter() - t)
        t = time.perf_counter()
        auth.login(email=user.email, password=password, ctx=RequestContext(ip=f"10.0.{i // 250}.{i % 250}"))
        login.append(time.perf_counter() - t)
    from aurora_app.services.errors import Unauthorized

    for i in range(min(args.n, 10)):  # unknown email: dummy-hash path, within the limits
        t = time.perf_counter()
        try:
            auth.login(email=f"ninguem{i}@aurora.test", password=password, ctx=RequestContext(ip=f"10.1.0.{i}"))
        except Unauthorized:
            pass
        wrong.append(time.perf_counter() - t)

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, limiter: {'redis' if args.redis else 'memory'}")
    print(f"argon2id parameters: {stored.split('$')[3]}")
    _report("argon2id verify (pwdlib)", verify)
    _report("JWT sign (pyjwt HS256)", token)
    _report("services.auth.login (success, total)", login)
    _report("services.auth.login (unknown email)", wrong)


if __name__ == "__main__":
    main()
