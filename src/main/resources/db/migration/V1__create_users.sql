-- Every piece of data in Keepsync belongs to exactly one user; the other tables reference this one and are
-- removed with it (ON DELETE CASCADE).
CREATE TABLE users (
    id            uuid        PRIMARY KEY,
    email         text        NOT NULL,
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_email_unique UNIQUE (email)
);
