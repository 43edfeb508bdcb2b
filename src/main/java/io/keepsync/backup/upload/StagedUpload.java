package io.keepsync.backup.upload;

import java.nio.file.Path;

/** An upload received into a local temporary file: where, how long, and its SHA-256. */
record StagedUpload(Path file, long size, byte[] sha256) {
}
