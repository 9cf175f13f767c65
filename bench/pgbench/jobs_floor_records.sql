-- The floor of claim + complete writing what a run of ours records, by hand and
-- without any function or trigger (a diagnostic beside jobs_floor.sql): the
-- same bare SKIP LOCKED claim and update of bench.floor_jobs, plus the run's
-- history row opened at the claim and closed at the report (bench.floor_runs, a
-- plain copy of claude.job_run_history: same CHECKs and indexes, including the
-- one-open-run unique index) and its job_completed activity row
-- (bench.floor_activity, a plain copy of claude.activity_feed). Two
-- transactions, as a runner does them.
WITH c AS (
    SELECT id FROM bench.floor_jobs
     WHERE status = 'todo'
     ORDER BY priority, id
     LIMIT 1
       FOR UPDATE SKIP LOCKED
), u AS (
    UPDATE bench.floor_jobs f SET status = 'doing', started_at = now()
      FROM c WHERE f.id = c.id
    RETURNING f.id
)
INSERT INTO bench.floor_runs (job_id, attempt, started_at, status)
SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(u.id), 12, '0'))::uuid, 1, now(), 'RUNNING' FROM u
RETURNING (SELECT id FROM u) AS job_id, run_id \gset
WITH u AS (
    UPDATE bench.floor_jobs SET status = 'succeeded', finished_at = now() WHERE id = :job_id
), r AS (
    UPDATE bench.floor_runs SET status = 'SUCCESS', finished_at = now()
     WHERE run_id = :run_id AND status = 'RUNNING'
    RETURNING job_id, attempt, duration
)
INSERT INTO bench.floor_activity (source_type, source_id, actor, activity_type, title, summary, project_name,
                                  severity)
SELECT 'job', r.job_id, 'scheduler', 'job_completed', 'Job claim-bench completed',
       format('attempt %s, %s', r.attempt, r.duration), 'bench-q', 'success'
  FROM r;
