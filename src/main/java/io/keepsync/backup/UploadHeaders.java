package io.keepsync.backup;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.UriInfo;

import io.keepsync.backup.upload.UploadRequest;
import io.keepsync.common.http.StrictQuery;
import io.keepsync.common.text.Text;

/** What an upload may carry besides its bytes, the same on every upload path. */
public record UploadHeaders(
        @HeaderParam("X-Client-Id") String clientId,
        @HeaderParam("X-Backup-Label") String labelHeader,
        @QueryParam("label") String labelQuery,
        @HeaderParam("Content-Digest") String contentDigest,
        @HeaderParam("X-Content-SHA256") String sha256) {

    /** The upload's metadata; the label header wins over the query parameter, and text is kept exactly or refused. */
    UploadRequest toRequest(UriInfo uri) {
        String label = labelHeader != null ? Text.header("X-Backup-Label", labelHeader)
                : StrictQuery.param(uri.getRequestUri().getRawQuery(), "label");
        return new UploadRequest(Text.header("X-Client-Id", clientId), label, contentDigest, sha256);
    }
}
