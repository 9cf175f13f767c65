-- depends: 0001_schema
-- search_knowledge and get_recent_activity are one PL/pgSQL function each
-- again (the plpgsql_check gate documents the "limit" finding as an
-- exception): their private halves go.  The API functions keep their
-- signatures; CREATE OR REPLACE changes their language.
DROP FUNCTION IF EXISTS claude._search_knowledge(text, text, text, integer, integer);
DROP FUNCTION IF EXISTS claude._recent_activity(text, text, integer, text);
DROP FUNCTION IF EXISTS claude._check_recent_activity_args(text, integer, text);
