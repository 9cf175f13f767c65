"""Run scheduled jobs on this machine: the one tool that cannot run inside Postgres.

The database decides (claude.claim_job, claude.update_job_result, the retry
rules and backoff), called through the generated client; this module only runs
the command:

* through the shell (``/bin/sh -c``), in the job's ``working_directory``, in a
  new process group with stdin from /dev/null;
* for at most ``timeout_seconds``: on timeout the whole group gets SIGTERM,
  then SIGKILL after ``term_grace`` seconds, and the run is reported TIMEOUT;
* capturing stdout and stderr bounded to ``max_output`` bytes each (the head
  and the tail are kept, the middle is replaced by a marker), decoded as UTF-8
  with invalid bytes replaced (NUL bytes too: PostgreSQL text cannot hold them).

Retries follow the database: after a FAILED or TIMEOUT report the job may have
a retry scheduled at ``retry_at`` (exponential backoff, see
claude.update_job_result).  ``execute_job`` honours it: it sleeps until
``retry_at`` and runs the next attempt when that is at most ``max_retry_wait``
seconds away; otherwise it returns and leaves the retry to the scheduler
(claude.get_due_jobs lists the job once ``retry_at`` has passed).
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any, cast

import psycopg

from ._generated import JobClaimRow
from .client import Gateway, on_connection
from .errors import GatewayError, InvalidArgument, InvalidState, NotFound
from .pooler import connect as pooled_connect

DEFAULT_MAX_OUTPUT = 1_000_000  # bytes kept per stream
DEFAULT_MAX_RETRY_WAIT = 60.0  # seconds execute_job may sleep for a retry
DEFAULT_TERM_GRACE = 5.0  # seconds between SIGTERM and SIGKILL on timeout


@dataclass
class Attempt:
    """One claimed and reported run."""

    run_id: uuid.UUID
    attempt: int
    status: str  # SUCCESS, FAILED or TIMEOUT
    exit_code: int | None
    output: str
    error: str
    duration: float
    reported: bool = True  # False when the run was already recovered as TIMEOUT


@dataclass
class JobResult:
    """What execute_job did: the last attempt's outcome and every attempt."""

    job_id: uuid.UUID
    job_name: str
    status: str
    exit_code: int | None
    output: str
    error: str
    attempts: list[Attempt] = field(default_factory=list)
    retry_at: datetime | None = None  # a retry left to the scheduler

    @property
    def ok(self) -> bool:
        return self.status == "SUCCESS"


class _Capture:
    """Drain a pipe in a thread, keeping at most `limit` bytes (head and tail)."""

    def __init__(self, pipe: IO[bytes], limit: int) -> None:
        self.limit = max(limit, 0)
        self.head = bytearray()
        self.tail = bytearray()
        self.dropped = 0
        self._pipe = pipe
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self) -> None:
        half = self.limit // 2
        try:
            while chunk := self._pipe.read1(65536):  # type: ignore[attr-defined]
                room = half - len(self.head)
                if room > 0:
                    self.head += chunk[:room]
                    chunk = chunk[room:]
                if chunk:
                    self.tail += chunk
                    excess = len(self.tail) - (self.limit - half)
                    if excess > 0:
                        del self.tail[:excess]
                        self.dropped += excess
        except (OSError, ValueError):
            pass

    def text(self) -> str:
        def dec(b: bytes) -> str:
            return b.decode("utf-8", errors="replace").replace("\x00", "\ufffd")

        if not self.dropped:
            return dec(bytes(self.head + self.tail))
        marker = f"\n[... {self.dropped} bytes omitted ...]\n"
        return dec(bytes(self.head)) + marker + dec(bytes(self.tail))


def _kill_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def run_command(
    command: str,
    working_directory: str | None,
    timeout_seconds: float,
    *,
    max_output: int = DEFAULT_MAX_OUTPUT,
    term_grace: float = DEFAULT_TERM_GRACE,
) -> tuple[str, int | None, str, str, float]:
    """Run one command; return (status, exit_code, stdout, stderr, seconds)."""
    start = time.monotonic()
    try:
        proc = subprocess.Popen(
            command,
            shell=True,
            cwd=working_directory or None,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, to kill it whole
        )
    except OSError as exc:  # missing working directory, no shell, ...
        return "FAILED", None, "", f"cannot start the command: {exc}", time.monotonic() - start
    assert proc.stdout is not None and proc.stderr is not None
    out = _Capture(proc.stdout, max_output)
    err = _Capture(proc.stderr, max_output)
    deadline = start + timeout_seconds
    timed_out = False
    try:
        proc.wait(timeout=max(deadline - time.monotonic(), 0))
        # The shell is done; a child it left behind may still hold the pipes.
        for cap in (out, err):
            cap.thread.join(timeout=max(deadline - time.monotonic(), 0))
        timed_out = out.thread.is_alive() or err.thread.is_alive()
    except subprocess.TimeoutExpired:
        timed_out = True
    if timed_out:
        _kill_group(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=term_grace)
        except subprocess.TimeoutExpired:
            pass
        _kill_group(proc.pid, signal.SIGKILL)  # whatever ignored SIGTERM
        proc.wait()
        for cap in (out, err):
            cap.thread.join(timeout=term_grace)
    for pipe in (proc.stdout, proc.stderr):
        pipe.close()
    elapsed = time.monotonic() - start
    stdout, stderr = out.text(), err.text()
    if timed_out:
        note = f"timed out after {timeout_seconds:g} s; process group killed"
        return "TIMEOUT", proc.returncode, stdout, (stderr + "\n" + note).lstrip("\n"), elapsed
    if proc.returncode == 0:
        return "SUCCESS", 0, stdout, stderr, elapsed
    note = f"exit status {proc.returncode}"
    return "FAILED", proc.returncode, stdout, (stderr + "\n" + note).lstrip("\n"), elapsed


