-- The older sources re-create the private halves (and the SQL wrappers,
-- by CREATE OR REPLACE over these PL/pgSQL functions).
SELECT 1;
