-- Users who sign in with the app's own identity provider (KEEPSYNC_AUTH_EXTERNAL_*): one user per (issuer, subject),
-- with the provider's email when it sends one, and no password here. Emails stay unique among Keepsync's own
-- accounts only, so a provider's email claim never reaches an own account.
ALTER TABLE users
    ADD COLUMN issuer text,
    ADD COLUMN subject text,
    ALTER COLUMN email DROP NOT NULL,
    ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_unique;
CREATE UNIQUE INDEX users_email_unique ON users (email) WHERE issuer IS NULL;
CREATE UNIQUE INDEX users_identity_unique ON users (issuer, subject) WHERE issuer IS NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_kind_check CHECK (
    (issuer IS NULL AND subject IS NULL AND email IS NOT NULL AND password_hash IS NOT NULL)
    OR (issuer IS NOT NULL AND subject IS NOT NULL AND password_hash IS NULL));

-- Single-use links that sign a browser into the console (POST /api/v1/me/console-link), kept as hashes.
CREATE TABLE console_links (
    token_hash  text        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX console_links_expires_idx ON console_links (expires_at);
