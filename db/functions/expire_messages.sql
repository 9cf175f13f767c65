CREATE OR REPLACE FUNCTION claude.expire_messages()
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_count integer;
BEGIN
    UPDATE claude.messages m
       SET status = 'expired'
     WHERE m.status IN ('pending', 'read')
       AND m.expires_at <= now();
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END;
$$;
COMMENT ON FUNCTION claude.expire_messages() IS
'Maintenance: mark every pending or read message whose expires_at has passed as expired, and return how many were marked. '
'Expired messages are never listed as pending even before this runs; it only makes their status say so. Safe to run at any time (idempotent).';
REVOKE ALL ON FUNCTION claude.expire_messages() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.expire_messages() TO claude_agent;
