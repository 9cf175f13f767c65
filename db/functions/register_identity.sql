CREATE OR REPLACE FUNCTION claude.register_identity(
    identity_name      text,
    platform           text,
    role_description   text,
    capabilities       jsonb DEFAULT '{}',
    personality_traits jsonb DEFAULT NULL,
    learning_style     jsonb DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    v_id uuid;
    v_constraint text;
BEGIN
    -- docs/BOUNDS.md: every bound first, then the rules.
    PERFORM claude._check_length('identity_name', register_identity.identity_name, 100, 'Use a shorter identity name.');
    PERFORM claude._check_length('platform', register_identity.platform, 50, 'Use a shorter platform name.');
    PERFORM claude._check_length('role_description', register_identity.role_description, 65536, 'Describe the role in at most 65,536 characters.');
    PERFORM claude._check_json_size('capabilities', register_identity.capabilities);
    PERFORM claude._check_json_size('personality_traits', register_identity.personality_traits);
    PERFORM claude._check_json_size('learning_style', register_identity.learning_style);
    PERFORM claude._check_name('identity_name', register_identity.identity_name,
        'Pass a name for the instance, e.g. ''builder''.');
    PERFORM claude._check_required('platform', register_identity.platform,
        'Pass where the instance runs, e.g. ''claude-code''.',
        format('platform is required for identity %L', register_identity.identity_name));
    IF register_identity.capabilities IS NOT NULL AND jsonb_typeof(register_identity.capabilities) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('capabilities must be a JSON object, not %s: %s',
                             jsonb_typeof(register_identity.capabilities), left(register_identity.capabilities::text, 100)),
            HINT = 'Pass an object such as {"mcp_servers": [...], "tools": [...]}.';
    END IF;
    IF register_identity.personality_traits IS NOT NULL AND jsonb_typeof(register_identity.personality_traits) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('personality_traits must be a JSON object or NULL, not %s', jsonb_typeof(register_identity.personality_traits)),
            HINT = 'Pass an object such as {"tone": "concise"}, or omit it.';
    END IF;
    IF register_identity.learning_style IS NOT NULL AND jsonb_typeof(register_identity.learning_style) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('learning_style must be a JSON object or NULL, not %s', jsonb_typeof(register_identity.learning_style)),
            HINT = 'Pass an object such as {"prefers": "examples"}, or omit it.';
    END IF;

    IF EXISTS (SELECT 1 FROM claude.identities i
                WHERE i.identity_name = register_identity.identity_name AND i.status = 'active') THEN
        RAISE EXCEPTION USING ERRCODE = '23505',
            MESSAGE = format('an active identity named %L already exists', register_identity.identity_name),
            HINT = 'Choose another name, or archive the existing identity first (claude.archive_identity).';
    END IF;

    BEGIN
        INSERT INTO claude.identities (identity_name, platform, role_description, capabilities,
                                       personality_traits, learning_style, status)
        VALUES (register_identity.identity_name, register_identity.platform, register_identity.role_description,
                coalesce(register_identity.capabilities, '{}'::jsonb),
                register_identity.personality_traits, register_identity.learning_style, 'active')
        RETURNING identities.identity_id INTO v_id;
    EXCEPTION WHEN unique_violation THEN
        -- A concurrent caller registered the same name between our check and insert.
        GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
        IF v_constraint = 'identities_identity_name_active_idx' THEN
            RAISE EXCEPTION USING ERRCODE = '23505',
                MESSAGE = format('an active identity named %L already exists', register_identity.identity_name),
                HINT = 'Choose another name, or archive the existing identity first (claude.archive_identity).';
        END IF;
        RAISE;
    END;
    RETURN v_id;
END;
$$;
COMMENT ON FUNCTION claude.register_identity(text, text, text, jsonb, jsonb, jsonb) IS
'Register a new Claude instance (status active) and return its identity_id.
identity_name: unique among active identities (up to 100 characters; no control or zero-width characters, no white space at either end; a name is free again once its identity is archived).
platform: where it runs, e.g. claude-code (required, up to 50 characters). role_description: free text (may be NULL, up to 65,536 characters).
capabilities: a JSON object (mcp_servers, tools, ...), default {} (NULL means {}); personality_traits, learning_style: JSON objects or NULL; each at most 64 KiB of JSON.
Errors: 23505 an active identity already has this name; 22023 blank name or platform (only white space, control or zero-width characters), a name with a control or zero-width character, or a JSON value that is not an object; 22001 a text or JSON value over its limit.';
REVOKE ALL ON FUNCTION claude.register_identity(text, text, text, jsonb, jsonb, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.register_identity(text, text, text, jsonb, jsonb, jsonb) TO claude_agent;
