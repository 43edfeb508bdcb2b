package io.keepsync.backup;

import java.util.OptionalLong;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;

import io.keepsync.backup.upload.UploadRequest;
import io.keepsync.common.http.ContentLength;

/** What an upload may carry besides its bytes, the same on every upload path. */
public record UploadHeaders(
        @HeaderParam("X-Client-Id") String clientId,
        @HeaderParam("X-Backup-Label") String labelHeader,
        @QueryParam("label") String labelQuery,
        @HeaderParam("Content-Digest") String contentDigest,
        @HeaderParam("X-Content-SHA256") String sha256,
        @HeaderParam("Content-Length") String contentLength) {

    /** The upload's metadata; the label header wins over the query parameter. */
    UploadRequest toRequest() {
        return toRequest(ContentLength.parse(contentLength));
    }

    /** The same, with the length known otherwise (a multipart part's size). */
    UploadRequest toRequest(OptionalLong length) {
        return new UploadRequest(clientId, labelHeader != null ? labelHeader : labelQuery, contentDigest, sha256, length);
    }
}
