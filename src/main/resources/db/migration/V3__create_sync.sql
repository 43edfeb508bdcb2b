-- Per-user sync head. Its row is locked by every push, which serialises one user's pushes in PostgreSQL and makes
-- versions commit in the order they were handed out: a pull never skips a change that commits later.
CREATE TABLE sync_state (
    user_id           uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    version           bigint      NOT NULL DEFAULT 0,
    epoch             integer     NOT NULL DEFAULT 1,
    -- Tombstones with a version at or below horizon may have been pruned: older cursors must refetch.
    horizon           bigint      NOT NULL DEFAULT 0,
    horizon_at        timestamptz,
    last_received_at  timestamptz
);

-- The synced records; a delete is a tombstone (deleted = true, data = null).
CREATE TABLE sync_records (
    user_id           uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    entity_type       text        NOT NULL,
    entity_id         text        NOT NULL,
    data              jsonb,
    deleted           boolean     NOT NULL DEFAULT false,
    last_modified_at  timestamptz NOT NULL,
    -- Byte order, so that the last-write-wins tie-break does not depend on the database locale.
    client_id         text        COLLATE "C" NOT NULL,
    version           bigint      NOT NULL,
    received_at       timestamptz NOT NULL,
    PRIMARY KEY (user_id, entity_type, entity_id)
);
-- Pull is a keyset scan on (user, version).
CREATE UNIQUE INDEX sync_records_version_idx ON sync_records (user_id, version);
-- since=<timestamp> pulls scan by receipt time, which grows with version.
CREATE INDEX sync_records_received_idx ON sync_records (user_id, received_at);
CREATE INDEX sync_records_tombstones_idx ON sync_records (received_at) WHERE deleted;

-- Every mutation id a user has pushed, with its outcome: a retry answers "duplicate" and changes nothing.
CREATE TABLE sync_mutations (
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mutation_id  text        NOT NULL,
    status       text        NOT NULL,
    version      bigint,
    error        text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, mutation_id)
);
CREATE INDEX sync_mutations_created_idx ON sync_mutations (created_at);

-- When each device last pushed and pulled.
CREATE TABLE sync_clients (
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id     text        NOT NULL,
    last_push_at  timestamptz,
    last_pull_at  timestamptz,
    PRIMARY KEY (user_id, client_id)
);
