CREATE OR REPLACE FUNCTION claude.end_abandoned_sessions(idle_for interval DEFAULT '12 hours')
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_session record;
    v_count   integer := 0;
    v_cutoff  timestamptz;
BEGIN
    v_cutoff := claude._cutoff('idle_for', end_abandoned_sessions.idle_for, 'Pass idle_for => ''12 hours'' (the default) or another duration.');
    -- Last sign of life: the session's own (claude.touch_session, from the
    -- hooks and the MCP server), its start, or its identity's last activity
    -- (claude.update_identity_activity).  SKIP LOCKED leaves
    -- sessions being ended right now to their owner.
    FOR v_session IN
        SELECT s.session_id, greatest(s.session_start, s.last_seen_at, i.last_active_at) AS last_seen
          FROM claude.sessions s
          JOIN claude.identities i ON i.identity_id = s.identity_id
         WHERE s.session_end IS NULL
           AND greatest(s.session_start, s.last_seen_at, i.last_active_at) < v_cutoff
           -- Only sessions of identities this login may act as (docs/RULES.md, "Identity from the connection").
           AND claude._may_act_as(s.identity_id)
         ORDER BY s.session_start
           FOR UPDATE OF s SKIP LOCKED
    LOOP
        IF claude._auto_end_session(v_session.session_id,
               format('no activity since %s (idle for more than %s; the agent probably crashed)',
                      v_session.last_seen, end_abandoned_sessions.idle_for)) THEN
            v_count := v_count + 1;
        END IF;
    END LOOP;
    RETURN v_count;
END;
$$;
COMMENT ON FUNCTION claude.end_abandoned_sessions(interval) IS
'End every active session whose identity has shown no sign of life (session start, claude.touch_session from the hooks and the MCP server, or claude.update_identity_activity) for longer than idle_for (default 12 hours), and return how many were ended.
Parameters:
- idle_for: how long a session may show no sign of life before it is ended (default 12 hours).
Each gets an automatic summary, a session_ended activity and a warning activity (session_auto_ended).
Only sessions of identities the caller''s login may act as are ended (all of them for a claude_admin member; see claude.whoami()).
Errors: 22023 idle_for is NULL or negative.';
REVOKE ALL ON FUNCTION claude.end_abandoned_sessions(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.end_abandoned_sessions(interval) TO claude_agent;
