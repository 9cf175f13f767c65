-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._identity_statuses() RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ARRAY['active', 'archived']::text[] $$;
COMMENT ON FUNCTION claude._identity_statuses() IS 'The identity statuses: identities.status.';
REVOKE ALL ON FUNCTION claude._identity_statuses() FROM PUBLIC;
