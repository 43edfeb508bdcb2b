package io.keepsync.sync.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The user's sync state at a glance: head cursor, record counts per entity type, devices. */
public record SyncStatus(String cursor, Instant serverTime, Map<String, Counts> entityTypes, List<Client> clients) {

    /** Live records and tombstones of one entity type. */
    public record Counts(long live, long deleted) {
    }

    /** A device that has pushed or pulled. */
    public record Client(String clientId, Instant lastPushAt, Instant lastPullAt) {
    }
}
