-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._identity_statuses() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['active', 'archived']::text[]; END $$;
COMMENT ON FUNCTION claude._identity_statuses() IS 'The identity statuses: identities.status.';
REVOKE ALL ON FUNCTION claude._identity_statuses() FROM PUBLIC;
