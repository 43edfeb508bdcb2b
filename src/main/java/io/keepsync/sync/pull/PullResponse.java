package io.keepsync.sync.pull;

import java.time.Instant;
import java.util.List;

import io.keepsync.sync.wire.PulledChange;

/** One page of a pull; ask again with {@code cursor} while {@code hasMore}. */
public record PullResponse(List<PulledChange> changes, String cursor, boolean hasMore, Instant serverTime) {
}
