-- 0003_identity: users, refresh-token families, OAuth2 clients, revoked access tokens and
-- login throttling.
--
-- Every tenant table carries `tenant_id` and the same row-level security policy as `tenants`:
-- the application role sees and writes only the rows of the tenant its transaction set.
-- A user's e-mail is personal data: it is stored sealed (AES-256-GCM) and found through a
-- keyed digest (HMAC-SHA-256), never in clear. Token and secret columns hold SHA-256
-- digests of high-entropy random values, never the values themselves.

-- People who use Sigilo for a tenant (admin, agent, compliance officer).
CREATE TABLE users (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id      uuid        NOT NULL REFERENCES tenants (id),
    email_lookup   bytea       NOT NULL CHECK (length(email_lookup) = 32),
    email_sealed   bytea       NOT NULL,
    roles          text[]      NOT NULL CHECK (cardinality(roles) BETWEEN 1 AND 8),
    password_hash  text        NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    disabled_at    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, email_lookup)
);

-- Refresh tokens: opaque to clients, stored as SHA-256 of their secret. A login starts a
-- family; each use spends one token and issues the next in the same family. Presenting a
-- spent token again means it was stolen (or replayed), so the whole family is revoked.
CREATE TABLE refresh_tokens (
    id           uuid        PRIMARY KEY,
    tenant_id    uuid        NOT NULL REFERENCES tenants (id),
    user_id      uuid        NOT NULL REFERENCES users (id),
    family_id    uuid        NOT NULL,
    secret_hash  bytea       NOT NULL CHECK (length(secret_hash) = 32),
    issued_at    timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    spent_at     timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (tenant_id, family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (tenant_id, user_id);

-- OAuth2 clients (RFC 6749 §4.4) registered by a tenant admin for a host CRM.
CREATE TABLE oauth_clients (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    uuid        NOT NULL REFERENCES tenants (id),
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    secret_hash  bytea       NOT NULL CHECK (length(secret_hash) = 32),
    scopes       text[]      NOT NULL,
    created_by   uuid        REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);

-- Access tokens revoked before their expiry (logout); rows are useless after `expires_at`.
CREATE TABLE revoked_access_tokens (
    jti         uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id),
    expires_at  timestamptz NOT NULL
);

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['users', 'refresh_tokens', 'oauth_clients', 'revoked_access_tokens'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
        EXECUTE format(
            'CREATE POLICY tenant_rows ON %I USING (tenant_id = sigilo_current_tenant()) '
            'WITH CHECK (tenant_id = sigilo_current_tenant())', name);
    END LOOP;
END
$$;

-- Rows are revoked or disabled, never deleted, so history survives.
REVOKE DELETE, TRUNCATE ON users, refresh_tokens, oauth_clients FROM sigilo_app;
REVOKE UPDATE, DELETE, TRUNCATE ON revoked_access_tokens FROM sigilo_app;

-- Failed logins, keyed by a keyed digest of "account:<tenant>:<e-mail>" or "ip:<address>"
-- (never the address or e-mail itself). Not tenant data: the IP counter spans tenants.
CREATE TABLE login_throttle (
    key           bytea       PRIMARY KEY CHECK (length(key) = 32),
    failures      integer     NOT NULL CHECK (failures >= 0),
    last_failure  timestamptz NOT NULL,
    locked_until  timestamptz
);
REVOKE TRUNCATE ON login_throttle FROM sigilo_app;

-- Before a request is authenticated its tenant is unknown, so row-level security would hide
-- everything. These two functions reveal one fact each (a tenant's id from its slug, an
-- OAuth client's tenant from its id) and run as the owner; nothing else is exposed.
CREATE FUNCTION sigilo_tenant_id(tenant_slug text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT id FROM tenants WHERE slug = tenant_slug $$;

CREATE FUNCTION sigilo_oauth_client_tenant(client_id uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT tenant_id FROM oauth_clients WHERE id = client_id $$;

REVOKE ALL ON FUNCTION sigilo_tenant_id(text), sigilo_oauth_client_tenant(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sigilo_tenant_id(text), sigilo_oauth_client_tenant(uuid) TO sigilo_app;

-- Housekeeping every server instance runs now and then: revocations of tokens that have
-- expired anyway, and throttle counters idle for a day, are forgotten. It runs as the owner
-- because these rows span tenants; the application role has no DELETE on them.
CREATE FUNCTION sigilo_identity_housekeeping() RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        WITH revocations AS (
            DELETE FROM revoked_access_tokens WHERE expires_at < now() RETURNING 1
        ), counters AS (
            DELETE FROM login_throttle
            WHERE last_failure < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now())
            RETURNING 1
        )
        SELECT ((SELECT count(*) FROM revocations) + (SELECT count(*) FROM counters))::integer
    $$;
REVOKE ALL ON FUNCTION sigilo_identity_housekeeping() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sigilo_identity_housekeeping() TO sigilo_app;
