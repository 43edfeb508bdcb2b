-- Record data is opaque to the server: it is validated and written compactly by the service, stored, and sent back
-- on pull. jsonb parsed it into a binary tree on every write and printed it back to text on every read (half of the
-- database time of a 1000-change pull page, measured in docs/performance.md); json stores the text as written and
-- still checks that it is valid JSON. Nothing queries inside data.
ALTER TABLE sync_records
    ALTER COLUMN data TYPE json USING data::json;
