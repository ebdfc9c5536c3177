"""Failure drill (issue 11 #5): Redis down when the server starts. Reflex used to exit ("Unable
to connect to Redis"), so a restart during a Redis outage was a full outage. Now the real
production server starts degraded (Reflex state in memory) and says so in /health/ready."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.deploy.edge import ROOT, free_port, stop_group, tail, wait_for

pytestmark = pytest.mark.no_db


def test_servidor_parte_com_redis_fora_do_ar_e_diz_que_esta_degradado(tmp_path):
    port, dead_redis = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("REFLEX_REDIS_URL", "PROMETHEUS_MULTIPROC_DIR")}
    env.update(
        REDIS_URL=f"redis://127.0.0.1:{dead_redis}/0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'aurora.db'}",
        SECRET_KEY="s" * 40,
        AURORA_ENV="test",
        LOG_DIR=str(tmp_path / "logs"),
    )
    log = tmp_path / "server.log"
    command = (
        f'. scripts/env.sh && exec "{sys.executable}" -m reflex run --env prod --backend-only '
        f"--backend-port {port} --backend-host 127.0.0.1"
    )
    with log.open("ab") as out:
        process = subprocess.Popen(
            ["bash", "-c", command],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        wait_for(f"http://127.0.0.1:{port}/health/live", 150, process, log)
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=5)
        body = json.loads(err.value.read())
        assert err.value.code == 503 and body["falhando"] == ["redis"], body
        assert body["modo"].startswith("degradado"), body
        assert process.poll() is None, tail(log)  # still serving
        assert "Redis indisponível na partida" in log.read_text(errors="replace")
    finally:
        stop_group(process)
