"""Shared pytest fixtures.

scripts/test.sh runs pytest with DATABASE_URL pointing at a freshly migrated
scratch database and CGW_TEST_ADMIN_URL at the server's `postgres` database
(to create more scratch databases).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import psycopg
import pytest
from psycopg import conninfo


def _require(var: str) -> str:
    value = os.environ.get(var)
    if not value:
        pytest.fail(f"{var} is not set: run the tests with scripts/test.sh", pytrace=False)
    return value


@pytest.fixture(scope="session")
def dsn() -> str:
    """DSN of the migrated test database."""
    return _require("DATABASE_URL")


@pytest.fixture(scope="session")
def admin_dsn() -> str:
    return _require("CGW_TEST_ADMIN_URL")


@pytest.fixture
def conn(dsn: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(dsn, autocommit=True) as c:
        yield c


@pytest.fixture
def scratch_db(admin_dsn: str) -> Iterator[Callable[[], str]]:
    """A factory of empty scratch databases on the test server, dropped afterwards."""
    made: list[str] = []

    def make() -> str:
        name = f"cgw_scratch_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(admin_dsn, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return conninfo.make_conninfo(admin_dsn, dbname=name)

    yield make
    with psycopg.connect(admin_dsn, autocommit=True) as c:
        for name in made:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def unique() -> Callable[[str], str]:
    """Unique names, so tests sharing the database never collide."""

    def make(prefix: str = "t") -> str:
        return f"{prefix}-{uuid.uuid4().hex[:10]}"

    return make
