-- A sign-in session: one per login, the family of its rotating refresh tokens. Access tokens carry its id (sid), so
-- ending a session (logout, password change, sign-out everywhere) stops its access tokens at once; expires_at is the
-- session's maximum age from sign-in, which refreshing never extends.
CREATE TABLE auth_sessions (
    id          uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    ended_at    timestamptz
);
CREATE INDEX auth_sessions_user_idx ON auth_sessions (user_id);

-- The families of refresh tokens issued before sessions existed become sessions, ended if they were revoked.
INSERT INTO auth_sessions (id, user_id, created_at, expires_at, ended_at)
SELECT family_id, min(user_id::text)::uuid, min(created_at), min(created_at) + interval '90 days',
       CASE WHEN bool_or(revoked_at IS NOT NULL) THEN max(revoked_at) END
FROM refresh_tokens GROUP BY family_id;
ALTER TABLE refresh_tokens
    ADD CONSTRAINT refresh_tokens_session_fk FOREIGN KEY (family_id) REFERENCES auth_sessions (id) ON DELETE CASCADE;
CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);

-- What a device key may do: sync, backup, backup:read. A key never manages keys, passwords, sessions or the account.
ALTER TABLE api_keys ADD COLUMN scopes text[] NOT NULL DEFAULT '{sync,backup}';

-- Signing keys rotate: the newest signs, older ones keep verifying until the tokens they signed have expired.
-- retired_at is when a newer key took over; the sweep removes a key once nothing it signed can still be valid.
ALTER TABLE signing_keys ADD COLUMN retired_at timestamptz;

-- The sweep removes failure records whose window and lockout are long over.
CREATE INDEX login_failures_first_idx ON login_failures (first_failure_at);
