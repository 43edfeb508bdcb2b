-- Web console sessions: the browser holds a random secret in an HttpOnly cookie, the server only its SHA-256 hash,
-- with the CSRF token its forms must carry. Signing out deletes the row; deleting the account cascades.
CREATE TABLE web_sessions (
    id          uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  text        NOT NULL,
    csrf_token  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    CONSTRAINT web_sessions_hash_unique UNIQUE (token_hash)
);
CREATE INDEX web_sessions_user_idx ON web_sessions (user_id);
