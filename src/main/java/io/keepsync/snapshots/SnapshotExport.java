package io.keepsync.snapshots;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.common.encoding.IsoInstants;

/**
 * Writes the user's synced records, as of one read, into a new SQLite file in the snapshot layout. It joins the
 * caller's transaction when there is one: a restore snapshots the state it is about to replace under its own lock.
 */
@ApplicationScoped
class SnapshotExport {

    @Inject
    ExportRepository records;

    /** What was written: how many records, the pull cursor of the read, and the last push it includes. */
    record Exported(long recordCount, String cursor, Instant syncedThrough, Instant serverTime) {
    }

    @Transactional
    Exported write(UUID userId, Path file) {
        Instant serverTime = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (SnapshotFile.Writer writer = new SnapshotFile.Writer(file)) {
            ExportRepository.ExportHead head = records.read(userId, row -> {
                try {
                    writer.add(row);
                } catch (SQLException e) {
                    throw new IllegalStateException("The snapshot file could not be written", e);
                }
            });
            String cursor = head.cursor().encode();
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("format", Integer.toString(SnapshotFile.FORMAT));
            facts.put("user_id", userId.toString());
            facts.put("cursor", cursor);
            facts.put("server_time", IsoInstants.format(serverTime));
            facts.put("record_count", Long.toString(writer.count()));
            if (head.lastReceivedAt() != null) {
                facts.put("synced_through", IsoInstants.format(head.lastReceivedAt()));
            }
            writer.finish(facts);
            return new Exported(writer.count(), cursor, head.lastReceivedAt(), serverTime);
        } catch (SQLException e) {
            throw new IllegalStateException("The snapshot file could not be written", e);
        }
    }
}
