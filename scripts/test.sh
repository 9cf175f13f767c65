#!/usr/bin/env bash
# Every test: a fresh test database on the local cluster (or on the server of
# DATABASE_URL), migrated from empty; pgTAP through pg_prove (schema, rules,
# plpgsql_check lint); then pytest.  Any failure, or a runner that ran no
# test, fails the whole run.
#   CGW_TEST_DB   name of the scratch database (default claude_gateway_test)
#   extra arguments are passed to pytest
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || { echo "test: no .venv; run scripts/setup.sh first" >&2; exit 2; }
export PATH="$PWD/.venv/bin:$PATH"

TESTDB=${CGW_TEST_DB:-claude_gateway_test}
if [ -z "${DATABASE_URL:-}" ]; then
    claude-gateway db up >/dev/null
fi
# The tests and the test database's owner: the superuser (--admin), not the doors' login.
ADMIN_URL=$(claude-gateway db url --admin --dbname postgres)
TEST_URL=$(claude-gateway db url --admin --dbname "$TESTDB")

psql -X -q -v ON_ERROR_STOP=1 "$ADMIN_URL" <<SQL
SET client_min_messages = warning;
DROP DATABASE IF EXISTS "$TESTDB" WITH (FORCE);
CREATE DATABASE "$TESTDB";
SQL
DATABASE_URL="$TEST_URL" claude-gateway migrate
psql -X -q -v ON_ERROR_STOP=1 "$TEST_URL" -c 'CREATE EXTENSION IF NOT EXISTS pgtap;'
# The plpgsql_check lint (db/tests/lint) needs the extension on the server.
# Where it cannot exist (Debian builds it for 15 only, not for the PostgreSQL
# 18 of scripts/pg18.sh), CGW_NO_LINT=<reason> excludes it explicitly and the
# run says so; without that a missing extension fails the run.
SERVER_VERSION=$(psql -X -At "$TEST_URL" -c 'SHOW server_version')
TEST_DIRS=(db/tests)
if [ "$(psql -X -At "$TEST_URL" -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'plpgsql_check'")" = 1 ]; then
    psql -X -q -v ON_ERROR_STOP=1 "$TEST_URL" -c 'CREATE EXTENSION IF NOT EXISTS plpgsql_check;'
elif [ -n "${CGW_NO_LINT:-}" ]; then
    echo "== lint NOT RUN on PostgreSQL $SERVER_VERSION: $CGW_NO_LINT (db/tests/lint excluded)"
    mapfile -t TEST_DIRS < <(find db/tests -mindepth 1 -maxdepth 1 -type d ! -name lint | sort)
else
    echo "test: plpgsql_check is not installed on PostgreSQL $SERVER_VERSION; install it" \
         "(postgresql-NN-plpgsql-check) or set CGW_NO_LINT=<reason> to run without the lint" >&2
    exit 1
fi
psql -X -q -v ON_ERROR_STOP=1 "$TEST_URL" -f db/testing/fixtures.sql

echo "== ruff"
ruff check py scripts bench

echo "== mypy (strict, pyproject.toml [tool.mypy])"
mypy

echo "== pgTAP (pg_prove) on PostgreSQL $SERVER_VERSION"
out=$(mktemp)
set +e
( eval "$(DATABASE_URL="$TEST_URL" claude-gateway db env)"; pg_prove --ext .sql -r "${TEST_DIRS[@]}" ) 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -ne 0 ] || ! grep -q '^Result: PASS' "$out"; then
    echo "test: pg_prove failed or ran no test" >&2
    exit 1
fi

echo "== pytest"
set +e
DATABASE_URL="$TEST_URL" CGW_TEST_ADMIN_URL="$ADMIN_URL" python -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then echo "test: pytest collected no test" >&2; exit 1; fi
exit "$rc"
