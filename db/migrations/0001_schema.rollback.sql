-- Roles are cluster-wide and may serve other databases: they stay.
DROP SCHEMA IF EXISTS claude CASCADE;
