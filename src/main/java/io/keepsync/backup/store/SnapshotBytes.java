package io.keepsync.backup.store;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Part of a stored snapshot on its way to a client: a region of a local file, which the server sends without
 * copying it through the heap, or a stream.
 */
public sealed interface SnapshotBytes {

    /** A region of a local file. */
    record FileRegion(Path file, long offset, long length) implements SnapshotBytes {
    }

    /** Bytes to copy from a stream, which the receiver closes. */
    record Stream(InputStream in) implements SnapshotBytes {
    }

}
