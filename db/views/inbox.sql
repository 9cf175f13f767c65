-- Every pending, unexpired message with who sent it and where it goes: the
-- inbox of Mission Control Web, and the row type of get_pending_messages.
-- A broadcast's status stays 'pending' until it expires (its per-reader
-- state lives in message_receipts), so every live broadcast is listed here;
-- get_pending_messages filters them per reader.
CREATE OR REPLACE VIEW claude.inbox AS
SELECT m.message_id,
       m.from_session_id,
       fs.identity_id                          AS from_identity_id,
       fi.identity_name                        AS from_identity_name,
       fs.project_name                         AS from_project_name,
       m.to_session_id,
       ts.identity_id                          AS to_identity_id,
       ti.identity_name                        AS to_identity_name,
       m.to_project,
       coalesce(m.to_project, ts.project_name) AS project_name,
       m.message_type,
       m.priority,
       array_position(claude._message_priorities(), m.priority::text) AS priority_rank,
       m.subject,
       m.body,
       m.metadata,
       m.status,
       m.created_at,
       m.expires_at,
       m.in_reply_to,
       now() - m.created_at                    AS age,
       m.sent_by_login,
       m.from_overseer,
       extract(epoch FROM now() - m.created_at)::double precision AS age_seconds
  FROM claude.messages m
  JOIN claude.sessions fs ON fs.session_id = m.from_session_id
  JOIN claude.identities fi ON fi.identity_id = fs.identity_id
  LEFT JOIN claude.sessions ts ON ts.session_id = m.to_session_id
  LEFT JOIN claude.identities ti ON ti.identity_id = ts.identity_id
 WHERE m.status = 'pending'
   AND (m.expires_at IS NULL OR m.expires_at > now());
COMMENT ON VIEW claude.inbox IS 'Pending, unexpired messages (direct and broadcast) with sender identity, recipient, project, priority and age. Broadcasts appear until they expire; their per-reader state is in message_receipts.';
COMMENT ON COLUMN claude.inbox.message_id IS 'The message';
COMMENT ON COLUMN claude.inbox.from_session_id IS 'Sender session';
COMMENT ON COLUMN claude.inbox.from_identity_id IS 'Sender identity';
COMMENT ON COLUMN claude.inbox.from_identity_name IS 'Sender identity name';
COMMENT ON COLUMN claude.inbox.from_project_name IS 'Project of the sender session';
COMMENT ON COLUMN claude.inbox.to_session_id IS 'Recipient session of a direct message (NULL for a broadcast)';
COMMENT ON COLUMN claude.inbox.to_identity_id IS 'Recipient identity of a direct message (mail follows the identity)';
COMMENT ON COLUMN claude.inbox.to_identity_name IS 'Recipient identity name of a direct message';
COMMENT ON COLUMN claude.inbox.to_project IS 'Recipient project of a broadcast (NULL for a direct message)';
COMMENT ON COLUMN claude.inbox.project_name IS 'Where the message was delivered: the broadcast''s project, or the recipient session''s project';
COMMENT ON COLUMN claude.inbox.message_type IS 'The message type';
COMMENT ON COLUMN claude.inbox.priority IS 'The message priority';
COMMENT ON COLUMN claude.inbox.priority_rank IS 'Position of the priority in claude._message_priorities(), 1 = urgent (inbox order: rank, then oldest first)';
COMMENT ON COLUMN claude.inbox.subject IS 'Subject';
COMMENT ON COLUMN claude.inbox.body IS 'Content';
COMMENT ON COLUMN claude.inbox.metadata IS 'Additional data (a JSON object)';
COMMENT ON COLUMN claude.inbox.status IS 'Always pending here';
COMMENT ON COLUMN claude.inbox.created_at IS 'When it was sent';
COMMENT ON COLUMN claude.inbox.expires_at IS 'When it expires (NULL: never)';
COMMENT ON COLUMN claude.inbox.in_reply_to IS 'The message this one answers';
COMMENT ON COLUMN claude.inbox.age IS 'How long it has been waiting (now() - created_at)';
COMMENT ON COLUMN claude.inbox.sent_by_login IS 'The PostgreSQL login that sent it (filled by the database; NULL: sent before logins were recorded)';
COMMENT ON COLUMN claude.inbox.from_overseer IS 'True when it was sent by a human overseer (a login in claude_overseer); set by the database only';
COMMENT ON COLUMN claude.inbox.age_seconds IS 'How long ago it was sent, in seconds';
