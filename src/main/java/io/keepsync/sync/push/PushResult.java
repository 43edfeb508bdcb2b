package io.keepsync.sync.push;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The outcome of one change of a push. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushResult(String id, Status status, Long version, Boolean clamped, Status originalStatus,
        String error) {

    /** What happened to a change; wire names are lower case. */
    public enum Status {
        applied,
        stale,
        duplicate,
        rejected
    }

    static PushResult applied(String id, long version, boolean clamped) {
        return new PushResult(id, Status.applied, version, clamped ? Boolean.TRUE : null, null, null);
    }

    static PushResult stale(String id, boolean clamped) {
        return new PushResult(id, Status.stale, null, clamped ? Boolean.TRUE : null, null, null);
    }

    static PushResult rejected(String id, String error) {
        return new PushResult(id, Status.rejected, null, null, null, error);
    }

    static PushResult duplicate(String id, Status original, Long version, String error) {
        return new PushResult(id, Status.duplicate, version, null, original, error);
    }
}
