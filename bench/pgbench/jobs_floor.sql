-- The floor of claim + complete: a bare FOR UPDATE SKIP LOCKED claim and an
-- update on a plain queue table, two transactions.
WITH c AS (
    SELECT id FROM bench.floor_jobs
     WHERE status = 'todo'
     ORDER BY priority, id
     LIMIT 1
       FOR UPDATE SKIP LOCKED
)
UPDATE bench.floor_jobs f SET status = 'doing', started_at = now()
  FROM c WHERE f.id = c.id
RETURNING f.id AS job_id \gset
UPDATE bench.floor_jobs SET status = 'succeeded', finished_at = now() WHERE id = :job_id;
