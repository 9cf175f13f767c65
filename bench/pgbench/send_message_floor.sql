-- The floor of send_message: the same two rows (the message and its activity
-- row) written by hand into plain copies of the tables (same columns, CHECKs,
-- indexes and foreign keys to sessions; no trigger, no function), in one
-- statement, one transaction.
\set f random(1, :nid)
\set t random(1, :nid)
WITH m AS (
    INSERT INTO bench.floor_messages (from_session_id, to_session_id, subject, body, expires_at)
    VALUES (bench.uid(2, :f), bench.uid(2, :t), 'bench subject', 'bench body', now() + interval '7 days')
    RETURNING message_id
)
INSERT INTO bench.floor_activity (source_type, source_id, actor, activity_type, title, summary, project_name)
SELECT 'message', m.message_id, 'bench', 'message_sent', 'bench -> bench: bench subject',
       'normal notification message', 'bench-p1'
  FROM m;
