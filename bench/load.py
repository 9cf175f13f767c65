"""Set-based bulk loading of a claude-gateway database, for benchmarks and plan tests.

Rows are written with INSERT ... SELECT generate_series, not through the API
(which would take hours at a million messages).  To be fast, the loader runs
with `session_replication_role = replica`, which skips user triggers and
foreign-key checks; in exchange it writes exactly what those triggers would
have written and allowed:

- every session has its `session_started` activity row, every ended session
  its `session_ended` row; every message its `message_sent` row, every
  acknowledged direct message its `message_acknowledged` row, every finished
  job run its `job_completed` row, every done/expired reminder its
  `reminder_completed` / `reminder_expired` row, each at the time it happened
  (the activity feed stays append-only: nothing is ever updated or deleted);
- one active session per identity (the partial unique index still applies);
  a message is sent from a session that was active at the time (its
  created_at lies inside the sender session's lifetime), starts pending and
  only moves forward (historical mail is acknowledged or expired; broadcasts
  stay pending or expire, their reads live in receipts); CHECK constraints
  and unique indexes are never bypassed;
- every reference points at an existing row (`verify()` checks them all).

Ids of identities, sessions and jobs are deterministic (`bench.uid(kind, n)`)
so pgbench scripts and measurements can name them; everything else uses
gen_random_uuid() like the API.

Shape (N identities, P projects, E ended sessions per identity):
- identity i works on project `bench-p<i % P + 1>`; it has E ended sessions
  spread over the last 90 days (8 hours each) and one active session;
- messages: `pending_per_identity` pending direct messages per identity (a
  third of them addressed to an earlier, ended session: mail follows the
  identity), `broadcasts_per_project` pending broadcasts per project (half of
  the project's identities have read the first one), and any number of
  historical messages (2% broadcasts, expired; of the direct ones 20%
  acknowledged, 80% expired unread).  The pending set does not grow with the
  history, as in a real inbox;
- knowledge: titles, descriptions and code from a vocabulary of 2,000 synthetic
  words (each word in ~1.7% of entries); half the entries apply to all projects;
- reminders: 60% done, 20% dismissed, 15% expired, 5% pending (1 in 50
  of those due, the rest due within 30 days);
- jobs: 70% session_start (days_since_last_run 1), 20% @daily, 10% on_demand;
  1 in 200 due; two finished runs each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import psycopg

VOCABULARY = 2000

HELPERS = r"""
CREATE SCHEMA IF NOT EXISTS bench;
CREATE TABLE IF NOT EXISTS bench.meta (key text PRIMARY KEY, value text NOT NULL);

