-- Rotating refresh tokens: opaque to clients, stored only as SHA-256 hashes. A family is one login session;
-- reusing a token revokes its whole family.
CREATE TABLE refresh_tokens (
    id          uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id   uuid        NOT NULL,
    token_hash  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz,
    CONSTRAINT refresh_tokens_hash_unique UNIQUE (token_hash)
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- Long-lived device API keys ("ks_..."), shown once and stored only as SHA-256 hashes.
CREATE TABLE api_keys (
    id            uuid        PRIMARY KEY,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          text        NOT NULL,
    key_hash      text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    CONSTRAINT api_keys_hash_unique UNIQUE (key_hash)
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id);

-- The access-token signing key when none is configured: generated once, shared by every replica.
CREATE TABLE signing_keys (
    id           text        PRIMARY KEY,
    private_key  text        NOT NULL,
    public_key   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Failed logins per (normalised) email, known or not, so that guessing is throttled across replicas.
CREATE TABLE login_failures (
    email             text        PRIMARY KEY,
    failures          integer     NOT NULL,
    first_failure_at  timestamptz NOT NULL,
    locked_until      timestamptz
);
