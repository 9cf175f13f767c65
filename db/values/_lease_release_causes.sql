-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._lease_release_causes() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['released', 'session_ended']::text[]; END $$;
COMMENT ON FUNCTION claude._lease_release_causes() IS 'Why a lease ended: file_leases.release_cause (released: release_lease or release_leases; session_ended: its session ended).';
REVOKE ALL ON FUNCTION claude._lease_release_causes() FROM PUBLIC;