-- Deterministic ids: kind 1 identity, 2 active session, 3 ended session, 4 job.
CREATE OR REPLACE FUNCTION bench.uid(kind integer, n bigint) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (lpad(to_hex(kind), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid;

-- A deterministic pseudo-random non-negative number from two integers.
CREATE OR REPLACE FUNCTION bench.h(a bigint, b bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN hashint8(a * 1000003 + b)::bigint & 2147483647;

-- The n-th value (cyclically) of an allowed-value list of db/values/.
CREATE OR REPLACE FUNCTION bench.pick(allowed text[], n bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN allowed[n % cardinality(allowed) + 1];

CREATE OR REPLACE FUNCTION bench.proj(i bigint, projects integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN 'bench-p' || (i % projects + 1);

-- Session k of identity i: k = 0 the active one, 1..e the ended ones.
CREATE OR REPLACE FUNCTION bench.sess_id(i bigint, k integer) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN k = 0 THEN bench.uid(2, i) ELSE bench.uid(3, i * 1000 + k) END;

CREATE OR REPLACE FUNCTION bench.sess_start(t0 timestamptz, e integer, i bigint, k integer)
RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN k = 0 THEN t0 - interval '1 hour' - (i % 30) * interval '1 minute'
            ELSE t0 - interval '90 days' + (k - 1) * (interval '90 days' / e)
                 + (i % 97) * interval '1 minute' END;

CREATE OR REPLACE FUNCTION bench.word(n bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (ARRAY['ka','lo','mi','ren','tor','vex','zu','pal','dor','sin',
              'qua','bel','mor','ti','gan','fex','lu','ros','ven','cal'])[n % 20 + 1]
    || (ARRAY['ba','ke','ni','sor','tal','vu','zim','po','der','fa',
              'gil','hu','jo','ler','mas','nel','pri','qui','rat','sev'])[(n / 20) % 20 + 1]
    || (ARRAY['dax','mon','tek','lir','pun','gor','vil','sam','tux','bren'])[(n / 400) % 10 + 1];

CREATE OR REPLACE FUNCTION bench.words(g bigint, salt integer, cnt integer, vocabulary integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (SELECT string_agg(bench.word(bench.h(g * 16 + salt, j) % vocabulary), ' ' ORDER BY j)
          FROM generate_series(1, cnt) j);
"""


@dataclass(frozen=True)
class Shape:
    identities: int
    projects: int
    ended_sessions: int = 10
    pending_per_identity: int = 3
    broadcasts_per_project: int = 2


def _exec(conn: psycopg.Connection, sql: str, params: dict[str, object] | None = None) -> int:
    cur = conn.execute(sql, params)  # type: ignore[arg-type]
    return cur.rowcount


class Loader:
    """Loads one database; `t0` (the load's "now") is kept in bench.meta."""

    def __init__(self, conn: psycopg.Connection, shape: Shape) -> None:
        self.conn = conn
        self.shape = shape
        conn.execute(HELPERS)
        row = conn.execute("SELECT value FROM bench.meta WHERE key = 't0'").fetchone()
        if row:
            self.t0 = dt.datetime.fromisoformat(row[0])
        else:
            self.t0 = conn.execute("SELECT now()").fetchone()[0]  # type: ignore[index]
            conn.execute("INSERT INTO bench.meta VALUES ('t0', %s)", (self.t0.isoformat(),))
        self.next_message = 1
        self.next_knowledge = 1

    def _p(self, **extra: object) -> dict[str, object]:
        s = self.shape
        return {"t0": self.t0, "n": s.identities, "p": s.projects, "e": s.ended_sessions,
                "v": VOCABULARY, **extra}

    def _bulk(self, sql: str, **extra: object) -> int:
        """Run one statement with triggers and FK checks off (replica), in one transaction."""
        with self.conn.transaction():
            self.conn.execute("SET LOCAL session_replication_role = replica")
            return _exec(self.conn, sql, self._p(**extra))

    # -- identities, projects, sessions --------------------------------------------------
    def base(self) -> None:
        self._bulk("""
            INSERT INTO claude.projects (project_name, created_at)
            SELECT 'bench-p' || p, %(t0)s - interval '120 days' FROM generate_series(1, %(p)s) p""")
        self._bulk("""
            INSERT INTO claude.identities (identity_id, identity_name, platform, role_description,
                                           capabilities, created_at, last_active_at)
            SELECT bench.uid(1, i), 'bench-i' || i, 'claude-code', 'benchmark identity',
                   '{"tools": ["bash", "edit"]}', %(t0)s - interval '120 days',
                   bench.sess_start(%(t0)s, %(e)s, i, 0)
              FROM generate_series(1, %(n)s) i""")
        self._bulk("""
            WITH s AS (
                INSERT INTO claude.sessions (session_id, identity_id, project_name, session_start,
                                             session_end, session_summary, created_at)
                SELECT bench.sess_id(i, k), bench.uid(1, i), bench.proj(i, %(p)s), st,
                       CASE WHEN k > 0 THEN st + interval '8 hours' END,
                       CASE WHEN k > 0 THEN 'benchmark session ' || k END, st
                  FROM generate_series(1, %(n)s) i, generate_series(0, %(e)s) k,
                       LATERAL (SELECT bench.sess_start(%(t0)s, %(e)s, i, k) AS st) x
                RETURNING session_id, identity_id, project_name, session_start, session_end, session_summary
            )
            INSERT INTO claude.activity_feed (source_type, source_id, actor, activity_type, title, summary,
                                              project_name, severity, created_at)
            SELECT 'session', s.session_id, i.identity_name, 'session_started',
                   format('%%s started a session on %%s', i.identity_name, s.project_name),
                   NULL, s.project_name, 'info', s.session_start
              FROM s JOIN claude.identities i USING (identity_id)
            UNION ALL
            SELECT 'session', s.session_id, i.identity_name, 'session_ended',
                   format('%%s ended a session on %%s', i.identity_name, s.project_name),
                   s.session_summary, s.project_name, 'info', s.session_end
              FROM s JOIN claude.identities i USING (identity_id)
             WHERE s.session_end IS NOT NULL""")

    # -- messages -----------------------------------------------------------------------
    _MESSAGE_ACTIVITY = """
        INSERT INTO claude.activity_feed (source_type, source_id, actor, activity_type, title, summary,
                                          project_name, severity, created_at)
        SELECT 'message', m.message_id, fi.identity_name, 'message_sent',
               left(format('%%s -> %%s: %%s', fi.identity_name,
                           coalesce('project ' || m.to_project, ti.identity_name), m.subject), 500),
               format('%%s %%s message', m.priority, m.message_type),
               coalesce(m.to_project, fs.project_name),
               CASE WHEN m.priority = 'urgent' THEN 'warning' ELSE 'info' END, m.created_at
          FROM m
          JOIN claude.sessions fs ON fs.session_id = m.from_session_id
          JOIN claude.identities fi ON fi.identity_id = fs.identity_id
          LEFT JOIN claude.sessions ts ON ts.session_id = m.to_session_id
          LEFT JOIN claude.identities ti ON ti.identity_id = ts.identity_id
        UNION ALL
        SELECT 'message', m.message_id, ti.identity_name, 'message_acknowledged',
               left(format('%%s acknowledged the message of %%s: %%s', ti.identity_name, fi.identity_name,
                           m.subject), 500),
               NULL, fs.project_name, 'success', m.acknowledged_at
          FROM m
          JOIN claude.sessions fs ON fs.session_id = m.from_session_id
          JOIN claude.identities fi ON fi.identity_id = fs.identity_id
          JOIN claude.sessions ts ON ts.session_id = m.to_session_id
          JOIN claude.identities ti ON ti.identity_id = ts.identity_id
         WHERE m.status = 'acknowledged'"""

    def pending_messages(self) -> int:
        """The live inbox: pending direct mail per identity, pending broadcasts per project."""
        s = self.shape
        assert s.projects * (s.broadcasts_per_project + 1) <= s.identities, "too few identities"
        n = self._bulk(f"""
            WITH m AS (
                INSERT INTO claude.messages (from_session_id, to_session_id, message_type, priority, subject,
                                             body, created_at, expires_at)
                SELECT bench.sess_id(f, 0), bench.sess_id(t, CASE WHEN j %% 3 = 0 THEN %(e)s ELSE 0 END),
                       bench.pick(array_remove(claude._message_types(), 'broadcast'), j),
                       CASE j %% 3 WHEN 0 THEN 'urgent' WHEN 1 THEN 'normal' ELSE 'low' END,
                       'pending message ' || j || ' for bench-i' || t,
                       'Please look at ' || bench.words(t * 100 + j, 9, 12, %(v)s), c, c + interval '7 days'
                  FROM generate_series(1, %(n)s) t, generate_series(1, %(k)s) j,
                       LATERAL (SELECT (t + bench.h(t, j) %% (%(n)s - 1)) %% %(n)s + 1 AS f,
                                       %(t0)s - interval '10 minutes'
                                       + (bench.h(t, -j) %% 500) * interval '1 second' AS c) x
                RETURNING *
            )
            {self._MESSAGE_ACTIVITY}""", k=s.pending_per_identity)
        n += self._bulk(f"""
            WITH m AS (
                INSERT INTO claude.messages (from_session_id, to_project, message_type, priority, subject,
                                             body, created_at, expires_at)
                SELECT bench.sess_id(%(p)s * b + p - 1, 0), 'bench-p' || p, 'broadcast',
                       CASE WHEN b = 1 THEN 'urgent' ELSE 'normal' END,
                       'broadcast ' || b || ' to bench-p' || p,
                       'Everyone on bench-p' || p || ': ' || bench.words(p * 100 + b, 10, 12, %(v)s),
                       c, c + interval '7 days'
                  FROM generate_series(1, %(p)s) p, generate_series(1, %(k)s) b,
                       LATERAL (SELECT %(t0)s - interval '20 minutes' + b * interval '1 second' AS c) x
                RETURNING *
            )
            {self._MESSAGE_ACTIVITY}""", k=s.broadcasts_per_project)
        # Half of each project's identities have read its first broadcast.  Through the
        # receipts' own triggers (few rows), so their guard and activity apply as they are.
        with self.conn.transaction():
            _exec(self.conn, """
                INSERT INTO claude.message_receipts (message_id, identity_id, session_id, status, read_at)
                SELECT m.message_id, bench.uid(1, i), bench.sess_id(i, 0), 'read',
                       %(t0)s - interval '1 minute'
                  FROM claude.messages m
                  JOIN claude.sessions fs ON fs.session_id = m.from_session_id
                  JOIN generate_series(1, %(n)s) i ON bench.proj(i, %(p)s) = m.to_project
                 WHERE m.to_project IS NOT NULL AND m.status = 'pending' AND m.subject LIKE 'broadcast 1 %%'
                   AND i %% 2 = 0 AND bench.uid(1, i) <> fs.identity_id""", self._p())
        return n

    def history_messages(self, count: int) -> int:
        """`count` more historical messages (acknowledged or expired), sent inside ended sessions."""
        g0 = self.next_message
        self.next_message += count
        return self._bulk(f"""
            WITH src AS (
                SELECT g, bench.h(g, 1) %% %(n)s + 1 AS f, bench.h(g, 2) %% %(n)s + 1 AS t,
                       (bench.h(g, 3) %% %(e)s + 1)::int AS kf, (bench.h(g, 4) %% (%(e)s + 1))::int AS kt,
                       bench.h(g, 5) %% 100 AS r
                  FROM generate_series(%(g0)s::bigint, %(g1)s::bigint) g
            ), rows AS (
                SELECT src.*, bench.sess_start(%(t0)s, %(e)s, f, kf)
                              + (bench.h(g, 6) %% 28000) * interval '1 second' AS c
                  FROM src
            ), m AS (
                INSERT INTO claude.messages (from_session_id, to_session_id, to_project, message_type,
                                             priority, subject, body, status, read_at, acknowledged_at,
                                             created_at, expires_at)
                SELECT bench.sess_id(f, kf),
                       CASE WHEN r >= 2 THEN bench.sess_id(t, kt) END,
                       CASE WHEN r < 2 THEN bench.proj(f, %(p)s) END,
                       CASE WHEN r < 2 THEN 'broadcast'
                            ELSE bench.pick(array_remove(claude._message_types(), 'broadcast'), g) END,
                       CASE WHEN g %% 10 = 0 THEN 'urgent' WHEN g %% 10 < 3 THEN 'low' ELSE 'normal' END,
                       'bench message ' || g,
                       'Details of bench message ' || g || ': the build of module ' || (g %% 97)
                       || ' needs a look.',
                       CASE WHEN r >= 2 AND r < 22 THEN 'acknowledged' ELSE 'expired' END,
                       CASE WHEN r >= 2 AND r < 22 THEN c + interval '1 hour' END,
                       CASE WHEN r >= 2 AND r < 22 THEN c + interval '2 hours' END,
                       c, c + interval '7 days'
                  FROM rows
                RETURNING *
            )
            {self._MESSAGE_ACTIVITY}""", g0=g0, g1=g0 + count - 1)

    # -- knowledge ----------------------------------------------------------------------
    def knowledge(self, count: int) -> int:
        g0 = self.next_knowledge
        self.next_knowledge += count
        return self._bulk("""
            INSERT INTO claude.knowledge (learned_by_identity_id, knowledge_type, knowledge_category, title,
                                          description, applies_to_projects, applies_to_platforms,
                                          confidence_level, times_applied, times_failed, code_example,
                                          created_at, updated_at, last_applied_at)
            SELECT bench.uid(1, g %% %(n)s + 1),
                   bench.pick(claude._knowledge_types(), g),
                   (ARRAY['postgresql','python','testing','ci','react'])[g %% 5 + 1],
                   bench.words(g, 1, 6, %(v)s), bench.words(g, 2, 30, %(v)s),
                   CASE WHEN g %% 2 = 0 THEN '{}'::text[] ELSE ARRAY[bench.proj(g, %(p)s)] END,
                   '{}'::text[], (g %% 10 + 1)::int, ta, ta / 5,
                   CASE WHEN g %% 4 = 0 THEN 'SELECT ' || bench.words(g, 3, 5, %(v)s) END,
                   c, c, CASE WHEN ta > 0 THEN c + interval '1 day' END
              FROM generate_series(%(g0)s::bigint, %(g1)s::bigint) g,
                   LATERAL (SELECT (g %% 50)::int AS ta, %(t0)s - (g %% 180) * interval '1 day' AS c) x""",
                          g0=g0, g1=g0 + count - 1)

    # -- reminders ----------------------------------------------------------------------
    def reminders(self, count: int) -> int:
        return self._bulk("""
            WITH src AS (
                SELECT g, g %% 100 AS r, %(t0)s - (g %% 365 + 8) * interval '1 day' AS c
                  FROM generate_series(1, %(cnt)s) g
            ), r AS (
                INSERT INTO claude.reminders (title, description, check_after, check_type,
                                              reschedule_days, max_reminders, reminder_count, status,
                                              completed_at, project_name, created_by, created_at)
                SELECT 'bench reminder ' || g, 'Follow up on item ' || g,
                       CASE WHEN r < 95 THEN c + interval '7 days'
                            WHEN bench.h(g, 7) %% 50 = 0 THEN %(t0)s - (g %% 48) * interval '1 hour'
                            ELSE %(t0)s + (g %% 30 + 1) * interval '1 day' END,
                       'manual', 7, 3,
                       CASE WHEN r >= 80 AND r < 95 THEN 3 ELSE (g %% 3)::int END,
                       CASE WHEN r < 60 THEN 'done' WHEN r < 80 THEN 'dismissed' WHEN r < 95 THEN 'expired'
                            ELSE 'pending' END,
                       CASE WHEN r < 80 THEN c + interval '8 days' END,
                       CASE WHEN g %% 10 = 0 THEN NULL ELSE bench.proj(g, %(p)s) END,
                       'bench-i' || (g %% %(n)s + 1), c
                  FROM src
                RETURNING *
            )
            INSERT INTO claude.activity_feed (source_type, source_id, actor, activity_type, title, summary,
                                              project_name, severity, created_at)
            SELECT 'alert', r.reminder_id, r.created_by,
                   CASE r.status WHEN 'done' THEN 'reminder_completed' ELSE 'reminder_expired' END,
                   left(CASE r.status WHEN 'done' THEN 'Reminder done: ' ELSE 'Reminder expired: ' END
                        || r.title, 500),
                   CASE r.status
                        WHEN 'done' THEN format('Completed after %%s reminder(s).', r.reminder_count)
                        ELSE format('Not done after %%s reminder(s); no more reminders.',
                                    r.reminder_count) END,
                   r.project_name, CASE r.status WHEN 'done' THEN 'success' ELSE 'warning' END,
                   coalesce(r.completed_at,
                            least(r.check_after + interval '14 days', %(t0)s - interval '1 hour'))
              FROM r WHERE r.status IN ('done', 'expired')""", cnt=count)

    # -- jobs ---------------------------------------------------------------------------
    def jobs(self, count: int) -> int:
        n = self._bulk("""
            INSERT INTO claude.scheduled_jobs (job_id, project_id, job_name, job_description, job_type,
                                               schedule, last_run, last_status, next_run, run_count,
                                               success_count, command, trigger_type, trigger_condition,
                                               priority, created_at, updated_at)
            SELECT bench.uid(4, g), pr.project_id, 'bench-job-' || g, 'benchmark job ' || g,
                   bench.pick(claude._job_types(), g),
                   CASE WHEN kind = 'schedule' THEN '@daily' END,
                   lr, 'SUCCESS',
                   CASE WHEN kind = 'schedule' THEN
                        CASE WHEN g %% 200 = 7 THEN %(t0)s - interval '1 hour'
                             ELSE date_trunc('day', %(t0)s, 'UTC') + interval '1 day' END END,
                   2, 2, 'true', kind,
                   CASE WHEN kind = 'session_start' THEN '{"days_since_last_run": 1}'::jsonb
                        ELSE '{}'::jsonb END,
                   (g %% 10 + 1)::int, %(t0)s - interval '200 days', lr
              FROM generate_series(1, %(cnt)s) g
              CROSS JOIN LATERAL (SELECT CASE WHEN g %% 10 < 7 THEN 'session_start'
                                              WHEN g %% 10 < 9 THEN 'schedule' ELSE 'on_demand' END AS kind,
                                         CASE WHEN g %% 200 = 0 THEN %(t0)s - interval '2 days'
                                              ELSE %(t0)s - (g %% 20 + 1) * interval '1 hour' END AS lr) x
              LEFT JOIN claude.projects pr ON g %% 10 <> 0 AND pr.project_name = bench.proj(g, %(p)s)""",
                       cnt=count)
        self._bulk("""
            WITH h AS (
                INSERT INTO claude.job_run_history (job_id, attempt, started_at, finished_at, status, output)
                SELECT j.job_id, 1, j.last_run - (r - 1) * interval '1 day' - interval '10 seconds',
                       j.last_run - (r - 1) * interval '1 day', 'SUCCESS', 'ok'
                  FROM claude.scheduled_jobs j, generate_series(1, 2) r
                 WHERE j.job_name LIKE 'bench-job-%%'
                RETURNING *
            )
            INSERT INTO claude.activity_feed (source_type, source_id, actor, activity_type, title, summary,
                                              project_name, severity, created_at)
            SELECT 'job', h.job_id, 'scheduler', 'job_completed',
                   left(format('Job %%s completed', j.job_name), 500),
                   format('attempt %%s, %%s', h.attempt, h.duration), p.project_name, 'success', h.finished_at
              FROM h JOIN claude.scheduled_jobs j USING (job_id)
              LEFT JOIN claude.projects p ON p.project_id = j.project_id""")
        return n

    def analyze(self) -> None:
        self.conn.execute("VACUUM (ANALYZE) claude.messages, claude.activity_feed, claude.sessions, "
                          "claude.identities, claude.knowledge, claude.reminders, claude.scheduled_jobs, "
                          "claude.job_run_history, claude.message_receipts, claude.projects")


# Every foreign key the replica-mode load skipped, as an anti-join (must all be 0),
# plus the activity rows the triggers would have written.
CHECKS = {
    "sessions without identity": "SELECT count(*) FROM claude.sessions s WHERE NOT EXISTS "
    "(SELECT 1 FROM claude.identities i WHERE i.identity_id = s.identity_id)",
    "sessions without project": "SELECT count(*) FROM claude.sessions s WHERE NOT EXISTS "
    "(SELECT 1 FROM claude.projects p WHERE p.project_name = s.project_name)",
    "messages without sender": "SELECT count(*) FROM claude.messages m WHERE NOT EXISTS "
    "(SELECT 1 FROM claude.sessions s WHERE s.session_id = m.from_session_id)",
    "messages sent outside the sender's session": "SELECT count(*) FROM claude.messages m "
    "JOIN claude.sessions s ON s.session_id = m.from_session_id "
    "WHERE m.created_at < s.session_start OR m.created_at > coalesce(s.session_end, 'infinity')",
    "messages without recipient session": "SELECT count(*) FROM claude.messages m "
    "WHERE m.to_session_id IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM claude.sessions s WHERE s.session_id = m.to_session_id)",
    "broadcasts without project": "SELECT count(*) FROM claude.messages m WHERE m.to_project IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM claude.projects p WHERE p.project_name = m.to_project)",
    "messages without message_sent": "SELECT count(*) FROM claude.messages m WHERE NOT EXISTS "
    "(SELECT 1 FROM claude.activity_feed a WHERE a.source_type = 'message' AND a.source_id = m.message_id "
    "AND a.activity_type = 'message_sent')",
    "sessions without session_started": "SELECT count(*) FROM claude.sessions s WHERE NOT EXISTS "
    "(SELECT 1 FROM claude.activity_feed a WHERE a.source_type = 'session' AND a.source_id = s.session_id "
    "AND a.activity_type = 'session_started')",
    "knowledge without identity": "SELECT count(*) FROM claude.knowledge k "
    "WHERE k.learned_by_identity_id IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM claude.identities i WHERE i.identity_id = k.learned_by_identity_id)",
    "reminders without project": "SELECT count(*) FROM claude.reminders r WHERE r.project_name IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM claude.projects p WHERE p.project_name = r.project_name)",
    "jobs without project": "SELECT count(*) FROM claude.scheduled_jobs j WHERE j.project_id IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM claude.projects p WHERE p.project_id = j.project_id)",
    "runs without job": "SELECT count(*) FROM claude.job_run_history h WHERE NOT EXISTS "
    "(SELECT 1 FROM claude.scheduled_jobs j WHERE j.job_id = h.job_id)",
    "identities with two active sessions": "SELECT count(*) FROM (SELECT identity_id FROM claude.sessions "
    "WHERE session_end IS NULL GROUP BY 1 HAVING count(*) > 1) x",
}


def verify(conn: psycopg.Connection) -> dict[str, int]:
    """Counts of rows breaking a rule the replica-mode load bypassed (all must be 0)."""
    return {name: conn.execute(sql).fetchone()[0] for name, sql in CHECKS.items()}  # type: ignore[index]


def counts(conn: psycopg.Connection) -> dict[str, int]:
    tables = ["identities", "sessions", "messages", "message_receipts", "activity_feed", "knowledge",
              "reminders", "scheduled_jobs", "job_run_history"]
    return {t: conn.execute(f"SELECT count(*) FROM claude.{t}").fetchone()[0] for t in tables}  # type: ignore[index]
