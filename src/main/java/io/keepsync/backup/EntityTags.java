package io.keepsync.backup;

/** The entity-tag comparisons of RFC 9110 §8.8.3 that downloads need. */
final class EntityTags {

    private EntityTags() {
    }

    /**
     * {@code If-None-Match}: {@code *}, or a comma-separated list of tags any of which matches weakly (a {@code W/}
     * prefix is ignored).
     */
    static boolean anyMatches(String header, String etag) {
        if (header == null || header.isBlank()) {
            return false;
        }
        if (header.trim().equals("*")) {
            return true;
        }
        for (String tag : header.split(",")) {
            String candidate = tag.trim();
            if (candidate.startsWith("W/")) {
                candidate = candidate.substring(2);
            }
            if (candidate.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** {@code If-Range}: only the same strong tag matches; a weak tag or a date never does (no Last-Modified). */
    static boolean strongMatch(String header, String etag) {
        return header.trim().equals(etag);
    }
}
