"""Chaos: faults under a load of runners, senders, a startup/end
loop and an MCP server, on a throwaway loopback cluster.

Faults, one after the other, each followed by a recovery window: a PostgreSQL
restart (pg_ctl restart -m fast), pg_terminate_backend of every client
connection, repeated kills (every client connection terminated five times,
0.5 s apart), and SIGKILL of a runner mid-job.  No load process is ever
restarted (the killed runner is simply gone; the other runner must recover its
job).  The suite prints, per fault, whether every process recovered, the time
to recover (the slowest process's first success after the fault), and lost and
duplicated counts; it fails when anything did not recover, a message whose send
returned is missing, a message was stored twice, or a scheduled run did not
complete exactly once.

`inbox --follow` follows the inbox that one of the senders writes to: it must
print every message whose send returned.  A process that dies or never
succeeds again after a fault counts as not recovered
(test_a_process_that_does_not_come_back_fails_the_suite shows the suite
failing on one).

Marker `chaos`; CGW_CHAOS_SECONDS (default 3) is the steady load before each
fault and the recovery window after it; set it higher for a longer run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from _cluster import as_postgres, run_cli
from conftest import agent_session, one

from claude_gateway import localdb

pytestmark = [pytest.mark.chaos, pytest.mark.slow]

SECONDS = float(os.environ.get("CGW_CHAOS_SECONDS", "3"))
LOAD = Path(__file__).with_name("chaos_load.py")
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    kind: str  # "log" (ok/err lines) or "runner" (its runs are in the database)

    def lines(self) -> list[tuple[bool, float, str]]:
        out = []
        if not self.log.exists():
            return out
        for line in self.log.read_text().splitlines():
            parts = line.split(" ", 2)
            if len(parts) >= 2:
                out.append((parts[0] == "ok", float(parts[1]), parts[2] if len(parts) > 2 else ""))
        return out


@dataclass
class Fault:
    name: str
    start: float = 0.0  # when the fault began; its phase lasts until the next one begins
    end: float = 0.0
    recovered: dict[str, float | None] = field(default_factory=dict)


class Chaos:
    def __init__(self, env: dict[str, str], url: str, tmp: Path, admin_url: str) -> None:
        # The agents' processes use the doors' login (a claude_agent member); the
        # checks, the faults and the job creator (scheduling is admin-only) the admin's.
        self.env, self.url, self.tmp, self.admin_url = env, url, tmp, admin_url
        self.project = f"chaos-{uuid.uuid4().hex[:8]}"
        self.procs: list[Proc] = []
        cluster = localdb.Cluster(home=Path(env["CLAUDE_GATEWAY_HOME"]),
                                  port=int(env["CLAUDE_GATEWAY_PORT"]))
        self.datadir = str(cluster.datadir)
        self.pg_ctl = str(localdb.find_bindir() / "pg_ctl")

    def conn(self) -> psycopg.Connection:
        deadline = time.monotonic() + 60
        while True:
            try:
                return psycopg.connect(self.admin_url, autocommit=True, connect_timeout=3)
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def spawn(self, name: str, argv: list[str], kind: str = "log", url: str | None = None) -> Proc:
        log = self.tmp / f"{name}.log"
        out = open(self.tmp / f"{name}.out", "wb")  # noqa: SIM115 - closed with the process
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DATABASE_URL": url or self.url}
        popen = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=REPO,
                                 start_new_session=True)
        proc = Proc(name, popen, log, kind)
        self.procs.append(proc)
        return proc

    def load(self, role: str, name: str, *args: str, admin: bool = False) -> Proc:
        url = self.admin_url if admin else self.url
        return self.spawn(name, [sys.executable, str(LOAD), role, url, str(self.tmp / f"{name}.log"), *args],
                          url=url)

    def runner(self, name: str, session: uuid.UUID) -> Proc:
        proc = self.spawn(name, [sys.executable, "-m", "claude_gateway.cli", "run-jobs", "--project",
                                 self.project, "--session", str(session), "--watch", "0.2", "--grace", "1"],
                          kind="runner")
        proc.session = session  # type: ignore[attr-defined]
        return proc

    def first_success_after(self, proc: Proc, t: float) -> float | None:
        if proc.kind == "runner":
            with self.conn() as c:
                row = c.execute(
                    "SELECT extract(epoch FROM min(h.finished_at)) FROM claude.job_run_history h"
                    " WHERE h.session_id = %s AND h.status = 'SUCCESS' AND h.finished_at > to_timestamp(%s)",
                    (proc.session, t)).fetchone()  # type: ignore[attr-defined]
            return None if row is None or row[0] is None else float(row[0])
        times = [ts for ok, ts, _ in proc.lines() if ok and ts > t]
        return min(times) if times else None

    def inject(self, name: str, action: Callable[[], Any], gone: set[str],
               wait: float = 60.0) -> Fault:
        """Run a fault, then wait for each process's first success after it.

        Every process but those in `gone` (killed on purpose) must come back
        within `wait` seconds after the recovery window: one that never
        succeeds again, or that died, is recorded as not recovered (None).
        """
        start = time.time()
        action()
        fault = Fault(name, start=start, end=time.time())
        time.sleep(SECONDS)
        deadline = time.monotonic() + wait
        pending = {p.name: p for p in self.procs if p.name not in gone}
        while pending and time.monotonic() < deadline:
            for pname, p in list(pending.items()):
                t = self.first_success_after(p, fault.end)
                if t is not None:
                    fault.recovered[pname] = t - fault.end
                    del pending[pname]
                elif p.popen.poll() is not None:
                    fault.recovered[pname] = None  # died: it will not come back
                    del pending[pname]
            time.sleep(0.2)
        for pname in pending:
            fault.recovered[pname] = None
        return fault

    def terminate_all(self) -> int:
        with self.conn() as c:
            return one(c, "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                           " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")


def failures(faults: list[Fault]) -> list[str]:
    """What did not recover, one line per fault (empty when every process came back)."""
    return [f"not recovered after {f.name}: "
            + ", ".join(k for k, v in f.recovered.items() if v is None)
            for f in faults if any(v is None for v in f.recovered.values())]


@pytest.fixture
def chaos(throwaway_cluster: dict[str, str], tmp_path: Path) -> Iterator[Chaos]:
    run_cli("db", "up", env=throwaway_cluster)
    run_cli("migrate", env=throwaway_cluster)
    url = run_cli("db", "url", env=throwaway_cluster).stdout.strip()
    admin_url = run_cli("db", "url", "--admin", env=throwaway_cluster).stdout.strip()
    ch = Chaos(throwaway_cluster, url, tmp_path, admin_url)
    try:
        yield ch
    finally:
        for p in ch.procs:
            if p.popen.poll() is None:
                os.killpg(p.popen.pid, signal.SIGTERM)
        for p in ch.procs:
            try:
                p.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.popen.pid, signal.SIGKILL)
                p.popen.wait()


def _sessions(c: psycopg.Connection, project: str, n: int) -> list[uuid.UUID]:
    return [agent_session(c, project, f"{project}-{uuid.uuid4().hex[:6]}")[1] for _ in range(n)]


def test_every_process_recovers_from_every_fault(chaos: Chaos) -> None:
    ch = chaos
    with ch.conn() as c:
        a, b, r, r1, r2, f = _sessions(c, ch.project, 6)
        follower = one(c, "SELECT i.identity_name FROM claude.sessions s JOIN claude.identities i"
                           " USING (identity_id) WHERE s.session_id = %s", (f,))
    runners = [ch.runner("runner-1", r1), ch.runner("runner-2", r2)]
    ch.load("sender", "sender-1", str(a), str(r), "s1")
    ch.load("sender", "sender-2", str(b), str(f), "s2")
    ch.load("follow", "follow", follower)
    ch.load("jobs", "jobs", ch.project, admin=True)
    ch.load("startup", "startup", f"{ch.project}-hook", ch.project)
    ch.load("mcp", "mcp", f"{ch.project}-mcp", ch.project)
    time.sleep(max(SECONDS, 3.0))
    for p in ch.procs:
        out = (ch.tmp / (p.name + ".out")).read_text()
        assert p.popen.poll() is None, f"{p.name} died before any fault: {out}"

    def restart() -> None:
        logfile = str(Path(ch.env["CLAUDE_GATEWAY_HOME"]) / "postgres.log")
        subprocess.run(as_postgres([ch.pg_ctl, "restart", "-D", ch.datadir, "-m", "fast", "-w",
                                     "-l", logfile]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)

    def repeated() -> None:
        for _ in range(5):
            ch.terminate_all()
            time.sleep(0.5)

    def sigkill_runner() -> None:
        # Wait until runner-1 is mid-job (it has an open run), then SIGKILL it.
        deadline = time.monotonic() + 30
        with ch.conn() as c:
            while time.monotonic() < deadline:
                if one(c, "SELECT count(*) FROM claude.job_run_history h JOIN claude.scheduled_jobs j"
                           " USING (job_id) JOIN claude.projects p USING (project_id)"
                           " WHERE p.project_name = %s AND h.status = 'RUNNING'", (ch.project,)):
                    break
                time.sleep(0.05)
        os.killpg(runners[0].popen.pid, signal.SIGKILL)
        runners[0].popen.wait()

    faults = [
        ch.inject("PostgreSQL restart", restart, gone=set()),
        ch.inject("pg_terminate_backend of every client", ch.terminate_all, gone=set()),
        ch.inject("repeated kills (5 x, 0.5 s apart)", repeated, gone=set()),
        ch.inject("SIGKILL of a runner mid-job", sigkill_runner, gone={"runner-1"}),
    ]

    # Stop the producers, let the runner drain, then stop everything.
    # The follower gets a moment to print the last messages sent to it.
    for p in ch.procs:
        if p.kind == "log" and p.name != "follow" and p.popen.poll() is None:
            os.killpg(p.popen.pid, signal.SIGTERM)
    for p in ch.procs:
        if p.kind == "log" and p.name != "follow":
            p.popen.wait(timeout=60)
    created_at = {w.split()[0]: ts for p in ch.procs if p.name == "jobs" for ok, ts, w in p.lines() if ok}
    created = list(created_at)
    sent_at = {w.split()[0]: ts for p in ch.procs if p.name.startswith("sender")
               for ok, ts, w in p.lines() if ok}
    # inbox --follow prints what arrives after its first read (what was pending
    # then is only counted): every message sent to it later must be printed.  A
    # send that returned within 1 s after the first read may have committed
    # before it, so those are not counted (no fault happens that early).
    follow = next(p for p in ch.procs if p.name == "follow")
    started = min(ts for ok, ts, w in follow.lines() if ok and w == "following")
    to_follower = {w.split()[0] for p in ch.procs if p.name == "sender-2"
                   for ok, ts, w in p.lines() if ok and ts > started + 1.0}
    deadline = time.monotonic() + 30
    while True:
        printed = {w.split()[0] for ok, _, w in follow.lines() if ok and w.endswith(" printed")}
        if to_follower <= printed or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    os.killpg(follow.popen.pid, signal.SIGTERM)
    follow.popen.wait(timeout=60)
    not_printed_ids = to_follower - printed
    not_printed = len(not_printed_ids)
    with ch.conn() as c:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            undone = one(c, "SELECT count(*) FROM unnest(%s::uuid[]) AS x(job_id) WHERE NOT EXISTS"
                             " (SELECT 1 FROM claude.job_run_history h WHERE h.job_id = x.job_id"
                             " AND h.status = 'SUCCESS')", (created,))
            if undone == 0:
                break
            time.sleep(0.5)
        # job -> (successful runs, when the last one finished)
        runs = {str(j): (n, last) for j, n, last in c.execute(
            "SELECT x.job_id, count(h.run_id) FILTER (WHERE h.status = 'SUCCESS'),"
            " extract(epoch FROM max(h.finished_at) FILTER (WHERE h.status = 'SUCCESS'))::float8"
            " FROM unnest(%s::uuid[]) AS x(job_id) LEFT JOIN claude.job_run_history h USING (job_id)"
            " GROUP BY 1", (created,)).fetchall()}
        # Runs closed by another runner's claim (their runner presumed dead),
        # not runs that timed out by themselves.
        timeouts = [float(t) for (t,) in c.execute(
            "SELECT extract(epoch FROM started_at)::float8 FROM claude.job_run_history"
            " WHERE job_id = ANY(%s::uuid[]) AND status = 'TIMEOUT' AND error LIKE '%%presumed dead%%'",
            (created,)).fetchall()]
        recovered_runs = len(timeouts)
        ids = list(sent_at)
        present = {str(m) for (m,) in c.execute(
            "SELECT message_id FROM claude.messages WHERE message_id = ANY(%s::uuid[])", (ids,)).fetchall()}
        dups = [float(t) for (t,) in c.execute(
            "SELECT extract(epoch FROM min(created_at))::float8 FROM claude.messages"
            " WHERE to_session_id IN (%s, %s) GROUP BY subject HAVING count(*) > 1", (r, f)).fetchall()]
        dup_subjects = len(dups)
        jobs_twice = one(c, "SELECT count(*) FROM (SELECT job_name FROM claude.scheduled_jobs j"
                             " JOIN claude.projects p USING (project_id) WHERE p.project_name = %s"
                             " GROUP BY job_name HAVING count(*) > 1) d", (ch.project,))
    for p in runners[1:]:
        os.killpg(p.popen.pid, signal.SIGTERM)

    lost_ids = [m for m in ids if m not in present]
    lost_messages = len(lost_ids)
    runs_lost = sum(1 for n, _ in runs.values() if n == 0)
    runs_twice = sum(1 for n, _ in runs.values() if n > 1)
    errors = Counter(w.split(":")[0] for p in ch.procs for ok, _, w in p.lines() if not ok)

    # Each count is given to the phase it happened in: before the first fault,
    # or from a fault's start until the next fault's start.
    starts = [f.start for f in faults]

    def phase(ts: float | None) -> int:
        return sum(1 for s in starts if ts is not None and ts >= s)  # 0: before any fault

    def per_phase(times: list[float | None]) -> Counter[int]:
        return Counter(phase(t) for t in times)

    sent_n = per_phase(list(sent_at.values()))
    lost_n = per_phase([sent_at[m] for m in lost_ids])
    dup_n = per_phase(list(dups))
    unprinted_n = per_phase([sent_at[m] for m in not_printed_ids])
    done_n = per_phase([last for n, last in runs.values() if n == 1])
    never_n = per_phase([created_at[j] for j, (n, _) in runs.items() if n == 0])
    twice_n = per_phase([last for n, last in runs.values() if n > 1])
    timeout_n = per_phase(list(timeouts))

    print(f"\n[chaos] {SECONDS:g} s load per phase; processes: {', '.join(p.name for p in ch.procs)}")
    print("| fault | recovered | time to recover (slowest process) | messages sent / lost / stored twice"
          " | not printed by inbox --follow | runs completed once / never / twice | dead runs recovered"
          " | result | per process (s) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    phases = [Fault("(steady load before the faults)"), *faults]
    for i, f in enumerate(phases):
        ok = all(v is not None for v in f.recovered.values())
        clean = lost_n[i] == dup_n[i] == unprinted_n[i] == never_n[i] == twice_n[i] == 0
        slowest = max((v for v in f.recovered.values() if v is not None), default=0.0)
        per = ", ".join(f"{k} {'-' if v is None else f'{v:.2f}'}" for k, v in f.recovered.items())
        print(f"| {f.name} | {('yes' if ok else 'NO') if i else '-'} | {f'{slowest:.2f} s' if i else '-'}"
              f" | {sent_n[i]} / {lost_n[i]} / {dup_n[i]} | {unprinted_n[i]}"
              f" | {done_n[i]} / {never_n[i]} / {twice_n[i]} | {timeout_n[i]}"
              f" | {'PASS' if ok and clean else 'MISS'} | {per or '-'} |")
    print(f"messages whose send returned: {len(ids)}; lost {lost_messages}; stored twice {dup_subjects}")
    print(f"inbox --follow: {len(to_follower)} messages sent to it after it started; "
          f"not printed {not_printed}")
    once = len(runs) - runs_lost - runs_twice
    print(f"scheduled runs: {len(created)} jobs; completed exactly once {once}; "
          f"never {runs_lost}; twice or more {runs_twice}; dead runs recovered as TIMEOUT {recovered_runs}; "
          f"jobs created twice {jobs_twice}")
    print(f"errors the load saw during the faults: {dict(errors)}")
    assert failures(faults) == []
    assert lost_messages == 0 and dup_subjects == 0 and not_printed == 0
    assert runs_lost == 0 and runs_twice == 0 and jobs_twice == 0
    assert recovered_runs >= 1, "the SIGKILLed runner's run was recovered by the other runner"


def test_a_process_that_does_not_come_back_fails_the_suite(chaos: Chaos) -> None:
    """The suite's verdict can fail: a plain psycopg connection that is never
    replaced (not our client) does not come back from pg_terminate_backend,
    and the fault reports it, while our sender beside it recovers."""
    ch = chaos
    with ch.conn() as c:
        a, r = _sessions(c, ch.project, 2)
    ch.load("fragile", "fragile")
    ch.load("sender", "sender-1", str(a), str(r), "s1")
    time.sleep(max(SECONDS, 3.0))
    fault = ch.inject("pg_terminate_backend of every client", ch.terminate_all, gone=set(), wait=3.0)
    assert fault.recovered["fragile"] is None
    assert fault.recovered["sender-1"] is not None
    assert failures([fault]) == ["not recovered after pg_terminate_backend of every client: fragile"]
