-- The lease rule, enforced on every write: a live lease never overlaps a live
-- lease of another identity unless both are shared.  Statement-level, so a
-- many-path acquisition locks its project once and checks its rows in one
-- query.  The project lock (claude._lock_lease_project) makes concurrent
-- writers of one project check one after the other, each seeing the leases
-- committed before it: of two racing claims on overlapping paths, exactly one
-- is refused.
CREATE OR REPLACE FUNCTION claude.tg_file_leases__refuse_conflicts()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_project  text;
    v_conflict record;
BEGIN
    FOR v_project IN
        SELECT DISTINCT n.project_name::text
          FROM new_leases n
         WHERE n.released_at IS NULL AND n.expires_at > now()
         ORDER BY 1
    LOOP
        PERFORM claude._lock_lease_project(v_project);
    END LOOP;
    IF NOT FOUND THEN
        RETURN NULL;  -- nothing live was written (a release, an expired row)
    END IF;

    SELECT n.path AS wanted, n.exclusive AS wanted_exclusive, n.project_name,
           l.lease_id, l.path, l.exclusive, l.reason, l.expires_at, i.identity_name
      INTO v_conflict
      FROM new_leases n
      JOIN claude.file_leases l
        ON l.project_name = n.project_name
       AND l.identity_id <> n.identity_id
       AND l.released_at IS NULL
       AND l.expires_at > now()
       AND (l.exclusive OR n.exclusive)
      JOIN claude.identities i ON i.identity_id = l.identity_id
     WHERE n.released_at IS NULL
       AND n.expires_at > now()
       -- the literal prefixes (up to the first * or ?) must agree: a cheap filter
       -- before the exact decision (claude._glob_overlap starts the same way)
       AND (starts_with(n.path, substring(l.path FROM '^[^*?]*'))
            OR starts_with(l.path, substring(n.path FROM '^[^*?]*')))
       AND claude._glob_overlap(n.path, l.path)
     ORDER BY n.path, l.path
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('path %L of project %L is held by %s (%s lease on %L%s) until %s',
                             v_conflict.wanted, v_conflict.project_name, v_conflict.identity_name,
                             CASE WHEN v_conflict.exclusive THEN 'exclusive' ELSE 'shared' END,
                             v_conflict.path,
                             coalesce(', reason: ' || v_conflict.reason, ''),
                             to_char(v_conflict.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"')),
            DETAIL = format('lease_id %s', v_conflict.lease_id),
            HINT = CASE WHEN v_conflict.wanted_exclusive AND NOT v_conflict.exclusive
                        THEN 'The holder shares it: acquire it shared (exclusive => false), or wait until it is released or expires.'
                        ELSE 'Wait until it is released or expires (claude.check_paths shows the live leases), or ask its holder.' END;
    END IF;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_file_leases__refuse_conflicts() IS 'Trigger: locks the project''s leases and refuses (55000, naming holder, path and expiry) a live lease overlapping a live lease of another identity unless both are shared.';
REVOKE ALL ON FUNCTION claude.tg_file_leases__refuse_conflicts() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _500_refuse_conflicts_on_insert
    AFTER INSERT ON claude.file_leases
    REFERENCING NEW TABLE AS new_leases
    FOR EACH STATEMENT EXECUTE FUNCTION claude.tg_file_leases__refuse_conflicts();
CREATE OR REPLACE TRIGGER _500_refuse_conflicts_on_update
    AFTER UPDATE ON claude.file_leases
    REFERENCING NEW TABLE AS new_leases
    FOR EACH STATEMENT EXECUTE FUNCTION claude.tg_file_leases__refuse_conflicts();
