#!/usr/bin/env bash
# Dependency audit (`make audit`): pip-audit over the pinned runtime requirements, in --strict mode.
#   exit 0  every pinned package was checked and none has a known vulnerability
#   exit 1  known vulnerabilities found (listed by pip-audit)
#   exit 2  could not check (vulnerability service unreachable, a package not found there...)
# A non-strict pip-audit skips what it cannot look up and still says "No known vulnerabilities
# found" (measured offline): that false green is exactly what this script refuses to print.
#   AUDIT_REQUIREMENTS="requirements.txt requirements-ai.txt"   files to audit
#   AUDIT_ARGS="--vulnerability-service osv"                      extra pip-audit options
set -uo pipefail

cd "$(dirname "$0")/.."
PIP_AUDIT="${PIP_AUDIT:-.venv/bin/pip-audit}"
[ -x "$PIP_AUDIT" ] || PIP_AUDIT="$(command -v pip-audit || true)"
if [ -z "$PIP_AUDIT" ]; then
    echo "pip-audit: não instalado (make audit instala requirements-dev.txt)" >&2
    exit 2
fi

req_args=()
for f in ${AUDIT_REQUIREMENTS:-requirements.txt}; do req_args+=(-r "$f"); done

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
# --no-deps --disable-pip: audit exactly the pins, no resolver run and no pip download.
# shellcheck disable=SC2086
"$PIP_AUDIT" --strict --no-deps --disable-pip --progress-spinner off "${req_args[@]}" ${AUDIT_ARGS:-} >"$out" 2>&1
status=$?
grep -v -e 'users are encouraged to fully hash' -e 'Consider using a tool like' "$out"

if [ "$status" = 0 ] && ! grep -qiE 'could not be audited|skipping' "$out"; then
    echo "pip-audit: nenhuma vulnerabilidade conhecida nas dependências fixadas (${AUDIT_REQUIREMENTS:-requirements.txt})"
    exit 0
fi
if grep -qE 'Found [0-9]+ known vulnerabilit' "$out"; then
    echo "pip-audit: VULNERABILIDADES conhecidas encontradas (acima); atualize os pins afetados" >&2
    exit 1
fi
echo "pip-audit: não foi possível verificar (serviço de vulnerabilidades inacessível) — auditoria incompleta, não é um resultado verde" >&2
exit 2
