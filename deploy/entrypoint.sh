#!/bin/sh
# Aurora container entry point.
#   serve    production server on :3000 (built front end, websocket, API); `migrate` first
#            when AURORA_MIGRATE_ON_START=1 (single-container runs; compose has a migrate job)
#   migrate  alembic upgrade head (python -m aurora_app.cli init-db)
#   worker   the AI outbox worker (python -m aurora_app.cli worker)
#   *        any other command, as given
set -eu
mkdir -p "${PROMETHEUS_MULTIPROC_DIR:-/tmp/aurora-metrics}"
case "${1:-serve}" in
    serve)
        shift || true
        if [ "${AURORA_MIGRATE_ON_START:-0}" = 1 ]; then
            python -m aurora_app.cli init-db
        fi
        # Each start gets a clean metrics folder (files of dead workers would count twice).
        rm -rf "${PROMETHEUS_MULTIPROC_DIR:?}"/* 2>/dev/null || true
        exec python deploy/serve.py --host 0.0.0.0 --port "${PORT:-3000}" "$@"
        ;;
    migrate)
        exec python -m aurora_app.cli init-db
        ;;
    worker)
        exec python -m aurora_app.cli worker
        ;;
    *)
        exec "$@"
        ;;
esac
