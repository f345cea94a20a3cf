-- 0006_crm: the encrypted CRM — wrapped keys, contacts with blind indexes, interactions and
-- message templates.
--
-- Personal data is stored only sealed (AES-256-GCM, columns ending in `_sealed`), each value
-- under its data subject's own key and bound to tenant, table, column, row and subject.
-- Keys are stored only wrapped by the master key ring, which never reaches the database.
-- policies/pii-map.json classifies every text and bytea column of these tables; a test fails
-- when a migration adds one it does not list. docs/encryption.md has the formats.

-- Each tenant's index key: the root of its blind indexes (HMAC keys derived with HKDF).
CREATE TABLE tenant_keys (
    tenant_id     uuid        PRIMARY KEY REFERENCES tenants (id),
    wrapped       bytea       NOT NULL CHECK (length(wrapped) = 65),
    kek_version   integer     NOT NULL CHECK (kek_version > 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    rewrapped_at  timestamptz
);

-- Each data subject's data key. Deleting a row is crypto-shredding: every value sealed under
-- the key, in this database and in every backup, can no longer be opened.
CREATE TABLE subject_keys (
    subject_id    uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL REFERENCES tenants (id),
    wrapped       bytea       NOT NULL CHECK (length(wrapped) = 65),
    kek_version   integer     NOT NULL CHECK (kek_version > 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    rewrapped_at  timestamptz,
    UNIQUE (tenant_id, subject_id)
);
-- Rotation finds the keys still wrapped under an old version.
CREATE INDEX subject_keys_version ON subject_keys (kek_version, subject_id);

-- Contacts. A contact is its own data subject (subject_id = id at creation). A contact merged
-- into another keeps its row as a pointer (`merged_into`, `subject_id` then the survivor's)
-- with every sealed value moved to the survivor and its own key destroyed.
CREATE TABLE contacts (
    id                  uuid        PRIMARY KEY,
    tenant_id           uuid        NOT NULL REFERENCES tenants (id),
    subject_id          uuid        NOT NULL,
    name_sealed         bytea,
    phones_sealed       bytea,
    emails_sealed       bytea,
    notes_sealed        bytea,
    whatsapp_id_sealed  bytea,
    tags                text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 50),
    opt_in              text        NOT NULL DEFAULT 'unknown' CHECK (opt_in IN ('unknown', 'opted_in', 'opted_out')),
    opt_in_changed_at   timestamptz,
    cadence_every       integer     CHECK (cadence_every BETWEEN 1 AND 365),
    cadence_unit        text        CHECK (cadence_unit IN ('days', 'weeks', 'months')),
    merged_into         uuid,
    merged_at           timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, subject_id) REFERENCES subject_keys (tenant_id, subject_id),
    FOREIGN KEY (tenant_id, merged_into) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
    CHECK ((cadence_every IS NULL) = (cadence_unit IS NULL)),
    CHECK ((merged_into IS NULL) = (name_sealed IS NOT NULL)),
    CHECK ((merged_into IS NULL) = (merged_at IS NULL))
);
CREATE INDEX contacts_page ON contacts (tenant_id, id) WHERE merged_into IS NULL;
CREATE INDEX contacts_updated ON contacts (tenant_id, updated_at, id) WHERE merged_into IS NULL;
CREATE INDEX contacts_tags ON contacts USING gin (tags) WHERE merged_into IS NULL;

-- Blind indexes: one row per normalised form of a phone, e-mail or WhatsApp id. `digest` is
-- the first 16 bits of an HMAC (BlindIndex.swift), so a lookup returns a few candidates that
-- the server opens and compares; the truncation is deliberate (docs/encryption.md).
CREATE TABLE contact_lookups (
    tenant_id   uuid     NOT NULL,
    kind        text     NOT NULL CHECK (kind IN ('phone', 'email', 'whatsapp')),
    digest      integer  NOT NULL CHECK (digest BETWEEN 0 AND 65535),
    contact_id  uuid     NOT NULL,
    PRIMARY KEY (tenant_id, kind, digest, contact_id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_lookups_contact ON contact_lookups (contact_id);

-- Interactions with a contact: purchases (product and amount in clear, for the "products
-- bought" view and metrics), calls, meetings, messages, notes; free text sealed.
CREATE TABLE interactions (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    contact_id    uuid        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('purchase', 'call', 'meeting', 'message', 'note')),
    occurred_at   timestamptz NOT NULL,
    product       text        CHECK (length(product) BETWEEN 1 AND 200),
    amount_minor  bigint      CHECK (amount_minor >= 0),
    currency      text        CHECK (currency ~ '^[A-Z]{3}$'),
    text_sealed   bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
    CHECK (kind = 'purchase' OR (product IS NULL AND amount_minor IS NULL)),
    CHECK ((amount_minor IS NULL) = (currency IS NULL))
);
CREATE INDEX interactions_recent ON interactions (tenant_id, contact_id, occurred_at DESC, id DESC);

-- Message templates, in the shape Meta's template API uses (definition = header, body,
-- footer, buttons). Business text, not personal data; variables are filled at send time.
CREATE TABLE message_templates (
    id                uuid        PRIMARY KEY,
    tenant_id         uuid        NOT NULL REFERENCES tenants (id),
    name              text        NOT NULL CHECK (name ~ '^[a-z0-9_]+$' AND length(name) <= 512),
    language          text        NOT NULL CHECK (language ~ '^[a-z]{2,3}(_[A-Z]{2,4})?$'),
    category          text        NOT NULL CHECK (category IN ('marketing', 'utility', 'authentication')),
    status            text        NOT NULL CHECK (status IN ('draft', 'pending', 'approved', 'rejected', 'paused', 'disabled')),
    definition        jsonb       NOT NULL,
    meta_template_id  text        CHECK (meta_template_id ~ '^[0-9]{1,32}$'),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, name, language)
);

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['tenant_keys', 'subject_keys', 'contacts', 'contact_lookups', 'interactions',
                                'message_templates'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
        EXECUTE format(
            'CREATE POLICY tenant_rows ON %I USING (tenant_id = sigilo_current_tenant()) '
            'WITH CHECK (tenant_id = sigilo_current_tenant())', name);
    END LOOP;
END
$$;

-- A tenant's index key is created once and only rewrapped (by the operator's rotation);
-- the application never changes or deletes it.
REVOKE UPDATE, DELETE, TRUNCATE ON tenant_keys FROM sigilo_app;
REVOKE TRUNCATE ON subject_keys, contacts, contact_lookups, interactions, message_templates FROM sigilo_app;

-- Master-key rotations (`sigilo keys rotate`): the operator's progress, so an interrupted
-- rotation resumes. Not tenant data.
CREATE TABLE key_rotations (
    target_version  integer     PRIMARY KEY CHECK (target_version > 0),
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    rewrapped       bigint      NOT NULL DEFAULT 0
);
REVOKE ALL ON key_rotations FROM sigilo_app;
GRANT SELECT ON key_rotations TO sigilo_app;

-- One-statement reads for the hottest paths. Each sets the tenant for its own (implicit)
-- transaction and queries as the caller, so row-level security applies exactly as in a
-- `withTenant` transaction, in one round trip instead of four (BEGIN, set_config, query,
-- COMMIT). Call them alone, never inside another tenant's transaction: the setting would
-- stay for the rest of it.

-- What the bearer of access token `token` may use now (every authenticated request): the
-- user's current roles or the client's current scopes; NULL when revoked or disabled.
CREATE FUNCTION sigilo_current_grants(tenant uuid, token uuid, subject uuid, client boolean) RETURNS text[]
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
    AS $$
BEGIN
    PERFORM set_config('sigilo.tenant_id', tenant::text, true);
    IF client THEN
        RETURN (SELECT o.scopes FROM oauth_clients o WHERE o.id = subject AND o.revoked_at IS NULL
                AND NOT EXISTS (SELECT FROM revoked_access_tokens r WHERE r.jti = token));
    END IF;
    RETURN (SELECT u.roles FROM users u WHERE u.id = subject AND u.disabled_at IS NULL
            AND NOT EXISTS (SELECT FROM revoked_access_tokens r WHERE r.jti = token));
END
$$;

-- One contact with its subject's wrapped key (ContactRow.swift reads these columns in order).
CREATE FUNCTION sigilo_contact_row(tenant uuid, contact uuid)
    RETURNS TABLE (id uuid, subject_id uuid, wrapped bytea, name_sealed bytea, phones_sealed bytea,
                   emails_sealed bytea, notes_sealed bytea, whatsapp_id_sealed bytea, tags text[], opt_in text,
                   cadence_every integer, cadence_unit text, created_at timestamptz, updated_at timestamptz,
                   merged_into uuid)
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
    AS $$
BEGIN
    PERFORM set_config('sigilo.tenant_id', tenant::text, true);
    RETURN QUERY
        SELECT c.id, c.subject_id, k.wrapped, c.name_sealed, c.phones_sealed, c.emails_sealed, c.notes_sealed,
               c.whatsapp_id_sealed, c.tags, c.opt_in, c.cadence_every, c.cadence_unit, c.created_at, c.updated_at,
               c.merged_into
        FROM contacts c LEFT JOIN subject_keys k ON k.tenant_id = c.tenant_id AND k.subject_id = c.subject_id
        WHERE c.id = contact;
END
$$;

REVOKE ALL ON FUNCTION sigilo_current_grants(uuid, uuid, uuid, boolean), sigilo_contact_row(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sigilo_current_grants(uuid, uuid, uuid, boolean), sigilo_contact_row(uuid, uuid) TO sigilo_app;
