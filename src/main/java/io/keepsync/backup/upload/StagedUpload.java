package io.keepsync.backup.upload;

import java.nio.file.Path;

/** An upload received into a local temporary file: where, how long, its SHA-256, and the name it was sent under. */
record StagedUpload(Path file, long size, byte[] sha256, String fileName) {
}
