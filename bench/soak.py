"""Soak: simulated agents with a mixed workload, for minutes.

Each agent is a thread with its own connection and its own identity; it loops
over what an agent does in a session: session_startup, send a message to
another agent (a batch of three every tenth time, through send_messages), read
its inbox, acknowledge what it read, claim the next due job and report it,
create and read reminders, record and search knowledge, and end the session.
Every call is timed (perf_counter around the round trip); the report gives
calls per second, p50/p99 per call, latency over time, and the counts that
must be 0: deadlocks (40P01), internal errors (XX000), lost messages (a send
returned an id that is not in the database) and duplicated runs or messages.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from .report import Result

CALLS = {
    "session_startup": "SELECT claude.session_startup(identity_id => %s, project_name => %s)",
    "send_message": ("SELECT claude.send_message(from_session_id => %s, to_session_id => %s, subject => %s,"
                     " body => 'soak', expires_in_days => NULL)"),
    "send_messages": "SELECT unnest(claude.send_messages(from_session_id => %s, messages => %s))",
    "get_pending_messages": "SELECT message_id FROM claude.get_pending_messages(session_id => %s)",
    "acknowledge_message": "SELECT claude.acknowledge_message(message_id => %s, session_id => %s)",
    "claim_next_job": ("SELECT job_id, run_id FROM claude.claim_next_job(session_id => %s,"
                       " project_name => %s)"),
    "update_job_result": "SELECT claude.update_job_result(job_id => %s, status => 'SUCCESS', run_id => %s)",
    "create_reminder": ("SELECT claude.create_reminder(title => %s, check_after => now() + interval '1 day',"
                        " project_name => %s)"),
    "get_due_reminders": "SELECT count(*) FROM claude.get_due_reminders(project_name => %s)",
    "record_knowledge": ("SELECT claude.record_knowledge(title => %s, description => 'soak: vacuum after"
                         " bulk loads keeps the planner honest', knowledge_type => 'pattern')"),
    "search_knowledge": "SELECT count(*) FROM claude.search_knowledge(search_text => 'vacuum planner')",
    "end_session": "SELECT claude.end_session(session_id => %s, summary => 'soak')",
}


def setup(dsn: str, agents: int, projects: int, jobs: int) -> list[tuple[uuid.UUID, str]]:
    out = []
    with psycopg.connect(dsn, autocommit=True) as c:
        tag = uuid.uuid4().hex[:6]
        for i in range(agents):
            project = f"soak-p{i % projects}"
            ident = c.execute("SELECT claude.register_identity(identity_name => %s, platform => 'bench',"
                              " role_description => 'soak agent')", (f"soak-{tag}-{i}",)).fetchone()[0]  # type: ignore[index]
            out.append((ident, project))
        c.execute("SELECT claude.start_session(identity_id => %s, project_name => %s)", out[0])
        for p in range(projects):
            c.execute("INSERT INTO claude.projects (project_name) VALUES (%s) ON CONFLICT DO NOTHING",
                      (f"soak-p{p}",))
            c.execute("SELECT claude.create_scheduled_job(job_name => %s || '-' || g,"
                      " job_type => 'maintenance', command => 'true', project_name => %s)"
                      " FROM generate_series(1, %s) g",
                      (f"soak-{tag}-p{p}", f"soak-p{p}", jobs))
    return out


def run(dsn: str, seconds: float, agents: int = 50, projects: int = 5, jobs_per_project: int = 20,
        log: Callable[[str], None] = print) -> dict[str, Any]:
    who = setup(dsn, agents, projects, jobs_per_project)
    sessions: dict[int, uuid.UUID] = {}
    lat: dict[str, list[float]] = defaultdict(list)
    timeline: list[tuple[float, str, float]] = []
    errors: Counter[str] = Counter()
    sent: list[uuid.UUID] = []
    runs: Counter[uuid.UUID] = Counter()
    lock = threading.Lock()
    stop = threading.Event()
    start = time.perf_counter()

    def agent(n: int) -> None:
        rnd = random.Random(n)
        ident, project = who[n]
        local_lat: list[tuple[float, str, float]] = []
        local_sent: list[uuid.UUID] = []
        local_runs: list[uuid.UUID] = []
        with psycopg.connect(dsn, autocommit=True) as c:
            def call(name: str, *params: Any) -> list[tuple[Any, ...]]:
                t0 = time.perf_counter()
                try:
                    rows = c.execute(CALLS[name], params, prepare=True).fetchall()
                except psycopg.Error as exc:
                    with lock:
                        errors[f"{name}:{exc.sqlstate}"] += 1
                    return []
                t1 = time.perf_counter()
                local_lat.append((t1 - start, name, (t1 - t0) * 1000))
                return rows

            while not stop.is_set():
                rows = call("session_startup", ident, project)
                if not rows:
                    continue
                sid = uuid.UUID(rows[0][0]["session_id"])
                sessions[n] = sid
                for step in range(10):
                    if stop.is_set():
                        break
                    peer = sessions.get(rnd.randrange(agents))
                    if peer is not None:
                        if step == 9:
                            batch = [{"to_session_id": str(peer), "subject": f"b{n}-{step}-{i}", "body": "x"}
                                     for i in range(3)]
                            local_sent.extend(row[0] for row in call("send_messages", sid, Jsonb(batch)))
                        else:
                            r = call("send_message", sid, peer, f"m{n}-{uuid.uuid4().hex[:8]}")
                            if r:
                                local_sent.append(r[0][0])
                    inbox = call("get_pending_messages", sid)
                    for (mid,) in inbox[:3]:
                        call("acknowledge_message", mid, sid)
                    claim = call("claim_next_job", sid, project)
                    if claim and claim[0][0] is not None:
                        if call("update_job_result", claim[0][0], claim[0][1]):
                            local_runs.append(claim[0][1])
                    if step % 3 == 0:
                        call("create_reminder", f"soak {n}-{step}", project)
                        call("get_due_reminders", project)
                    if step % 5 == 0:
                        call("record_knowledge", f"soak tip {n}-{step}")
                        call("search_knowledge")
                call("end_session", sid)
        with lock:
            timeline.extend(local_lat)
            sent.extend(local_sent)
            runs.update(local_runs)

    threads = [threading.Thread(target=agent, args=(n,)) for n in range(agents)]
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    for _, name, ms in timeline:
        lat[name].append(ms)
    with psycopg.connect(dsn, autocommit=True) as c:
        present = c.execute("SELECT count(*) FROM claude.messages WHERE message_id = ANY(%s)",
                            (sent,)).fetchone()[0]  # type: ignore[index]
        dup_runs = c.execute("SELECT count(*) FROM (SELECT run_id FROM claude.job_run_history"
                             " WHERE run_id = ANY(%s) GROUP BY 1 HAVING count(*) > 1) d",
                             (list(runs),)).fetchone()[0]  # type: ignore[index]
        open_runs = c.execute("SELECT count(*) FROM claude.job_run_history h JOIN claude.scheduled_jobs j"
                              " USING (job_id) JOIN claude.projects p USING (project_id)"
                              " WHERE p.project_name LIKE 'soak-p%%' AND h.status = 'RUNNING'").fetchone()[0]  # type: ignore[index]
    total = sum(len(v) for v in lat.values())
    per_call = {name: {"calls": len(v), "p50_ms": statistics.median(v),
                       "p99_ms": sorted(v)[max(0, int(len(v) * 0.99) - 1)]}
                for name, v in sorted(lat.items())}
    buckets: dict[int, list[float]] = defaultdict(list)
    width = max(1.0, seconds / 30)
    for t, _, ms in timeline:
        buckets[int(t // width)].append(ms)
    over_time = [(round((k + 1) * width, 1), statistics.median(v), sorted(v)[max(0, int(len(v) * 0.99) - 1)],
                  len(v) / width) for k, v in sorted(buckets.items())]
    out = {"agents": agents, "seconds": round(elapsed, 1), "calls": total, "calls_per_s": total / elapsed,
           "per_call": per_call, "over_time": over_time, "errors": dict(errors),
           "deadlocks": sum(v for k, v in errors.items() if k.endswith(":40P01")),
           "internal": sum(v for k, v in errors.items() if k.endswith(":XX000")),
           "sent": len(sent), "messages_per_s": len(sent) / elapsed, "lost": len(sent) - present,
           "duplicated_runs": dup_runs,
           "runs": len(runs), "open_runs_left": open_runs}
    log(f"soak: {total} calls in {elapsed:.0f} s ({out['calls_per_s']:.0f}/s), errors {dict(errors)}, "
        f"lost {out['lost']}, duplicated runs {dup_runs}")
    return out


# The baseline of the soak's sending figures: the release before one NOTIFY per transaction
# and send_messages, measured under 48 agents on a quiet machine.
BEFORE_BATCHING = "before one NOTIFY per transaction and send_messages (48 agents, quiet machine)"


def results(out: dict[str, Any], target_s: float) -> list[Result]:
    res = [Result(
        bench="soak",
        figure=f"{out['agents']} agents, mixed workload, {out['seconds']:.0f} s: calls per second",
        value=out["calls_per_s"], unit="calls/s",
        note=("per call p50/p99 (ms): " + "; ".join(
            f"{k} {v['p50_ms']:.2f}/{v['p99_ms']:.1f} ({v['calls']})" for k, v in out["per_call"].items())),
        detail=out)]
    bad = out["deadlocks"] + out["internal"] + out["lost"] + out["duplicated_runs"]
    res.append(Result(
        bench="soak", figure="deadlocks + internal errors + lost messages + duplicated runs",
        value=bad, unit="", target="0", passed=bad == 0,
        note=(f"deadlocks {out['deadlocks']}, internal errors {out['internal']}, lost {out['lost']} of "
              f"{out['sent']} sends that returned, duplicated runs {out['duplicated_runs']} of "
              f"{out['runs']}; "
              f"every error by call:SQLSTATE: {out['errors'] or 'none'}")))
    res.append(Result(
        bench="soak", figure="messages sent per second under the mixed load (send_message + send_messages)",
        value=out["messages_per_s"], unit="msg/s", against=BEFORE_BATCHING,
        baseline=137.0, ratio=out["messages_per_s"] / 137.0, target="> 137 msg/s (what changed)",
        passed=out["messages_per_s"] > 137.0,
        note=(f"{out['sent']} messages whose send returned in {out['seconds']:.0f} s, one batch of three "
              "(send_messages) per nine single sends; before them sending topped out at about "
              "137 messages/s under 48 agents")))
    sm = out["per_call"].get("send_message")
    if sm:
        res.append(Result(bench="soak", figure="send_message p99 under the mixed load", value=sm["p99_ms"],
                          unit="ms", against=BEFORE_BATCHING, baseline=351.0,
                          ratio=sm["p99_ms"] / 351.0, target="< 351 ms (what changed)",
                          passed=sm["p99_ms"] < 351.0,
                          note=f"p50 {sm['p50_ms']:.2f} ms over {sm['calls']} calls (was 351 ms p99 "
                          "under 48 agents before one NOTIFY per transaction and send_messages)"))
    return res


# The what-if soaks: which notification triggers are switched off in each (activity
# rows send none: only messages notify).
WHATIF = {
    "claude_messages' notification off": [("claude.messages", "_810_notify_at_commit")],
}


def whatifs(conn: Any) -> dict[str, list[tuple[str, str]]]:
    """The what-ifs whose triggers all exist in this database (one whose trigger is gone has
    nothing to switch off)."""
    return {label: triggers for label, triggers in WHATIF.items()
            if all(conn.execute("SELECT 1 FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname = %s",
                                (t, g)).fetchone() for t, g in triggers)}


def whatif_results(base: dict[str, Any], quiet: dict[str, Any], label: str) -> list[Result]:
    """The soak again with NOTIFY switched off: send_message p99 and messages/s beside the real soak's."""
    a, b = base["per_call"].get("send_message"), quiet["per_call"].get("send_message")
    if not a or not b:
        return []
    others = {k: (v["p99_ms"], base["per_call"].get(k, {}).get("p99_ms", 0.0))
              for k, v in quiet["per_call"].items() if k not in ("send_message", "send_messages")}
    return [
        Result(bench="soak", figure=f"what-if: send_message p99 with {label} "
                                    f"({quiet['seconds']:.0f} s, same load)",
               value=b["p99_ms"], unit="ms", against="the soak above (notification on)", baseline=a["p99_ms"],
               ratio=b["p99_ms"] / a["p99_ms"],
               note=(f"diagnostic only (the trigger(s) disabled in the scratch database, then enabled "
                     f"again): send_message p50 {b['p50_ms']:.1f} ms (with it {a['p50_ms']:.1f}); "
                     f"{quiet['messages_per_s']:.0f} messages/s (with it {base['messages_per_s']:.0f}); "
                     f"{quiet['calls_per_s']:.0f} calls/s (with it {base['calls_per_s']:.0f}); "
                     "other calls' p99 in ms, without / with: "
                     + ", ".join(f"{k} {v:.0f} / {w:.0f}" for k, (v, w) in sorted(others.items())))),
    ]
