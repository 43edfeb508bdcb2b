package io.keepsync.sync;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The opaque pull cursor: the user's sync epoch and the last version the client holds. An epoch change (data
 * restored from another state) invalidates every older cursor.
 */
public record SyncCursor(int epoch, long version) {

    private static final String PREFIX = "ks1:";

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + epoch + ":" + version).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor this text encodes, or empty when it is not one of ours. */
    public static Optional<SyncCursor> decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            if (!plain.startsWith(PREFIX)) {
                return Optional.empty();
            }
            String[] parts = plain.substring(PREFIX.length()).split(":");
            if (parts.length != 2) {
                return Optional.empty();
            }
            SyncCursor cursor = new SyncCursor(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
            return cursor.version() < 0 ? Optional.empty() : Optional.of(cursor);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
