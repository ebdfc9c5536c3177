# shellcheck shell=bash
# Environment shared by `make`, `.ci/run`, the e2e fixture and anyone running Reflex by hand:
#   . scripts/env.sh
# It keeps every cache inside the project (git-ignored) and switches off what would call out
# (see TOOLCHAIN.md). Values already set in the environment win.

AURORA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
export AURORA_ROOT

export REFLEX_TELEMETRY_ENABLED="${REFLEX_TELEMETRY_ENABLED:-false}"
export REFLEX_CHECK_LATEST_VERSION="${REFLEX_CHECK_LATEST_VERSION:-false}"
# Setting the registry explicitly stops Reflex's latency probe of mirrors.
export NPM_CONFIG_REGISTRY="${NPM_CONFIG_REGISTRY:-$(npm config get registry 2>/dev/null)}"
export REFLEX_DIR="${REFLEX_DIR:-$AURORA_ROOT/.cache/reflex}"
export BUN_INSTALL_CACHE_DIR="${BUN_INSTALL_CACHE_DIR:-$AURORA_ROOT/.cache/bun/install}"
export BUN_RUNTIME_TRANSPILER_CACHE_PATH="${BUN_RUNTIME_TRANSPILER_CACHE_PATH:-$AURORA_ROOT/.cache/bun/transpiler}"

# The bun package for this CPU (npm registry; Reflex's own installer downloads from GitHub).
aurora_bun_package() {
    case "$(uname -m)" in
        aarch64 | arm64) echo "@oven/bun-linux-aarch64" ;;
        *)
            if grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
                echo "@oven/bun-linux-x64"
            else
                echo "@oven/bun-linux-x64-baseline"
            fi
            ;;
    esac
}
AURORA_BUN_PACKAGE="$(aurora_bun_package)"
export AURORA_BUN_PACKAGE
if [ -z "${REFLEX_BUN_PATH:-}" ] && [ -x "$AURORA_ROOT/.tools/bun/node_modules/$AURORA_BUN_PACKAGE/bin/bun" ]; then
    export REFLEX_BUN_PATH="$AURORA_ROOT/.tools/bun/node_modules/$AURORA_BUN_PACKAGE/bin/bun"
fi

# Chromium for the browser tests: Debian's package, else Playwright's own download.
if [ -z "${AURORA_CHROMIUM:-}" ]; then
    for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
        if [ -x "$candidate" ]; then
            export AURORA_CHROMIUM="$candidate"
            break
        fi
    done
fi

if [ -d "$AURORA_ROOT/.venv/bin" ]; then
    case ":$PATH:" in
        *":$AURORA_ROOT/.venv/bin:"*) ;;
        *) export PATH="$AURORA_ROOT/.venv/bin:$PATH" ;;
    esac
fi
