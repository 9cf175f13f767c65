#!/usr/bin/env bash
# One command on a fresh Debian/Ubuntu machine: install what is missing (apt
# packages, a venv with the package), start the embedded local database,
# migrate it, and run the demo.  Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

pg_major() { ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1; }

if command -v apt-get >/dev/null 2>&1; then
    need=()
    [ -n "$(pg_major)" ] || need+=(postgresql postgresql-contrib)
    command -v python3 >/dev/null || need+=(python3)
    python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
    command -v openssl >/dev/null || need+=(openssl)   # the TLS test makes a throwaway CA
    if [ ${#need[@]} -gt 0 ]; then
        echo "setup: installing ${need[*]}"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
    fi
    PGV=$(pg_major)
    need=()
    # chromium + chromium-driver: the Mission Control Web tests drive a real headless browser;
    # pgbouncer and pg_cron: the pooler and scheduled-maintenance tests (docs/OPERATIONS.md).
    for pkg in "postgresql-$PGV-pgtap" "postgresql-$PGV-plpgsql-check" libtap-parser-sourcehandler-pgtap-perl \
               chromium chromium-driver pgbouncer "postgresql-$PGV-cron"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
    done
    if [ ${#need[@]} -gt 0 ]; then
        echo "setup: installing ${need[*]}"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
    fi
else
    echo "setup: no apt-get here; install PostgreSQL, pgTAP, pg_prove and plpgsql_check yourself (see README)" >&2
fi

# Claude Code (pinned) and the MCP Inspector for the integration tests, in build/ (ignored by git).
CLAUDE_CODE_VERSION=2.1.197
MCP_INSPECTOR_VERSION=0.16.8  # 0.17.x cannot find its own cli/package.json when installed from npm
if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing nodejs npm"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
if [ "$(build/claude-code/node_modules/.bin/claude --version 2>/dev/null | cut -d' ' -f1)" != "$CLAUDE_CODE_VERSION" ] \
        || ! grep -qs "\"version\": \"$MCP_INSPECTOR_VERSION\"" build/claude-code/node_modules/@modelcontextprotocol/inspector/package.json; then
    echo "setup: installing @anthropic-ai/claude-code@$CLAUDE_CODE_VERSION and the MCP Inspector into build/claude-code"
    mkdir -p build/claude-code
    npm install --prefix build/claude-code --no-audit --no-fund --loglevel=error \
        "@anthropic-ai/claude-code@$CLAUDE_CODE_VERSION" "@modelcontextprotocol/inspector@$MCP_INSPECTOR_VERSION" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]' 2>&1 | grep -v '^WARNING: Location' || true
.venv/bin/claude-gateway --version >/dev/null

.venv/bin/claude-gateway db up
.venv/bin/claude-gateway migrate
if .venv/bin/claude-gateway demo --help >/dev/null 2>&1; then
    .venv/bin/claude-gateway demo
else
    .venv/bin/claude-gateway status
fi
