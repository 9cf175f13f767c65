-- Sample API functions for the generator's and the client's tests
-- (test_codegen_*.py, test_client_*.py).  Loaded into a scratch database
-- after migrate; they cover every type mapping, default form and return shape.

-- an extension installed into claude: its functions are not API
CREATE EXTENSION IF NOT EXISTS tablefunc SCHEMA claude;

CREATE TYPE claude.sample_color AS ENUM ('red', 'green');
CREATE DOMAIN claude.sample_name AS text CHECK (VALUE <> '');
CREATE TYPE claude.sample_pair AS (left_id uuid, right_label text, tags text[]);
CREATE VIEW claude.sample_view AS
    SELECT project_id, project_name, created_at, ARRAY[project_name] AS names
      FROM claude.projects;

-- every type mapping, echoed back as one RETURNS TABLE row
CREATE FUNCTION claude.sample_types(
    u uuid, t text, v varchar, i integer, b bigint, s smallint, n numeric, f boolean,
    j jsonb, js json, arr text[], uarr uuid[], ts timestamptz, iv interval,
    d double precision, dt date, by bytea, dom claude.sample_name, col claude.sample_color)
RETURNS TABLE(o_u uuid, o_t text, o_v varchar, o_i integer, o_b bigint, o_s smallint,
              o_n numeric, o_f boolean, o_j jsonb, o_js json, o_arr text[], o_uarr uuid[],
              o_ts timestamptz, o_iv interval, o_d double precision, o_dt date, o_by bytea,
              o_dom claude.sample_name, o_col claude.sample_color)
LANGUAGE sql AS $$ SELECT u, t, v, i, b, s, n, f, j, js, arr, uarr, ts, iv, d, dt, by, dom, col $$;
COMMENT ON FUNCTION claude.sample_types IS 'Echo every supported type back as one row.';

-- every default form; returns what the body received
CREATE FUNCTION claude.sample_defaults(
    required text,
    a_null text DEFAULT NULL,
    a_int integer DEFAULT 50,
    a_neg integer DEFAULT -1,
    a_big bigint DEFAULT 5000000000,
    a_text text DEFAULT 'it''s',
    a_vc varchar DEFAULT 'v',
    a_bool boolean DEFAULT true,
    a_float double precision DEFAULT 1.5,
    a_json jsonb DEFAULT '{"k": 1}',
    a_arr text[] DEFAULT '{x,y}',
    a_ts timestamptz DEFAULT now(),
    a_iv interval DEFAULT '7 days',
    a_num numeric DEFAULT 0.5,
    a_col claude.sample_color DEFAULT 'green',
    a_expr integer DEFAULT (2 + 3))
RETURNS jsonb
LANGUAGE sql AS $$
    SELECT jsonb_build_object('required', required, 'a_null', a_null, 'a_int', a_int,
        'a_neg', a_neg, 'a_big', a_big, 'a_text', a_text, 'a_vc', a_vc, 'a_bool', a_bool,
        'a_float', a_float, 'a_json', a_json, 'a_arr', a_arr, 'a_ts_is_now', a_ts = now(),
        'a_iv', a_iv::text, 'a_num', a_num, 'a_col', a_col, 'a_expr', a_expr)
$$;
COMMENT ON FUNCTION claude.sample_defaults IS
'Report the arguments it received.

Every default form: NULL, integers, text with a quote, jsonb, arrays, now(),
an interval, numeric, an enum and an expression.';

-- parameter names that are SQL reserved words or Python keywords
CREATE FUNCTION claude.sample_reserved(
    "limit" integer DEFAULT 10, "from" text DEFAULT NULL, "order" text DEFAULT 'asc',
    "select" boolean DEFAULT false, "self" text DEFAULT NULL, "class" integer DEFAULT NULL)
RETURNS text
LANGUAGE sql AS $$
    SELECT format('limit=%s from=%s order=%s select=%s self=%s class=%s',
                  "limit", "from", "order", "select", "self", "class")
$$;
COMMENT ON FUNCTION claude.sample_reserved IS 'Parameters named like reserved words.';

CREATE FUNCTION claude.sample_add_project(name text) RETURNS uuid
LANGUAGE sql AS $$
    INSERT INTO claude.projects (project_name) VALUES (name) RETURNING project_id
$$;
COMMENT ON FUNCTION claude.sample_add_project IS
'Register a project and return its id. Raises 23505 (unique_violation) on a duplicate.';

CREATE FUNCTION claude.sample_projects(prefix text DEFAULT NULL) RETURNS SETOF claude.projects
LANGUAGE sql STABLE AS $$
    SELECT * FROM claude.projects
     WHERE prefix IS NULL OR project_name LIKE prefix || '%' ORDER BY project_name
$$;
COMMENT ON FUNCTION claude.sample_projects IS 'List projects whose name starts with prefix.';

CREATE FUNCTION claude.sample_project(project_name text) RETURNS claude.projects
LANGUAGE sql STABLE AS $$
    SELECT * FROM claude.projects p WHERE p.project_name = sample_project.project_name
$$;
COMMENT ON FUNCTION claude.sample_project IS
'One project by name; returns NULL when there is none.';

CREATE FUNCTION claude.sample_view_rows() RETURNS SETOF claude.sample_view
LANGUAGE sql STABLE AS $$ SELECT * FROM claude.sample_view ORDER BY project_name $$;

CREATE FUNCTION claude.sample_pair(label text) RETURNS claude.sample_pair
LANGUAGE sql AS $$ SELECT ROW(gen_random_uuid(), label, ARRAY[label, label])::claude.sample_pair $$;

CREATE FUNCTION claude.sample_find(name text) RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT project_id FROM claude.projects WHERE project_name = name $$;
COMMENT ON FUNCTION claude.sample_find IS 'The id of a project, or NULL. Returns NULL when unknown.';

CREATE FUNCTION claude.sample_void(x integer) RETURNS void
LANGUAGE plpgsql AS $$ BEGIN PERFORM x; END $$;

CREATE FUNCTION claude.sample_series(n integer) RETURNS SETOF integer
LANGUAGE sql AS $$ SELECT generate_series(1, n) $$;

CREATE FUNCTION claude.sample_out(x integer, OUT doubled integer, OUT label text)
LANGUAGE sql AS $$ SELECT x * 2, 'x=' || x $$;

CREATE FUNCTION claude.sample_variadic(VARIADIC items text[]) RETURNS integer
LANGUAGE sql AS $$ SELECT cardinality(items) $$;

CREATE FUNCTION claude.sample_record() RETURNS record
LANGUAGE sql AS $$ SELECT ROW(1, 'a') $$;

CREATE FUNCTION claude.sample_raise(code text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = 'boom ' || code,
        DETAIL = 'detail ' || code, HINT = 'hint ' || code, CONSTRAINT = 'constraint_' || code;
END
$$;
COMMENT ON FUNCTION claude.sample_raise IS
'Raise the given SQLSTATE. Errors: P0002, 22023, 22001, 55000, 23505.';

-- not API: private helper, trigger function, a function returning trigger, a procedure
CREATE FUNCTION claude._sample_private() RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION claude.tg_sample__noop() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION claude.sample_trigger_fn() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE PROCEDURE claude.sample_procedure() LANGUAGE sql AS 'SELECT 1';

-- privileges and SECURITY DEFINER show in docs/API.md (the owner is never listed)
ALTER FUNCTION claude.sample_raise(text) SECURITY DEFINER SET search_path = pg_catalog, claude, pg_temp;
REVOKE ALL ON FUNCTION claude.sample_raise(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.sample_raise(text) TO claude_agent;
