-- Mission Control Web: every message, whatever its status,
-- with sender and recipient names and its thread.  thread_id is the first
-- message of the reply chain (walked up in_reply_to through the primary key,
-- so a page of rows costs a few index probes per row).
CREATE OR REPLACE VIEW claude.message_history AS
SELECT m.message_id,
       m.created_at,
       coalesce(t.thread_id, m.message_id) AS thread_id,
       m.in_reply_to,
       m.message_type,
       m.priority,
       m.subject,
       m.body,
       m.metadata,
       CASE WHEN m.to_project IS NOT NULL THEN 'broadcast' ELSE 'direct' END AS delivery,
       fi.identity_name AS from_identity,
       m.from_session_id,
       fs.project_name AS from_project,
       ti.identity_name AS to_identity,
       m.to_session_id,
       m.to_project,
       m.status,
       m.read_at,
       m.acknowledged_at,
       m.expires_at,
       extract(epoch FROM coalesce(m.acknowledged_at, m.read_at) - m.created_at)::double precision AS seconds_to_answer,
       m.from_overseer,
       m.sent_by_login
  FROM claude.messages m
  JOIN claude.sessions fs ON fs.session_id = m.from_session_id
  JOIN claude.identities fi ON fi.identity_id = fs.identity_id
  LEFT JOIN claude.sessions ts ON ts.session_id = m.to_session_id
  LEFT JOIN claude.identities ti ON ti.identity_id = ts.identity_id
  LEFT JOIN LATERAL (
        WITH RECURSIVE up AS (
            SELECT p.message_id, p.in_reply_to, 1 AS depth
              FROM claude.messages p WHERE p.message_id = m.in_reply_to
            UNION ALL
            SELECT p.message_id, p.in_reply_to, up.depth + 1
              FROM up JOIN claude.messages p ON p.message_id = up.in_reply_to
             WHERE up.depth < 1000
        )
        SELECT up.message_id AS thread_id FROM up ORDER BY up.depth DESC LIMIT 1
  ) t ON true;
COMMENT ON VIEW claude.message_history IS 'Every message, whatever its state, for Mission Control Web: sender and recipient names, thread (thread_id = the first message of its reply chain), status. For a broadcast, status is the message''s own (pending until it expires); each recipient''s state is in claude.message_recipients.';
COMMENT ON COLUMN claude.message_history.message_id IS 'Primary key';
COMMENT ON COLUMN claude.message_history.created_at IS 'When it was sent';
COMMENT ON COLUMN claude.message_history.thread_id IS 'The first message of its reply chain (its own id when it starts a thread)';
COMMENT ON COLUMN claude.message_history.in_reply_to IS 'The message it answers, if any';
COMMENT ON COLUMN claude.message_history.message_type IS 'One of claude._message_types()';
COMMENT ON COLUMN claude.message_history.priority IS 'One of claude._message_priorities()';
COMMENT ON COLUMN claude.message_history.subject IS 'Subject';
COMMENT ON COLUMN claude.message_history.body IS 'Body (agents'' text: render it as text, never as markup)';
COMMENT ON COLUMN claude.message_history.metadata IS 'Extra structured data';
COMMENT ON COLUMN claude.message_history.delivery IS 'direct (to one session''s identity) or broadcast (to a project)';
COMMENT ON COLUMN claude.message_history.from_identity IS 'Name of the sending identity';
COMMENT ON COLUMN claude.message_history.from_session_id IS 'Sending session';
COMMENT ON COLUMN claude.message_history.from_project IS 'Project of the sending session';
COMMENT ON COLUMN claude.message_history.to_identity IS 'Name of the recipient identity (direct messages)';
COMMENT ON COLUMN claude.message_history.to_session_id IS 'Recipient session (direct messages)';
COMMENT ON COLUMN claude.message_history.to_project IS 'Recipient project (broadcasts)';
COMMENT ON COLUMN claude.message_history.status IS 'One of claude._message_statuses()';
COMMENT ON COLUMN claude.message_history.read_at IS 'When it was read (direct messages)';
COMMENT ON COLUMN claude.message_history.acknowledged_at IS 'When it was acknowledged (direct messages)';
COMMENT ON COLUMN claude.message_history.expires_at IS 'When it expires (NULL: never)';
COMMENT ON COLUMN claude.message_history.seconds_to_answer IS 'Seconds from sending to the first read or acknowledgement (direct messages; NULL while pending)';
COMMENT ON COLUMN claude.message_history.from_overseer IS 'True when a human overseer sent it (a login in claude_overseer; set by the database only)';
COMMENT ON COLUMN claude.message_history.sent_by_login IS 'The PostgreSQL login that sent it (filled by the database)';
