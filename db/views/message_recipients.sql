-- Mission Control Web: who has (not) read what.  A direct message has one
-- recipient; a broadcast has every identity with a session in its project
-- (but the sender), each with its own state from the receipts.
CREATE OR REPLACE VIEW claude.message_recipients AS
SELECT m.message_id, 'direct'::text AS delivery, ts.identity_id, ti.identity_name,
       m.status, m.read_at, m.acknowledged_at
  FROM claude.messages m
  JOIN claude.sessions ts ON ts.session_id = m.to_session_id
  JOIN claude.identities ti ON ti.identity_id = ts.identity_id
UNION ALL
SELECT m.message_id, 'broadcast'::text, i.identity_id, i.identity_name,
       coalesce(r.status, CASE WHEN m.status = 'expired' THEN 'expired' ELSE 'pending' END)::varchar(20),
       r.read_at, r.acknowledged_at
  FROM claude.messages m
  JOIN claude.sessions fs ON fs.session_id = m.from_session_id
  JOIN LATERAL (SELECT DISTINCT s.identity_id FROM claude.sessions s
                 WHERE s.project_name = m.to_project AND s.identity_id <> fs.identity_id) ps ON true
  JOIN claude.identities i ON i.identity_id = ps.identity_id
  LEFT JOIN claude.message_receipts r ON r.message_id = m.message_id AND r.identity_id = i.identity_id
 WHERE m.to_project IS NOT NULL;
COMMENT ON VIEW claude.message_recipients IS 'The state of each message for each recipient identity: one row for a direct message, one row per identity with a session in the project (but the sender) for a broadcast, read from its receipts.';
COMMENT ON COLUMN claude.message_recipients.message_id IS 'The message';
COMMENT ON COLUMN claude.message_recipients.delivery IS 'direct or broadcast';
COMMENT ON COLUMN claude.message_recipients.identity_id IS 'A recipient identity';
COMMENT ON COLUMN claude.message_recipients.identity_name IS 'Its name';
COMMENT ON COLUMN claude.message_recipients.status IS 'One of claude._message_statuses(), for this recipient';
COMMENT ON COLUMN claude.message_recipients.read_at IS 'When this recipient read it';
COMMENT ON COLUMN claude.message_recipients.acknowledged_at IS 'When this recipient acknowledged it';
