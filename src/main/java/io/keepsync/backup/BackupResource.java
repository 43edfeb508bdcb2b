package io.keepsync.backup;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.keepsync.auth.CurrentUser;
import io.keepsync.auth.Roles;
import io.keepsync.backup.catalog.BackupView;
import io.keepsync.backup.upload.BackupUploads;
import io.keepsync.backup.upload.UploadRequest;
import io.keepsync.backup.upload.Uploaded;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.http.PathIds;
import io.keepsync.common.http.StrictQuery;
import io.keepsync.common.paging.PageRequest;
import io.keepsync.common.text.Text;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Upload, list, download and manage SQLite snapshots. */
@Path("/api/v1/backups")
@Tag(name = "Backups", description = "Verified SQLite snapshots")
@RolesAllowed(Roles.BACKUP_READ)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class BackupResource {

    @Inject
    BackupUploads uploads;

    @Inject
    Backups backups;

    @Inject
    DownloadResponses downloads;

    @Inject
    CurrentUser currentUser;

    @POST
    @RolesAllowed(Roles.BACKUP)
    @Consumes({ MediaType.APPLICATION_OCTET_STREAM, SqliteMedia.TYPE, SqliteMedia.X_TYPE })
    @Operation(summary = "Upload a snapshot (raw SQLite bytes)", description = "Streamed to disk while hashed, then "
            + "verified: size, checksum (Content-Digest or X-Content-SHA256), quota, SQLite header, page count, "
            + "PRAGMA quick_check. The same bytes as the newest backup are not stored again (200, deduplicated).")
    @APIResponse(responseCode = "201", description = "Stored and verified")
    @APIResponse(responseCode = "200", description = "Same content as the newest backup; nothing stored")
    @APIResponse(responseCode = "400", description = "Checksum mismatch")
    @APIResponse(responseCode = "403", description = "insufficient-scope: an API key without the backup scope")
    @APIResponse(responseCode = "413", description = "Over keepsync.backup.max-size: a declared length is refused "
            + "before the body is sent, a chunked body once it passes the limit")
    @APIResponse(responseCode = "429", description = "too-many-uploads: keepsync.backup.max-uploads-per-user uploads "
            + "of this account are in flight; see Retry-After")
    @APIResponse(responseCode = "422", description = "not-sqlite or corrupt-snapshot")
    @APIResponse(responseCode = "507", description = "Over the user's quota")
    @RequestBody(content = @Content(mediaType = SqliteMedia.TYPE, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Uni<Response> upload(@Context HttpServerRequest http, @Context UriInfo uri, @BeanParam UploadHeaders headers) {
        return uploads.upload(currentUser.id(), UploadRoutes.body(http), headers.toRequest(uri), false)
                .map(BackupResource::created);
    }

    @POST
    @RolesAllowed(Roles.BACKUP)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload a snapshot as the 'file' part of a multipart form", description = "Streamed to "
            + "disk like a raw upload; other parts are ignored. The body may be keepsync.backup.max-size plus 64 KiB.")
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(implementation = UploadForm.class)))
    public Uni<Response> uploadForm(@Context HttpServerRequest http, @Context UriInfo uri,
            @BeanParam UploadHeaders headers) {
        return uploads.upload(currentUser.id(), UploadRoutes.body(http), headers.toRequest(uri), true)
                .map(BackupResource::created);
    }

    /** The multipart form an upload may come as, for the OpenAPI document. */
    @Schema(name = "UploadForm")
    record UploadForm(@Schema(type = SchemaType.STRING, format = "binary", description = "The SQLite database") String file) {
    }

    @GET
    @Operation(summary = "List my backups, newest first")
    public BackupPage list(
            @Parameter(description = "Page size, 1 to " + Backups.MAX_PAGE + " (default " + Backups.DEFAULT_PAGE
                    + ")") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of an earlier page") @QueryParam("before") String before) {
        return backups.list(currentUser.id(), PageRequest.parse(limit, before, Backups.DEFAULT_PAGE, Backups.MAX_PAGE));
    }

    @GET
    @Path("/summary")
    @Operation(summary = "Count, total size and newest backup")
    public BackupSummary summary() {
        return backups.summary(currentUser.id());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A backup's metadata")
    @APIResponse(responseCode = "404", description = "No such backup among mine")
    public BackupView get(@PathParam("id") String id) {
        return BackupView.from(backups.get(currentUser.id(), PathIds.uuid(id, "Backup")));
    }

    @GET
    @Path("/{id}/content")
    @Produces({ SqliteMedia.TYPE, MediaType.APPLICATION_JSON })
    @Operation(summary = "Download a backup", description = "Streams the file; honours Range (206), If-Range (a "
            + "range of another version answers 200 with the whole file) and If-None-Match (304; a list of tags or *). "
            + "ETag is the SHA-256.")
    public Response content(@PathParam("id") String id, @HeaderParam("Range") String range,
            @HeaderParam("If-Range") String ifRange, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return downloads.respond(backups.get(currentUser.id(), PathIds.uuid(id, "Backup")), range, ifRange, ifNoneMatch);
    }

    @GET
    @Path("/latest/content")
    @Produces({ SqliteMedia.TYPE, MediaType.APPLICATION_JSON })
    @Operation(summary = "Download my newest backup", description = "As the download of one backup; resume with "
            + "If-Range set to the ETag, so that a newer backup is sent whole rather than stitched to the old one.")
    public Response latestContent(@HeaderParam("Range") String range, @HeaderParam("If-Range") String ifRange,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        return downloads.respond(backups.latest(currentUser.id()), range, ifRange, ifNoneMatch);
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Roles.BACKUP)
    @Consumes({ MediaType.APPLICATION_JSON, "application/merge-patch+json" })
    @Operation(summary = "Set the label and/or pin a backup", description = "Pinned backups are never pruned.")
    public BackupView update(@PathParam("id") String id, JsonNode body) {
        UUID backup = PathIds.uuid(id, "Backup");
        return BackupView.from(backups.update(currentUser.id(), backup, patch(body)));
    }

    /** A merge patch of {@code label} and {@code pinned}; {@code "label": null} clears the label. */
    private static BackupPatch patch(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("The body must be a JSON object with label and/or pinned");
        }
        JsonNode label = body.get("label");
        if (label != null && !label.isNull() && !label.isTextual()) {
            throw ProblemException.invalid("label", "must be a string, or null");
        }
        JsonNode pinned = body.get("pinned");
        if (pinned != null && !pinned.isBoolean()) {
            throw ProblemException.invalid("pinned", "must be true or false");
        }
        return new BackupPatch(label != null, label == null || label.isNull() ? null : label.textValue(),
                pinned == null ? null : pinned.booleanValue());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ACCOUNT)
    @Operation(summary = "Delete a backup, row and file", description = "Takes an access token: a device API key "
            + "cannot delete backups (403 insufficient-scope), so a stolen phone cannot erase them.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        backups.delete(currentUser.id(), PathIds.uuid(id, "Backup"));
        return Response.noContent().build();
    }

    static Response created(Uploaded uploaded) {
        BackupView view = BackupView.from(uploaded.backup(), uploaded.deduplicated());
        if (uploaded.deduplicated()) {
            return Response.ok(view).build();
        }
        return Response.created(URI.create("/api/v1/backups/" + view.id())).entity(view).build();
    }

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
}
