-- Server snapshots: the server writes a user's synced records into a SQLite file and stores it as a backup.
-- source says where a backup came from (a device's upload, or the server); a server snapshot also keeps how many
-- records it holds, the pull cursor it was read at, and the receipt time of the last push it includes, which is how
-- the schedule knows whether the user pushed since.
ALTER TABLE backups
    ADD COLUMN source text NOT NULL DEFAULT 'upload',
    ADD COLUMN record_count bigint,
    ADD COLUMN sync_cursor text,
    ADD COLUMN synced_through timestamptz;
ALTER TABLE backups ADD CONSTRAINT backups_source_check CHECK (source IN ('upload', 'server'));
-- The schedule looks up each user's newest server snapshot.
CREATE INDEX backups_server_idx ON backups (user_id, synced_through) WHERE source = 'server';
