package io.keepsync.sync.push;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.keepsync.sync.ChangeStatus;
import io.keepsync.sync.wire.PulledChange;

/** The outcome of one change of a push. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushResult(String id, ChangeStatus status, Long version, Boolean clamped, ChangeStatus originalStatus,
        String error,
        @Schema(description = "With stale (and a duplicate of a stale change): the record as stored now, which won") PulledChange current) {

    static PushResult applied(String id, long version, boolean clamped) {
        return new PushResult(id, ChangeStatus.applied, version, clamped ? Boolean.TRUE : null, null, null, null);
    }

    static PushResult stale(String id, boolean clamped) {
        return new PushResult(id, ChangeStatus.stale, null, clamped ? Boolean.TRUE : null, null, null, null);
    }

    static PushResult rejected(String id, String error) {
        return new PushResult(id, ChangeStatus.rejected, null, null, null, error, null);
    }

    static PushResult duplicate(String id, ChangeStatus original, Long version, String error) {
        return new PushResult(id, ChangeStatus.duplicate, version, null, original, error, null);
    }

    /** Whether the change lost to the stored record, now or when it was first pushed. */
    boolean lost() {
        return status == ChangeStatus.stale || status == ChangeStatus.duplicate && originalStatus == ChangeStatus.stale;
    }

    PushResult withCurrent(PulledChange record) {
        return new PushResult(id, status, version, clamped, originalStatus, error, record);
    }
}