def _api(conn: psycopg.Connection[Any]) -> Gateway:
    """The generated client on the runner's own autocommit connection, made once per connection.

    It prepares statements only when the connection does: behind a pooler
    (pooler.connect turns prepare_threshold off) every call goes unprepared.
    Errors come back as the package's exceptions (errors.py).
    """
    api: Gateway | None = getattr(conn, "_cgw_runner_api", None)
    if api is None:
        api = on_connection(conn)
        conn._cgw_runner_api = api  # type: ignore[attr-defined]
    return api


def _claim(conn: psycopg.Connection[Any], job_id: uuid.UUID | str,
           session_id: uuid.UUID | str | None, only_if_due: bool = False) -> JobClaimRow:
    # A NULL job_id goes to the server, which refuses it with the contract's 22023.
    row = _api(conn).claim_job(job_id=cast(uuid.UUID, _maybe_uuid(job_id)),
                               session_id=_maybe_uuid(session_id), only_if_due=only_if_due)
    assert row is not None
    return row


def _claim_next(conn: psycopg.Connection[Any], session_id: uuid.UUID | str | None,
                project_name: str | None, job_types: list[str] | None,
                not_run_since: datetime | None, grace_seconds: int = 60) -> JobClaimRow | None:
    row = _api(conn).claim_next_job(
        session_id=_maybe_uuid(session_id), project_name=project_name, job_types=job_types,
        grace_seconds=grace_seconds, not_run_since=not_run_since)
    if row is None or row.run_id is None:
        return None
    return row


def _report(conn: psycopg.Connection[Any], job_id: uuid.UUID | str, status: str,
            output: str, error: str, run_id: uuid.UUID | str | None = None) -> bool:
    try:
        _api(conn).update_job_result(job_id=_uuid(job_id), status=status, output=output or None,
                                     error=error or None, run_id=_maybe_uuid(run_id))
    except InvalidState:
        # Our run was recovered as TIMEOUT (we were presumed dead) meanwhile.
        return False
    return True


