package io.keepsync.backup;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;

/** A single {@code Range: bytes=...} request (RFC 9110 §14.1.2), resolved against a file length. */
record ByteRange(long start, long end) {

    private static final Pattern SINGLE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

    long length() {
        return end - start + 1;
    }

    String contentRange(long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }

    /**
     * The range to serve, or empty to serve the whole file (no header, or a form we do not serve partially, such as
     * several ranges). An unsatisfiable range is a 416.
     */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Matcher matcher = SINGLE.matcher(header.trim());
        if (!matcher.matches() || matcher.group(1).isEmpty() && matcher.group(2).isEmpty()) {
            return Optional.empty();
        }
        try {
            if (matcher.group(1).isEmpty()) {
                long suffix = Long.parseLong(matcher.group(2));
                if (suffix == 0 || size == 0) {
                    throw unsatisfiable(size);
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long start = Long.parseLong(matcher.group(1));
            long end = matcher.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(matcher.group(2)), size - 1);
            if (start >= size || end < start) {
                throw unsatisfiable(size);
            }
            return Optional.of(new ByteRange(start, end));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static ProblemException unsatisfiable(long size) {
        return new ProblemException(ProblemType.RANGE_NOT_SATISFIABLE, "The file has " + size + " bytes",
                Map.of("Content-Range", "bytes */" + size), null);
    }
}
