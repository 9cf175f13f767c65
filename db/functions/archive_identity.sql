CREATE OR REPLACE FUNCTION claude.archive_identity(identity_id uuid)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    v_identity claude.identities;
BEGIN
    v_identity := claude._lock_identity(archive_identity.identity_id, NULL,
        'Check the id; claude.identities_overview lists every identity.');
    IF v_identity.status = 'archived' THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('identity %L (%s) is already archived', v_identity.identity_name, archive_identity.identity_id),
            HINT = 'Nothing to do; archived identities stay archived.';
    END IF;
    -- An identity with an active session is not archived: the trigger
    -- _100_guard on identities raises that 55000 for any writer.
    UPDATE claude.identities i SET status = 'archived'
     WHERE i.identity_id = archive_identity.identity_id;
END;
$$;
COMMENT ON FUNCTION claude.archive_identity(uuid) IS
'Archive an identity (admin only): status becomes archived, its name is free for a new identity, it can no longer start sessions. Identities are never deleted.
Errors: P0002 unknown identity; 55000 it has an active session, or it is already archived.';
REVOKE ALL ON FUNCTION claude.archive_identity(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.archive_identity(uuid) TO claude_admin;
