-- A snapshot that lost most of its content against the device's previous one is stored but flagged: the numbers it
-- was compared with are kept here, so the warning survives the deletion of that earlier backup.
ALTER TABLE backups
    ADD COLUMN previous_id UUID,
    ADD COLUMN previous_page_count BIGINT,
    ADD COLUMN previous_table_count INTEGER;
