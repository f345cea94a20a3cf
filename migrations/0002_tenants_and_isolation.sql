-- 0002_tenants_and_isolation: the tenant table and the row-level security every tenant
-- table uses.
--
-- Isolation is enforced by PostgreSQL, not only by Swift: the API runs each request's work in
-- a transaction that sets `sigilo.tenant_id` (SET LOCAL, through set_config(..., true)), and
-- every tenant table has a policy comparing its tenant column with sigilo_current_tenant().
-- A query that forgets `WHERE tenant_id = …` still sees only the current tenant's rows; with
-- no tenant set it sees none. sigilo_app owns no table and has no BYPASSRLS, so it cannot
-- switch this off (SET row_security = off makes its queries fail instead).

-- The tenant of the current transaction, or NULL when none is set.
CREATE FUNCTION sigilo_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('sigilo.tenant_id', true), '')::uuid $$;

-- The companies that use Sigilo. Operators create them as the owner role (a `sigilo tenant`
-- command comes with the identity issue).
CREATE TABLE tenants (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    slug        text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_sees_itself ON tenants
    USING (id = sigilo_current_tenant())
    WITH CHECK (id = sigilo_current_tenant());

-- The application reads and renames its own tenant; creating and deleting tenants is the
-- operator's job.
REVOKE INSERT, DELETE, TRUNCATE ON tenants FROM sigilo_app;
