#!/usr/bin/env bash
# The package as a user gets it: build the sdist and, from it, the wheel;
# install the wheel in fresh venvs (the client alone, and with the `mcp`
# extra); from a directory outside the checkout, on a throwaway cluster (own
# home, free port), run `db up`, `migrate`, `demo` and one MCP call through the
# official SDK client over stdio.  Prints the wheel size and the install
# footprint with and without extras.  Uses .venv's `build` (scripts/setup.sh).
#   CGW_WHEEL_KEEP=1   keep the scratch directory (its path is printed)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-python3}
[ -x "$REPO/.venv/bin/python" ] || { echo "test_wheel: no .venv; run scripts/setup.sh first" >&2; exit 2; }

WORK=$(mktemp -d /tmp/cgw-wheel.XXXXXX)
chmod 755 "$WORK"   # as root the cluster runs as the postgres user
HOME_DIR="$WORK/h"   # short: the cluster's unix socket lives under it
PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
    if [ -x "$WORK/full/bin/claude-gateway" ] && [ -d "$HOME_DIR" ]; then
        CLAUDE_GATEWAY_HOME="$HOME_DIR" CLAUDE_GATEWAY_PORT="$PORT" "$WORK/full/bin/claude-gateway" db down >/dev/null 2>&1 || true
    fi
    if [ -n "${CGW_WHEEL_KEEP:-}" ]; then echo "test_wheel: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
fail() { echo "test_wheel: $*" >&2; exit 1; }

echo "== build (sdist, then the wheel from the sdist)"
"$REPO/.venv/bin/python" -m build --outdir "$WORK/dist" "$REPO" >"$WORK/build.log" 2>&1 \
    || { tail -30 "$WORK/build.log"; fail "build failed"; }
WHEEL=$(ls "$WORK"/dist/*.whl)
SDIST=$(ls "$WORK"/dist/*.tar.gz)
"$PY" - "$WHEEL" "$SDIST" <<'PY' || exit 1
import sys, tarfile, zipfile
wheel, sdist = sys.argv[1], sys.argv[2]
names = zipfile.ZipFile(wheel).namelist()
need = ["claude_gateway/py.typed", "claude_gateway/db/function_attributes.sql", "claude_gateway/db/grants.sql", "claude_gateway/db/migrations/0001_schema.sql"]
missing = [n for n in need if n not in names]
sql = [n for n in names if n.startswith("claude_gateway/db/") and n.endswith(".sql")]
tests = [n for n in names if "/tests/" in n or "/testing/" in n]
meta = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
for field in ("License-Expression: MIT", "Project-URL: Repository", "Classifier: Typing :: Typed"):
    if field not in meta:
        missing.append(f"METADATA {field}")
if "Requires-Dist: mcp" in meta and 'extra == "mcp"' not in meta.split("Requires-Dist: mcp", 1)[1].split("\n", 1)[0]:
    missing.append("mcp must be an extra")
src = tarfile.open(sdist).getnames()
if not any(n.endswith("/db/migrations/0001_schema.sql") for n in src):
    missing.append("sdist db/migrations")
if missing or tests:
    sys.exit(f"test_wheel: wheel/sdist incomplete: missing {missing}, test files {tests[:3]}")
print(f"wheel: {len(names)} files, {len(sql)} SQL files, py.typed, License-Expression MIT")
PY

echo "== install: client only, and with [mcp]"
"$PY" -m venv "$WORK/base"
"$WORK/base/bin/pip" install -q --disable-pip-version-check "$WHEEL" 2>&1 | grep -v '^WARNING: Location' || true
"$PY" -m venv "$WORK/full"
"$WORK/full/bin/pip" install -q --disable-pip-version-check "$WHEEL[mcp]" 2>&1 | grep -v '^WARNING: Location' || true
[ -x "$WORK/full/bin/claude-gateway" ] || fail "the wheel did not install"
footprint() {  # distributions (without pip/setuptools) and site-packages size
    local venv=$1 site
    site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    local n
    n=$("$venv/bin/python" -m pip list --disable-pip-version-check --format=freeze 2>/dev/null | grep -v -E '^(pip|setuptools)==' | wc -l)
    local kb
    kb=$(du -sk --exclude='pip' --exclude='pip-*' --exclude='setuptools' --exclude='setuptools-*' --exclude='_distutils_hack' "$site" | cut -f1)
    echo "$n distributions, $((kb / 1024)) MB ($kb kB)"
}
echo "wheel size:        $(stat -c %s "$WHEEL") bytes ($(basename "$WHEEL"))"
echo "install, client:   $(footprint "$WORK/base")"
echo "install, [mcp]:    $(footprint "$WORK/full")"
if "$WORK/base/bin/python" -c 'import mcp' 2>/dev/null; then fail "the client alone pulled the MCP SDK"; fi

mkdir -p "$WORK/elsewhere"
cd "$WORK/elsewhere"   # outside the checkout: nothing may come from $REPO
export CLAUDE_GATEWAY_HOME="$HOME_DIR" CLAUDE_GATEWAY_PORT="$PORT"
unset DATABASE_URL CLAUDE_GATEWAY_DB_DIR PGHOST PGPORT PGDATABASE PGUSER 2>/dev/null || true

echo "== without the extra, 'claude-gateway mcp' says what to install"
set +e
out=$("$WORK/base/bin/claude-gateway" mcp 2>&1 </dev/null); rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q "claude-gateway\[mcp\]" <<<"$out" || fail "mcp without the extra: rc=$rc: $out"
grep -q Traceback <<<"$out" && fail "mcp without the extra printed a traceback"
echo "$out"

echo "== from $PWD: db up, migrate, demo, one MCP call"
CG="$WORK/full/bin/claude-gateway"
"$CG" db up
"$CG" migrate | tee "$WORK/migrate.out"
grep -qE '^applied [1-9][0-9]* migration' "$WORK/migrate.out" || fail "migrate applied nothing on an empty database"
"$CG" demo >"$WORK/demo.out" 2>&1 || { tail -20 "$WORK/demo.out"; fail "demo failed"; }
tail -2 "$WORK/demo.out"
"$WORK/full/bin/python" "$REPO/scripts/wheel_mcp_call.py" "$CG"

echo "== a package without SQL: migrate fails, never 'applied 0'"
mkdir -p "$WORK/nosql"
set +e
out=$(CLAUDE_GATEWAY_DB_DIR="$WORK/nosql" "$CG" migrate 2>&1); rc=$?
set -e
[ "$rc" -ne 0 ] && grep -q "no migrations found" <<<"$out" || fail "migrate without SQL: rc=$rc: $out"
echo "$out"
echo "test_wheel: PASS"
