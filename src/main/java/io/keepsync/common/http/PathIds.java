package io.keepsync.common.http;

import java.util.UUID;

import io.keepsync.common.error.ProblemException;

/** Ids in request paths: one that is not a UUID names nothing, so it is as missing as any other (404). */
public final class PathIds {

    private PathIds() {
    }

    /** The UUID in the path segment, or 404 for {@code what}. */
    public static UUID uuid(String value, String what) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(what + " " + value);
        }
    }
}
