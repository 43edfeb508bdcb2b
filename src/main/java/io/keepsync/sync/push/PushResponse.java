package io.keepsync.sync.push;

import java.time.Instant;
import java.util.List;

import io.keepsync.sync.ChangeStatus;

/**
 * The answer to a push: one result per change, the ids a client may drop from its queue ({@code success}, all but
 * rejected ones) and the rejected ones with reasons ({@code failed}).
 */
public record PushResponse(List<PushResult> results, List<String> success, List<Failure> failed, String cursor,
        Instant serverTime) {

    /** A rejected change and why. */
    public record Failure(String id, String error) {
    }

    static PushResponse of(List<PushResult> results, String cursor, Instant serverTime) {
        List<String> success = results.stream()
                .filter(r -> r.status() != ChangeStatus.rejected && r.id() != null)
                .map(PushResult::id).toList();
        List<Failure> failed = results.stream()
                .filter(r -> r.status() == ChangeStatus.rejected)
                .map(r -> new Failure(r.id(), r.error())).toList();
        return new PushResponse(results, success, failed, cursor, serverTime);
    }
}