def _uuid(value: uuid.UUID | str) -> uuid.UUID:
    """A UUID from a UUID or its text (the CLI passes text); a malformed one is InvalidArgument."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise InvalidArgument(f"invalid input syntax for type uuid: {str(value)[:100]!r}",
                              sqlstate="22P02") from None


def _maybe_uuid(value: uuid.UUID | str | None) -> uuid.UUID | None:
    return None if value is None else _uuid(value)


def _retry_wait(
    conn: psycopg.Connection[Any], job_id: uuid.UUID | str
) -> tuple[datetime | None, float]:
    """(retry_at, seconds until it) of a job, through the readable scheduler view.

    Hand-written SQL on purpose: no API function returns a job's retry_at (the
    scheduler view is the reader's way to it), and the wait is computed on the
    server's clock, the clock retry_at was set by.
    """
    row = conn.execute(
        "SELECT retry_at, greatest(extract(epoch FROM retry_at - now()), 0)::float8"
        " FROM claude.scheduler WHERE job_id = %s::uuid",
        (str(job_id),),
    ).fetchone()
    if row is None or row[0] is None:
        return None, 0.0
    return row[0], float(row[1])


def execute_job(
    conn: psycopg.Connection[Any],
    job_id: uuid.UUID | str,
    session_id: uuid.UUID | str | None = None,
    *,
    max_output: int = DEFAULT_MAX_OUTPUT,
    max_retry_wait: float = DEFAULT_MAX_RETRY_WAIT,
    term_grace: float = DEFAULT_TERM_GRACE,
    sleep: Callable[[float], None] = time.sleep,
    only_if_due: bool = False,
) -> JobResult:
    """Claim a job, run its command, report the result, and retry per the job's settings.

    `conn` is an autocommit psycopg connection.  Raises the package's errors
    for the first claim (InvalidState when the job is already RUNNING or
    disabled, NotFound when unknown; errors.py).  Retries
    run in this call while the next one is due within `max_retry_wait` seconds;
    a later retry is returned as `retry_at` and left to get_due_jobs.
    `only_if_due` makes the first claim fail (55000) unless the job is still
    due: pass it for a job taken from get_due_jobs, which another runner may
    have run since.
    """
    claim = _claim(conn, job_id, session_id, only_if_due)
    return run_claimed(conn, claim, session_id, max_output=max_output,
                       max_retry_wait=max_retry_wait, term_grace=term_grace, sleep=sleep)


def run_claimed(
    conn: psycopg.Connection[Any],
    claim: JobClaimRow,
    session_id: uuid.UUID | str | None = None,
    *,
    max_output: int = DEFAULT_MAX_OUTPUT,
    max_retry_wait: float = DEFAULT_MAX_RETRY_WAIT,
    term_grace: float = DEFAULT_TERM_GRACE,
    sleep: Callable[[float], None] = time.sleep,
) -> JobResult:
    """Run a claimed job (a claim_job / claim_next_job row), report it, retry per its settings."""
    attempts: list[Attempt] = []
    while True:
        status, code, out, err, secs = run_command(
            claim.command or "", claim.working_directory, claim.timeout_seconds or 0,
            max_output=max_output, term_grace=term_grace,
        )
        assert claim.job_id is not None and claim.run_id is not None
        reported = _report(conn, claim.job_id, status, out, err, claim.run_id)
        attempts.append(Attempt(claim.run_id, claim.attempt or 1, status, code, out, err, secs,
                                reported))
        retry_at, wait = (None, 0.0)
        if reported and status != "SUCCESS":
            retry_at, wait = _retry_wait(conn, claim.job_id)
        if retry_at is None or wait > max_retry_wait:
            break
        sleep(wait)
        try:
            claim = _claim(conn, claim.job_id, session_id)
        except (InvalidState, NotFound):
            break  # someone else took the retry, or the job went away
        retry_at = None
    last = attempts[-1]
    assert claim.job_id is not None
    return JobResult(
        job_id=claim.job_id, job_name=claim.job_name or "", status=last.status,
        exit_code=last.exit_code, output=last.output, error=last.error,
        attempts=attempts, retry_at=retry_at,
    )


def run_due_jobs(
    conn: psycopg.Connection[Any],
    project_name: str | None = None,
    session_id: uuid.UUID | str | None = None,
    echo: Callable[[str], None] = print,
    *,
    limit: int | None = 5,
    job_types: list[str] | None = None,
    grace_seconds: int = 60,
    **execute_options: Any,
) -> list[JobResult]:
    """Run the due jobs, most urgent first, each at most once: one pass of a runner.

    Each job comes from claude.claim_next_job (FOR UPDATE SKIP LOCKED), so any
    number of runners may pass over the same project at once: every due run is
    claimed by exactly one of them, and runs whose runner died are recovered on
    the way.  Stops after `limit` jobs (None: until nothing is due).  Prints a
    line per job and a summary through `echo`; returns the results.
    """
    # The server's clock (claim_next_job compares last_run with it): no API function returns now().
    since = conn.execute("SELECT now()").fetchone()[0]  # type: ignore[index]
    results: list[JobResult] = []
    while limit is None or len(results) < limit:
        claim = _claim_next(conn, session_id, project_name, job_types, since, grace_seconds)
        if claim is None:
            break
        result = run_claimed(conn, claim, session_id, **execute_options)
        results.append(result)
        secs = sum(a.duration for a in result.attempts)
        line = f"[{len(results)}] {result.job_name}: {result.status} in {secs:.1f} s"
        if len(result.attempts) > 1:
            line += f" after {len(result.attempts)} attempts"
        if result.retry_at is not None:
            line += f"; retry scheduled at {result.retry_at:%Y-%m-%d %H:%M:%S %Z}"
        echo(line)
    if not results:
        echo("no due jobs")
        return []
    counts = {s: sum(r.status == s for r in results) for s in ("SUCCESS", "FAILED", "TIMEOUT")}
    echo(
        f"{len(results)} job(s) run: {counts['SUCCESS']} succeeded, {counts['FAILED']} failed, "
        f"{counts['TIMEOUT']} timed out"
    )
    return results


def run_forever(
    dsn: str,
    project_name: str | None = None,
    session_id: uuid.UUID | str | None = None,
    echo: Callable[[str], None] = print,
    *,
    poll: float = 5.0,
    stop: threading.Event | None = None,
    **options: Any,
) -> None:
    """A long-lived runner: pass over the due jobs, sleep `poll` seconds when none is due, repeat.

    It comes back by itself: when the server restarts or ends its connection,
    the pass fails (a run in flight is reported by the next claim of any
    runner once its timeout plus grace have passed, or by this one if the
    report still goes through), and the runner connects again after `poll`
    seconds.  Stops when `stop` is set.
    """
    stop = stop or threading.Event()
    conn: psycopg.Connection[Any] | None = None
    while not stop.is_set():
        try:
            if conn is None or conn.closed or conn.broken:
                conn = pooled_connect(dsn, autocommit=True, connect_timeout=5)
            results = run_due_jobs(conn, project_name, session_id, echo=lambda _line: None,
                                   limit=None, **options)
            for r in results:
                echo(f"{r.job_name}: {r.status}")
            if results:
                continue
        except (GatewayError, psycopg.Error) as exc:
            first = (str(exc).strip().splitlines() or [""])[0]
            echo(f"warning: {type(exc).__name__}: {first}")
            if conn is not None and (conn.closed or conn.broken):
                conn = None
        stop.wait(poll)
    if conn is not None:
        conn.close()
