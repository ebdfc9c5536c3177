"""Serve the built front end, the websocket and the API on one port, without rebuilding.

`reflex run --env prod` compiles and rebuilds the front end on every start (8-10 s, and it
writes into .web while other replicas may be reading it). The image builds the front end once
(`reflex export --frontend-only --no-zip --env prod`); each replica then runs this:

    python deploy/serve.py [--host 0.0.0.0] [--port 3000]

Same server as `reflex run --env prod` (Granian, 2xCPU+1 workers with Redis), same app.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("AURORA_HOST", "0.0.0.0"))  # noqa: S104 - a container's port
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    args = parser.parse_args(argv)

    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    from reflex import constants
    from reflex.config import get_config
    from reflex.environment import environment
    from reflex.utils import exec as rx_exec

    if not (ROOT / ".web" / "build" / "client" / "index.html").exists():
        sys.exit("deploy/serve.py: no built front end in .web/build/client (run `reflex export --frontend-only --no-zip --env prod`)")
    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)
    config = get_config()
    config._set_persistent(frontend_port=args.port, backend_port=args.port)
    rx_exec.run_backend_prod(args.host, args.port, config.loglevel.subprocess_level(), mount_frontend_compiled_app=True)


if __name__ == "__main__":
    main()
