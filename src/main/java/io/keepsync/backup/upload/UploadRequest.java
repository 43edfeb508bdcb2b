package io.keepsync.backup.upload;

/** What came with an upload besides the bytes. */
public record UploadRequest(String clientId, String label, String contentDigest, String sha256Header) {
}
