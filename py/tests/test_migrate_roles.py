"""Roles and grants come back with every migrate: a managed server's owner, and a restore.

Both tests run on throwaway clusters (their own home and port, started with
the binaries `claude-gateway db up` finds: PG_BINDIR picks another version),
because the claude_* roles are cluster-wide and the test cluster has them.

- A managed server has no superuser: a role with CREATEROLE and CREATEDB
  creates its database and migrates it (creating the roles), and a second
  owner does the same for a second database.  From PostgreSQL 16 on, the
  second owner needs the SET option on claude_condition, which only a role
  with ADMIN on it (the first owner) can grant: migrate says so, and passes
  once it is granted.  An agent login works in both databases.
- `pg_dump -Fc` of a migrated database restored into a cluster without the
  claude_* roles loses every grant to them; `migrate` brings back the roles,
  their memberships and every grant, owner and ACL as they were.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

import claude_gateway
from claude_gateway import migrate as m
from claude_gateway.localdb import Cluster, LocalDB, find_bindir


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def fresh_cluster() -> Iterator[Cluster]:
    """A throwaway cluster without the claude_* roles, stopped and removed afterwards."""
    home = Path(tempfile.mkdtemp(prefix="cgw-", dir="/tmp"))  # short: the socket path
    home.chmod(0o755)  # as root the server runs as the postgres user
    db = LocalDB(Cluster(home=home, port=_free_port()))
    try:
        db.up()
        yield db.cluster
    finally:
        db.down()
        shutil.rmtree(home, ignore_errors=True)


def release_ids() -> list[str]:
    with m.sql_dir() as root:
        return [mig.id for mig in m.read_migrations(root)]


def server_version(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT current_setting('server_version_num')::int").fetchone()
    assert row is not None
    return int(row[0])


def test_a_managed_servers_owners_migrate_without_a_superuser(fresh_cluster: Cluster) -> None:
    admin = fresh_cluster.url("postgres")
    with psycopg.connect(admin, autocommit=True) as c:
        for owner in ("cgw_owner_a", "cgw_owner_b"):
            c.execute(f"CREATE ROLE {owner} LOGIN CREATEROLE CREATEDB")  # not SUPERUSER
    as_owner = {o: make_conninfo(admin, user=o) for o in ("cgw_owner_a", "cgw_owner_b")}
    db = {o: make_conninfo(admin, user=o, dbname=f"db_{o}") for o in as_owner}
    for owner, dsn in as_owner.items():
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute(f"CREATE DATABASE db_{owner}")

    # The first owner creates the roles (it holds them WITH ADMIN) and migrates.
    assert m.migrate(db["cgw_owner_a"]).applied == release_ids()

    if server_version(admin) >= 160000:
        # 16+: the second owner may not grant itself claude_condition: told who can.
        with pytest.raises(m.MigrateError, match="GRANT claude_condition TO cgw_owner_b"):
            m.migrate(db["cgw_owner_b"])
        with psycopg.connect(as_owner["cgw_owner_a"], autocommit=True) as c:
            c.execute("GRANT claude_condition TO cgw_owner_b")
    assert m.migrate(db["cgw_owner_b"]).applied == release_ids()
    assert m.migrate(db["cgw_owner_b"]).applied == []  # and again: nothing to grant twice

    # An agent login made by the first owner (it holds claude_agent WITH ADMIN).
    with psycopg.connect(as_owner["cgw_owner_a"], autocommit=True) as c:
        c.execute("CREATE ROLE cgw_agent LOGIN IN ROLE claude_agent")
    for owner in as_owner:
        agent = make_conninfo(db[owner], user="cgw_agent")
        with claude_gateway.connect(agent) as gw:
            ident = gw.register_identity(identity_name=f"managed-{owner}", platform="claude-code",
                                         role_description="managed")
            assert [i.identity_id for i in gw.get_active_identities()] == [ident]
        with psycopg.connect(agent) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT count(*) FROM claude.identities")  # the tables stay private


# Every privilege and owner in the database's claude schema, and the memberships.
SNAPSHOT = """
SELECT 'schema', n.nspname, pg_get_userbyid(n.nspowner), coalesce(n.nspacl::text, '')
  FROM pg_namespace n WHERE n.nspname = 'claude'
UNION ALL
SELECT 'rel', c.oid::regclass::text, pg_get_userbyid(c.relowner), coalesce(c.relacl::text, '')
  FROM pg_class c WHERE c.relnamespace = 'claude'::regnamespace
UNION ALL
SELECT 'fn', p.oid::regprocedure::text, pg_get_userbyid(p.proowner), coalesce(p.proacl::text, '')
  FROM pg_proc p WHERE p.pronamespace = 'claude'::regnamespace
UNION ALL
SELECT 'type', t.oid::regtype::text, pg_get_userbyid(t.typowner), coalesce(t.typacl::text, '')
  FROM pg_type t WHERE t.typnamespace = 'claude'::regnamespace AND t.typacl IS NOT NULL
UNION ALL
SELECT 'member', r.rolname, m.rolname, ''
  FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
 WHERE r.rolname LIKE 'claude\\_%' AND m.rolname LIKE 'claude\\_%'
ORDER BY 1, 2
"""


def snapshot(dsn: str) -> list[tuple[str, ...]]:
    with psycopg.connect(dsn) as conn:
        return [tuple(r) for r in conn.execute(SNAPSHOT).fetchall()]


def _client(name: str) -> str:
    found = find_bindir() / name
    return str(found) if found.is_file() else (shutil.which(name) or name)


def test_dump_and_restore_into_a_cluster_without_the_roles_then_migrate_restores_every_grant(
    fresh_cluster: Cluster, tmp_path: Path,
) -> None:
    source = fresh_cluster.url()
    m.migrate(source)
    with claude_gateway.connect(source) as gw:
        me = gw.register_identity(identity_name="backup-me", platform="claude-code", role_description="r")
        gw.start_session(identity_id=me, project_name="backup")
    before = snapshot(source)
    granted = [row for row in before if "claude_" in row[3]]
    assert len(granted) > 50, "the snapshot sees the grants"

    dump = tmp_path / "claude.dump"
    subprocess.run([_client("pg_dump"), "-Fc", "-f", str(dump), "-d", source], check=True, timeout=300)

    target_home = Path(tempfile.mkdtemp(prefix="cgw-", dir="/tmp"))
    target_home.chmod(0o755)
    target = LocalDB(Cluster(home=target_home, port=_free_port()))
    try:
        target.up()
        dsn = target.cluster.url()
        with psycopg.connect(dsn) as conn:
            roles = conn.execute("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'claude\\_%'").fetchone()
        assert roles == (0,), "the target cluster has no claude_* role"
        restore = subprocess.run([_client("pg_restore"), "-d", dsn, str(dump)], capture_output=True,
                                 text=True, timeout=300, check=False)
        assert 'role "claude_' in restore.stderr, "the restore reports the missing roles"
        lost = set(before) - set(snapshot(dsn))
        assert len(lost) > 50, f"the restore lost the grants to the roles ({len(lost)})"

        assert m.migrate(dsn).applied == []
        after = snapshot(dsn)
        print(f"\n[backup] {len(granted)} objects with grants to claude_* roles; lost by the restore: "
              f"{len(lost)}; after migrate, differing: {len(set(before) ^ set(after))}")
        assert after == before
        with claude_gateway.connect(dsn) as gw:
            assert [i.identity_name for i in gw.get_active_identities()] == ["backup-me"]
    finally:
        target.down()
        shutil.rmtree(target_home, ignore_errors=True)
    assert os.path.exists(dump)
