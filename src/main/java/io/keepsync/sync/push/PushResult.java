package io.keepsync.sync.push;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.keepsync.sync.wire.PulledChange;

/** The outcome of one change of a push. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushResult(String id, Status status, Long version, Boolean clamped, Status originalStatus,
        String error,
        @Schema(description = "With stale (and a duplicate of a stale change): the record as stored now, which won") PulledChange current) {

    /** What happened to a change; wire names are lower case. */
    public enum Status {
        applied,
        stale,
        duplicate,
        rejected
    }

    static PushResult applied(String id, long version, boolean clamped) {
        return new PushResult(id, Status.applied, version, clamped ? Boolean.TRUE : null, null, null, null);
    }

    static PushResult stale(String id, boolean clamped) {
        return new PushResult(id, Status.stale, null, clamped ? Boolean.TRUE : null, null, null, null);
    }

    static PushResult rejected(String id, String error) {
        return new PushResult(id, Status.rejected, null, null, null, error, null);
    }

    static PushResult duplicate(String id, Status original, Long version, String error) {
        return new PushResult(id, Status.duplicate, version, null, original, error, null);
    }

    /** Whether the change lost to the stored record, now or when it was first pushed. */
    boolean lost() {
        return status == Status.stale || status == Status.duplicate && originalStatus == Status.stale;
    }

    PushResult withCurrent(PulledChange record) {
        return new PushResult(id, status, version, clamped, originalStatus, error, record);
    }
}
