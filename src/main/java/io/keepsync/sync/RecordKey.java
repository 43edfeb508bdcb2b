package io.keepsync.sync;

/** A record's identity within one user's data. */
public record RecordKey(String entityType, String entityId) {
}
