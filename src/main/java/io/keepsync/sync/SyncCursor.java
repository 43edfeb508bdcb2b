package io.keepsync.sync;

import java.util.List;
import java.util.Optional;

import io.keepsync.common.encoding.OpaqueCursor;

/**
 * The opaque pull cursor: the user's sync epoch and the last version the client holds. An epoch change (data
 * restored from another state) invalidates every older cursor.
 */
public record SyncCursor(int epoch, long version) {

    private static final String MARK = "ks1";
    private static final OpaqueCursor CODEC = new OpaqueCursor(':');

    public String encode() {
        return CODEC.encode(MARK, Integer.toString(epoch), Long.toString(version));
    }

    /** The cursor this text encodes, or empty when it is not one of ours. */
    public static Optional<SyncCursor> decode(String text) {
        Optional<List<String>> parts = CODEC.decode(text, 3).filter(p -> p.get(0).equals(MARK));
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        try {
            SyncCursor cursor = new SyncCursor(Integer.parseInt(parts.get().get(1)), Long.parseLong(parts.get().get(2)));
            return cursor.version() < 0 ? Optional.empty() : Optional.of(cursor);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
