-- Urgent messages nobody has read for more than an hour: a direct message
-- still pending, or a broadcast without any receipt (no identity read it).
CREATE OR REPLACE VIEW claude.urgent_unread_messages AS
SELECT i.*
  FROM claude.inbox i
 WHERE i.priority = 'urgent'
   AND i.created_at <= now() - interval '1 hour'
   AND NOT EXISTS (SELECT 1 FROM claude.message_receipts r WHERE r.message_id = i.message_id);
COMMENT ON VIEW claude.urgent_unread_messages IS 'Urgent, unexpired messages unread for more than an hour: direct messages still pending, broadcasts no identity has read yet. Columns as claude.inbox.';
COMMENT ON COLUMN claude.urgent_unread_messages.message_id IS 'The message';
COMMENT ON COLUMN claude.urgent_unread_messages.from_session_id IS 'Sender session';
COMMENT ON COLUMN claude.urgent_unread_messages.from_identity_id IS 'Sender identity';
COMMENT ON COLUMN claude.urgent_unread_messages.from_identity_name IS 'Sender identity name';
COMMENT ON COLUMN claude.urgent_unread_messages.from_project_name IS 'Project of the sender session';
COMMENT ON COLUMN claude.urgent_unread_messages.to_session_id IS 'Recipient session of a direct message (NULL for a broadcast)';
COMMENT ON COLUMN claude.urgent_unread_messages.to_identity_id IS 'Recipient identity of a direct message';
COMMENT ON COLUMN claude.urgent_unread_messages.to_identity_name IS 'Recipient identity name of a direct message';
COMMENT ON COLUMN claude.urgent_unread_messages.to_project IS 'Recipient project of a broadcast';
COMMENT ON COLUMN claude.urgent_unread_messages.project_name IS 'Where the message was delivered';
COMMENT ON COLUMN claude.urgent_unread_messages.message_type IS 'Message type';
COMMENT ON COLUMN claude.urgent_unread_messages.priority IS 'Always urgent here';
COMMENT ON COLUMN claude.urgent_unread_messages.priority_rank IS 'Always 1 here';
COMMENT ON COLUMN claude.urgent_unread_messages.subject IS 'Subject';
COMMENT ON COLUMN claude.urgent_unread_messages.body IS 'Content';
COMMENT ON COLUMN claude.urgent_unread_messages.metadata IS 'Additional data';
COMMENT ON COLUMN claude.urgent_unread_messages.status IS 'Always pending here';
COMMENT ON COLUMN claude.urgent_unread_messages.created_at IS 'When it was sent';
COMMENT ON COLUMN claude.urgent_unread_messages.expires_at IS 'When it expires (NULL: never)';
COMMENT ON COLUMN claude.urgent_unread_messages.in_reply_to IS 'The message this one answers';
COMMENT ON COLUMN claude.urgent_unread_messages.age IS 'How long it has been unread';
COMMENT ON COLUMN claude.urgent_unread_messages.sent_by_login IS 'The PostgreSQL login that sent it';
COMMENT ON COLUMN claude.urgent_unread_messages.from_overseer IS 'True when it was sent by a human overseer';
COMMENT ON COLUMN claude.urgent_unread_messages.age_seconds IS 'How long it has been unread, in seconds';
