"""Real LOGIN roles for identity and privilege tests (docs/RULES.md, "Identity from the connection").

`login_factory(dsn)` (wrap it in a fixture) yields `make(group)`, which
creates a LOGIN role with a unique name, member of `group` (claude_agent,
claude_admin, claude_reader or claude_overseer), and returns a DSN that
connects as it; every role is dropped afterwards (its connections terminated
first).  `bind(dsn, identity_id, login_dsn)` binds an identity to it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import psycopg
from psycopg import conninfo, sql


def role_of(dsn: str) -> str:
    return str(conninfo.conninfo_to_dict(dsn)["user"])


def login_factory(dsn: str) -> Iterator[Callable[..., str]]:
    made: list[str] = []

    def make(group: str = "claude_agent", prefix: str = "cgw_login") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute(sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(sql.Identifier(name),
                                                                          sql.Identifier(group)))
        made.append(name)
        return conninfo.make_conninfo(dsn, user=name)

    try:
        yield make
    finally:
        with psycopg.connect(dsn, autocommit=True) as c:
            for name in made:
                c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                          (name,))
                c.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
                c.execute("UPDATE claude.identities SET login_role = NULL WHERE login_role = %s", (name,))


def bind(dsn: str, identity_id: object, login_dsn: str) -> None:
    """Bind an identity to the login of `login_dsn` (as the test database's owner)."""
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute("SELECT claude.bind_identity(identity_id => %s, login_role => %s)",
                  (identity_id, role_of(login_dsn)))
