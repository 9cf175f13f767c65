CREATE OR REPLACE FUNCTION claude.acquire_lease(
    session_id  uuid,
    paths       text[],
    exclusive   boolean DEFAULT true,
    ttl_seconds integer DEFAULT 3600,
    reason      text    DEFAULT NULL
)
RETURNS SETOF claude.file_leases
LANGUAGE plpgsql
AS $$
DECLARE
    v_session claude.sessions%ROWTYPE;
    v_paths   text[];
    v_name    claude.identities.identity_name%TYPE;
    v_taken   record;
BEGIN
    -- Bounds first (docs/BOUNDS.md): 22001 naming the parameter, whatever else is wrong.
    PERFORM claude._check_length('reason', acquire_lease.reason, 1000,
                                 'Say in a sentence why you hold the paths (at most 1,000 characters).');
    PERFORM claude._check_list('paths', acquire_lease.paths, 1000, 1024, 262144,
                               'At most 1,000 paths of up to 1,024 characters: lease globs of whole folders (''src/**'') instead of every file.');
    -- Normalise (and bound) every path before any other work.
    SELECT array_agg(DISTINCT claude._lease_path(p)) INTO v_paths FROM unnest(acquire_lease.paths) AS p;
    SELECT s.* INTO v_session FROM claude.sessions s WHERE s.session_id = acquire_lease.session_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('session %s does not exist', coalesce(acquire_lease.session_id::text, 'NULL')),
            HINT = 'Pass your active session''s id (claude.get_active_session(identity_id => ...)).';
    END IF;
    PERFORM claude._authorize_session(acquire_lease.session_id);  -- 42501: not this login's identity
    PERFORM claude._refuse_ended_session(acquire_lease.session_id, v_session.session_end, 'take leases',
        'Start a new session first.');
    IF acquire_lease.paths IS NULL OR cardinality(acquire_lease.paths) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'paths is required: at least one path',
            HINT = 'Pass paths => ARRAY[''src/app.py'', ''docs/**''] (relative to the project root).';
    END IF;
    IF acquire_lease.exclusive IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'exclusive must be true or false, not NULL',
            HINT = 'Pass exclusive => true (nobody else may hold overlapping paths) or false (shared).';
    END IF;
    PERFORM claude._check_lease_ttl(acquire_lease.ttl_seconds,
        'Pass ttl_seconds between 1 and 86400 (one day; the default is 3600); renew with claude.renew_lease.');
    IF acquire_lease.reason IS NOT NULL AND acquire_lease.reason !~ '[^[:space:]\u200B\u200C\u200D\u2060\uFEFF]' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'reason is blank',
            HINT = 'Leave reason out (NULL) or say why you hold the paths.';
    END IF;

    -- Decide under the project's lock: the conflict trigger then sees every
    -- lease committed before this one and refuses any overlap (55000).
    PERFORM claude._lock_lease_project(v_session.project_name);
    v_name := claude._identity_name(v_session.identity_id);

    -- A re-acquired (extended) lease is logged here: the table's trigger logs
    -- new leases only, and cannot tell a re-acquisition from a renewal.
    FOR v_taken IN
    WITH taken AS (
        INSERT INTO claude.file_leases AS l (session_id, identity_id, project_name, path, exclusive, reason, expires_at)
        SELECT v_session.session_id, v_session.identity_id, v_session.project_name, p, acquire_lease.exclusive,
               acquire_lease.reason, now() + make_interval(secs => acquire_lease.ttl_seconds)
          FROM unnest(v_paths) AS p
        -- The same identity acquiring a path it holds extends that lease.
        ON CONFLICT (project_name, identity_id, path) WHERE released_at IS NULL
        DO UPDATE SET exclusive  = EXCLUDED.exclusive,
                      reason     = coalesce(EXCLUDED.reason, l.reason),
                      renewed_at = now(),
                      expires_at = greatest(l.expires_at, EXCLUDED.expires_at)
        RETURNING l AS lease, (l.xmax <> 0) AS extended
    )
    SELECT t.lease, t.extended FROM taken t ORDER BY (t.lease).path
    LOOP
        IF v_taken.extended THEN
            PERFORM claude._insert_activity('lease', (v_taken.lease).lease_id, v_name, 'lease_acquired',
                format('%s leased %s again (%s) until %s', v_name, (v_taken.lease).path,
                       CASE WHEN (v_taken.lease).exclusive THEN 'exclusive' ELSE 'shared' END,
                       to_char((v_taken.lease).expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"')),
                (v_taken.lease).reason, (v_taken.lease).project_name, 'info');
        END IF;
        RETURN NEXT v_taken.lease;
    END LOOP;
END;
$$;
COMMENT ON FUNCTION claude.acquire_lease(uuid, text[], boolean, integer, text) IS
'Lease paths (globs relative to the project root) of the session''s project, exclusively (default) or shared, all or nothing. Returns one file_leases row per path.
paths: globs relative to the project root (at most 1,000, each at most 1,024 characters, 262,144 in all): * matches within a segment, ** any number of segments (as the last segment: everything inside), ? one character; ./, . segments and duplicate slashes are dropped and a trailing / means the whole folder (src/ is src/**).
A path that overlaps a live lease of another identity is refused with 55000 naming the holder, the path and the expiry, unless both leases are shared (exclusive => false). Overlap means some file path could match both globs. Re-acquiring a path the identity already holds extends that lease (expires_at never moves earlier; exclusive and reason take the new values).
ttl_seconds: 1..86400 (default 3600); renew with renew_lease. reason: why (at most 1,000 characters). Expired leases never conflict; ending the session releases its leases.
Concurrent acquisitions of one project are decided one at a time (under REPEATABLE READ the later one may fail with 40001: retry).
Parameters:
- session_id: your active session.
- paths: globs relative to the project root (*, **, ?).
- exclusive: false for a shared lease.
- ttl_seconds: 1..86400.
- reason: why, shown to others.

Errors: 55000 a path overlaps another identity''s live lease, or the session ended; P0002 unknown session; 42501 the session''s identity is not this login''s; 22023 no paths, a blank, absolute or .. path, the project root itself, ttl_seconds outside 1..86400, NULL exclusive, blank reason; 22001 over 1,000 paths, a path over 1,024 characters (262,144 in all), a reason over 1,000.';
REVOKE ALL ON FUNCTION claude.acquire_lease(uuid, text[], boolean, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.acquire_lease(uuid, text[], boolean, integer, text) TO claude_agent;
