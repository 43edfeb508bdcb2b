-- The per-change cost of a push, measured by the benchmark (docs/performance.md):
--
-- 1. Ids are opaque strings: compare them byte by byte. Under a linguistic collation every index comparison of
--    entity_type, entity_id and mutation_id goes through strcoll; "C" lets PostgreSQL compare with memcmp.
--    (client_id is already "C" for the last-write-wins tie-break.)
ALTER TABLE sync_records
    ALTER COLUMN entity_type TYPE text COLLATE "C",
    ALTER COLUMN entity_id TYPE text COLLATE "C";
ALTER TABLE sync_mutations
    ALTER COLUMN mutation_id TYPE text COLLATE "C";

-- 2. A foreign key fires a check against users for every inserted row: two per pushed change. The user's
--    sync_state row keeps its foreign key (one check per push, and it cascades), and deleting an account removes
--    the records and the mutation log in the deleting transaction after locking that row
--    (io.keepsync.sync.SyncAccountCleanup), so no push can slip rows in between.
ALTER TABLE sync_records DROP CONSTRAINT sync_records_user_id_fkey;
ALTER TABLE sync_mutations DROP CONSTRAINT sync_mutations_user_id_fkey;
