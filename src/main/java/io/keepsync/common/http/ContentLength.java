package io.keepsync.common.http;

import java.util.OptionalLong;

/** The length a request declares in {@code Content-Length}; a missing or unreadable header declares none. */
public final class ContentLength {

    private ContentLength() {
    }

    public static OptionalLong parse(String header) {
        if (header == null) {
            return OptionalLong.empty();
        }
        try {
            long length = Long.parseLong(header.trim());
            return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
