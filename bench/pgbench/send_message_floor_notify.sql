-- Diagnostic: the floor of send_message plus the pg_notify every new message
-- raises (claude_messages channel), in the same statement and transaction.
\set f random(1, :nid)
\set t random(1, :nid)
WITH m AS (
    INSERT INTO bench.floor_messages (from_session_id, to_session_id, subject, body, expires_at)
    VALUES (bench.uid(2, :f), bench.uid(2, :t), 'bench subject', 'bench body', now() + interval '7 days')
    RETURNING message_id, to_session_id
), a AS (
    INSERT INTO bench.floor_activity (source_type, source_id, actor, activity_type, title, summary, project_name)
    SELECT 'message', m.message_id, 'bench', 'message_sent', 'bench -> bench: bench subject',
           'normal notification message', 'bench-p1'
      FROM m
)
SELECT pg_notify('bench_messages', json_build_object('message_id', m.message_id,
                                                     'to_session_id', m.to_session_id)::text)
  FROM m;
