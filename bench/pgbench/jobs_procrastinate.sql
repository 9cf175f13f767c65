-- Procrastinate, driven through its own SQL functions as its worker does:
-- fetch the next job of the queue, then finish it (two transactions).
\set wid :client_id + 1
SELECT id AS job_id FROM procrastinate_fetch_job_v2(ARRAY['default']::varchar[], :wid) \gset
SELECT procrastinate_finish_job_v1(:job_id, 'succeeded', false);
