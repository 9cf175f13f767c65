-- Private helper: the bounds of a message's texts (docs/BOUNDS.md), one place
-- for send_message, send_messages (each message), broadcast_to_project and
-- _new_message: 22001 naming the argument past its bound, before any other work.
CREATE OR REPLACE FUNCTION claude._check_message_bounds(p_subject text, p_body text, p_metadata jsonb,
                                                        p_message_type text, p_priority text)
RETURNS void
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT claude._check_length('subject', p_subject, 200, 'Shorten the subject and put the details in the body.');
    SELECT claude._check_length('body', p_body, 65536, 'A message body is at most 65,536 characters: send a summary and point to the rest.');
    SELECT claude._check_json_size('metadata', p_metadata);
    SELECT claude._check_length('message_type', p_message_type, 50, 'Use one of the message types.');
    SELECT claude._check_length('priority', p_priority, 20, 'Use one of the message priorities.');
$$;
COMMENT ON FUNCTION claude._check_message_bounds(text, text, jsonb, text, text) IS 'Private: raise 22001 naming the argument when a message''s subject, body, metadata, message_type or priority is past its bound.';
REVOKE ALL ON FUNCTION claude._check_message_bounds(text, text, jsonb, text, text) FROM PUBLIC;
