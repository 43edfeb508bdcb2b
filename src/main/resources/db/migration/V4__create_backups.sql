-- Metadata of stored SQLite snapshots; the bytes live in the backup store (a directory per user).
CREATE TABLE backups (
    id            uuid        PRIMARY KEY,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    storage_key   text        NOT NULL,
    filename      text        NOT NULL,
    size_bytes    bigint      NOT NULL,
    sha256        text        NOT NULL,
    created_at    timestamptz NOT NULL,
    client_id     text,
    label         text,
    pinned        boolean     NOT NULL DEFAULT false,
    manual        boolean     NOT NULL DEFAULT true,
    -- verified | damaged | missing
    status        text        NOT NULL DEFAULT 'verified',
    verified_at   timestamptz NOT NULL,
    page_size     integer     NOT NULL,
    page_count    bigint      NOT NULL,
    user_version  integer     NOT NULL,
    table_count   integer     NOT NULL,
    journal_mode  text        NOT NULL,
    CONSTRAINT backups_storage_key_unique UNIQUE (storage_key)
);
-- Listing is newest first per user; retention and summaries scan the same way.
CREATE INDEX backups_user_created_idx ON backups (user_id, created_at DESC, id DESC);
-- Verification takes the least recently verified first.
CREATE INDEX backups_verified_idx ON backups (verified_at);
