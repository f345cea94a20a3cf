-- 0001_baseline: what the two database roles may do.
--
-- The owner role (DATABASE_OWNER_URL, runs `sigilo migrate`) owns every object. The
-- application role sigilo_app (DATABASE_URL) owns nothing: it gets table privileges by
-- default here, and later migrations REVOKE what it must not do (the audit tables keep only
-- INSERT and SELECT), and row-level security applies to it because it is not an owner.
-- Serving through another login role works if that role is a member of sigilo_app.

-- Nobody else may create objects in, or use, the schema.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO sigilo_app;

-- Readiness checks (`/readyz`) compare the applied migrations with the build's.
GRANT SELECT ON schema_migrations TO sigilo_app;

-- Tables and sequences the owner creates from now on are usable by the application role.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sigilo_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO sigilo_app;
